"""Pages of the corpus. UN documents are not personal data: any signed-in user reads and
searches them; adding documents and correcting tags needs EDIT_LEGAL_PROFILES."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from haven.accounts.roles import Capability
from haven.core.permissions import requires, signed_in
from haven.core.request import signed_in_user
from haven.corpus import actions, export, search
from haven.corpus.classify import vocabulary
from haven.corpus.forms import TagForm, UploadForm
from haven.corpus.models import Document, Guidance, paragraph_anchor
from haven.corpus.serialize import filter_guidance
from haven.corpus.sources import mandate_label
from haven.corpus.text import IngestError

GUIDANCE_FILTERS = ("document", "topic", "addressee", "strength", "position")
TAG_FACETS = ("topic", "addressee", "strength")
MAX_ID = 2**63 - 1  # larger ids overflow the database's integer and cannot exist
SEARCH_LIMIT = 50
GUIDANCE_PAGE = 100  # rows per guidance page (all of them came to 768 KB)
READER_PAGE = 50  # paragraphs per reader page: the longest sample has 210
# Marked here for makemessages, translated when shown.
REPLACED_MESSAGE = gettext_noop(
    "Replaced %(document)s: %(paragraphs)s paragraphs, %(entries)s guidance entries."
)
ADDED_MESSAGE = gettext_noop(
    "Added %(document)s: %(paragraphs)s paragraphs, %(entries)s guidance entries."
)
FACET_TITLES = {
    "document": _("Document"),
    "body": _("Body"),
    "year": _("Year"),
    "topic": _("Topic"),
    "addressee": _("Addressee"),
    "strength": _("Strength"),
}


def _id(pk: int) -> int:
    """An id from the URL; one too large for the database is simply not found (not a 500)."""
    if pk > MAX_ID:
        raise Http404("No such document or entry")
    return pk


@signed_in
def index(request: HttpRequest) -> HttpResponse:
    documents = Document.objects.all()
    return render(request, "corpus/index.html", {"documents": documents})


@signed_in
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_object_or_404(Document, pk=_id(pk))
    page = Paginator(doc.paragraphs.all(), READER_PAGE).get_page(_reader_page(doc, request))
    notes = {f.marker: f for f in doc.footnotes.all()}
    found = _recommendations(doc, [p.pk for p in page])
    paragraphs = [
        (p, [notes[m] for m in p.footnote_markers if m in notes], found.get(p.pk)) for p in page
    ]
    context = {
        "doc": doc,
        "page": page,
        "paragraphs": paragraphs,
        "rows": doc.guidance.filter(kind=Guidance.REFERENCE).select_related("paragraph")
        if not page.has_next()
        else [],
    }
    return render(request, "corpus/document.html", context)


def _recommendations(doc: Document, paragraph_ids: list[int]) -> dict[int | None, Guidance]:
    """A recommendation table's rows by paragraph: who recommended, the State's position."""
    rows = doc.guidance.filter(paragraph_id__in=paragraph_ids).exclude(state_position="")
    return {row.paragraph_id: row for row in rows}


def _reader_page(doc: Document, request: HttpRequest) -> str | int | None:
    """The page asked for, or the one holding the paragraph `?at=` names (links to a
    paragraph carry its anchor both there and as the fragment)."""
    at = request.GET.get("at")
    if not at:
        return request.GET.get("page")
    locators = doc.paragraphs.values_list("locator", flat=True)
    anchors = [paragraph_anchor(locator) for locator in locators]
    return anchors.index(at) // READER_PAGE + 1 if at in anchors else 1


def _with(params: QueryDict, name: str, value: str) -> str:
    query = params.copy()
    query[name] = value
    return "?" + query.urlencode()


def _labelled_facets(
    params: QueryDict, facets: dict[str, list[tuple[str, int]]]
) -> list[dict[str, Any]]:
    groups = []
    for name, buckets in facets.items():
        if buckets:
            groups.append(
                {
                    "name": name,
                    "title": FACET_TITLES.get(name, name),
                    "current": params.get(name, ""),
                    "clear": _with(params, name, ""),
                    "values": [
                        (_facet_label(name, value), count, _with(params, name, value), value)
                        for value, count in buckets
                    ],
                }
            )
    return groups


def _facet_label(name: str, value: str) -> str:
    if name == "body":
        return mandate_label(value)
    return vocabulary().localized_label(value) if name in TAG_FACETS else value


def _query_problems(query: str, filters: dict[str, str]) -> list[str]:
    """What is wrong with a query, said plainly (the search still runs on the rest)."""
    problems = []
    if query.count('"') % 2:
        problems.append(
            gettext('The query has an unclosed quote ("): it was searched as plain words.')
        )
    words = vocabulary()
    known = {
        "topic": {t.code for t in words.topics},
        "addressee": {t.code for t in words.addressees},
        "strength": {t.code for t in words.strengths},
    }
    for name, codes in known.items():
        if filters.get(name) and filters[name] not in codes:
            problems.append(
                gettext("Unknown %(facet)s “%(value)s”: choose one from the list.")
                % {"facet": FACET_TITLES[name].lower(), "value": filters[name]}
            )
    return problems


@signed_in
def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    filters = {name: request.GET.get(name, "") for name in search.FACETS}
    problems = _query_problems(query, filters)
    query_text = query.replace('"', " ") if query.count('"') % 2 else query
    results = None
    if query or any(filters.values()):
        results = search.search(query_text, filters=filters, limit=SEARCH_LIMIT, with_facets=True)
    context = {
        "problems": problems,
        "query": query,
        "results": results,
        "facets": _labelled_facets(request.GET, results.facets) if results else [],
        "active": [(n, v) for n, v in filters.items() if v],
    }
    return render(request, "corpus/search.html", context)


def _guidance_filters(request: HttpRequest) -> dict[str, str]:
    return {name: request.GET.get(name, "") for name in GUIDANCE_FILTERS}


@signed_in
def guidance(request: HttpRequest) -> HttpResponse:
    filters = _guidance_filters(request)
    rows = filter_guidance(**filters)
    words = vocabulary()
    # get_page turns a page number that is not a number, or past the end (even
    # 9223372036854775807), into the nearest real page instead of an error.
    page = Paginator(rows, GUIDANCE_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "count": page.paginator.count,
        "page_query": "?" + (query.urlencode() + "&" if query else "") + "page=",
        "filters": filters,
        "documents": Document.objects.order_by("key"),
        "words": words,
        "export_query": urlencode({k: v for k, v in filters.items() if v}),
        "labels": {t.code: t.label for t in (*words.topics, *words.addressees, *words.strengths)},
        "positions": Guidance.POSITIONS,
    }
    return render(request, "corpus/guidance.html", context)


@signed_in
def guidance_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx", "html"):
        raise Http404("Export as csv, xlsx or html")
    rows = list(filter_guidance(**_guidance_filters(request)))
    if fmt == "csv":
        response = HttpResponse(export.to_csv(rows), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            export.to_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        # The printable page is read by people: labels in their language (CSV and XLSX
        # keep the English labels, whatever the language, so that they stay comparable).
        table = export.table(
            rows, label=vocabulary().localized_label, position=export.localized_position
        )
        return render(request, "corpus/print.html", {"rows": table, "count": len(rows)})
    response["Content-Disposition"] = f'attachment; filename="haven-guidance.{fmt}"'
    return response


@requires(Capability.EDIT_LEGAL_PROFILES)
@require_http_methods(["GET", "POST"])
def guidance_tags(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Guidance.objects.select_related("document"), pk=_id(pk))
    initial = {"strength": row.strength, "addressee": row.addressee, "topics": row.topics}
    form = TagForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_correct_tags(
                row,
                topics=form.cleaned_data["topics"],
                addressee=form.cleaned_data["addressee"],
                strength=form.cleaned_data["strength"],
                acting_user=signed_in_user(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Tags saved."))
            query = urlencode({"document": row.document.key})
            return redirect(f"{reverse('corpus:guidance')}?{query}#guidance-{row.pk}")
    return render(request, "corpus/tags.html", {"row": row, "form": form})


@requires(Capability.EDIT_LEGAL_PROFILES)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        file = actions.FileToIngest(
            upload_file.name,
            upload_file.read(),
            symbol=form.cleaned_data["symbol"],
            title=form.cleaned_data["title"],
            when=form.cleaned_data["date"],
        )
        if form.cleaned_data["background"]:
            job = actions.do_queue_ingest(file, acting_user=signed_in_user(request))
            return redirect("jobs:detail", job_id=job.pk)
        try:
            result = actions.do_ingest_file(
                file.name,
                file.data,
                symbol=file.symbol,
                title=file.title,
                when=file.when,
                acting_user=signed_in_user(request),
            )
        except IngestError as error:
            # The reason comes from the plain-Python reader (no Django there), in English.
            reason = gettext("This file cannot be added: %(reason)s") % {"reason": error}
            form.add_error("file", reason)
        else:
            template = REPLACED_MESSAGE if result.replaced else ADDED_MESSAGE
            done = gettext(template)
            counts = {"paragraphs": result.paragraphs, "entries": result.guidance + result.rows}
            messages.success(request, done % {"document": result.document.label, **counts})
            return redirect("corpus:document", pk=result.document.pk)
    return render(request, "corpus/upload.html", {"form": form})
