"""Search that works with and without Vietnamese diacritics ("lang son" finds "Lạng Sơn")."""

from __future__ import annotations

import unicodedata
from functools import reduce
from operator import and_

from django.db.models import Q, QuerySet


def fold_diacritics(text: str) -> str:
    """Lower-case text without diacritics; "đ" becomes "d" (NFD does not split it)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def search_by_key(queryset: QuerySet, query: str, *, field: str = "search_key") -> QuerySet:
    """Rows whose folded key holds every folded word of the query."""
    words = fold_diacritics(query).split()
    if not words:
        return queryset
    return queryset.filter(reduce(and_, (Q(**{f"{field}__contains": w}) for w in words)))
