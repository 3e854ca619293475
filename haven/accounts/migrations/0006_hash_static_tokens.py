"""Move recovery codes out of django-otp's static tokens, which hold them in clear: each
token becomes a keyed hash (haven/accounts/recovery_codes.py) on the user's recovery-code
device, still usable once, and the clear tokens are deleted. The reverse cannot restore
clear codes; it leaves the hashes, and people make new codes if they need them."""

from typing import Any

from django.db import migrations

from haven.accounts.recovery_codes import digest


def hash_static_tokens(apps: Any, schema_editor: Any) -> None:
    static_device = apps.get_model("otp_static", "StaticDevice")
    code_device = apps.get_model("accounts", "RecoveryCodeDevice")
    code = apps.get_model("accounts", "RecoveryCode")
    for old in static_device.objects.all():
        new, _ = code_device.objects.get_or_create(
            user_id=old.user_id, name=old.name, defaults={"confirmed": old.confirmed}
        )
        tokens = old.token_set.values_list("token", flat=True)
        code.objects.bulk_create(
            [code(device=new, digest=digest(t)) for t in tokens], ignore_conflicts=True
        )
        old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_recovery_codes_hashed"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(hash_static_tokens, migrations.RunPython.noop)]
