"""`haven init`: idempotent, scriptable, and never a default credential."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from haven.accounts.models import User
from haven.accounts.roles import OrgType
from haven.cases.models import Person
from haven.crypto.keys import new_keyring_json
from haven.testing.fixtures import make_organisation


def _haven(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    env["HAVEN_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "haven", *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.skipif(
    bool(os.environ.get("HAVEN_DATABASE_URL")), reason="drives the default SQLite data directory"
)
def test_init_makes_everything_once_and_prints_the_admin_password_once(tmp_path):
    first = _haven(tmp_path / "data", "init", "--no-static")
    assert first.returncode == 0, first.stderr
    assert "with password:" in first.stdout
    assert {p.name for p in (tmp_path / "data").iterdir()} >= {
        "secret_key",
        "keys.json",
        "haven.sqlite3",
    }
    assert oct((tmp_path / "data" / "keys.json").stat().st_mode & 0o777) == "0o600"
    again = _haven(tmp_path / "data", "init", "--no-static")
    assert again.returncode == 0 and "password" not in again.stdout
    (tmp_path / "data" / "keys.json").unlink()
    lost_keys = _haven(tmp_path / "data", "init", "--no-static")
    assert lost_keys.returncode != 0 and "Restore the keys file" in lost_keys.stderr


def test_init_refuses_keys_that_cannot_read_the_stored_data(db, settings, tmp_path):
    Person.objects.create(organisation=make_organisation("N", OrgType.NGO), first_name="Ada")
    other_keys = tmp_path / "other.json"
    other_keys.write_text(new_keyring_json())
    settings.HAVEN_ENCRYPTION_KEYS_FILE = other_keys
    with pytest.raises(CommandError, match="cannot decrypt the stored data"):
        call_command("init", "--no-static", verbosity=0)


def test_init_creates_an_administrator_only_when_there_is_no_user(db, capsys):
    call_command("init", "--no-static", verbosity=0)
    assert User.objects.get().username == "admin"
    call_command("init", "--no-static", verbosity=0)
    assert User.objects.count() == 1
