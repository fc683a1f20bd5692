"""Who sees batch prints: whoever asked for them, and the administrators."""

from django.db.models import QuerySet

from organizations.models import User
from organizations.permissions import scope_of

from .models import PrintBatch


def batches_visible_to(user: User) -> QuerySet[PrintBatch]:
    if scope_of(user).nationwide:
        return PrintBatch.objects.all()
    return PrintBatch.objects.filter(requested_by=user)
