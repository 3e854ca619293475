"""The timeline takes an action's kind from the one register: every read is left out,
including reads of other apps' records that a hand-kept list forgot (proceedings.read)."""

import datetime

import pytest
from django.db import transaction

from haven.audit.log import record
from haven.audit.registry import READ, names_of_kind
from haven.cases.actions import do_open_case
from haven.cases.timeline import case_timeline


@pytest.fixture
def case(frontline):
    return do_open_case(
        first_name="Mira", birthdate=datetime.date(2001, 4, 5), acting_user=frontline
    )


def test_every_registered_read_is_left_out_of_the_timeline(case, frontline):
    reads = sorted(names_of_kind(READ))
    assert "proceedings.read" in reads
    with transaction.atomic():
        for name in reads:
            record(actor=frontline, action=name, target=case, details={"case_id": case.pk})
    assert [event.action for event in case_timeline(case)] == ["case.opened"]
