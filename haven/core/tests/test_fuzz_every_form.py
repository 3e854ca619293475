"""Issue 16, "a fuzz run of every form gives 0 server errors": every POST form the URLconf's
pages render, to a persona allowed to see it, gets hypothesis-made data built from the form's
own fields (control characters, NUL, huge numbers, impossible dates, overlong text, choices
not offered, missing fields, files of junk). No answer may be a 5xx or an exception, and an
answer that is not a redirect (the form shown again, a 4xx) may leave no write in the audit
trail: a refused post writes nothing. The JSON endpoints have their own fuzz test
(test_fuzz_json_endpoints.py)."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from haven.accounts.models import Organisation, User
from haven.accounts.roles import OrgType, Role
from haven.audit.models import AuditEvent
from haven.audit.registry import WRITE, kind
from haven.business.actions import do_file_grievance, do_open_channel
from haven.cases.actions import do_open_case
from haven.cases.models import Case, Consent
from haven.core.permissions import public
from haven.core.tests.test_permissions_declared import haven_views
from haven.inbox.tests.conftest import record_screening, refer
from haven.law.actions import do_load_builtin_jurisdictions
from haven.proceedings.actions import do_record_charge, do_record_proceeding
from haven.support.actions import do_add_milestone, do_add_service, do_create_plan
from haven.testing.fixtures import make_organisation, make_user
from haven.testing.forms import Field, Form, post_forms

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
    """One of each record a page is about, and the personas who may open them."""

    def __init__(self) -> None:
        self.ngo = make_organisation("Safe Harbour NGO", OrgType.NGO)
        other = make_organisation("Second Shelter", OrgType.NGO)
        company = make_organisation("Harvest Foods plc", OrgType.CORPORATE_BUSINESS)
        support = [r for r in Role if r is not Role.ENFORCEMENT_OFFICER]
        self.personas: dict[str, User | None] = {
            "ngo-every-role": make_user(self.ngo, *support, username="ngo-every-role"),
            "company-every-role": make_user(company, *support, username="company-every-role"),
            "anonymous": None,
        }
        do_load_builtin_jurisdictions()
        worker = make_user(self.ngo, Role.FRONTLINE_WORKER, username="member")
        case = do_open_case(first_name="Lin", acting_user=worker)
        screening = record_screening(case, worker)
        self.ids = {
            "case_id": case.pk,
            "member_id": worker.pk,
            "organisation_id": self.ngo.pk,
            "screening_id": screening.pk,
            "referral_id": refer(case, other, worker).pk,
        }
        self._grievance(company, other)
        self._support_and_proceedings(case, worker)

    def _support_and_proceedings(self, case: Case, worker: User) -> None:
        plan = do_create_plan(case=case, goals="A safe place to live", acting_user=worker)
        service = do_add_service(plan=plan, kind="accommodation", acting_user=worker)
        milestone = do_add_milestone(plan=plan, kind="safe_housing", acting_user=worker)
        proceeding = do_record_proceeding(case=case, kind="criminal", acting_user=worker)
        charge = do_record_charge(case=case, offence="irregular_entry", acting_user=worker)
        self.ids |= {
            "charge_id": charge.pk,
            "consent_id": Consent.objects.filter(person=case.person).first().pk,  # refer()'s
            "service_id": service.pk,
            "milestone_id": milestone.pk,
            "proceeding_id": proceeding.pk,
        }

    def _grievance(self, company: Organisation, ombuds: Organisation) -> None:
        channel = do_open_channel(
            organisation=company,
            name="Harvest line",
            slug="harvest",
            independent_body=ombuds,
            escalation_days=30,
            acting_user=None,
        )
        grievance, _ = do_file_grievance(
            channel=channel,
            category="wages",
            description="Overtime unpaid",
            where="Shed 4",
            referral_consent=True,
            address="10.0.0.1",
        )
        self.ids["grievance_id"] = grievance.pk

    def url(self, route: str) -> str:
        strings = {"code": "GB", "instrument_id": "palermo", "slug": "harvest", "fmt": "csv"}

        def fill(match: re.Match[str]) -> str:
            converter, name = match.group(1), match.group(2)
            if converter == "int":
                return str(self.ids.get(name, 1))
            return strings.get(name, "x")

        return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def _client(user: User | None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        User.objects.filter(pk=user.pk).update(is_active=True)  # a fuzzed post may deactivate
        client.force_login(user)
    return client


def discover(world: World) -> Iterator[tuple[str, str, Form]]:
    """(persona, page, form) for every POST form on every page, the first persona to see it."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for persona, user in world.personas.items():
        client = _client(user)
        for route, _ in haven_views():
            page = world.url(route)
            response = client.get(page)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in post_forms(response.content.decode()):
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
    assert len(forms) > 40  # every app's forms, not a handful
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
