"""Accounts in the interface languages: pages, role names and e-mails, each in the language of
the person who reads it."""

from django.core import mail
from django.utils import translation

from haven.accounts import password_reset
from haven.accounts.roles import ROLE_LABELS, Role
from haven.languages.actions import do_set_language
from haven.testing.fixtures import make_user


def test_the_sign_in_page_in_arabic(client, db):
    client.cookies["django_language"] = "ar"
    page = client.get("/accounts/login/").content.decode()
    assert "تسجيل الدخول إلى Haven" in page and "هل نسيت كلمة المرور؟" in page


def test_the_sign_in_page_in_french(client, db):
    with translation.override("fr"):
        page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Se connecter à Haven" in page and "Mot de passe oublié ?" in page


def test_role_names_follow_the_active_language():
    with translation.override("fr"):
        assert str(ROLE_LABELS[Role.CASE_MANAGER]) == "Référent de dossier"
    with translation.override("zh-hans"):
        assert str(ROLE_LABELS[Role.AUDITOR]) == "审计员"
    assert str(ROLE_LABELS[Role.AUDITOR]) == "Auditor"


def test_a_reset_link_sent_by_an_administrator_is_in_the_members_language(client, org_admin, ngo):
    member = make_user(ngo, Role.NATIONAL_COORDINATOR, username="member")
    member.__class__.objects.filter(pk=member.pk).update(email="member@ngo.example")
    do_set_language(user=member, language="es")
    client.force_login(org_admin)  # the administrator works in English
    client.post(f"/accounts/members/{member.pk}/password-reset/")
    [message] = mail.outbox
    assert message.subject == "Restablezca su contraseña de Haven"
    assert "Alguien pidió restablecer la contraseña de la cuenta de Haven member." in message.body


def test_a_reset_asked_for_in_russian_by_someone_with_no_stored_choice_is_in_russian(client, ngo):
    member = make_user(ngo, Role.NATIONAL_COORDINATOR, username="worker")  # no second factor
    member.__class__.objects.filter(pk=member.pk).update(email="worker@ngo.example")
    client.cookies["django_language"] = "ru"
    client.post("/accounts/password/reset/", {"email": "worker@ngo.example"})
    password_reset.wait_for_deliveries()
    [message] = mail.outbox
    assert message.subject == "Сброс пароля Haven"
