"""A person's notifications: the list behind the bell, and marking them read.

Everyone signed in has notifications; a notification of someone else is a 404 (it is looked
up only among the person's own).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..selectors.notifications import notifications_of
from ..services.notifications import notification_mark_read, notifications_mark_all_read

PAGE_SIZE = 25


@login_required
@require_GET
def notification_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/notification_list.html",
        {"page_obj": page, "notifications": page.object_list},
    )


def _back_to_list(request: HttpRequest) -> HttpResponse:
    """Back to the page of the list the person was on."""
    url = reverse("reporting:notification-list")
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@login_required
@require_POST
def notification_read_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read; with "open", go on to what it is about (a page of the portal)."""
    notification = get_object_or_404(notifications_of(request.user), pk=pk)
    notification_mark_read(notification=notification)
    if "open" in request.POST and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return _back_to_list(request)


@login_required
@require_POST
def notification_read_all_view(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    if count:
        messages.success(
            request, _("Đã đánh dấu %(count)s thông báo là đã đọc.") % {"count": count}
        )
    return _back_to_list(request)
