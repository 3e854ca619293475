"""E-mails that say only that something waits: the kind of work, how many, and a link to the
home page. Never a name, a reference or anything the record holds, so a message read over a
shoulder, forwarded or kept by a mail provider tells nothing about anyone (docs/inbox.md).

Two triggers: work arriving (signals.py, after the commit, through the job queue), and
`haven notify-due`, which tells each user once about each deadline or report that falls due
soon and once more when it is overdue, recording what it sent."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.inbox.access import already_sent, muted_kinds
from haven.inbox.actions import do_record_due_notices
from haven.inbox.queues import KINDS, Item, Kind, count, kinds_for, may_see
from haven.languages.models import LanguagePreference

logger = logging.getLogger(__name__)


def home_link() -> str:
    return settings.HAVEN_EMAIL_SITE_URL.rstrip("/") + reverse("core:home")


def recipient_language(user: User) -> str:
    """The language the user reads Haven in (their own remembered choice), else the site's
    default: the e-mail speaks to its reader, whoever's action sent it."""
    chosen = LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def compose(counts: dict[str, int]) -> tuple[str, str]:
    """(subject, body) for these counts per kind code, in the active language."""
    lines = [
        _("- %(kind)s: %(number)s") % {"kind": KINDS[code].title, "number": number}
        for code, number in counts.items()
        if number
    ]
    body = [
        _("Something waits for you in Haven."),
        "",
        *lines,
        "",
        _("Sign in to see it: %(link)s") % {"link": home_link()},
        "",
        _("This message holds no names or details, by design."),
    ]
    return _("Haven: something waits for you"), "\n".join(body)


def send(user: User, counts: dict[str, int]) -> bool:
    """E-mail the user these counts, in their language; False (logged, without the address) if
    it failed."""
    with translation.override(recipient_language(user)):
        subject, body = compose(counts)
    try:
        send_mail(subject, body, None, [user.email])
    except Exception as error:  # a mail server down must not stop the other users' notices
        logger.warning("notice to user %s failed: %s", user.pk, type(error).__name__)
        return False
    return True


def wants(user: User, kind: Kind) -> bool:
    return bool(user.email) and may_see(user, kind) and kind.code not in muted_kinds(user)


def announce_arrival(code: str, organisation_id: int) -> int:
    """Tell the organisation's members who may do this kind of work, and want to hear of it,
    how many of it wait for them; the number of e-mails sent."""
    kind, sent = KINDS[code], 0
    members = User.objects.filter(organisation_id=organisation_id, is_active=True)
    for user in members.select_related("organisation"):
        number = count(user, code) if wants(user, kind) else 0
        sent += bool(number) and send(user, {code: number})
    return sent


def notice_key(item: Item) -> str:
    return f"{item.key}:{'overdue' if item.overdue else 'soon'}"


@dataclass
class DueRun:
    users: int = 0
    notices: int = 0


def _new_due(user: User) -> dict[str, list[str]]:
    """Per due kind the user wants: the notice keys not sent to them yet."""
    keys = {
        kind.code: [notice_key(item) for item in kind.items(user)]
        for kind in kinds_for(user)
        if kind.due and wants(user, kind)
    }
    old = already_sent(user, [key for group in keys.values() for key in group])
    return {code: [k for k in group if k not in old] for code, group in keys.items()}


def notify_due() -> DueRun:
    """E-mail every user whose deadlines or reports are due soon or overdue and not yet told."""
    sent: dict[int, list[str]] = {}
    for user in (
        User.objects.filter(is_active=True).exclude(email="").select_related("organisation")
    ):
        new = {code: keys for code, keys in _new_due(user).items() if keys}
        if new and send(user, {code: len(keys) for code, keys in new.items()}):
            sent[user.pk] = [key for keys in new.values() for key in keys]
    do_record_due_notices(sent=sent)
    return DueRun(users=len(sent), notices=sum(map(len, sent.values())))
