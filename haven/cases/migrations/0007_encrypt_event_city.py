"""TraffickingEvent.city was stored in clear (issue 16, F11): encrypt it in place. Raw SQL,
because the historical model would try to decrypt the clear values it reads."""

from django.db import migrations

import haven.crypto.fields
from haven.crypto.cipher import encrypt

CONTEXT = "cases.traffickingevent.city"  # column_context: app label, model, field name


def encrypt_cities(apps, schema_editor):
    connection = schema_editor.connection
    table = connection.ops.quote_name("cases_traffickingevent")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, city FROM {table} WHERE city <> ''")  # noqa: S608
        rows = cursor.fetchall()
        for pk, city in rows:
            if not city.startswith("v1:"):
                token = encrypt(city, context=CONTEXT)
                cursor.execute(f"UPDATE {table} SET city = %s WHERE id = %s", [token, pk])  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_read_explanation"),
    ]

    operations = [
        migrations.AlterField(
            model_name="traffickingevent",
            name="city",
            field=haven.crypto.fields.EncryptedTextField(
                blank=True, help_text="HTCDS hte_City; encrypted: a town can identify"
            ),
        ),
        migrations.RunPython(encrypt_cities, migrations.RunPython.noop),
    ]
