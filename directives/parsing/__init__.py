"""Reading official documents: their text from a file, then their fields from the text.

State documents follow NĐ 30/2020/NĐ-CP, Party documents Hướng dẫn 36-HD/VPTW. Pure Python:
no models and no database.
"""

from .document import ParsedDocument, parse_document_text
from .errors import DocumentTextError
from .extract import extract_text

__all__ = ["DocumentTextError", "ParsedDocument", "extract_text", "parse_document_text"]
