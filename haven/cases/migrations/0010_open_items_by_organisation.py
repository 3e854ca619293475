"""Deadlines keep their case's organisation, and the open ones are indexed by organisation and
date: the badge on every page counts them (issue 17; docs/cases.md, Benchmark)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_organisation(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Deadline = apps.get_model("cases", "Deadline")
    of_case = Case.objects.filter(pk=OuterRef("case_id")).values("organisation_id")[:1]
    Deadline.objects.update(organisation_id=Subquery(of_case))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_webauthn_device"),
        ("cases", "0009_victim_context_vulnerability_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
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
            model_name="deadline",
            name="organisation",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("done_on__isnull", True)),
                fields=["organisation", "due_on"],
                name="deadline_open_due",
            ),
        ),
    ]
