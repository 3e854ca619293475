"""Issue 16, "a fuzz run of every form gives 0 server errors": every POST form the URLconf's
pages render (over haven.testing.pages_seed: one of every record), to the first persona
allowed to see it, gets hypothesis-made data built from the form's
own fields (control characters, NUL, huge numbers, impossible dates, overlong text, choices
not offered, missing fields, files of junk). No answer may be a 5xx or an exception, and an
answer that is not a redirect (the form shown again, a 4xx) may leave no write in the audit
trail: a refused post writes nothing. The JSON endpoints have their own fuzz test
(test_fuzz_json_endpoints.py); the REST API is fuzzed by schemathesis (haven/api/tests).
Figures (2 cores): 88 forms, 613 requests, about a minute."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse
from django.views.decorators.csrf import csrf_exempt
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from haven.accounts.models import User
from haven.api.urls import API_TOKEN
from haven.audit.models import AuditEvent
from haven.audit.registry import WRITE, kind
from haven.cases.models import Case
from haven.core.permissions import PUBLIC, public
from haven.testing import pages_seed
from haven.testing.forms import Field, Form, post_forms
from haven.testing.routes import named_routes

EXAMPLES_PER_FORM = 8
NEVER_POSTED = ("/accounts/logout/",)  # signing out ends the persona's session, nothing else
JUNK = [
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\ud7ff\ufffe\uffff",
    "9223372036854775807",
    "99999999999999999999",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "2026-02-30",
    "0000-00-00",
    "99999-12-31",
    "-1",
    "x" * 100_000,
    " ",
    "",
]


def _value(form_field: Field) -> st.SearchStrategy[Any]:
    offered = [c for c in form_field.choices if c] or [form_field.value or "x"]
    text = st.one_of(
        st.sampled_from(JUNK),
        st.text(max_size=40),
        st.integers(-(2**70), 2**70).map(str),
        st.sampled_from(offered),
        st.just("not-offered-" + form_field.name),
    )
    if form_field.kind == "file":
        return st.binary(max_size=2000).map(lambda b: SimpleUploadedFile("junk.docx", b))
    if form_field.kind == "checkbox":
        return st.lists(st.one_of(st.sampled_from(offered), text), max_size=3)
    return text


def _data(form: Form) -> st.SearchStrategy[dict[str, Any]]:
    fields = {
        name: st.one_of(st.none(), _value(f))
        for name, f in form.fields.items()
        if name != "csrfmiddlewaretoken"
    }
    return st.fixed_dictionaries(fields).map(
        lambda d: {k: v for k, v in d.items() if v is not None}
    )


class World:
    """The pages seed (haven.testing.pages_seed: one of every record, a persona for each role),
    and for each route the first persona allowed to open it, as the browser walk chooses."""

    def __init__(self) -> None:
        self.seeded = pages_seed.seed()
        self.personas: dict[str, User | None] = {"anonymous": None}
        self.personas |= {u.username: u for u in self.seeded.personas.values()}

    def visitors(self, permission: str) -> list[str]:
        signed_in = [name for name in self.personas if name != "anonymous"]
        return ["anonymous", *signed_in] if permission == PUBLIC else signed_in


def _client(user: User | None) -> Client:
    client = Client(raise_request_exception=False)
    if user is None:
        return client
    User.objects.filter(pk=user.pk).update(is_active=True)  # a fuzzed post may deactivate
    client.force_login(user)
    session = client.session
    for pk in Case.objects.values_list("pk", flat=True):
        session[f"purpose:case:{pk}"] = "supervision"  # reading a case asks why first
    session.save()
    return client


def _page(world: World, clients: dict[str, Client], url: str, permission: str) -> tuple[str, str]:
    """(persona, HTML) of the first persona the page answers with HTML, or ("", "")."""
    for persona in world.visitors(permission):
        response = clients[persona].get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            return persona, response.content.decode()
    return "", ""


def discover(world: World) -> Iterator[tuple[str, str, Form]]:
    """(persona, page, form) for every POST form on every page, the first persona to see it."""
    clients = {name: _client(user) for name, user in world.personas.items()}
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for name, arguments, permission in named_routes():
        if permission == API_TOKEN:
            continue  # the REST and OpenRosa APIs: schemathesis fuzzes them (haven/api/tests)
        page = reverse(name, kwargs=pages_seed.url_kwargs(world.seeded, name, arguments))
        persona, html = _page(world, clients, page, permission)
        for form in post_forms(html):
            target = form.action or page
            if form.key(page) not in seen and not target.startswith(NEVER_POSTED):
                seen.add(form.key(page))
                yield persona, page, form


# A post answered without a redirect may still record its own refusal (a failed sign-in or
# code is evidence of an attack), or a success whose page is the answer:
REFUSALS = re.compile(r"\.(\w+_)?(failed|throttled)$")
ANSWERED_IN_PLACE = {
    "grievance.filed": "the worker reads their follow-up code on the page itself",
    "mfa.enrolment_started": "the enrolment page shows the new key to scan",
    "mfa.recovery_codes_generated": "the new codes are shown once, on the page",
    "api.client_approved": "the client's token is shown once, on the page",
}


def _writes_since(seq: int) -> list[str]:
    actions = AuditEvent.objects.filter(seq__gt=seq).values_list("action", flat=True)
    return [
        a
        for a in actions
        if kind(a) == WRITE and not REFUSALS.search(a) and a not in ANSWERED_IN_PLACE
    ]


def fuzz(world: World, persona: str, page: str, form: Form, failures: list[str]) -> int:
    sent = 0
    target = form.action or page

    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=_data(form))
    def post(data: dict[str, Any]) -> None:
        nonlocal sent
        client = _client(world.personas[persona])
        last = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        response = client.post(target, data)
        sent += 1
        if response.status_code >= 500:
            failures.append(f"{persona} POST {target} {sorted(data)}: {response.status_code}")
        elif response.status_code not in (301, 302, 303) and (wrote := _writes_since(last)):
            failures.append(f"{persona} POST {target}: {response.status_code} yet wrote {wrote}")

    post()
    return sent


@pytest.mark.django_db
def test_no_form_gives_a_server_error_or_half_writes(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    world = World()
    failures: list[str] = []
    forms = list(discover(world))
    sent = sum(fuzz(world, persona, page, form, failures) for persona, page, form in forms)
    print(f"fuzzed {len(forms)} forms with {sent} requests, {len(failures)} failures")
    assert len(forms) > 80  # every app's forms, not a handful
    assert failures == [], "\n".join(dict.fromkeys(failures))


def _breaks_on_nul(request: HttpRequest) -> HttpResponse:
    """A view that trusts its input: a missing name, a NUL or any punctuation breaks it."""
    if not request.POST.get("name", "").isalnum():
        raise ValueError("unexpected input reached the database")
    return HttpResponse("ok")


urlpatterns = [path("breaks/", public(csrf_exempt(_breaks_on_nul)))]


@pytest.mark.urls(__name__)
def test_the_fuzzer_reports_a_server_error(db):
    form = post_forms('<form method="post" action="/breaks/"><input name="name"></form>')[0]
    world = type("NoWorld", (), {"personas": {"anonymous": None}})()
    failures: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("haven.core.tests.test_fuzz_every_form.EXAMPLES_PER_FORM", 30)
        fuzz(world, "anonymous", "/breaks/", form, failures)  # type: ignore[arg-type]  # a stand-in with personas only
    assert failures and "500" in failures[0]


def test_the_form_reader_sees_fields_choices_and_only_post_forms():
    html = (
        '<form method="get"><input name="q"></form>'
        '<form method="post" action="/x/"><input type="hidden" name="csrfmiddlewaretoken">'
        '<input name="a"><input type="checkbox" name="b" value="1"><input type="checkbox" '
        'name="b" value="2"><select name="c"><option value="">-</option><option value="k">K'
        '</option></select><textarea name="d"></textarea><button type="submit">Go</button></form>'
    )
    [form] = post_forms(html)
    assert form.action == "/x/" and set(form.fields) == {"csrfmiddlewaretoken", "a", "b", "c", "d"}
    assert form.fields["b"].choices == ["1", "2"] and form.fields["c"].choices == ["", "k"]
