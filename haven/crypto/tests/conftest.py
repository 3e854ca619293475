"""Fixtures for the crypto tests: a private copy of the keys file, and persons to encrypt."""

import datetime
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from haven.accounts.models import Organisation
from haven.cases.models import Person

MakePerson = Callable[..., Person]


@pytest.fixture
def keys_file(settings, tmp_path: Path) -> Path:
    """Tests that rewrite the keys file get their own copy, so other tests keep their keys."""
    copy = tmp_path / "keys.json"
    shutil.copyfile(settings.HAVEN_ENCRYPTION_KEYS_FILE, copy)
    settings.HAVEN_ENCRYPTION_KEYS_FILE = str(copy)
    return copy


@pytest.fixture
def organisation(db: None) -> Organisation:
    return Organisation.objects.create(name="Crypto Test NGO", org_type="NGO", country="GB")


@pytest.fixture
def make_person(organisation: Organisation) -> MakePerson:
    def make(
        first_name: str = "Ana",
        second_name: str = "Silva",
        birthdate: datetime.date | None = None,
        middle_name: str = "",
    ) -> Person:
        return Person.objects.create(
            organisation=organisation,
            first_name=first_name,
            middle_name=middle_name,
            second_name=second_name,
            birthdate=birthdate,
        )

    return make
