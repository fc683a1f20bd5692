"""Text from an uploaded file, its type told by its content (magic bytes), not its name.

.txt in UTF-8, UTF-16 with BOM, cp1258 or the legacy TCVN3/VNI encodings; .docx through
python-docx (paragraphs and tables in document order, legacy fonts converted run by run);
.pdf through pypdf's text layer. Anything else raises DocumentTextError with a message that
tells the user what to upload instead.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .encoding import (
    convert_legacy,
    detect_legacy_encoding,
    tcvn3_to_unicode,
    vietnamese_score,
    vni_to_unicode,
)
from .errors import DocumentTextError

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGICS = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# A scan may carry a page number or stray marks in its text layer; a real text layer has more.
_MIN_PDF_CHARACTERS = 20


def _unknown(filename: str) -> DocumentTextError:
    return DocumentTextError(
        _("Không nhận dạng được loại tệp “%(name)s”. Chỉ đọc được tệp .txt, .docx và .pdf.")
        % {"name": filename}
    )


def _decode_text(data: bytes, filename: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in data:
        # UTF-16 without a BOM puts a NUL beside every ASCII letter; other NULs mean binary.
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if max(even, odd) > len(data) // 4:
            return data.decode("utf-16-be" if even > odd else "utf-16-le", errors="replace")
        raise _unknown(filename)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # TCVN3 and VNI fonts keep Windows punctuation (curly quotes, dashes) at 0x80-0x9F.
        latin = data.decode("cp1252", errors="replace")
        windows = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
        legacy = detect_legacy_encoding(latin)
        converted = convert_legacy(latin, legacy) if legacy else None
        if converted and vietnamese_score(converted) > vietnamese_score(windows):
            text = converted
        else:
            text = windows
    if len(_CONTROL_RE.findall(text)) > max(2, len(text) // 100):
        raise _unknown(filename)
    return text


def _legacy_run(text: str, font: str | None) -> str:
    """Convert a run typed in a legacy font: ".VnTime" (TCVN3; ".VnTimeH" draws capitals) or
    "VNI-Times"."""
    if not font or not text:
        return text
    if font.startswith(".Vn"):
        converted = tcvn3_to_unicode(text)
        return converted.upper() if font.rstrip().endswith("H") else converted
    if font.upper().startswith("VNI"):
        return vni_to_unicode(text)
    return text


def _style_font(style: object) -> str | None:
    while style is not None:
        name = getattr(getattr(style, "font", None), "name", None)
        if name:
            return name
        style = getattr(style, "base_style", None)
    return None


def _docx_blocks(container: object, parent: object) -> Iterator[str]:
    """Paragraph texts of a body or a table cell, tables row by row, in document order."""
    from docx.oxml.ns import qn
    from docx.table import Table, _Cell
    from docx.text.hyperlink import Hyperlink
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():  # type: ignore[attr-defined]
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, parent)  # type: ignore[arg-type]
            style_font = _style_font(paragraph.style)
            parts = []
            for item in paragraph.iter_inner_content():
                for run in item.runs if isinstance(item, Hyperlink) else [item]:
                    parts.append(_legacy_run(run.text, run.font.name or style_font))
            yield "".join(parts)
        elif child.tag == qn("w:tbl"):
            table = Table(child, parent)  # type: ignore[arg-type]
            seen: set[int] = set()
            for row in table.rows:
                for cell in row.cells:
                    # A merged cell is returned once per grid column it spans.
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from _docx_blocks(cell._tc, _Cell(cell._tc, table))


def _docx_text(data: bytes, filename: str) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(io.BytesIO(data))
        # Paragraphs are separated by a blank line, as the parser reads paragraph breaks.
        text = "\n\n".join(_docx_blocks(document.element.body, document))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as e:
        raise DocumentTextError(
            _("Tệp Word “%(name)s” bị hỏng hoặc không đúng định dạng .docx.") % {"name": filename}
        ) from e
    if not text.strip():
        raise DocumentTextError(_("Tệp Word “%(name)s” không có chữ.") % {"name": filename})
    return text


def _pdf_text(data: bytes, filename: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileNotDecryptedError
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError as error:
        raise DocumentTextError(
            _("Tệp PDF “%(name)s” được đặt mật khẩu; hãy tải bản không khóa.") % {"name": filename}
        ) from error
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise DocumentTextError(
            _("Tệp PDF “%(name)s” bị hỏng, không đọc được.") % {"name": filename}
        ) from error
    # A page break becomes a paragraph break; the parser joins sentences it cut.
    text = "\n\n".join(pages)
    if len("".join(text.split())) < _MIN_PDF_CHARACTERS:
        raise DocumentTextError(
            _(
                "Tệp PDF không có lớp văn bản (bản quét) nên không đọc được chữ. Hãy tải bản "
                "PDF xuất từ Word, tệp .docx, hoặc nhận dạng chữ (OCR) trước khi tải lên."
            )
        )
    return text


def extract_text(data: bytes, filename: str) -> str:
    """The text of an uploaded .txt, .docx or .pdf file."""
    if not data or not data.strip():
        raise DocumentTextError(_("Tệp “%(name)s” rỗng, không có nội dung.") % {"name": filename})
    if _PDF_MAGIC in data[:1024]:
        return _pdf_text(data, filename)
    if data.startswith(_ZIP_MAGIC):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile as error:
            raise DocumentTextError(
                _("Tệp “%(name)s” bị hỏng, không mở được. Hãy lưu lại rồi tải lên lần nữa.")
                % {"name": filename}
            ) from error
        if "word/document.xml" in names:
            return _docx_text(data, filename)
        raise DocumentTextError(
            _(
                "Tệp “%(name)s” không phải văn bản Word (.docx). Chỉ đọc được tệp .txt, .docx và "
                ".pdf."
            )
            % {"name": filename}
        )
    if data.startswith(_OLE_MAGIC):
        raise DocumentTextError(
            _(
                "Tệp “%(name)s” là tệp Word định dạng cũ (.doc), không đọc được. Hãy mở bằng Word, "
                "lưu lại dưới dạng .docx hoặc PDF rồi tải lên."
            )
            % {"name": filename}
        )
    if data.startswith(_IMAGE_MAGICS):
        raise DocumentTextError(
            _(
                "Tệp “%(name)s” là ảnh, không có chữ để đọc. Hãy tải bản .docx hoặc PDF có lớp văn "
                "bản."
            )
            % {"name": filename}
        )
    if data.startswith(b"{\\rtf"):
        raise DocumentTextError(
            _("Tệp “%(name)s” là định dạng RTF, chưa đọc được. Hãy lưu lại dưới dạng .docx.")
            % {"name": filename}
        )
    return _decode_text(data, filename)
