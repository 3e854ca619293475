"""Reading the inbox's own rows: a user's notification choice, and what was already sent.
Neither is personal data about anyone supported; both belong to the user they describe."""

from haven.accounts.models import User
from haven.inbox.models import NotificationChoice, SentNotice


def muted_kinds(user: User) -> frozenset[str]:
    choice = NotificationChoice.objects.filter(user=user).first()
    return frozenset(choice.muted) if choice else frozenset()


def already_sent(user: User, keys: list[str]) -> frozenset[str]:
    sent = SentNotice.objects.filter(user=user, key__in=keys).values_list("key", flat=True)
    return frozenset(sent)
