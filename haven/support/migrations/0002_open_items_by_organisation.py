"""Services keep their case's organisation, and those awaiting consent are indexed by it: the
badge on every page counts them (issue 17; docs/cases.md, Benchmark)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_organisation(apps, schema_editor):
    SupportPlan = apps.get_model("support", "SupportPlan")
    Service = apps.get_model("support", "Service")
    of_plan = SupportPlan.objects.filter(pk=OuterRef("plan_id")).values("case__organisation_id")
    Service.objects.update(organisation_id=Subquery(of_plan[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_webauthn_device"),
        ("cases", "0010_open_items_by_organisation"),
        ("support", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="service",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.RunPython(copy_organisation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="service",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.AddIndex(
            model_name="service",
            index=models.Index(
                condition=models.Q(("consent_given_on__isnull", True), ("status", "proposed")),
                fields=["organisation", "created_at"],
                name="service_awaiting_consent",
            ),
        ),
    ]
