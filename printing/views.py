"""Public verification of issued PDFs, and the progress of batch printing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .forms import VerifyUploadForm
from .models import IssuedPdf
from .permissions import batches_visible_to
from .services import issued_pdf_verify, pdf_verify


def verify_upload(request: HttpRequest) -> HttpResponse:
    """Anyone uploads a PDF and learns whether it is signed, valid, unchanged and on record."""
    form = VerifyUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = pdf_verify(data=form.cleaned_data["pdf"].read())
        except ValidationError as error:
            form.add_error("pdf", error)
    return render(request, "printing/verify.html", {"form": form, "result": result})


@require_GET
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    """The page a QR code leads to: the record's data and a fresh check of its signature."""
    issued = get_object_or_404(
        IssuedPdf.objects.select_related("signing_organization"), code=code.upper()
    )
    return render(
        request,
        "printing/verify_code.html",
        {"issued": issued, "result": issued_pdf_verify(issued=issued), "form": VerifyUploadForm()},
    )


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(batches_visible_to(request.user), pk=pk)
    template = "printing/partials/batch_progress.html" if request.htmx else "printing/batch.html"
    return render(request, template, {"batch": batch})


@login_required
@require_GET
def batch_download(request: HttpRequest, pk: int) -> FileResponse:
    batch = get_object_or_404(batches_visible_to(request.user), pk=pk)
    if not batch.zip_file:
        raise Http404
    return FileResponse(batch.zip_file.open("rb"), as_attachment=True,
                        filename=f"dot-in-{batch.pk}.zip")  # fmt: skip
