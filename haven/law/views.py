"""Pages of the legal knowledge base. Legal content is not personal data: any signed-in user
reads it; editing profiles needs EDIT_LEGAL_PROFILES."""

from typing import Any, get_args

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.accounts.roles import Capability
from haven.core.permissions import requires, signed_in
from haven.law import actions
from haven.law.forms import DefinitionProfileForm, JurisdictionForm, VersionedForm
from haven.law.gaps import SETTING_CHECKS, find_gaps
from haven.law.loader import law
from haven.law.models import JurisdictionProfile, NationalDefinitionProfile
from haven.law.plain import plain_languages
from haven.law.profiles import (
    UnknownProfile,
    definition_profile,
    definition_profile_choices,
    jurisdiction_or_404,
    jurisdiction_settings,
)
from haven.law.schema import Strength


@signed_in
def index(request: HttpRequest) -> HttpResponse:
    base = law()
    context = {
        "instruments": len(base.instruments),
        "provisions": len(base.provisions),
        "rights": len(base.rights),
        "jurisdictions": JurisdictionProfile.objects.count(),
    }
    return render(request, "law/index.html", context)


@signed_in
def instrument_list(request: HttpRequest) -> HttpResponse:
    instruments = sorted(law().instruments.values(), key=lambda i: (i.body, i.year))
    return render(request, "law/instrument_list.html", {"instruments": instruments})


@signed_in
def instrument_detail(request: HttpRequest, instrument_id: str) -> HttpResponse:
    instrument = law().instruments.get(instrument_id)
    if instrument is None:
        raise Http404(_("No such instrument"))
    return render(request, "law/instrument_detail.html", {"instrument": instrument})


@signed_in
def provision_list(request: HttpRequest) -> HttpResponse:
    strength = request.GET.get("strength", "")
    topic = request.GET.get("topic", "")
    rows = [
        (instrument, provision)
        for instrument in law().instruments.values()
        for provision in instrument.provisions
        if (not strength or provision.strength == strength)
        and (not topic or topic in provision.topics)
    ]
    topics = sorted({t for _, p in law().provisions.items() for t in p.topics})
    context = {
        "rows": rows,
        "strength": strength,
        "topic": topic,
        "topics": topics,
        "strengths": get_args(Strength),
    }
    return render(request, "law/provision_list.html", context)


@signed_in
def right_list(request: HttpRequest) -> HttpResponse:
    return render(request, "law/right_list.html", {"rights": law().rights.values()})


@signed_in
def right_detail(request: HttpRequest, code: str) -> HttpResponse:
    right = law().rights.get(code)
    if right is None:
        raise Http404(_("No such right"))
    return render(request, "law/right_detail.html", {"right": right})


@signed_in
def plain_language_list(request: HttpRequest) -> HttpResponse:
    """The languages of the person's copy: who translated each, whether anyone reviewed it."""
    languages = sorted(plain_languages().values(), key=lambda lang: lang.english_name)
    return render(request, "law/plain_languages.html", {"languages": languages})


@signed_in
def definition(request: HttpRequest) -> HttpResponse:
    context = {
        "definition": law().definition,
        "profiles": law().profiles.values(),
        "national": NationalDefinitionProfile.objects.all(),
    }
    return render(request, "law/definition.html", context)


@signed_in
def profile_detail(request: HttpRequest, code: str) -> HttpResponse:
    builtin = law().profiles.get(code)
    national = None if builtin else NationalDefinitionProfile.objects.filter(code=code).first()
    if builtin is None and national is None:
        raise Http404(_("No such profile"))
    return render(request, "law/profile_detail.html", {"builtin": builtin, "national": national})


@signed_in
def jurisdiction_list(request: HttpRequest) -> HttpResponse:
    names = dict(definition_profile_choices())
    rows = [
        (j, names.get(j.definition_profile, _("Unknown profile")))
        for j in JurisdictionProfile.objects.all()
    ]
    return render(request, "law/jurisdiction_list.html", {"rows": rows})


@signed_in
def jurisdiction_detail(request: HttpRequest, code: str) -> HttpResponse:
    jurisdiction = jurisdiction_or_404(code)
    findings = find_gaps(jurisdiction_settings(jurisdiction))
    context = {
        "jurisdiction": jurisdiction,
        "gaps": [f for f in findings if f.outcome == "gap"],
        "not_assessed": [f for f in findings if f.outcome == "unknown"],
        "assessed": sum(f.outcome == "ok" for f in findings if f.rule.check in SETTING_CHECKS),
        "profile_name": _profile_name(jurisdiction.definition_profile),
        "ratified": [law().instruments[i] for i in jurisdiction.ratified if i in law().instruments],
    }
    return render(request, "law/jurisdiction_detail.html", context)


def _profile_name(code: str) -> str:
    try:
        return definition_profile(code).name
    except UnknownProfile:
        return _("Unknown profile")


def _version(form: VersionedForm, stored: Any) -> int:
    """The version the editor started from; 0 for a new record. An edit that lost its version
    is refused as a conflict rather than saved over whatever is there now."""
    if stored is None:
        return actions.NEW
    version = form.cleaned_data.get("version")
    return version if version else -1


def _save(request: HttpRequest, form: VersionedForm, save: Any, keyword: str) -> Any:
    """Run a save action from a valid form; put its refusal on the form instead of failing.
    A bound ModelForm has already written its data onto form.instance, so the action gets the
    row as stored, to compare with and to guard by version."""
    stored = (
        type(form.instance)._default_manager.get(pk=form.instance.pk) if form.instance.pk else None
    )
    try:
        return save(
            data=form.profile_data(),
            acting_user=request.user,
            expected_version=_version(form, stored),
            **{keyword: stored},
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


@requires(Capability.EDIT_LEGAL_PROFILES)
@require_http_methods(["GET", "POST"])
def jurisdiction_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    jurisdiction = jurisdiction_or_404(code) if code else None
    form = JurisdictionForm(request.POST or None, instance=jurisdiction)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, actions.do_save_jurisdiction, "jurisdiction")
        if saved:
            messages.success(request, _("Jurisdiction %(code)s saved.") % {"code": saved.code})
            return redirect("law:jurisdiction", code=saved.code)
    return render(
        request,
        "law/edit.html",
        {
            "form": form,
            "title": _title(jurisdiction, _("Edit jurisdiction %(code)s"), _("New jurisdiction")),
        },
    )


@requires(Capability.EDIT_LEGAL_PROFILES)
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    profile = NationalDefinitionProfile.objects.filter(code=code).first() if code else None
    if code and profile is None:
        raise Http404(_("No such national profile"))
    form = DefinitionProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, actions.do_save_definition_profile, "profile")
        if saved:
            messages.success(
                request, _("Definition profile %(code)s saved.") % {"code": saved.code}
            )
            return redirect("law:profile", code=saved.code)
    return render(
        request,
        "law/edit.html",
        {
            "form": form,
            "title": _title(
                profile,
                _("Edit national definition profile %(code)s"),
                _("New national definition profile"),
            ),
        },
    )


def _title(instance: Any, edit: str, new: str) -> str:
    return edit % {"code": instance.code} if instance else new
