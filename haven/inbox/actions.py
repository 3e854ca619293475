"""The only writers of the inbox's rows, each one transaction with one audit event."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.audit.action import action
from haven.audit.log import record
from haven.inbox.models import NotificationChoice, SentNotice


@action()
def do_choose_notifications(*, user: User, receive: list[str], offered: list[str]) -> None:
    """The user keeps e-mails for the kinds in `receive`, out of those `offered` to them."""
    unknown = sorted(set(receive) - set(offered))
    if unknown:
        raise ValidationError(
            _("Not a kind of work you can be told about: %(kinds)s") % {"kinds": ", ".join(unknown)}
        )
    muted = sorted(set(offered) - set(receive))
    NotificationChoice.objects.update_or_create(user=user, defaults={"muted": muted})
    record(
        actor=user,
        action="inbox.notifications_chosen",
        target=user,
        details={"receive": sorted(receive), "muted": muted},
    )


@action()
def do_record_due_notices(*, sent: dict[int, list[str]]) -> int:
    """Keep what `haven notify-due` e-mailed, so no item is announced twice in the same state."""
    now = timezone.now()
    rows = [SentNotice(user_id=u, key=key, sent_at=now) for u, keys in sent.items() for key in keys]
    SentNotice.objects.bulk_create(rows, ignore_conflicts=True)
    record(
        actor=None,
        action="inbox.due_notified",
        target_type="inbox.sentnotice",
        details={"users": len(sent), "notices": len(rows)},
    )
    return len(rows)
