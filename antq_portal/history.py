"""The change-history page every object links to (django-simple-history).

Shared by all apps: each subclass says only how to fetch the object within the user's scope.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

HISTORY_KINDS = {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}


def history_entries(obj, *, limit: int = 200) -> list[dict]:
    """The object's recorded versions, newest first, each with the fields that changed."""
    records = list(obj.history.select_related("history_user").order_by("-history_date")[:limit])
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": change.old,
                        "new": change.new,
                    }
                )
        entries.append(
            {
                "record": newer,
                "kind": HISTORY_KINDS.get(newer.history_type, newer.history_type),
                "user": newer.history_user,
                "date": newer.history_date,
                "changes": changes,
            }
        )
    return entries


class HistoryView(LoginRequiredMixin, TemplateView):
    """Lists who changed an object, when, and what; subclasses define get_object()."""

    template_name = "includes/history_page.html"

    def get_object(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_object()
        context["object"] = obj
        context["entries"] = history_entries(obj)
        return context
