"""E-mails in the recipient's own language, whoever triggered them and whatever language the
sender's page was in; the notification settings page in the reader's language."""

import pytest
from django.core import mail
from django.utils import translation

from haven.inbox import notify
from haven.inbox.tests.conftest import refer
from haven.languages.actions import do_set_language

pytestmark = pytest.mark.django_db


def sign_in_speaking(client, user, language):
    """Sign in a user whose own interface language is `language` (applied at sign-in)."""
    do_set_language(user=user, language=language)
    client.force_login(user)


def test_a_referral_e_mails_the_receiver_in_french_though_the_sender_works_in_english(
    case, worker, receiver, django_capture_on_commit_callbacks
):
    do_set_language(user=receiver, language="fr")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        refer(case, receiver.organisation, worker)
        assert translation.get_language() == "en"  # the sender's language is left as it was
    [message] = mail.outbox
    assert message.to == [receiver.email]
    assert message.subject == "Haven : quelque chose vous attend"
    assert "- Orientations en attente de réponse : 1" in message.body
    assert "Ce message ne contient volontairement ni nom ni détail." in message.body
    assert "waits" not in message.body


def test_an_e_mail_in_arabic_and_one_in_the_site_language(receiver, worker):
    do_set_language(user=receiver, language="ar")
    notify.send(receiver, {"referrals": 1})
    notify.send(worker, {"services": 1})  # no choice made: the site's language
    arabic, default = mail.outbox
    assert arabic.subject == "Haven: هناك ما ينتظرك"
    assert "إحالات بانتظار الرد: 1" in arabic.body
    assert default.subject == "Haven: something waits for you"


def test_a_language_no_longer_offered_falls_back_to_the_site_language(receiver, settings):
    do_set_language(user=receiver, language="ru")
    settings.LANGUAGES = [("en", "English"), ("fr", "French")]
    assert notify.recipient_language(receiver) == "en"


def test_the_notification_page_speaks_french_and_arabic(client, receiver):
    sign_in_speaking(client, receiver, "fr")
    french = client.get("/inbox/notifications/").content.decode()
    sign_in_speaking(client, receiver, "ar")
    arabic = client.get("/inbox/notifications/").content.decode()
    assert "<h1>Notifications par courriel</h1>" in french
    assert "Orientations en attente de réponse" in french  # a kind of work offered
    assert "<h1>إشعارات البريد الإلكتروني</h1>" in arabic
