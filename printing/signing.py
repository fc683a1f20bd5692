"""PAdES signatures on the portal's official PDFs, and their verification.

Pure library code: no models, no settings. The caller supplies the PDF bytes, the signer (from
``load_signer``), the appearance (names and the seal/signature images) and the box on the page
that its template left between the signer's position and name (DOMAIN.md §4).

Every signature is an incremental update of the file it receives, so a signature or stamp added
later never invalidates an earlier one. Verification trusts only the roots it is given, never the
operating system's store, and never fetches anything from the network.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import functools
import io
import logging
import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from asn1crypto import pem, x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from fontTools import subset
from fontTools.ttLib import TTFont
from PIL import Image, ImageFont
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.validation import (
    EmbeddedPdfSignature,
    PdfSignatureStatus,
    SignatureCoverageLevel,
    validate_pdf_signature,
)
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

__all__ = [
    "SignatureAppearance",
    "SignatureBox",
    "SignatureCheck",
    "SigningError",
    "VerificationReport",
    "compose_stamp_image",
    "load_signer",
    "load_trust_roots",
    "sign_pdf",
    "verify_pdf",
]

logger = logging.getLogger(__name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

# Noto Serif has 1000 units per em. Fonts with 2048 (Tinos, Liberation, DejaVu) come out of
# pyHanko's glyph accumulator with spaced-out letters (TOOLCHAIN.md).
STAMP_FONT = Path("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf")
# pyHanko writes font size and leading as integers ("%d Tf"), so these stay whole points.
STAMP_FONT_SIZE = 7
STAMP_LEADING = 9
STAMP_TEXT_COLOR = (0.0, 0.0, 0.0)
STAMP_MARGIN = 2
STAMP_GAP = 4
# Room under the last baseline for descenders (g, y, ạ, ụ), so they stay inside the box.
STAMP_DESCENT = 2

# The composite image is kept near print resolution for a stamp a few centimetres wide; larger
# only makes every signed file heavier.
COMPOSITE_SEAL_PX = 360
# Relative to the seal's diameter; a scanned signature is usually a little lower than the seal.
SIGNATURE_HEIGHT_RATIO = 0.8
# DOMAIN.md §4: the seal overlaps about a third of the signature, on its left.
SEAL_OVERLAP = 1 / 3

MSG_NOT_PDF = "Tệp không phải PDF hợp lệ."
MSG_UNSIGNED = "Tệp không có chữ ký số."
MSG_TAMPERED = "Tệp đã bị sửa sau khi ký."
MSG_BAD_SIGNATURE = "Chữ ký số không khớp với chứng thư số của người ký."
MSG_UNTRUSTED = "Chữ ký không chuỗi về cơ quan chứng thực tin cậy."
MSG_CERT_EXPIRED = "Chứng thư số của người ký đã hết hạn."
MSG_CERT_REVOKED = "Chứng thư số của người ký đã bị thu hồi."
MSG_CERT_NOT_FOR_SIGNING = "Chứng thư số của người ký không được phép dùng để ký văn bản."
MSG_APPENDED = "Có nội dung được thêm vào sau khi ký."
MSG_UNCHECKABLE = "Không kiểm tra được chữ ký số này."


class SigningError(Exception):
    """Signing could not be done; the message tells the user why, in Vietnamese."""


@dataclass(frozen=True)
class SignatureAppearance:
    """What the visible signature shows: the images and the lines of text beside them."""

    signer_name: str
    position: str
    organization: str
    signature_png: bytes | None = None
    seal_png: bytes | None = None


@dataclass(frozen=True)
class SignatureBox:
    """Where the visible signature goes: ``page`` counts from 0 (negative counts from the end,
    -1 being the last page); coordinates are PDF points in the page's default user space,
    origin bottom-left, (x1, y1) the lower-left corner and (x2, y2) the upper-right one."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class SignatureCheck:
    """The verdict on one embedded signature."""

    field_name: str
    signer_subject: str | None
    signing_time: dt.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    # True when nothing but later signatures was added after this one.
    only_signatures_added: bool
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.intact
            and self.valid
            and self.trusted
            and (self.covers_whole_file or self.only_signatures_added)
        )


@dataclass
class VerificationReport:
    """The verdict on a whole file.

    ``intact``, ``valid`` and ``trusted`` hold for every signature; ``covers_whole_file`` means
    the last signature covers every byte and nothing but further signatures was added after any
    earlier one. ``signer_subject`` and ``signing_time`` describe the most recent signature; each
    one is in ``signatures``, oldest first.
    """

    signed: bool
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    signer_subject: str | None
    signing_time: dt.datetime | None
    problems: list[str]
    signatures: list[SignatureCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.signed and self.intact and self.valid and self.trusted and self.covers_whole_file
        )


# --- signer ---------------------------------------------------------------------------------


class _ParsedKeySigner(signers.SimpleSigner):
    """A SimpleSigner that parses its RSA key once.

    pyHanko parses the key again for every raw signature (two per PDF signature: the size
    estimate and the real one), and cryptography's RSA key check makes each parse cost about
    60 ms: without this, a signature took 250 ms instead of 150. Other mechanisms take
    pyHanko's own path.
    """

    @cached_property
    def _rsa_key(self) -> RSAPrivateKey | None:
        key = serialization.load_der_private_key(self.signing_key.dump(), password=None)
        return key if isinstance(key, RSAPrivateKey) else None

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        try:
            algorithm = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        except ValueError:
            algorithm = None
        if algorithm == "rsassa_pkcs1v15" and self._rsa_key is not None:
            return self._rsa_key.sign(
                data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)
            )
        return super().sign_raw(data, digest_algorithm)


def outside_event_loop(function):
    """Run pyHanko's synchronous API where it can start its own event loop.

    pyHanko's sync functions call asyncio.run(), which fails in a thread whose loop is already
    running (an async view, or a browser test driving Playwright in the same thread); there
    the call moves to a short-lived worker thread.
    """

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()

    return wrapper


def load_signer(*, p12_path: Path, passphrase: bytes) -> signers.SimpleSigner:
    """Open a PKCS#12 file (key, certificate and chain) for signing."""
    try:
        data = Path(p12_path).read_bytes()
    except FileNotFoundError as error:
        raise SigningError(f"Không tìm thấy tệp chứng thư số “{p12_path}”.") from error
    except OSError as error:
        raise SigningError(f"Không đọc được tệp chứng thư số “{p12_path}”.") from error
    try:
        # load_pkcs12_data raises, unlike load_pkcs12, which logs and returns None.
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase)
    except ValueError as error:
        # cryptography cannot tell a wrong passphrase from a damaged file.
        raise SigningError(
            "Không mở được tệp chứng thư số: mật khẩu không đúng hoặc tệp bị hỏng."
        ) from error
    signer = _ParsedKeySigner(
        signing_cert=signer.signing_cert,
        signing_key=signer.signing_key,
        cert_registry=signer.cert_registry,
    )
    cert = signer.signing_cert
    now = dt.datetime.now(tz=dt.UTC)
    not_before = cert["tbs_certificate"]["validity"]["not_before"].native
    not_after = cert["tbs_certificate"]["validity"]["not_after"].native
    if not_after <= now:
        raise SigningError(
            f"Chứng thư số “{cert.subject.human_friendly}” đã hết hạn từ ngày "
            f"{not_after.astimezone(VIETNAM):%d/%m/%Y}; đề nghị gia hạn hoặc cấp mới."
        )
    if not_before > now:
        raise SigningError(
            f"Chứng thư số “{cert.subject.human_friendly}” chưa có hiệu lực (từ ngày "
            f"{not_before.astimezone(VIETNAM):%d/%m/%Y})."
        )
    return signer


def load_trust_roots(paths: list[Path]) -> list[x509.Certificate]:
    """Read CA certificates from PEM (one or several per file) or DER files."""
    roots: list[x509.Certificate] = []
    for path in paths:
        data = Path(path).read_bytes()
        if pem.detect(data):
            for _type, _headers, der in pem.unarmor(data, multiple=True):
                roots.append(x509.Certificate.load(der))
        else:
            roots.append(x509.Certificate.load(data))
    return roots


# --- signing --------------------------------------------------------------------------------


class _PdfSignerAt(signers.PdfSigner):
    """A PdfSigner that signs at a given moment instead of the machine's clock, so the time in
    the signature dictionary and the stamp text is the one the caller recorded."""

    def __init__(
        self,
        signature_meta: signers.PdfSignatureMetadata,
        signer: signers.Signer,
        *,
        stamp_style: TextStampStyle,
        new_field_spec: fields.SigFieldSpec,
        signing_time: dt.datetime,
    ) -> None:
        super().__init__(
            signature_meta, signer, stamp_style=stamp_style, new_field_spec=new_field_spec
        )
        self._signing_time = signing_time

    def init_signing_session(
        self, pdf_out: BasePdfFileWriter, existing_fields_only: bool = False
    ) -> PdfSigningSession:
        # pyHanko takes the session's time from the clock and offers no parameter for it.
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        return session


@outside_event_loop
def sign_pdf(
    *,
    pdf: bytes,
    signer: signers.Signer,
    appearance: SignatureAppearance,
    box: SignatureBox,
    field_name: str = "ChuKySo",
    signing_time: dt.datetime | None = None,
    reason: str = "Ký ban hành văn bản",
    location: str = "",
) -> bytes:
    """Add a visible PAdES signature to ``pdf`` as an incremental update; return the new file."""
    moment = _signing_moment(signing_time)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        page_count = int(writer.prev.root["/Pages"]["/Count"])
        already_signed = any(
            True
            for _name, _value, _ref in fields.enumerate_sig_fields(
                writer.prev, filled_status=True, with_name=field_name
            )
        )
    except (PdfError, ValueError, KeyError, TypeError) as error:
        raise SigningError("Tệp cần ký không phải PDF hợp lệ.") from error
    if already_signed:
        raise SigningError(
            f"Văn bản đã có chữ ký trong ô “{field_name}”; chữ ký tiếp theo cần một ô khác."
        )
    if not -page_count <= box.page < page_count:
        raise SigningError(f"Ô chữ ký nằm ngoài văn bản (văn bản có {page_count} trang).")

    rect = (math.floor(box.x1), math.floor(box.y1), math.ceil(box.x2), math.ceil(box.y2))
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    if width <= 2 * STAMP_MARGIN or height <= 2 * STAMP_MARGIN:
        raise SigningError("Ô chữ ký quá nhỏ để hiển thị chữ ký.")
    style, text_params = _stamp_style(appearance, width=width, height=height, moment=moment)

    pdf_signer = _PdfSignerAt(
        signers.PdfSignatureMetadata(
            field_name=field_name,
            subfilter=fields.SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason or None,
            location=location or None,
        ),
        signer=signer,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(sig_field_name=field_name, on_page=box.page, box=rect),
        signing_time=moment,
    )
    try:
        output = pdf_signer.sign_pdf(writer, appearance_text_params=text_params)
    except layout.LayoutError as error:
        raise SigningError("Ô chữ ký quá nhỏ để hiển thị chữ ký.") from error
    except PyHankoSigningError as error:
        raise SigningError(f"Không ký được văn bản: {error}") from error
    return output.getvalue()


def _signing_moment(signing_time: dt.datetime | None) -> dt.datetime:
    if signing_time is None:
        # Whole seconds: the PDF date in /M has no fractions, and the stamp should match it.
        return dt.datetime.now(tz=VIETNAM).replace(microsecond=0)
    if signing_time.tzinfo is None or signing_time.utcoffset() is None:
        raise SigningError("Thời điểm ký phải kèm múi giờ (Asia/Ho_Chi_Minh).")
    return signing_time.astimezone(VIETNAM).replace(microsecond=0)


# --- appearance -----------------------------------------------------------------------------


def compose_stamp_image(
    *, signature_png: bytes | None, seal_png: bytes | None
) -> Image.Image | None:
    """The signature (blue) with the seal (red) stamped over about its left third, as one
    transparent RGBA image; ``None`` when there is neither."""
    signature = _open_rgba(signature_png) if signature_png else None
    seal = _open_rgba(seal_png) if seal_png else None
    if signature is None and seal is None:
        return None
    if seal is None:
        return _fit_height(signature, round(COMPOSITE_SEAL_PX * SIGNATURE_HEIGHT_RATIO))
    seal = _fit_height(seal, COMPOSITE_SEAL_PX)
    if signature is None:
        return seal
    signature = _fit_height(signature, round(COMPOSITE_SEAL_PX * SIGNATURE_HEIGHT_RATIO))
    # The seal's right edge falls a third of the way into the signature.
    signature_left = max(0, round(seal.width - signature.width * SEAL_OVERLAP))
    width = max(seal.width, signature_left + signature.width)
    height = max(seal.height, signature.height)
    canvas = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    canvas.alpha_composite(signature, (signature_left, (height - signature.height) // 2))
    # The seal goes on last: on paper it is stamped after the signature, over it.
    canvas.alpha_composite(seal, (0, (height - seal.height) // 2))
    return canvas


def _open_rgba(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, ValueError) as error:
        raise SigningError("Ảnh chữ ký hoặc ảnh con dấu không đọc được.") from error
    return image.convert("RGBA")


def _fit_height(image: Image.Image, height: int) -> Image.Image:
    width = max(1, round(image.width * height / image.height))
    return image.resize((width, height), Image.Resampling.LANCZOS)


# Latin and Vietnamese letters, the combining marks of decomposed input, punctuation and ₫.
STAMP_FONT_RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x00FF),
    (0x0100, 0x017F),
    (0x01A0, 0x01B0),
    (0x0300, 0x0323),
    (0x1EA0, 0x1EF9),
    (0x2010, 0x2027),
    (0x2030, 0x203A),
    (0x20AB, 0x20AB),
)


@cache
def _stamp_font_bytes() -> bytes:
    """Noto Serif cut down once to the letters a Vietnamese stamp can use.

    pyHanko subsets the stamp font for every signature; on the full font (3,000+ glyphs and
    their layout tables) that alone takes about 0.4 s, on this cut-down copy a few ms.
    """
    options = subset.Options()
    # Shaping still needs these (pyHanko shapes with HarfBuzz before it subsets again).
    options.layout_features = ["ccmp", "locl", "kern", "mark", "mkmk"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(str(STAMP_FONT))
    subsetter = subset.Subsetter(options)
    subsetter.populate(
        unicodes=[code for first, last in STAMP_FONT_RANGES for code in range(first, last + 1)]
    )
    subsetter.subset(font)
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


@dataclass(frozen=True)
class _StampFontFactory(GlyphAccumulatorFactory):
    """GlyphAccumulatorFactory reading the cut-down font from memory instead of the file."""

    def create_font_engine(
        self, writer: BasePdfFileWriter, obj_stream: object = None
    ) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(_stamp_font_bytes()),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


@cache
def _measuring_font() -> ImageFont.FreeTypeFont:
    # Measured at 1000 px, i.e. in font units, then scaled to the stamp's size.
    return ImageFont.truetype(str(STAMP_FONT), 1000)


def _text_width(text: str, font_size: float = STAMP_FONT_SIZE) -> float:
    return _measuring_font().getlength(text) * font_size / 1000


def _wrap(text: str, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and _text_width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _wrap_balanced(text: str, width: float) -> list[str]:
    """Wrap into as few lines as ``width`` allows, but with lines of similar length, so a long
    name does not leave one word alone on the last line."""
    lines = _wrap(text, width)
    if len(lines) < 2:
        return lines
    narrowest, widest = 0.0, width
    for _ in range(16):
        middle = (narrowest + widest) / 2
        if len(_wrap(text, middle)) <= len(lines):
            widest = middle
        else:
            narrowest = middle
    return _wrap(text, widest)


@dataclass(frozen=True)
class _Placement:
    """Where the image and the text block go inside the stamp, in points from its lower left."""

    image_box: tuple[int, int, int, int] | None  # x, y, width, height
    text_region: tuple[int, int, int, int]  # x, y, width, height
    lines: tuple[str, ...]
    text_fits: bool


def _plan_stamp(
    *, width: int, height: int, image_ratio: float | None, name: str, organization: str, when: str
) -> _Placement:
    """Choose between the text beside the image and the text under it: whichever leaves the
    image larger while the text keeps its size (the box's shape is the template's choice)."""
    inner_w = width - 2 * STAMP_MARGIN
    inner_h = height - 2 * STAMP_MARGIN
    name_line = f"Người ký: {name}"
    when_line = f"Ký ngày: {when}"

    def text_block(max_width: float) -> tuple[tuple[str, ...], float, int]:
        lines = (name_line, *_wrap_balanced(f"Cơ quan: {organization}", max_width), when_line)
        block_w = max(_text_width(line) for line in lines)
        return lines, block_w, len(lines) * STAMP_LEADING + STAMP_DESCENT

    if image_ratio is None:
        lines, block_w, block_h = text_block(inner_w)
        region = (STAMP_MARGIN, STAMP_MARGIN, inner_w, inner_h)
        return _Placement(None, region, lines, block_w <= inner_w and block_h <= inner_h)

    candidates: list[tuple[bool, float, _Placement]] = []

    # Beside: the image gets what the widest fixed line (name or time) leaves over.
    side_w = max(_text_width(name_line), _text_width(when_line))
    image_h = min(inner_h, (inner_w - side_w - STAMP_GAP) / image_ratio)
    if image_h > 0:
        image_w = image_h * image_ratio
        # When the height limits the image, the text may use the width left over, so that
        # the organization's name wraps less.
        lines, block_w, block_h = text_block(inner_w - image_w - STAMP_GAP)
        group_w = image_w + STAMP_GAP + block_w
        left = STAMP_MARGIN + (inner_w - group_w) / 2
        image_box = (round(left), round(STAMP_MARGIN + (inner_h - image_h) / 2))
        text_x = round(left + image_w + STAMP_GAP)
        placement = _Placement(
            (*image_box, round(image_w), round(image_h)),
            (text_x, STAMP_MARGIN, width - STAMP_MARGIN - text_x, inner_h),
            lines,
            block_h <= inner_h and block_w <= inner_w - image_w - STAMP_GAP,
        )
        candidates.append((placement.text_fits, image_h, placement))

    # Under: the image centred on top, the text across the full width below it.
    lines, block_w, block_h = text_block(inner_w)
    image_h = min(inner_h - block_h - STAMP_GAP, inner_w / image_ratio)
    if image_h > 0:
        image_w = image_h * image_ratio
        text_left = round(STAMP_MARGIN + max(0, (inner_w - block_w) / 2))
        placement = _Placement(
            (
                round(STAMP_MARGIN + (inner_w - image_w) / 2),
                STAMP_MARGIN + block_h + STAMP_GAP,
                round(image_w),
                round(image_h),
            ),
            (text_left, STAMP_MARGIN, width - STAMP_MARGIN - text_left, block_h),
            lines,
            block_w <= inner_w,
        )
        candidates.append((placement.text_fits, image_h, placement))

    if not candidates:
        # No room for the image at all: text only.
        lines, block_w, block_h = text_block(inner_w)
        region = (STAMP_MARGIN, STAMP_MARGIN, inner_w, inner_h)
        return _Placement(None, region, lines, block_w <= inner_w and block_h <= inner_h)
    return max(candidates, key=lambda candidate: (candidate[0], candidate[1]))[2]


def _stamp_style(
    appearance: SignatureAppearance, *, width: int, height: int, moment: dt.datetime
) -> tuple[TextStampStyle, dict[str, str]]:
    if not STAMP_FONT.exists():
        raise SigningError(
            f"Thiếu phông chữ {STAMP_FONT.name} (gói fonts-noto-core) để hiển thị chữ ký."
        )
    image = compose_stamp_image(
        signature_png=appearance.signature_png, seal_png=appearance.seal_png
    )
    plan = _plan_stamp(
        width=width,
        height=height,
        image_ratio=image.width / image.height if image is not None else None,
        # Composed letters: measured as they will be drawn, and found in the cut-down font.
        name=unicodedata.normalize("NFC", appearance.signer_name),
        organization=unicodedata.normalize("NFC", appearance.organization),
        when=moment.isoformat(timespec="seconds"),
    )

    background = None
    background_layout = layout.SimpleBoxLayoutRule(
        x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MIN
    )
    if image is not None and plan.image_box is not None:
        x, y, image_w, image_h = plan.image_box
        background = PdfImage(image, box=layout.BoxConstraints(width=image_w, height=image_h))
        background_layout = layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MIN,
            margins=layout.Margins(left=x, bottom=y),
            inner_content_scaling=layout.InnerScaling.NO_SCALING,
        )

    text_x, text_y, text_w, text_h = plan.text_region
    style = TextStampStyle(
        # The user-supplied names go in as parameters, never into the template itself, where
        # a "%" would break pyHanko's %-interpolation.
        stamp_text="\n".join(f"%(line{index})s" for index in range(len(plan.lines))),
        text_box_style=TextBoxStyle(
            # The factory's size must equal the text box's, or lines after the first drift
            # sideways (TOOLCHAIN.md).
            font=_StampFontFactory(str(STAMP_FONT), font_size=STAMP_FONT_SIZE),
            font_size=STAMP_FONT_SIZE,
            leading=STAMP_LEADING,
            text_color=STAMP_TEXT_COLOR,
            # No padding of its own: the stamp layout below places the block exactly.
            box_layout_rule=layout.SimpleBoxLayoutRule(
                x_align=layout.AxisAlignment.ALIGN_MIN,
                y_align=layout.AxisAlignment.ALIGN_MIN,
            ),
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins(
                left=text_x,
                right=width - text_x - text_w,
                bottom=text_y + STAMP_DESCENT,
                top=height - text_y - text_h,
            ),
            # Only ever shrinks, and only when a long name or organization would overflow.
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
        background=background,
        background_layout=background_layout,
        background_opacity=1.0,
        border_width=0,
    )
    return style, {f"line{index}": line for index, line in enumerate(plan.lines)}


# --- verification ---------------------------------------------------------------------------


@outside_event_loop
def verify_pdf(*, pdf: bytes, trust_roots: list[x509.Certificate]) -> VerificationReport:
    """Check every signature in ``pdf`` against ``trust_roots`` only. Never raises on bad
    input: a damaged or foreign file gives a report that says so."""
    report = VerificationReport(
        signed=False,
        intact=False,
        valid=False,
        trusted=False,
        covers_whole_file=False,
        signer_subject=None,
        signing_time=None,
        problems=[],
    )
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        embedded = list(reader.embedded_regular_signatures)
    except Exception:
        # An uploaded file is untrusted: whatever the parser trips on means "not a PDF".
        logger.info("verify_pdf: unreadable file", exc_info=True)
        report.problems.append(MSG_NOT_PDF)
        return report
    if not embedded:
        report.problems.append(MSG_UNSIGNED)
        return report

    checks = [_check_signature(signature, trust_roots) for signature in embedded]
    # Only signatures may follow an earlier signature; the last one must cover every byte.
    last = checks[-1]
    last.only_signatures_added = last.covers_whole_file
    if last.intact and not last.covers_whole_file and MSG_APPENDED not in last.problems:
        last.problems.append(MSG_APPENDED)

    report.signed = True
    report.signatures = checks
    report.intact = all(check.intact for check in checks)
    report.valid = all(check.valid for check in checks)
    report.trusted = all(check.trusted for check in checks)
    report.covers_whole_file = all(
        check.covers_whole_file or check.only_signatures_added for check in checks
    )
    report.signer_subject = checks[-1].signer_subject
    report.signing_time = checks[-1].signing_time
    for check in checks:
        prefix = f"Chữ ký “{check.field_name}”: " if len(checks) > 1 else ""
        report.problems.extend(prefix + problem for problem in check.problems)
    return report


def _check_signature(
    signature: EmbeddedPdfSignature, trust_roots: list[x509.Certificate]
) -> SignatureCheck:
    check = SignatureCheck(
        field_name=str(signature.field_name),
        signer_subject=None,
        signing_time=None,
        intact=False,
        valid=False,
        trusted=False,
        covers_whole_file=False,
        only_signatures_added=False,
    )
    try:
        check.signer_subject = signature.signer_cert.subject.human_friendly
        reported = signature.self_reported_timestamp
        check.signing_time = reported.astimezone(VIETNAM) if reported else None
        # A fresh context each time: pyHanko releases its resources after one validation.
        # trust_roots is a list (possibly empty), never None, which would mean the system store.
        context = ValidationContext(trust_roots=list(trust_roots), allow_fetching=False)
        status = validate_pdf_signature(signature, context)
    except Exception:
        # A malformed signature is a finding to report, not a crash.
        logger.info("verify_pdf: signature %s unreadable", signature.field_name, exc_info=True)
        check.problems.append(MSG_UNCHECKABLE)
        return check

    check.intact = status.intact
    check.valid = status.valid
    check.trusted = status.trusted
    check.covers_whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    check.only_signatures_added = (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level <= ModificationLevel.FORM_FILLING
        and bool(status.docmdp_ok)
    )
    check.problems.extend(_problems(status, check))
    return check


def _problems(status: PdfSignatureStatus, check: SignatureCheck) -> Iterator[str]:
    if not status.intact:
        yield MSG_TAMPERED
    elif not status.valid:
        yield MSG_BAD_SIGNATURE
    elif not status.trusted:
        indication = status.trust_problem_indic
        if indication == AdESIndeterminate.OUT_OF_BOUNDS_NO_POE:
            yield MSG_CERT_EXPIRED
        elif indication in (AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE):
            yield MSG_CERT_REVOKED
        elif indication == AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE:
            yield MSG_CERT_NOT_FOR_SIGNING
        else:
            yield MSG_UNTRUSTED
    if status.intact and not (check.covers_whole_file or check.only_signatures_added):
        yield MSG_APPENDED
