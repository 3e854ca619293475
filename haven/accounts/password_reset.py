"""Password reset by an e-mailed one-time link, with Django's own token generator.

The link is Django's (`default_token_generator`): it is bound to the account's current password
hash and last sign-in, so it works once and stops working once the password changes; it expires
after PASSWORD_RESET_TIMEOUT. A reset changes the password only: the second factor stays, so
whoever holds the link alone still cannot get past the second-factor check. An account that
needs a second factor but has none enrolled gets no link at all (the link would let its holder
enrol their own phone).

No enumeration: whether or not the address belongs to an account, the request does the same work
in the request (look-up, a token and a message rendered, a throttle count, one audit event) and
gets the same page; only the actual delivery, which may wait on a mail server, happens after the
response, in a background thread.
"""

import logging
import threading
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from haven.accounts import second_factor
from haven.accounts.models import User

logger = logging.getLogger(__name__)
_deliveries: list[threading.Thread] = []


def may_receive_link(user: User) -> bool:
    """Active, with a password of their own, and either needing no second factor or holding one."""
    if not user.is_active or not user.has_usable_password() or not user.email:
        return False
    return not second_factor.needs_second_factor(user) or second_factor.has_device(user)


def accounts_for(email: str) -> list[User]:
    """The accounts a reset for this address would reach (case-insensitive, as Django's)."""
    candidates = User.objects.filter(email__iexact=email.strip(), is_active=True)
    return [user for user in candidates if may_receive_link(user)]


def reset_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def reset_message(user: User, base_url: str) -> EmailMessage:
    """The e-mail with the link. It names the account, never a case or a person in one."""
    context = {
        "username": user.username,
        "link": base_url.rstrip("/") + reset_path(user),
        "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
    }
    from haven.languages.preference import language_for

    with translation.override(language_for(user)):  # the account's language, not the sender's
        body = render_to_string("accounts/password_reset_email.txt", context)
        subject = gettext("Reset your Haven password")
    from_address = getattr(settings, "DEFAULT_FROM_EMAIL", None)
    return EmailMessage(subject, body, from_address, [user.email])


def decoy_message(base_url: str) -> EmailMessage:
    """The same work as a real message, for an address with no account; never sent."""
    stand_in = User(pk=0, username="-", email="nobody@invalid", password=make_password(None))
    return reset_message(stand_in, base_url)


def _send(message: EmailMessage) -> None:
    try:
        message.send()
    except Exception:  # a failed delivery must not be silent, nor reach the requester
        logger.exception("password reset e-mail could not be sent")


def deliver_later(messages: Iterable[EmailMessage]) -> None:
    """Send after the response, so a mail server's delay does not tell real addresses apart."""
    for message in messages:
        thread = threading.Thread(target=_send, args=(message,), daemon=True)
        _deliveries.append(thread)
        thread.start()


def wait_for_deliveries(timeout: float = 10.0) -> None:
    """Join the delivery threads started so far (tests, and an orderly shutdown)."""
    while _deliveries:
        _deliveries.pop().join(timeout)
