"""The only writers of grievance channels and grievances, each with its one audit event.

Rules kept here (docs/business.md): a channel escalates to an independent body that is neither
its own organisation nor on the enforcement side; a grievance goes received -> triaged ->
investigating -> corrective action -> resolved, and is escalated when still open at its
deadline; a referral to a support organisation needs the worker's consent and never goes to
enforcement (000 rec. 67). Audit details hold ids, codes and counts, never what a worker wrote.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability, OrgType
from haven.audit.action import action
from haven.audit.log import record
from haven.audit.models import AuditEvent
from haven.business import throttle
from haven.business.codes import address_key, code_hash, new_code
from haven.business.companydata import CompanyData, RecruiterIn, SiteIn
from haven.business.companyedit import (
    Figure,
    SiteFields,
    SupplierFields,
    check_figure,
    check_site,
    check_supplier,
)
from haven.business.impactschema import requirements_data
from haven.business.intake import SCREENING_DRAFT, case_note, clean_indicator_codes, draft_payload
from haven.business.models import (
    OPEN_STATUSES,
    Bid,
    Category,
    Claim,
    Company,
    Grievance,
    GrievanceChannel,
    GrievanceStep,
    LicenceStatus,
    Recruiter,
    RevokedLicence,
    Site,
    SiteMetric,
    Stage,
    Status,
    Supplier,
    Tender,
)
from haven.business.notify import notify
from haven.business.procurement import evaluate
from haven.business.texts import WORKER_LANGUAGES
from haven.cases.actions import do_add_support_note, do_open_case
from haven.cases.models import Case
from haven.drafts.actions import do_save_draft

FIREWALL = _(
    "Grievances never go to enforcement or immigration: %(name)s is on the enforcement side."
)
REFERRAL_TYPES = frozenset(
    {OrgType.NGO, OrgType.HEALTH_SERVICE, OrgType.LEGAL_SERVICE, OrgType.LOCAL_GOVERNMENT}
)
# Which stage may follow which status, and the status it leaves.
STEPS: dict[str, tuple[frozenset[str], str | None]] = {
    Stage.TRIAGE: (frozenset({Status.RECEIVED}), Status.TRIAGED),
    Stage.INVESTIGATION: (
        frozenset({Status.TRIAGED, Status.INVESTIGATING, Status.ESCALATED}),
        Status.INVESTIGATING,
    ),
    Stage.ACTION_PLAN: (
        frozenset({Status.INVESTIGATING, Status.ACTION_PLAN, Status.ESCALATED}),
        Status.ACTION_PLAN,
    ),
    Stage.RESOLUTION: (OPEN_STATUSES - {Status.RECEIVED}, Status.RESOLVED),
}


def _refuse_enforcement(organisation: Organisation) -> None:
    if organisation.is_enforcement:
        raise ValidationError(FIREWALL % {"name": organisation.name})


@action()
def do_open_channel(
    *,
    organisation: Organisation,
    name: str,
    slug: str,
    independent_body: Organisation,
    escalation_days: int = 30,
    acting_user: User | None,
) -> GrievanceChannel:
    _refuse_enforcement(organisation)
    _refuse_enforcement(independent_body)
    if independent_body.pk == organisation.pk:
        raise ValidationError(gettext("The independent body must be another organisation."))
    if GrievanceChannel.objects.filter(slug=slug).exists():
        raise ValidationError(
            gettext("A channel already uses the address %(slug)s.") % {"slug": slug}
        )
    if not 1 <= escalation_days <= 365:
        raise ValidationError(gettext("Escalation must come after 1 to 365 days."))
    channel = GrievanceChannel.objects.create(
        organisation=organisation,
        name=name,
        slug=slug,
        independent_body=independent_body,
        escalation_days=escalation_days,
    )
    details = {"escalation_days": escalation_days, "independent_body": independent_body.pk}
    record(
        actor=acting_user,
        action="grievance.channel_opened",
        target=channel,
        organisation=organisation,
        details=details,
    )
    return channel


@action()
def do_file_grievance(
    *,
    channel: GrievanceChannel,
    category: str,
    description: str,
    where: str = "",
    contact: str = "",
    language: str = "en",
    referral_consent: bool = False,
    address: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[Grievance, str]:
    """File a grievance with no account; returns it and the follow-up code, shown only once.
    Raises throttle.TooManyAttempts when the address is at its limit (nothing written)."""
    now = now or timezone.now()
    if category not in Category.values:
        raise ValidationError(gettext("Choose what the problem is about."))
    if not description.strip():
        raise ValidationError(gettext("Tell us what happened."))
    if language not in WORKER_LANGUAGES:
        raise ValidationError(
            gettext("Choose one of the languages offered (not %(code)s).") % {"code": language}
        )
    throttle.check("file", address, now)  # raises TooManyAttempts; counted below, same lock
    code = new_code()
    grievance = Grievance.objects.create(
        channel=channel,
        code_hash=code_hash(code.replace("-", "")),
        category=category,
        description=description.strip(),
        where=where.strip(),
        contact=contact.strip(),
        language=language,
        referral_consent=referral_consent,
        filed_at=now,
        deadline=now + dt.timedelta(days=channel.escalation_days),
    )
    GrievanceStep.objects.create(
        grievance=grievance, stage=Stage.ACKNOWLEDGEMENT, message=acknowledgement(grievance), at=now
    )
    throttle.note_attempt("file", address, now)
    # No language here: in a small workforce it could single a worker out.
    details = {"category": category, "contact_given": bool(contact.strip())}
    record(
        actor=None,
        action="grievance.filed",
        target=grievance,
        organisation=channel.organisation,
        details=details,
    )
    notify(channel.organisation, "filed", grievance.pk, channel.name)
    return grievance, code


@action()
def do_note_failed_lookup(*, address: str | None, now: dt.datetime | None = None) -> None:
    """A code that matched nothing: remembered (hashed address only) for the rate limit."""
    throttle.note_attempt("lookup", address, now or timezone.now())
    record(actor=None, action="grievance.lookup_failed", target_type="business.grievance")


def note_refused_attempt(
    kind: str, address: str | None, *, organisation: Organisation | None = None
) -> bool:
    """A try refused by the rate limit, audited once per address, kind and window: an
    attacker's flood of tries must not become a flood of audit events. Returns whether an
    event was written."""
    key = address_key(address)[:32]
    since = timezone.now() - throttle.WINDOW
    seen = AuditEvent.objects.filter(
        action="grievance.refused", target_id=f"{kind}:{key}", occurred_at__gte=since
    )
    if seen.exists():
        return False
    do_note_refused(kind=kind, key=key, organisation=organisation)
    return True


@action()
def do_note_refused(*, kind: str, key: str, organisation: Organisation | None) -> None:
    """The event holds the kind and a keyed hash of the address — never the address, and never
    the code tried, not even hashed: the audit must not become a way to test codes."""
    record(
        actor=None,
        action="grievance.refused",
        target_type="business.grievance_address",
        target_id=f"{kind}:{key}",
        organisation=organisation,
        details={"kind": kind, "limit": throttle.limit(kind)},
    )


@action()
def do_worker_update(
    grievance: Grievance,
    *,
    message: str = "",
    retaliation: bool = False,
    now: dt.datetime | None = None,
) -> GrievanceStep | None:
    """The worker, with their code, adds information or reports retaliation."""
    now = now or timezone.now()
    step = None
    if message.strip() or retaliation:
        stage = Stage.RETALIATION if retaliation else Stage.INVESTIGATION
        step = GrievanceStep.objects.create(
            grievance=grievance, stage=stage, note=message.strip(), at=now
        )
    if retaliation and not grievance.retaliation:
        grievance.retaliation = True
        grievance.save(update_fields=["retaliation"])
        notify(_handler(grievance), "retaliation", grievance.pk, grievance.channel.name)
    details = {"retaliation": retaliation, "message_given": bool(message.strip())}
    record(actor=None, action="grievance.worker_updated", target=grievance, details=details)
    return step


def _handler(grievance: Grievance) -> Organisation:
    return grievance.escalated_to or grievance.channel.organisation


@action()
def do_record_step(
    grievance: Grievance,
    stage: str,
    *,
    note: str = "",
    message: str = "",
    trafficking_indicators: bool | None = None,
    indicators: Iterable[str] | None = None,
    site: Site | None = None,
    acting_user: User,
    now: dt.datetime | None = None,
) -> GrievanceStep:
    """Triage, investigation or corrective action plan by the officer who handles it; the
    officer may attribute the grievance to one of the company's sites, and name the
    indicators seen (codes of the screening vocabulary: any of them means "shows
    indicators")."""
    if stage == Stage.RESOLUTION:
        raise ValidationError(gettext("Resolve a grievance with its outcome and wages recovered."))
    if site is not None:
        _attribute(grievance, site)
    step = _step(grievance, stage, note=note, message=message, user=acting_user, now=now)
    if indicators is not None:
        grievance.indicator_codes = clean_indicator_codes(indicators)
        grievance.save(update_fields=["indicator_codes"])
    if trafficking_indicators is not None or grievance.indicator_codes:
        grievance.trafficking_indicators = bool(trafficking_indicators or grievance.indicator_codes)
        grievance.save(update_fields=["trafficking_indicators"])
    details = {
        "stage": stage,
        "trafficking_indicators": grievance.trafficking_indicators,
        "indicators": len(grievance.indicator_codes),
        "site": grievance.site_id,
    }
    record(actor=acting_user, action=f"grievance.{stage}", target=grievance, details=details)
    return step


def _attribute(grievance: Grievance, site: Site) -> None:
    if site.company.organisation_id != grievance.channel.organisation_id:
        raise ValidationError(
            gettext("Attribute a grievance to a site of the channel's own company.")
        )
    grievance.site = site
    grievance.save(update_fields=["site"])


def _step(
    grievance: Grievance,
    stage: str,
    *,
    note: str,
    message: str,
    user: User | None,
    now: dt.datetime | None,
) -> GrievanceStep:
    allowed, becomes = STEPS[stage]
    if grievance.status not in allowed:
        said = {"status": grievance.get_status_display(), "stage": Stage(stage).label}
        raise ValidationError(
            gettext("A grievance with the status “%(status)s” cannot go to “%(stage)s”.") % said
        )
    now = now or timezone.now()
    if becomes and not (grievance.status == Status.ESCALATED and becomes != Status.RESOLVED):
        grievance.status = becomes
        grievance.save(update_fields=["status"])
    return GrievanceStep.objects.create(
        grievance=grievance,
        stage=stage,
        note=note.strip(),
        message=message.strip(),
        actor=user,
        at=now,
    )


@action()
def do_resolve(
    grievance: Grievance,
    *,
    note: str = "",
    message: str = "",
    wages_recovered: Decimal | None = None,
    wages_currency: str = "",
    acting_user: User,
    now: dt.datetime | None = None,
) -> Grievance:
    """Close it with its remedy. Wages recovered left empty means "not recorded", never zero."""
    if wages_recovered is not None and (wages_recovered < 0 or len(wages_currency) != 3):
        raise ValidationError(
            gettext("Wages recovered need a non-negative amount and a currency code.")
        )
    step = _step(grievance, Stage.RESOLUTION, note=note, message=message, user=acting_user, now=now)
    grievance.resolved_at = step.at
    grievance.wages_recovered = wages_recovered
    grievance.wages_currency = wages_currency.upper() if wages_recovered is not None else ""
    grievance.save(update_fields=["resolved_at", "wages_recovered", "wages_currency"])
    details = {
        "days_to_remedy": grievance.days_to_remedy,
        "wages_recorded": wages_recovered is not None,
    }
    record(actor=acting_user, action="grievance.resolved", target=grievance, details=details)
    return grievance


@action()
def do_flag_retaliation(grievance: Grievance, *, note: str = "", acting_user: User) -> Grievance:
    grievance.retaliation = True
    grievance.save(update_fields=["retaliation"])
    GrievanceStep.objects.create(
        grievance=grievance,
        stage=Stage.RETALIATION,
        note=note.strip(),
        actor=acting_user,
        at=timezone.now(),
    )
    record(actor=acting_user, action="grievance.retaliation_flagged", target=grievance)
    return grievance


@action()
def do_escalate(grievance: Grievance, *, now: dt.datetime) -> Grievance:
    """Hand an overdue grievance to the channel's independent body (run by time, see below)."""
    body = grievance.channel.independent_body
    _refuse_enforcement(body)
    grievance.status = Status.ESCALATED
    grievance.escalated_at = now
    grievance.escalated_to = body
    grievance.save(update_fields=["status", "escalated_at", "escalated_to"])
    GrievanceStep.objects.create(
        grievance=grievance, stage=Stage.ESCALATION, message=escalation_message(grievance), at=now
    )
    details = {"independent_body": body.pk, "days_open": (now - grievance.filed_at).days}
    record(
        actor=None,
        action="grievance.escalated",
        target=grievance,
        organisation=body,
        details=details,
    )
    notify(body, "escalated", grievance.pk, grievance.channel.name)
    return grievance


def acknowledgement(grievance: Grievance) -> str:
    """What the worker is told at once, in the language they chose, kept as the first message."""
    with translation.override(grievance.language):
        said = {
            "channel": grievance.channel.name,
            "filed": formats.date_format(timezone.localtime(grievance.filed_at), "DATE_FORMAT"),
            "deadline": formats.date_format(timezone.localtime(grievance.deadline), "DATE_FORMAT"),
        }
        return (
            gettext(
                "We received your report on %(filed)s. The grievance team of %(channel)s will "
                "answer you here. If it is not resolved by %(deadline)s, it goes to an independent "
                "body."
            )
            % said
        )


def escalation_message(grievance: Grievance) -> str:
    """What the worker is told when the deadline passed, in the language they chose."""
    body = grievance.channel.independent_body.name
    with translation.override(grievance.language):
        return gettext(
            "Your report was not resolved in time. It has been passed to an independent body: "
            "%(body)s. They will answer you here."
        ) % {"body": body}


def overdue(now: dt.datetime) -> list[Grievance]:
    """Open grievances past their deadline that have not been escalated yet."""
    waiting = OPEN_STATUSES - {Status.ESCALATED}
    found = Grievance.objects.filter(
        status__in=waiting, deadline__lte=now, escalated_at__isnull=True
    )
    return list(found.select_related("channel__independent_body").order_by("deadline", "pk"))


def escalate_overdue(now: dt.datetime | None = None) -> list[Grievance]:
    """Escalate every overdue grievance, each in its own action: `haven business escalate`
    runs this on a timer (cron or systemd); tests pass their own clock."""
    now = now or timezone.now()
    return [do_escalate(grievance, now=now) for grievance in overdue(now)]


@action()
def do_refer_grievance(
    grievance: Grievance, organisation: Organisation, *, acting_user: User
) -> Grievance:
    """Refer, with the worker's consent, to a support organisation (never to enforcement)."""
    _refuse_enforcement(organisation)
    if not grievance.referral_consent:
        raise ValidationError(gettext("The worker has not consented to a referral."))
    if organisation.org_type not in REFERRAL_TYPES:
        raise ValidationError(
            gettext("Refer to a support organisation (NGO, health, legal or local service).")
        )
    grievance.referred_to = organisation
    grievance.referred_at = timezone.now()
    grievance.save(update_fields=["referred_to", "referred_at"])
    GrievanceStep.objects.create(
        grievance=grievance, stage=Stage.REFERRAL, actor=acting_user, at=grievance.referred_at
    )
    details = {
        "to_organisation": organisation.pk,
        "trafficking_indicators": grievance.trafficking_indicators,
    }
    record(actor=acting_user, action="grievance.referred", target=grievance, details=details)
    notify(organisation, "referred", grievance.pk, grievance.channel.name)
    return grievance


class AlreadyOpened(ValidationError):
    """The receiving organisation already opened its case from this grievance: the answer to a
    second try is that case, never a second one."""

    def __init__(self, case: Case) -> None:
        self.case = case
        super().__init__(
            gettext("Your organisation already opened case %(case)s from this grievance.")
            % {"case": case.reference},
            code="already_opened",
        )


@dataclass(frozen=True)
class WorkerGiven:
    """The name the worker gave the receiving organisation (the grievance holds none: a
    worker files without one), and nothing else."""

    first_name: str
    second_name: str = ""


@action()
def do_open_case_from_grievance(
    grievance: Grievance, *, given: WorkerGiven, acting_user: User
) -> Case:
    """The organisation a grievance was referred to opens its own case from it and starts a
    screening: the worker's own words go on the case as a note, the recorded indicators into
    the opener's screening-interview draft (haven/business/intake.py). Never on the enforcement
    side, never without the worker's consent, once only."""
    # Only the grievance row is locked (PostgreSQL refuses FOR UPDATE on the nullable side of
    # the join to referred_to): two openers racing then see the first one's case.
    locked = (
        Grievance.objects.select_for_update(of=("self",))
        .select_related("referred_to", "channel__organisation")
        .get(pk=grievance.pk)
    )
    _require_receiver(acting_user, locked)
    if not locked.referral_consent:
        raise ValidationError(
            gettext("The worker has not consented to a referral: no case is opened from it.")
        )
    if locked.support_case_id is not None:
        raise AlreadyOpened(Case.objects.get(pk=locked.support_case_id))
    if not given.first_name.strip():
        raise ValidationError(
            gettext(
                "Give the first name the worker gave you (it may be a name they chose): the "
                "grievance holds none."
            )
        )
    case = do_open_case(
        first_name=given.first_name.strip(),
        second_name=given.second_name.strip(),
        acting_user=acting_user,
    )
    note = do_add_support_note(case=case, text=case_note(locked), acting_user=acting_user)
    draft = do_save_draft(
        author=acting_user, form=SCREENING_DRAFT, case=case, payload=draft_payload(locked)
    )
    locked.support_case = case
    locked.save(update_fields=["support_case"])
    grievance.support_case = case
    details = {
        "case_id": case.pk,
        "note_id": note.pk,
        "draft_id": draft.pk,
        "indicators": locked.indicator_codes,
    }
    record(actor=acting_user, action="grievance.case_opened", target=locked, details=details)
    return case


def _require_receiver(user: User, grievance: Grievance) -> None:
    """A case or support worker of the organisation it was referred to; the firewall is asked
    again, in case that organisation changed type since the referral."""
    receiver = grievance.referred_to
    if (
        receiver is None
        or user.organisation_id != receiver.pk
        or not user.can(Capability.CREATE_SUPPORT_RECORDS)
    ):
        raise PermissionDenied(
            gettext("Only the organisation it was referred to opens a case from a grievance.")
        )
    _refuse_enforcement(receiver)
    if receiver.org_type not in REFERRAL_TYPES:
        raise ValidationError(
            gettext("Cases are opened from grievances by support organisations only.")
        )


@action()
def do_load_company_data(
    organisation: Organisation, data: CompanyData, *, acting_user: User | None
) -> Company:
    """Replace the company's supply-chain data with the file's, in one transaction. A recruiter
    whose licence is on the register of revoked licences is recorded as revoked regardless."""
    if organisation.org_type != OrgType.CORPORATE_BUSINESS:
        raise ValidationError(
            gettext("Company data belong to an organisation of type CorporateBusiness.")
        )
    company = _company_row(organisation, data)
    attributed = dict(
        Grievance.objects.filter(site__company=company).values_list("pk", "site__name")
    )
    for model in (SiteMetric, Site, Recruiter, Claim):
        model.objects.filter(**{_company_path(model): company}).delete()
    Supplier.objects.filter(company=company).update(supplies=None)
    Supplier.objects.filter(company=company).delete()
    recruiters = {r.key: _recruiter(company, r) for r in data.recruiters}
    suppliers: dict[str, Supplier] = {}
    for s in sorted(data.suppliers, key=lambda s: s.tier):
        suppliers[s.key] = Supplier.objects.create(
            company=company,
            name=s.name,
            country=s.country,
            tier=s.tier,
            isic=s.isic,
            supplies=suppliers.get(s.supplies or ""),
            ended_on=s.ended_on,
            exit_remedies=list(s.exit_remedies),
        )
    sites = {s.key: _site(company, s, suppliers, recruiters) for s in data.sites}
    by_name = {site.name: site for site in sites.values()}
    for pk, name in attributed.items():
        Grievance.objects.filter(pk=pk).update(site=by_name.get(name))
    for m in data.metrics:
        SiteMetric.objects.create(
            site=sites[m.site],
            period_start=m.period[0],
            period_end=m.period[1],
            code=m.code,
            value=m.value,
            currency=m.currency,
            evidence=list(m.evidence),
            evidence_ref=m.evidence_ref,
        )
    Claim.objects.bulk_create(
        Claim(company=company, criterion=c.criterion, text=c.text, evidence_ref=c.evidence_ref)
        for c in data.claims
    )
    counts = {
        "suppliers": len(suppliers),
        "sites": len(sites),
        "recruiters": len(recruiters),
        "metrics": len(data.metrics),
        "claims": len(data.claims),
    }
    record(
        actor=acting_user,
        action="company.data_loaded",
        target=company,
        organisation=organisation,
        details=counts,
    )
    return company


def _company_path(model: type) -> str:
    return "site__company" if model is SiteMetric else "company"


def _company_row(organisation: Organisation, data: CompanyData) -> Company:
    info = data.company
    parent = Company.objects.filter(organisation__name=info.parent).first() if info.parent else None
    if info.parent and parent is None:
        raise ValidationError(
            gettext("company.parent: no company named %(name)s in Haven.") % {"name": info.parent}
        )
    company, _ = Company.objects.update_or_create(
        organisation=organisation,
        defaults={
            "parent": parent,
            "isic_sectors": list(info.isic_sectors),
            "countries": list(info.countries),
            "employees_in_country": info.employees.in_country,
            "employees_worldwide": info.employees.worldwide,
            "turnover_amount": info.turnover.amount if info.turnover else None,
            "turnover_currency": info.turnover.currency if info.turnover else "",
        },
    )
    return company


def _recruiter(company: Company, r: RecruiterIn) -> Recruiter:
    revoked = (
        bool(r.licence_number)
        and RevokedLicence.objects.filter(
            country=r.country, licence_number=r.licence_number
        ).exists()
    )
    status = LicenceStatus.REVOKED if revoked else r.licence_status
    return Recruiter.objects.create(
        company=company,
        name=r.name,
        country=r.country,
        licence_number=r.licence_number,
        licence_status=status,
    )


def _site(
    company: Company, s: SiteIn, suppliers: dict[str, Supplier], recruiters: dict[str, Recruiter]
) -> Site:
    return Site.objects.create(
        company=company,
        supplier=suppliers.get(s.supplier or ""),
        name=s.name,
        country=s.country,
        isic=s.isic,
        workforce=s.workforce,
        migrant_share=s.migrant_share,
        recruitment_channel=s.recruitment_channel,
        recruiter=recruiters.get(s.recruiter or ""),
    )


@action()
def do_register_revoked_licences(rows: list[dict[str, str]], *, acting_user: User | None) -> int:
    """Add revocations to the public register and mark recruiters using those licences revoked."""
    added = 0
    for row in rows:
        _, created = RevokedLicence.objects.get_or_create(
            country=row["country"],
            licence_number=row["licence_number"],
            defaults={
                "agency_name": row["agency_name"],
                "revoked_on": row["revoked_on"],
                "authority": row["authority"],
            },
        )
        added += created
        Recruiter.objects.filter(
            country=row["country"], licence_number=row["licence_number"]
        ).update(licence_status=LicenceStatus.REVOKED)
    record(
        actor=acting_user,
        action="company.licences_revoked",
        target_type="business.revokedlicence",
        details={"rows": len(rows), "added": added},
    )
    return added


BUYER_TYPES = frozenset({OrgType.CENTRAL_GOVERNMENT, OrgType.LOCAL_GOVERNMENT})


@action()
def do_open_tender(
    *,
    reference: str,
    title: str,
    requirements: list[str],
    evidence_tier: int = 2,
    acting_user: User,
) -> Tender:
    buyer = acting_user.organisation
    if buyer is None or buyer.org_type not in BUYER_TYPES:
        raise ValidationError(
            gettext("Tenders are opened by a public buyer (a government organisation).")
        )
    unknown = set(requirements) - set(requirements_data())
    if unknown or not requirements:
        unknown_codes = {"unknown": ", ".join(sorted(unknown))}
        raise ValidationError(
            gettext("Choose known requirements (unknown: %(unknown)s).") % unknown_codes
        )
    tender = Tender.objects.create(
        buyer=buyer,
        reference=reference,
        title=title,
        requirements=sorted(set(requirements)),
        evidence_tier=evidence_tier,
    )
    details = {"requirements": tender.requirements, "evidence_tier": evidence_tier}
    record(actor=acting_user, action="procurement.tender_opened", target=tender, details=details)
    return tender


@action()
def do_submit_bid(tender: Tender, *, acting_user: User) -> Bid:
    """The company's officer offers its own Haven data as evidence for this tender."""
    org = acting_user.organisation_id
    company = Company.objects.filter(organisation_id=org).first() if org else None
    if company is None:
        raise ValidationError(gettext("Load your company data before bidding."))
    if Bid.objects.filter(tender=tender, company=company).exists():
        raise ValidationError(gettext("Your company has already bid for this tender."))
    bid = Bid.objects.create(tender=tender, company=company, submitted_at=timezone.now())
    record(
        actor=acting_user,
        action="procurement.bid_submitted",
        target=bid,
        details={"tender": tender.pk},
    )
    return bid


@action(batch=True)
def do_evaluate_tender(tender: Tender, *, acting_user: User) -> list[Bid]:
    """Check every bid against the requirements; record eligible or excluded with reasons."""
    bids = list(tender.bids.select_related("company__organisation"))
    if not bids:
        raise ValidationError(gettext("No bids to evaluate."))
    for bid in bids:
        bid.outcome, bid.reasons = evaluate(bid.company, tender.requirements, tender.evidence_tier)
        bid.evaluated_at = timezone.now()
        bid.save(update_fields=["outcome", "reasons", "evaluated_at"])
        failed = [r["requirement"] for r in bid.reasons if not r["met"]]
        details = {"tender": tender.pk, "outcome": bid.outcome, "failed": failed}
        record(actor=acting_user, action="procurement.bid_evaluated", target=bid, details=details)
    return bids


# The company officer's own forms (docs/business.md, "Keeping the data from the page"). Each
# checks its entry with the company-data file's models (companyedit.py) and writes one event.


def _own(company: Company, row: Recruiter | Supplier | Site | None, field: str) -> None:
    """A row named by a form must be the company's own: another company's is refused as if it
    did not exist."""
    if row is not None and row.company_id != company.pk:
        raise ValidationError({field: [gettext("Choose one of your company's own.")]})


@action()
def do_save_site(
    company: Company, *, site: Site | None = None, fields: SiteFields, acting_user: User
) -> Site:
    """Add a site (site=None) or change one of the company's sites."""
    _own(company, site, "__all__")
    _own(company, fields.recruiter, "recruiter")
    _own(company, fields.supplier, "supplier")
    check_site(fields)
    created = site is None
    row = site or Site(company=company)
    for name in ("name", "country", "isic", "workforce", "migrant_share", "recruitment_channel"):
        setattr(row, name, getattr(fields, name))
    row.recruiter, row.supplier = fields.recruiter, fields.supplier
    row.save()
    details = {"site": row.pk, "created": created}
    record(
        actor=acting_user,
        action="company.site_saved",
        target=company,
        organisation=company.organisation,
        details=details,
    )
    return row


@action()
def do_save_supplier(
    company: Company,
    *,
    supplier: Supplier | None = None,
    fields: SupplierFields,
    acting_user: User,
) -> Supplier:
    """Add a supplier (supplier=None) or change one; what it supplies must be another of the
    company's suppliers, and never one that (through others) supplies it."""
    _own(company, supplier, "__all__")
    _own(company, fields.supplies, "supplies")
    check_supplier(fields)
    if supplier is not None and _supplies_itself(supplier, fields.supplies):
        raise ValidationError(
            {"supplies": [gettext("A supplier cannot supply itself, directly or through others.")]}
        )
    created = supplier is None
    row = supplier or Supplier(company=company)
    row.name, row.country, row.tier = fields.name, fields.country, fields.tier
    row.isic, row.supplies = fields.isic, fields.supplies
    row.save()
    details = {"supplier": row.pk, "created": created, "tier": row.tier}
    record(
        actor=acting_user,
        action="company.supplier_saved",
        target=company,
        organisation=company.organisation,
        details=details,
    )
    return row


def _supplies_itself(supplier: Supplier, supplies: Supplier | None) -> bool:
    seen: set[int] = set()
    node = supplies
    while node is not None and node.pk not in seen:
        if node.pk == supplier.pk:
            return True
        seen.add(node.pk)
        node = node.supplies
    return False


@action()
def do_save_site_metrics(
    site: Site,
    *,
    period: tuple[dt.date, dt.date],
    figures: list[Figure],
    acting_user: User,
) -> list[SiteMetric]:
    """Record a site's figures for one period, replacing what that period held for the codes
    given. A figure left empty is deleted, so it reads "missing" again: never stored as zero."""
    problems: dict[str, list[str]] = {}
    for figure in figures:
        try:
            check_figure(period, figure)
        except ValidationError as error:
            for field, said in error.message_dict.items():
                problems.setdefault(field, []).extend(said)
    if problems:
        raise ValidationError(problems)
    in_period = SiteMetric.objects.filter(site=site, period_start=period[0], period_end=period[1])
    in_period.filter(code__in=[f.code for f in figures if f.is_empty]).delete()
    saved = [
        SiteMetric.objects.update_or_create(
            site=site,
            period_start=period[0],
            period_end=period[1],
            code=f.code,
            defaults={
                "value": f.value,
                "currency": f.currency.upper() if f.value is not None else "",
                "evidence": list(f.evidence),
                "evidence_ref": f.evidence_ref.strip(),
            },
        )[0]
        for f in figures
        if not f.is_empty
    ]
    details = {
        "site": site.pk,
        "period": [period[0].isoformat(), period[1].isoformat()],
        "recorded": sorted(m.code for m in saved),
        "unevidenced": sorted(m.code for m in saved if not m.evidence),
    }
    record(
        actor=acting_user,
        action="company.metrics_saved",
        target=site.company,
        organisation=site.company.organisation,
        details=details,
    )
    return saved
