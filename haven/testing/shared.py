"""Tests that need material from outside the repository (../shared, Debian's chromium): absent,
they skip with the reason, except under CI=true, where absence is a failure."""

import os
from typing import NoReturn

import pytest


def unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)
