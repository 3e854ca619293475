"""Published statistics: a yearly release, frozen when published.

A release stores the disclosure-controlled figures as they were shown when published, not a
query: a public page that recomputed its figures would let a reader difference two visits
(one case added between them is a group of one). Exact counts are never stored.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation


class StatisticsRelease(models.Model):
    country = models.CharField(_("country"), max_length=2)  # ISO 3166-1 alpha-2
    year = models.PositiveSmallIntegerField(_("year of registration"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    k = models.PositiveSmallIntegerField()
    rounding = models.PositiveSmallIntegerField(default=1)
    definitions_version = models.CharField(max_length=64)  # SHA-256 of data/indicators.toml
    tables = models.JSONField()  # the shown cells of every indicator (haven/stats/publish.py)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["country", "-year"]
        # One release per country and year, ever: a second, withdrawn or not, could be
        # differenced against the first by anyone who kept a copy.
        constraints = [
            models.UniqueConstraint(fields=["country", "year"], name="one_release_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.year}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class StatisticsSnapshot(models.Model):
    """Exact, summable cells of one organisation's shareable cases (haven/stats/snapshot.py),
    by year of registration: what the national dashboard adds up instead of counting a
    million cases on every view. Written only by do_refresh_snapshots; never shown as it is:
    the sums go through the same disclosure control as live figures."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="+")
    taken_at = models.DateTimeField()  # when the cells were counted
    checked_at = models.DateTimeField()  # when they were last found to match the records
    marker = models.JSONField()  # the records' state they match (snapshot.Marker)
    cells = models.JSONField()  # {year: {indicator id: cell}} (haven/stats/cells.py)

    def __str__(self) -> str:
        return f"snapshot {self.organisation_id} {self.taken_at:%Y-%m-%d %H:%M}"
