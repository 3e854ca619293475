"""Reading proceedings, charges, claims and risk assessments: only those on cases the user may
read (none behind the firewall). Missing and forbidden are the same 404. Opening a record for
editing is a read of its case, audited like one."""

from typing import TypeVar

from django.db import models, transaction
from django.http import Http404

from haven.accounts.models import User
from haven.audit.log import record
from haven.cases.access import cases_visible_to
from haven.proceedings.models import Charge, Proceeding, RemedyClaim, RiskAssessment

Record = TypeVar("Record", Proceeding, Charge, RemedyClaim, RiskAssessment)


def access_by_id(user: User, model: type[Record], pk: int, *, purpose: str = "") -> Record:
    """The record if it belongs to a case this user may read; else 404. The read is audited."""
    found: Record | None = (
        model._default_manager.filter(pk=pk, case__in=cases_visible_to(user))
        .select_related("case", "case__person")
        .first()
    )
    if found is None:
        raise Http404("No such record")
    _audit_read(user, found, purpose)
    return found


def _audit_read(user: User, found: models.Model, purpose: str) -> None:
    with transaction.atomic():
        record(
            actor=user,
            action="proceedings.read",
            target=found,
            purpose=purpose,
            details={"case_id": getattr(found, "case_id", None)},
        )
