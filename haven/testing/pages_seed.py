"""One of everything, so that every page of the URLconf has something to show: organisations of
each kind, a persona for each role, cases with screenings in every state of a decision,
referrals, proceedings, support plans, drafts, inbox items, corpus documents, statistics,
state due diligence, business and API clients.

Test set-up, not a fixture: a browser test seeds once per module (`seed()`), then asks
`url_kwargs(name)` for the arguments of any named route. Writes go through the actions, as in
use, except where an action needs a file the seed has no business making (a Word matrix).
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from haven.accounts.models import Organisation, User
from haven.accounts.roles import OrgType, Role
from haven.testing.fixtures import make_organisation, make_user

DAY = datetime.date(2026, 2, 1)
TODAY = timezone.localdate
CORPUS_FIXTURE = Path(__file__).resolve().parents[1] / "corpus" / "tests" / "fixtures"


@dataclass
class Seeded:
    """What the seed made: personas by name, and the objects routes take as arguments."""

    personas: dict[str, User] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)

    def pk(self, key: str) -> Any:
        return self.objects[key].pk


def seed() -> Seeded:
    seeded = Seeded()
    _organisations(seeded)
    _personas(seeded)
    for part in (_law, _cases, _screenings, _referrals, _support, _proceedings, _drafts):
        part(seeded)
    for part in (_api, _jobs, _corpus, _business, _diligence, _stats, _accounts, _audit):
        part(seeded)
    return seeded


def _organisations(seeded: Seeded) -> None:
    kinds = {
        "ngo": ("Safe Harbour NGO", OrgType.NGO, "GB"),
        "other_ngo": ("Second Shelter", OrgType.NGO, "GB"),
        "authority": ("Anti-Trafficking Coordination Office", OrgType.CENTRAL_GOVERNMENT, "GB"),
        "ministry": ("Ministry of the Interior", OrgType.CENTRAL_GOVERNMENT, "SI"),
        "police": ("City Police", OrgType.LAW_ENFORCEMENT, "GB"),
        "company": ("Harvest Foods plc", OrgType.CORPORATE_BUSINESS, "GB"),
        "council": ("City Council", OrgType.LOCAL_GOVERNMENT, "GB"),
    }
    for key, (name, kind, country) in kinds.items():
        seeded.organisations[key] = make_organisation(name, kind, country)


# Persona name -> (organisation key or None, roles). Order matters: a page is visited by the
# first persona allowed to see it, so the most ordinary user of a page comes first.
PERSONAS: dict[str, tuple[str | None, tuple[Role, ...]]] = {
    "frontline": ("ngo", (Role.FRONTLINE_WORKER,)),
    "case_manager": ("ngo", (Role.CASE_MANAGER,)),
    "supervisor": ("ngo", (Role.SUPERVISOR,)),
    "receiver": ("other_ngo", (Role.FRONTLINE_WORKER,)),
    "member1": ("authority", (Role.DECISION_TEAM,)),
    "member2": ("authority", (Role.DECISION_TEAM,)),
    "member3": ("authority", (Role.DECISION_TEAM,)),
    "member4": ("authority", (Role.DECISION_TEAM,)),
    "org_admin": ("ngo", (Role.ORG_ADMIN,)),
    "coordinator": ("ministry", (Role.NATIONAL_COORDINATOR,)),
    "planner": ("ministry", (Role.PLAN_MANAGER,)),
    "focal": ("ministry", (Role.GOVERNMENT_FOCAL_POINT,)),
    "monitor": ("ministry", (Role.MONITORING_BODY,)),
    "monitor2": ("ministry", (Role.MONITORING_BODY,)),
    "grievance_officer": ("company", (Role.GRIEVANCE_OFFICER,)),
    "company_officer": ("company", (Role.COMPANY_OFFICER,)),
    "buyer": ("council", (Role.PROCUREMENT_OFFICER,)),
    "auditor": (None, (Role.AUDITOR,)),
    "sysadmin": (None, (Role.SYSTEM_ADMIN,)),
    "officer": ("police", (Role.ENFORCEMENT_OFFICER,)),
}


def _personas(seeded: Seeded) -> None:
    for name, (organisation, roles) in PERSONAS.items():
        user = make_user(
            seeded.organisations[organisation] if organisation else None, *roles, username=name
        )
        user.email = f"{name}@example.org"
        user.save()
        seeded.personas[name] = user


def _law(seeded: Seeded) -> None:
    from haven.law.actions import do_load_builtin_jurisdictions, do_save_definition_profile

    do_load_builtin_jurisdictions()
    seeded.objects["national_profile"] = do_save_definition_profile(
        profile=None,
        data={
            "code": "gb_msa_2015",
            "name": "Modern Slavery Act 2015 (England and Wales)",
            "country": "GB",
            "legal_reference": "Modern Slavery Act 2015, s.2",
            "purposes": ["sexual_exploitation", "forced_labour"],
        },
        acting_user=seeded.personas["coordinator"],
        expected_version=0,
    )


def _cases(seeded: Seeded) -> None:
    from haven.cases.actions import do_add_support_note, do_open_case, do_record_consent
    from haven.cases.models import ConsentPurpose, Deadline, TraffickingEvent

    worker = seeded.personas["frontline"]
    case = do_open_case(
        first_name="Lan",
        second_name="Tran",
        birthdate=datetime.date(1990, 5, 1),
        nationality="VN",
        acting_user=worker,
    )
    TraffickingEvent.objects.create(case=case, event_type="Exploitation", city="Leeds")
    do_add_support_note(case=case, text="Met at the shelter.", acting_user=worker)
    for purpose in (ConsentPurpose.PROCEEDINGS, ConsentPurpose.STATISTICS):
        do_record_consent(case=case, purpose=purpose, given_on=DAY, acting_user=worker)
    seeded.objects["consent"] = do_record_consent(
        case=case,
        purpose=ConsentPurpose.SHARING,
        organisation=seeded.organisations["other_ngo"],
        given_on=DAY,
        acting_user=worker,
    )
    Deadline.objects.create(
        case=case,
        code="reflection_period",
        title="Recovery and reflection period",
        due_on=TODAY() + datetime.timedelta(days=5),
        source="manual",
    )
    seeded.objects["case"] = case


def _screen(case: Any, user: User) -> Any:
    from haven.screening.actions import do_record_screening
    from haven.screening.record import Record

    record = {
        "jurisdiction": "GB",
        "encounter": {"date": DAY.isoformat(), "setting": "labour_inspection"},
        "person": {"age": 30, "gender": "TransgenderFeminine"},
        "vulnerabilities": ["irregular_residence_status"],
        "facts": {"acts": ["recruitment"], "means": ["deception"], "purposes": ["forced_labour"]},
        "consent_to_record": True,
    }
    return do_record_screening(
        case=case, record=Record.model_validate_json(json.dumps(record)), acting_user=user
    )


def _screenings(seeded: Seeded) -> None:
    """Three screenings: waiting for a decision, decided but unconfirmed, and decided,
    confirmed and appealed."""
    from haven.cases.actions import do_open_case
    from haven.screening.actions import do_submit_for_decision

    worker, authority = seeded.personas["frontline"], seeded.organisations["authority"]
    seeded.objects["screening"] = _screen(seeded.objects["case"], worker)
    for key in ("waiting", "unconfirmed", "appealed"):
        case = do_open_case(first_name="Mai", second_name=key.title(), acting_user=worker)
        screening = _screen(case, worker)
        do_submit_for_decision(screening=screening, authority=authority, acting_user=worker)
        seeded.objects[f"screening_{key}"] = screening
    seeded.objects["decision_unconfirmed"] = _decide(seeded, "unconfirmed")
    decided = _decide(seeded, "appealed")
    _appeal(seeded, decided)


def _decide(seeded: Seeded, key: str) -> Any:
    from haven.screening.actions import Seat, do_decide

    team = [seeded.personas[f"member{i}"] for i in (1, 2)]
    return do_decide(
        screening=seeded.objects[f"screening_{key}"],
        outcome="denied",
        reasons="Not enough indication at this stage.",
        seats=[Seat(team[0], "social_work"), Seat(team[1], "law")],
        acting_user=team[0],
        decided_on=TODAY(),
        appeal_deadline=TODAY() + datetime.timedelta(days=30),
    )


def _appeal(seeded: Seeded, decision: Any) -> None:
    from haven.screening.actions import do_confirm_decision, do_lodge_appeal

    decision = do_confirm_decision(decision=decision, acting_user=seeded.personas["member2"])
    seeded.objects["decision"] = decision
    seeded.objects["appeal"] = do_lodge_appeal(
        decision=decision,
        grounds="The team did not hear the person.",
        lodged_on=TODAY(),
        acting_user=seeded.personas["frontline"],
    )


def _referrals(seeded: Seeded) -> None:
    """One referral waiting for the receiving NGO, and one it has accepted (its shared page)."""
    from haven.cases.actions import do_open_case, do_record_consent
    from haven.cases.models import ConsentPurpose
    from haven.referrals.actions import do_accept_referral, do_refer_case

    worker, receiving = seeded.personas["frontline"], seeded.organisations["other_ngo"]
    second = do_open_case(first_name="Ana", second_name="Popescu", acting_user=worker)
    do_record_consent(
        case=second,
        purpose=ConsentPurpose.SHARING,
        organisation=receiving,
        given_on=DAY,
        acting_user=worker,
    )
    for key, case in (("referral", seeded.objects["case"]), ("accepted_referral", second)):
        seeded.objects[key] = do_refer_case(
            case,
            receiving,
            reason="AdditionalServicesRequired",
            sections=["person", "events"],
            details="Needs a shelter place.",
            acting_user=worker,
        )
    accepted = seeded.objects["accepted_referral"]
    seeded.objects["accepted_referral"] = do_accept_referral(
        referral=accepted,
        acting_user=seeded.personas["receiver"],
        expected_version=accepted.version,
    )


def _support(seeded: Seeded) -> None:
    from haven.support.actions import do_add_milestone, do_add_service, do_create_plan

    worker = seeded.personas["frontline"]
    plan = do_create_plan(
        case=seeded.objects["case"],
        goals="Finish a nursing course and live near her sister.",
        types=["Education", "Health"],
        acting_user=worker,
    )
    seeded.objects["service"] = do_add_service(plan=plan, kind="accommodation", acting_user=worker)
    seeded.objects["milestone"] = do_add_milestone(
        plan=plan, kind="safe_housing", acting_user=worker
    )


def _proceedings(seeded: Seeded) -> None:
    from haven.proceedings import actions
    from haven.screening.vocabulary import vocabulary

    case, worker = seeded.objects["case"], seeded.personas["frontline"]
    seeded.objects["proceeding"] = actions.do_record_proceeding(
        case=case, kind="criminal", acting_user=worker
    )
    seeded.objects["charge"] = actions.do_record_charge(
        case=case, offence=sorted(vocabulary().offences)[0], acting_user=worker
    )
    seeded.objects["claim"] = actions.do_record_claim(
        case=case, form="compensation", channel="state_fund", acting_user=worker
    )
    seeded.objects["assessment"] = actions.do_save_risk_assessment(
        case=case, parts={}, acting_user=worker
    )


def _drafts(seeded: Seeded) -> None:
    from haven.api.actions import do_receive_submission
    from haven.api.xforms import INTERVIEW_ID
    from haven.drafts.actions import do_save_draft

    worker = seeded.personas["frontline"]
    do_save_draft(
        author=worker,
        form="screening.interview",
        case=seeded.objects["case"],
        payload={"language": ["Vietnamese"]},
    )
    answers = {"encounter_date": "2026-01-15", "setting": "shelter", "consent_to_record": "yes"}
    seeded.objects["submission_draft"] = do_receive_submission(
        worker=worker, form_id=INTERVIEW_ID, instance_id="uuid:1", xml="<x/>", answers=answers
    )


def _api(seeded: Seeded) -> None:
    from haven.api.actions import do_register_client, do_subscribe

    admin = seeded.personas["org_admin"]
    seeded.objects["client"] = do_register_client(
        name="NRM database",
        acting_user=seeded.personas["frontline"],
        scopes=["cases:read"],
        days=30,
        admin=admin,
    )
    subscribed = do_subscribe(
        url="https://nrm.example.org/hook", events=["referral.received"], admin=admin
    )
    seeded.objects["subscription"] = subscribed.subscription


def _jobs(seeded: Seeded) -> None:
    from haven.jobs.actions import do_request_job
    from haven.jobs.models import Job

    seeded.objects["job"] = do_request_job(
        user=seeded.personas["case_manager"], kind=Job.Kind.HTCDS_EXPORT
    )


def _corpus(seeded: Seeded) -> None:
    from haven.corpus.actions import do_ingest_file
    from haven.corpus.models import Document, Guidance

    for name in ("reference_table.txt", "speeches.txt"):
        path = CORPUS_FIXTURE / name
        do_ingest_file(path.name, path.read_bytes(), acting_user=None)
    seeded.objects["document"] = Document.objects.order_by("pk").first()
    seeded.objects["guidance"] = Guidance.objects.order_by("pk").first()


# A company's own data file (docs/business.md), as small as still fills every table.
COMPANY_DATA: dict[str, Any] = {
    "schema_version": 1,
    "company": {
        "isic_sectors": ["10"],
        "countries": ["GB", "ES"],
        "employees": {"in_country": 900, "worldwide": 1500},
        "turnover": {"amount": 60000000, "currency": "GBP"},
    },
    "recruiters": [
        {
            "key": "r1",
            "name": "Fast Jobs",
            "country": "RO",
            "licence_number": "RO-77",
            "licence_status": "licensed",
        }
    ],
    "suppliers": [
        {"key": "s1", "name": "Sunfield Farms", "country": "ES", "tier": 1, "isic": "01"}
    ],
    "sites": [
        {
            "key": "farm",
            "name": "Sunfield farm",
            "supplier": "s1",
            "country": "ES",
            "isic": "0113",
            "workforce": 300,
            "migrant_share": 0.7,
            "recruitment_channel": "labour_contractor",
            "recruiter": "r1",
        }
    ],
    "metrics": [
        {
            "site": "farm",
            "period": ["2026-01-01", "2026-06-30"],
            "code": "fees_reimbursed_amount",
            "value": 42000,
            "currency": "EUR",
            "evidence": ["documents", "worker_interviews"],
            "evidence_ref": "payslip audit 2026-07",
        }
    ],
    "claims": [
        {"criterion": "policies", "text": "We have a code of conduct banning forced labour."}
    ],
}


def _business(seeded: Seeded) -> None:
    from haven.business import actions
    from haven.business.companydata import parse

    company = seeded.organisations["company"]
    channel = actions.do_open_channel(
        organisation=company,
        name="Harvest line",
        slug="harvest",
        independent_body=seeded.organisations["other_ngo"],
        escalation_days=30,
        acting_user=None,
    )
    seeded.objects["grievance"], _ = actions.do_file_grievance(
        channel=channel,
        category="wages",
        description="Two months of overtime unpaid at the packing shed",
        where="Shed 4",
        referral_consent=True,
    )
    # Referred to the NGO, so its case workers have one to open a case from (docs/business.md).
    actions.do_refer_grievance(
        seeded.objects["grievance"],
        seeded.organisations["ngo"],
        acting_user=seeded.personas["grievance_officer"],
    )
    loaded = actions.do_load_company_data(company, parse(COMPANY_DATA), acting_user=None)
    seeded.objects["site"], seeded.objects["supplier"] = loaded.sites.get(), loaded.suppliers.get()
    tender = actions.do_open_tender(
        reference="T-1",
        title="Catering",
        requirements=["employer_pays", "fair_wages", "grievance_mechanism"],
        evidence_tier=1,
        acting_user=seeded.personas["buyer"],
    )
    actions.do_submit_bid(tender, acting_user=seeded.personas["company_officer"])
    actions.do_evaluate_tender(tender, acting_user=seeded.personas["buyer"])
    seeded.objects["tender"] = tender


def _diligence(seeded: Seeded) -> None:
    from haven.diligence import actions

    planner = seeded.personas["planner"]
    rec = actions.do_create_recommendation(
        acting_user=planner,
        state="SI",
        mechanism="UPR",
        cycle=4,
        number="140.82",
        text="Strengthen assistance to victims of trafficking in persons (Paraguay)",
        position="supported",
    )
    body = actions.do_add_institution(
        state="SI", name="Ministry of the Interior", kind="ministry", acting_user=planner
    )
    measure = actions.do_create_measure(
        [rec], title="Fund shelters", institution=body, target_date=None, acting_user=planner
    )
    start = TODAY() - datetime.timedelta(days=100)
    seeded.objects["indicator"] = actions.do_add_indicator(
        measure,
        name="Shelter places",
        manager=seeded.personas["focal"],
        start=start,
        end=start + datetime.timedelta(days=365),
        frequency_months=3,
        acting_user=planner,
    )
    seeded.objects["recommendation"], seeded.objects["measure"] = rec, measure
    assessment = actions.do_start_assessment(
        state="SI", area="remedies", year=2026, acting_user=seeded.personas["monitor"]
    )
    seeded.objects["diligence_assessment"] = assessment
    seeded.objects["finding"] = assessment.findings.order_by("pk").first()


def _stats(seeded: Seeded) -> None:
    """A published statistics release of last year, for the public pages."""
    from haven.stats.actions import do_publish_release

    seeded.objects["release"] = do_publish_release(
        year=TODAY().year - 1, acting_user=seeded.personas["coordinator"]
    )


def _accounts(seeded: Seeded) -> None:
    from haven.accounts.actions import do_confirm_invitation, do_invite_user, do_set_roles
    from haven.accounts.models import RoleRequest

    admin = seeded.personas["org_admin"]
    invitation = do_invite_user(
        organisation=seeded.organisations["ngo"],
        email="",  # no address: the confirming administrator is shown the link's token
        first_name="New",
        last_name="Comer",
        roles=[Role.FRONTLINE_WORKER],
        acting_user=admin,
    )
    seeded.objects["invitation_token"] = do_confirm_invitation(
        invitation=invitation, acting_user=seeded.personas["sysadmin"]
    )
    # The inviter could sign in as the invitee, so a sensitive role waits for a second admin.
    do_set_roles(
        user=invitation.user,
        roles=[Role.FRONTLINE_WORKER, Role.CASE_MANAGER],
        acting_user=admin,
    )
    seeded.objects["role_request"] = RoleRequest.objects.order_by("pk").last()
    seeded.objects["webauthn_device"] = _security_key(admin)


def _security_key(user: User) -> Any:
    """A security key enrolled through the real action, answered by a software authenticator."""
    import webauthn
    from django.test import RequestFactory

    from haven.accounts import webauthn_factor
    from haven.accounts.actions import do_enrol_webauthn
    from haven.accounts.tests.soft_authenticator import SoftKey

    party = webauthn_factor.RelyingParty("testserver", "http://testserver")
    request = RequestFactory().get("/")
    request.session = {}  # type: ignore[assignment]  # a plain dict stands in for the session
    webauthn_factor.registration_options(request, user)
    challenge = request.session[webauthn_factor.SESSION_KEY]["challenge"]
    answer = SoftKey(party.rp_id, party.origin).register(webauthn.base64url_to_bytes(challenge))
    enrolled = do_enrol_webauthn(
        user=user, session=request.session, credential=answer, relying_party=party, name="key"
    )
    assert enrolled is not None, "the seeded security key was refused"
    return enrolled[0]


def _audit(seeded: Seeded) -> None:
    from haven.audit.models import AuditEvent

    seeded.objects["event"] = AuditEvent.objects.order_by("seq").first()


# The argument each route takes, by its name; `pk` and `code` mean different things in
# different apps, so those are given per route.
BY_ARGUMENT: dict[str, Any] = {
    "case_id": lambda s: s.pk("case"),
    "consent_id": lambda s: s.pk("consent"),
    "screening_id": lambda s: s.pk("screening"),
    "decision_id": lambda s: s.pk("decision"),
    "appeal_id": lambda s: s.pk("appeal"),
    "referral_id": lambda s: s.pk("referral"),
    "service_id": lambda s: s.pk("service"),
    "milestone_id": lambda s: s.pk("milestone"),
    "proceeding_id": lambda s: s.pk("proceeding"),
    "charge_id": lambda s: s.pk("charge"),
    "claim_id": lambda s: s.pk("claim"),
    "assessment_id": lambda s: s.pk("assessment"),
    "job_id": lambda s: s.pk("job"),
    "grievance_id": lambda s: s.pk("grievance"),
    "tender_id": lambda s: s.pk("tender"),
    "site_id": lambda s: s.pk("site"),
    "supplier_id": lambda s: s.pk("supplier"),
    "client_id": lambda s: s.pk("client"),
    "subscription_id": lambda s: s.pk("subscription"),
    "draft_id": lambda s: s.pk("submission_draft"),
    "device_id": lambda s: s.pk("webauthn_device"),
    "release_id": lambda s: s.pk("release"),
    "member_id": lambda s: s.personas["frontline"].pk,
    "organisation_id": lambda s: s.organisations["ngo"].pk,
    "seq": lambda s: s.objects["event"].seq,
    "slug": lambda s: "harvest",
    "law": lambda s: "uk_msa_s54",
    "finding": lambda s: s.pk("finding"),
    "kind": lambda s: "measure",
    "token": lambda s: s.objects["invitation_token"],
    "request_id": lambda s: s.pk("role_request"),
    "uidb64": lambda s: urlsafe_base64_encode(force_bytes(s.personas["frontline"].pk)),
}
BY_ROUTE: dict[tuple[str, str], Any] = {
    ("corpus:document", "pk"): lambda s: s.pk("document"),
    ("corpus:tags", "pk"): lambda s: s.pk("guidance"),
    ("diligence:adopt_guidance", "pk"): lambda s: s.pk("guidance"),
    ("diligence:recommendation", "pk"): lambda s: s.pk("recommendation"),
    ("diligence:create_measure", "pk"): lambda s: s.pk("recommendation"),
    ("diligence:correct_tags", "pk"): lambda s: s.pk("recommendation"),
    ("diligence:publish", "pk"): lambda s: s.pk("measure"),
    ("diligence:measure", "pk"): lambda s: s.pk("measure"),
    ("diligence:measure_status", "pk"): lambda s: s.pk("measure"),
    ("diligence:indicator", "pk"): lambda s: s.pk("indicator"),
    **{
        (f"diligence:{name}", "pk"): lambda s: s.pk("diligence_assessment")
        for name in ("assessment", "sign_off", "open_recommendation", "assessment_print")
    },
    ("referrals:shared", "referral_id"): lambda s: s.pk("accepted_referral"),
    ("law:profile_edit", "code"): lambda s: s.objects["national_profile"].code,
    ("stats:download", "fmt"): lambda s: "csv",
    **{
        (f"stats:{name}", argument): lambda s, a=argument: getattr(s.objects["release"], a)
        for name in ("public_release", "public_release_csv")
        for argument in ("country", "year")
    },
    ("corpus:export", "fmt"): lambda s: "csv",
    ("screening:decide", "screening_id"): lambda s: s.pk("screening_waiting"),
    ("screening:confirm_decision", "decision_id"): lambda s: s.pk("decision_unconfirmed"),
    ("law:instrument", "instrument_id"): lambda s: _first(_law_registry().instruments),
    ("law:right", "code"): lambda s: _first(_law_registry().rights),
    ("law:profile", "code"): lambda s: _first(_law_registry().profiles),
    ("accounts:password_reset_confirm", "token"): lambda s: default_token_generator.make_token(
        s.personas["frontline"]
    ),
}


def _law_registry() -> Any:
    from haven.law.loader import law

    return law()


def _first(mapping: dict[str, Any]) -> str:
    return sorted(mapping)[0]


def url_kwargs(seeded: Seeded, name: str, arguments: list[str]) -> dict[str, Any]:
    """The arguments for route `name` (namespace:name). A route whose argument the seed does
    not know raises KeyError naming it, so a new page cannot slip past the test unseen."""
    found = {}
    for argument in arguments:
        if (name, argument) in BY_ROUTE:
            found[argument] = BY_ROUTE[(name, argument)](seeded)
        elif argument == "code":
            found[argument] = "GB"  # a jurisdiction: the built-in ones are loaded
        elif argument in BY_ARGUMENT:
            found[argument] = BY_ARGUMENT[argument](seeded)
        else:
            raise KeyError(f"the page seed has nothing for {name}'s argument {argument!r}")
    return found
