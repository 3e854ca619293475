"""Test-run environment: a throwaway data directory, secret and keyring, unless CI sets its own.

Set before Django loads its settings, which pytest-django does before any fixture runs.
"""

import os
import secrets
import tempfile
from pathlib import Path

_data_dir = Path(tempfile.mkdtemp(prefix="haven-test-"))
os.environ.setdefault("HAVEN_DATA_DIR", str(_data_dir))
os.environ.setdefault("HAVEN_SECRET_KEY", secrets.token_urlsafe(40))
os.environ.setdefault("HAVEN_ENCRYPTION_KEYS_FILE", str(_data_dir / "keys.json"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")

from haven.crypto.keys import new_keyring_json  # noqa: E402

(Path(os.environ["HAVEN_DATA_DIR"]) / "static").mkdir(parents=True, exist_ok=True)
_keys = Path(os.environ["HAVEN_ENCRYPTION_KEYS_FILE"])
if not _keys.exists():
    _keys.write_text(new_keyring_json(), encoding="utf-8")

import django  # noqa: E402

django.setup()

pytest_plugins = ["haven.testing.fixtures", "haven.testing.browser", "haven.testing.dbguard"]
pytest_plugins += ["haven.testing.catalogs"]  # compiles stale .mo files (docs/languages.md)
