"""E-mails in the recipient's own language, whoever triggered them and whatever language the
sender's page was in; the notification settings page in the reader's language."""

import pytest
from django.core import mail
from django.utils import translation

from haven.inbox import notify

pytestmark = pytest.mark.django_db


def prefer(user, language):
    """The user's own choice of interface language (accounts' per-user preference)."""
    user.language = language
    return user


def test_an_e_mail_to_a_user_who_reads_french_is_in_french(receiver):
    with translation.override("en"):  # the sender works in English
        assert notify.send(prefer(receiver, "fr"), {"referrals": 2})
    [message] = mail.outbox
    assert message.subject == "Haven : quelque chose vous attend"
    assert "- Orientations en attente de réponse : 2" in message.body
    assert "Ce message ne contient volontairement ni nom ni détail." in message.body
    assert "waits" not in message.body
    assert translation.get_language() == "en"  # the sender's language is left as it was


def test_an_e_mail_in_arabic_and_one_in_the_site_language(receiver, worker):
    notify.send(prefer(receiver, "ar"), {"referrals": 1})
    notify.send(prefer(worker, ""), {"services": 1})  # no choice made: the site's language
    arabic, default = mail.outbox
    assert arabic.subject == "Haven: هناك ما ينتظرك"
    assert "إحالات بانتظار الرد: 1" in arabic.body
    assert default.subject == "Haven: something waits for you"


def test_an_unknown_language_falls_back_to_the_site_language(receiver):
    assert notify.recipient_language(prefer(receiver, "xx")) == "en"


def test_the_notification_page_speaks_french_and_arabic(client, receiver):
    client.force_login(receiver)
    with translation.override("fr"):
        french = client.get("/inbox/notifications/").content.decode()
    with translation.override("ar"):
        arabic = client.get("/inbox/notifications/").content.decode()
    assert "<h1>Notifications par courriel</h1>" in french
    assert "Orientations en attente de réponse" in french  # a kind of work offered
    assert "<h1>إشعارات البريد الإلكتروني</h1>" in arabic
