"""Recommendations to a State, the plan that answers them, and assessments of due diligence.

Rows are written only by `haven.diligence.actions`. Nothing here is personal data: people appear
only as the users who manage, report or assess, and the public portal never shows them.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Recommendation(models.Model):
    SUPPORTED, NOTED, PARTIAL = "supported", "noted", "partially_supported"
    POSITIONS = [
        (SUPPORTED, _("Supported")),
        (NOTED, _("Noted")),
        (PARTIAL, _("Partially supported")),
    ]
    IMPORTED, MANUAL, GUIDANCE, ASSESSMENT = "imported", "manual", "guidance", "assessment"
    ORIGINS = [
        (IMPORTED, _("Imported from a matrix")),
        (MANUAL, _("Entered by hand")),
        (GUIDANCE, _("Adopted from corpus guidance")),
        (ASSESSMENT, _("Opened by an assessment finding")),
    ]

    state = models.CharField(max_length=2, db_index=True)  # ISO 3166-1 alpha-2
    mechanism = models.CharField(max_length=40)  # UPR, a treaty body, GRETA, a special procedure
    cycle = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.CharField(max_length=120)
    text = models.TextField()
    recommending_states = models.JSONField(default=list, blank=True)
    position = models.CharField(max_length=20, choices=POSITIONS, blank=True)
    position_source = models.CharField(max_length=200, blank=True)
    themes = models.JSONField(default=list, blank=True)
    sdgs = models.JSONField(default=list, blank=True)
    affected_persons = models.JSONField(default=list, blank=True)
    origin = models.CharField(max_length=12, choices=ORIGINS)
    source_citation = models.CharField(max_length=400, blank=True)
    source_guidance = models.ForeignKey(
        "corpus.Guidance", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_paragraph = models.ForeignKey(
        "corpus.Paragraph", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Suggested tags, each with the words that suggested it; a correction replaces them.
    areas = models.JSONField(default=list, blank=True)
    rights = models.JSONField(default=list, blank=True)
    tag_evidence = models.JSONField(default=dict, blank=True)
    tags_corrected = models.BooleanField(default=False)
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state", "mechanism", "cycle", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "mechanism", "cycle", "number"], name="diligence_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mechanism} {self.cycle or ''} {self.number}".strip()


INSTITUTION_KINDS = [
    ("ministry", _("Ministry")),
    ("agency", _("Agency")),
    ("inspectorate", _("Inspectorate")),
    ("police", _("Police")),
    ("prosecution", _("Prosecution")),
    ("court", _("Court")),
    ("local_government", _("Local government")),
    ("independent_body", _("Independent body")),
    ("other", _("Other")),
]


class Institution(models.Model):
    """A government body in the taxonomy that measures are assigned to."""

    state = models.CharField(max_length=2)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=40, default="ministry")

    class Meta:
        ordering = ["state", "name"]
        constraints = [
            models.UniqueConstraint(fields=["state", "name"], name="diligence_unique_institution")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return str(dict(INSTITUTION_KINDS).get(self.kind, self.kind))


class Measure(models.Model):
    PLANNED, IN_PROGRESS, DONE, DELAYED, DROPPED = (
        "planned",
        "in_progress",
        "completed",
        "delayed",
        "cancelled",
    )
    STATUSES = [
        (PLANNED, _("Planned")),
        (IN_PROGRESS, _("In progress")),
        (DONE, _("Completed")),
        (DELAYED, _("Delayed")),
        (DROPPED, _("Cancelled")),
    ]

    state = models.CharField(max_length=2)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    recommendations = models.ManyToManyField(Recommendation, related_name="measures")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="measures")
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=STATUSES, default=PLANNED)
    published = models.BooleanField(default=False)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["target_date", "pk"]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    FREQUENCIES = [
        (1, _("Monthly")),
        (3, _("Quarterly")),
        (6, _("Every six months")),
        (12, _("Yearly")),
    ]

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(max_length=300)
    manager = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    start = models.DateField()
    end = models.DateField()
    frequency_months = models.PositiveSmallIntegerField(choices=FREQUENCIES)

    class Meta:
        ordering = ["measure", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="diligence_end_after"),
            models.CheckConstraint(
                condition=Q(frequency_months__in=[1, 3, 6, 12]), name="diligence_frequency"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProgressReport(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="reports")
    due_date = models.DateField()
    text = models.TextField()
    figures = models.JSONField(default=dict)  # {"label": number}
    evidence = models.CharField(max_length=400, blank=True)  # a citation or document reference
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    published = models.BooleanField(default=False)

    class Meta:
        ordering = ["indicator", "due_date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "due_date"], name="diligence_one_report")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.due_date}"


class Assessment(models.Model):
    """One version of an assessment of one area of due diligence for one State and year."""

    DRAFT, SIGNED_OFF = "draft", "signed_off"
    STATUSES = [(DRAFT, _("Draft")), (SIGNED_OFF, _("Signed off"))]

    state = models.CharField(max_length=2)
    area = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=12, choices=STATUSES, default=DRAFT)
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    signed_off_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state", "area", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "area", "year", "version"], name="diligence_unique_version"
            ),
            # The four-eyes rule holds in the database too, not only in the action.
            models.CheckConstraint(
                condition=~Q(signed_off_by=F("author")), name="diligence_other_signs_off"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} {self.area} {self.year} v{self.version}"


class Finding(models.Model):
    MET, PARTLY, NOT_MET, NOT_ASSESSED = "met", "partly_met", "not_met", "not_assessed"
    RESULTS = [
        (MET, _("Met")),
        (PARTLY, _("Partly met")),
        (NOT_MET, _("Not met")),
        (NOT_ASSESSED, _("Not assessed")),
    ]

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    criterion = models.CharField(max_length=60)
    result = models.CharField(max_length=14, choices=RESULTS, default=NOT_ASSESSED)
    narrative = models.TextField(blank=True)
    # [{"kind": "corpus"|"document"|"figure", "citation": "...", "note": "..."}]
    evidence = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="diligence_one_finding"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment} {self.criterion}"
