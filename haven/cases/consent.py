"""Whether a person has consented, now, to a purpose (and, for sharing, to one organisation)."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from haven.accounts.models import Organisation
from haven.cases.models import Consent, ConsentPurpose, Person


def consents_in_force(on: datetime.date | None = None) -> QuerySet[Consent]:
    """Every consent given by `on` (today) and not withdrawn by then."""
    day = on or timezone.localdate()
    return Consent.objects.filter(given_on__lte=day).exclude(withdrawn_on__lte=day)


def active_consents(person: Person, on: datetime.date | None = None) -> QuerySet[Consent]:
    return consents_in_force(on).filter(person=person)


def has_consent(
    person: Person,
    purpose: str,
    *,
    organisation: Organisation | None = None,
    on: datetime.date | None = None,
) -> bool:
    """Sharing needs consent naming that organisation; other purposes need only the purpose."""
    consents = active_consents(person, on).filter(purpose=purpose)
    if purpose == ConsentPurpose.SHARING:
        consents = consents.filter(organisation=organisation)
    return consents.exists()
