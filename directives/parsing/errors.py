"""The one error the parsing package raises for a file it cannot read."""

from __future__ import annotations


class DocumentTextError(Exception):
    """A file whose text cannot be read; the message is Vietnamese and tells the user what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
