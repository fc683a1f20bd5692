"""A demonstration PKI and demo signature artwork, generated at run time.

Real deployments sign with certificates issued by a licensed Vietnamese CA and with scanned
seal and signature images. For demos and tests the portal needs the same shapes without any of
those secrets, so this module makes them on the spot: a root CA, one signing certificate per
organization (PKCS#12 with a random passphrase), a red seal per organization and a blue
handwritten-looking signature per person.

Nothing generated here is ever committed: callers point ``directory`` at ``var/`` (ignored by
git) or at a test's temporary directory. Every step is idempotent, so a second run reuses what
is already on disk and only fills in what is missing or no longer usable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from PIL import Image, ImageDraw, ImageFont

__all__ = ["DemoCredential", "DemoPki", "demo_pki_create"]

CA_COMMON_NAME = "Cổng ANTQ — CA trình diễn"
CA_ORGANIZATION = "Cổng ANTQ (trình diễn, không có giá trị pháp lý)"
CA_VALIDITY = dt.timedelta(days=10 * 365)
SIGNING_CERT_VALIDITY = dt.timedelta(days=3 * 365)
# A certificate that expires within this margin is reissued, so a demo started today does not
# break next week.
RENEWAL_MARGIN = dt.timedelta(days=30)

FONT_DIR = Path("/usr/share/fonts/truetype/noto")
SEAL_FONT = FONT_DIR / "NotoSerif-Bold.ttf"
SIGNATURE_NAME_FONT = FONT_DIR / "NotoSerif-Italic.ttf"

SEAL_RED = (205, 22, 32)
# Seal ink is slightly translucent, so the signature it is stamped over still shows through.
SEAL_ALPHA = 225
SIGNATURE_BLUE = (18, 42, 170)

# Keys become file names; keep them to a safe, predictable alphabet.
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
RESERVED_KEYS = {"ca"}


@dataclass(frozen=True)
class DemoCredential:
    """One organization's signing certificate: a PKCS#12 file and its passphrase file."""

    p12_path: Path
    passphrase_path: Path

    def passphrase(self) -> bytes:
        return self.passphrase_path.read_bytes().strip()


@dataclass(frozen=True)
class DemoPki:
    """Paths of everything ``demo_pki_create`` made, keyed by organization or person key."""

    directory: Path
    ca_path: Path
    credentials: dict[str, DemoCredential]
    seal_images: dict[str, Path]
    signature_images: dict[str, Path]


def demo_pki_create(
    *,
    directory: Path,
    organizations: list[tuple[str, str]],
    people: list[tuple[str, str]],
) -> DemoPki:
    """Create (or complete) the demo PKI and artwork in ``directory``.

    ``organizations`` and ``people`` are ``(key, display name)`` pairs; the key names the
    files (``<key>.p12``, ``<key>.pass``, ``seal-<key>.png``, ``signature-<key>.png``).
    """
    for key, _name in [*organizations, *people]:
        if not KEY_PATTERN.match(key) or key in RESERVED_KEYS:
            raise ValueError(f"Khóa “{key}” không hợp lệ: chỉ dùng chữ thường, số, - và _.")
    directory.mkdir(parents=True, exist_ok=True)

    ca_cert, ca_key = _ensure_ca(directory)
    credentials = {
        key: _ensure_signing_credential(directory, key, name, ca_cert, ca_key)
        for key, name in organizations
    }
    seal_images = {}
    for key, name in organizations:
        path = directory / f"seal-{key}.png"
        if not path.exists():
            _write_png_atomically(path, seal_image(name))
        seal_images[key] = path
    signature_images = {}
    for key, name in people:
        path = directory / f"signature-{key}.png"
        if not path.exists():
            _write_png_atomically(path, signature_image(name))
        signature_images[key] = path
    return DemoPki(
        directory=directory,
        ca_path=directory / "ca.pem",
        credentials=credentials,
        seal_images=seal_images,
        signature_images=signature_images,
    )


# --- certificates ---------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(tz=dt.UTC)


def _ensure_ca(directory: Path) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """Load the demo root CA, or make a new one when it is missing, unreadable or about to
    expire (the organizations' certificates are then reissued under it)."""
    cert_path = directory / "ca.pem"
    p12_path = directory / "ca.p12"
    pass_path = directory / "ca.pass"
    if cert_path.exists() and p12_path.exists() and pass_path.exists():
        try:
            key, cert, _ = pkcs12.load_key_and_certificates(
                p12_path.read_bytes(), pass_path.read_bytes().strip()
            )
        except ValueError:
            key, cert = None, None
        if (
            isinstance(key, rsa.RSAPrivateKey)
            and cert is not None
            and cert.not_valid_after_utc - RENEWAL_MARGIN > _now()
            and cert.public_bytes(serialization.Encoding.PEM) == cert_path.read_bytes()
        ):
            return cert, key

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, CA_ORGANIZATION),
            x509.NameAttribute(NameOID.COMMON_NAME, CA_COMMON_NAME),
        ]
    )
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    passphrase = _new_passphrase()
    _write_secret(pass_path, passphrase + b"\n")
    _write_secret(
        p12_path,
        pkcs12.serialize_key_and_certificates(
            name=b"ca",
            key=key,
            cert=cert,
            cas=None,
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
        ),
    )
    _write_atomically(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return cert, key


def _ensure_signing_credential(
    directory: Path,
    key_name: str,
    organization_name: str,
    ca_cert: x509.Certificate,
    ca_key: rsa.RSAPrivateKey,
) -> DemoCredential:
    credential = DemoCredential(
        p12_path=directory / f"{key_name}.p12",
        passphrase_path=directory / f"{key_name}.pass",
    )
    if _credential_usable(credential, organization_name, ca_cert):
        return credential

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name(
                [
                    x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                    x509.NameAttribute(
                        NameOID.ORGANIZATION_NAME, _name_attribute(organization_name)
                    ),
                    x509.NameAttribute(NameOID.COMMON_NAME, _name_attribute(organization_name)),
                ]
            )
        )
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + SIGNING_CERT_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            # digitalSignature + nonRepudiation (contentCommitment): what PAdES validators,
            # pyHanko's default among them, require of a document signer.
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    passphrase = _new_passphrase()
    _write_secret(credential.passphrase_path, passphrase + b"\n")
    _write_secret(
        credential.p12_path,
        pkcs12.serialize_key_and_certificates(
            name=key_name.encode("ascii"),
            key=key,
            cert=cert,
            # The CA goes in too, so the signature carries its whole chain.
            cas=[ca_cert],
            encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
        ),
    )
    return credential


def _credential_usable(
    credential: DemoCredential, organization_name: str, ca_cert: x509.Certificate
) -> bool:
    """Whether an existing PKCS#12 can be kept: it opens, names the organization, was issued
    by the current CA and is not about to expire."""
    if not (credential.p12_path.exists() and credential.passphrase_path.exists()):
        return False
    try:
        _key, cert, _ = pkcs12.load_key_and_certificates(
            credential.p12_path.read_bytes(), credential.passphrase()
        )
    except ValueError:
        return False
    if cert is None:
        return False
    try:
        cert.verify_directly_issued_by(ca_cert)
    except (ValueError, TypeError, InvalidSignature):
        return False
    common_names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return (
        bool(common_names)
        and common_names[0].value == _name_attribute(organization_name)
        and cert.not_valid_after_utc - RENEWAL_MARGIN > _now()
    )


def _name_attribute(name: str) -> str:
    """The name as it fits a certificate's CN or O: at most 64 bytes in UTF-8, which is what
    cryptography enforces (RFC 5280 counts characters, but Vietnamese letters take two or three
    bytes). A longer name is cut at a word boundary and ends with an ellipsis."""
    limit = 64
    if len(name.encode("utf-8")) <= limit:
        return name
    ellipsis = "…"
    words = name.split()
    while words and len((" ".join(words) + ellipsis).encode("utf-8")) > limit:
        words.pop()
    if not words:
        return name.encode("utf-8")[: limit - 3].decode("utf-8", errors="ignore") + ellipsis
    return " ".join(words).rstrip(",;-") + ellipsis


def _new_passphrase() -> bytes:
    return secrets.token_urlsafe(24).encode("ascii")


def _write_secret(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, from the first byte on (no chmod afterwards,
    which would leave a window with the umask's permissions)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _write_atomically(path: Path, data: bytes) -> None:
    # A concurrent reader (another worker starting up) never sees a half-written file.
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_png_atomically(path: Path, image: Image.Image) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    image.save(tmp, format="PNG", optimize=True)
    os.replace(tmp, path)


# --- artwork --------------------------------------------------------------------------------


def seal_image(organization_name: str, *, size: int = 600) -> Image.Image:
    """A red round seal: a double ring, the organization's name in capitals around the top and
    a star in the middle, on a transparent background."""
    # Drawn at twice the size and reduced, because Pillow's shapes are not anti-aliased.
    scale = 2
    full = size * scale
    ink = (*SEAL_RED, 255)
    image = Image.new("RGBA", (full, full), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre = full / 2
    outer = full / 2 - 6 * scale
    ring_width = round(full * 0.022)
    inner = outer - full * 0.155
    draw.ellipse(
        (centre - outer, centre - outer, centre + outer, centre + outer),
        outline=ink,
        width=ring_width,
    )
    draw.ellipse(
        (centre - inner, centre - inner, centre + inner, centre + inner),
        outline=ink,
        width=max(2, ring_width // 3),
    )

    text = unicodedata.normalize("NFC", organization_name.upper())
    text_radius = (outer - ring_width + inner) / 2
    band = outer - ring_width - inner
    _draw_text_on_arc(image, text, centre, text_radius, band, ink)
    # A small star closes the ring at the bottom, where the text ends.
    _draw_star(draw, centre, centre + text_radius, band * 0.28, ink)
    _draw_star(draw, centre, centre, inner * 0.42, ink)

    image = image.resize((size, size), Image.Resampling.LANCZOS)
    alpha = image.getchannel("A").point(lambda value: value * SEAL_ALPHA // 255)
    image.putalpha(alpha)
    return image


def _draw_text_on_arc(
    image: Image.Image,
    text: str,
    centre: float,
    radius: float,
    band: float,
    ink: tuple[int, int, int, int],
) -> None:
    """Set ``text`` clockwise along a circle, centred on the top, letters upright to it."""
    max_span = math.radians(290)
    font_size = int(band * 0.62)
    while True:
        font = ImageFont.truetype(str(SEAL_FONT), font_size)
        letter_spacing = font_size * 0.12
        advances = [font.getlength(char) + letter_spacing for char in text]
        span = sum(advances) / radius
        if span <= max_span or font_size <= 10:
            break
        font_size -= 2
    # Short names are spread out a little so they do not huddle at the top of the ring.
    if span < math.radians(200):
        extra = (math.radians(200) - span) * radius / max(len(text), 1)
        advances = [advance + extra for advance in advances]
        span = sum(advances) / radius

    ascent, descent = font.getmetrics()
    angle = -span / 2
    for char, advance in zip(text, advances, strict=True):
        middle = angle + advance / 2 / radius
        angle += advance / radius
        if char.isspace():
            continue
        glyph_box = font.getbbox(char, anchor="ls")
        cell = int((ascent + descent) * 2.2)
        glyph = Image.new("RGBA", (cell, cell), (0, 0, 0, 0))
        # Baseline placed so the capitals' visual middle sits on the text radius.
        baseline = cell / 2 + (-glyph_box[1]) / 2
        ImageDraw.Draw(glyph).text((cell / 2, baseline), char, font=font, fill=ink, anchor="ms")
        glyph = glyph.rotate(-math.degrees(middle), resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.sin(middle)
        y = centre - radius * math.cos(middle)
        image.alpha_composite(glyph, (round(x - cell / 2), round(y - cell / 2)))


def _draw_star(
    draw: ImageDraw.ImageDraw,
    x: float,
    y: float,
    radius: float,
    ink: tuple[int, int, int, int],
) -> None:
    points = []
    for index in range(10):
        r = radius if index % 2 == 0 else radius * 0.382
        theta = -math.pi / 2 + index * math.pi / 5
        points.append((x + r * math.cos(theta), y + r * math.sin(theta)))
    draw.polygon(points, fill=ink)


def signature_image(person_name: str, *, width: int = 720, height: int = 300) -> Image.Image:
    """A blue, handwritten-looking scribble above the person's name, on a transparent
    background. The strokes derive from the name, so the same person always signs alike."""
    # Drawn at three times the size and reduced, because Pillow's lines are not anti-aliased.
    scale = 3
    full_w, full_h = width * scale, height * scale
    ink = (*SIGNATURE_BLUE, 255)
    image = Image.new("RGBA", (full_w, full_h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    seed = hashlib.sha256(person_name.encode("utf-8")).digest()
    params = [byte / 255 for byte in seed]

    # Cursive loops come from a prolate cycloid (the pen runs ahead faster than it advances),
    # with a tall first loop like a capital, loop heights that vary per name, and a slant.
    loops = 5 + int(params[0] * 3)
    heights = [0.30] + [0.10 + 0.16 * params[1 + index] for index in range(loops)]
    radius = 1.9 + 0.6 * params[12]
    steps = 1400
    raw = []
    for step in range(steps + 1):
        t = step / steps * loops * 2 * math.pi
        turn = t / (2 * math.pi)
        index = min(int(turn), loops - 1)
        within = min(turn - index, 1.0)
        amplitude = heights[index] * (1 - within) + heights[index + 1] * within
        x = t - radius * math.sin(t)
        y = -amplitude * math.cos(t) + 0.03 * math.sin(t * 0.37 + params[13] * 6)
        raw.append((x, y))
    x_min = min(x for x, _ in raw)
    x_max = max(x for x, _ in raw)
    baseline = 0.38
    slant = 0.175
    trace = []
    for x, y in raw:
        nx = 0.06 + 0.80 * (x - x_min) / (x_max - x_min) + slant * -y
        trace.append((nx * full_w, (baseline + y) * full_h))
    # The closing flourish sweeps back to the left under the loops.
    end_x, end_y = trace[-1][0] / full_w, trace[-1][1] / full_h
    flourish = []
    for step in range(241):
        t = step / 240
        x = end_x + (0.08 - end_x) * t + 0.02 * math.sin(t * math.pi)
        y = end_y + (0.66 - end_y) * math.sin(t * math.pi / 2)
        flourish.append((x * full_w, y * full_h))

    for points, base_width in ((trace, 4.2), (flourish, 3.2)):
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
            # Faster strokes come out a little heavier, as with a real pen.
            speed = math.hypot(x2 - x1, y2 - y1)
            stroke = max(2, round(base_width * scale * (0.55 + min(speed / (6 * scale), 0.9))))
            draw.line((x1, y1, x2, y2), fill=ink, width=stroke)
            draw.ellipse(
                (x2 - stroke / 2, y2 - stroke / 2, x2 + stroke / 2, y2 + stroke / 2), fill=ink
            )

    font = ImageFont.truetype(str(SIGNATURE_NAME_FONT), int(full_h * 0.13))
    name = unicodedata.normalize("NFC", person_name)
    draw.text((full_w / 2, full_h * 0.92), name, font=font, fill=ink, anchor="ms")
    return image.resize((width, height), Image.Resampling.LANCZOS)
