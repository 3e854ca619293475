"""Issue 16, "a fuzz run of every JSON endpoint gives 0 server errors", for the two JSON
endpoints outside the versioned API (which schemathesis fuzzes, haven/api/tests/test_fuzz.py):
`/law/api/check/` and `/screening/api/screen/`. Bodies are hypothesis-made: any JSON value,
and well-shaped records whose every field may be junk (huge numbers, NUL, wrong types, unknown
codes, impossible dates). Each answer is 200 or a 400 naming what is wrong; neither stores
anything (both endpoints compute and answer, docs/screening.md)."""

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from haven.audit.models import AuditEvent
from haven.law.actions import do_load_builtin_jurisdictions
from haven.law.schema import ACTS, MEANS, PURPOSES

JUNK: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**80), 2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["\x00", "2026-02-30", "99999-01-01", "GB\x00", "x" * 10_000, "INTL"]),
)
ANY_JSON = st.recursive(JUNK, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner))


def _codes(known: tuple[str, ...]) -> st.SearchStrategy[Any]:
    return st.one_of(JUNK, st.lists(st.one_of(st.sampled_from(known), JUNK), max_size=4))


FACTS = st.fixed_dictionaries(
    {},
    optional={
        "age": JUNK,
        "age_disputed": JUNK,
        "acts": _codes(ACTS),
        "means": _codes(MEANS),
        "purposes": _codes(PURPOSES),
    },
)
CHECKS = st.fixed_dictionaries({}, optional={"facts": st.one_of(FACTS, JUNK), "jurisdiction": JUNK})
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "jurisdiction": st.one_of(st.sampled_from(["GB", "INTL", "ZZ"]), JUNK),
        "encounter": st.one_of(
            JUNK,
            st.fixed_dictionaries(
                {}, optional={"date": JUNK | st.dates().map(str), "setting": JUNK}
            ),
        ),
        "person": st.one_of(JUNK, st.fixed_dictionaries({}, optional={"age": JUNK})),
        "vulnerabilities": _codes(("irregular_residence_status", "debt")),
        "indicators": st.one_of(JUNK, st.dictionaries(st.text(max_size=20), JUNK, max_size=3)),
        "consent_to_record": JUNK,
    },
)
ENDPOINTS = {
    "/law/api/check/": st.one_of(CHECKS, ANY_JSON),
    "/screening/api/screen/": st.one_of(RECORDS, ANY_JSON),
}


@pytest.mark.parametrize("url", ENDPOINTS)
def test_no_json_body_gives_a_server_error_or_a_write(client, frontline, url):
    do_load_builtin_jurisdictions()
    client.force_login(frontline)
    before = AuditEvent.objects.count()

    @settings(
        max_examples=100,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(body=ENDPOINTS[url])
    def post(body: Any) -> None:
        response = client.post(url, json.dumps(body), content_type="application/json")
        assert response.status_code in (200, 400), (body, response.content[:300])
        if response.status_code == 400:
            assert response.json()["error"]

    post()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_control_character_is_a_json_error_naming_the_field(client, frontline, url):
    # Found by the fuzz run: the screening API answered Django's HTML 400 page, not its JSON.
    do_load_builtin_jurisdictions()
    client.force_login(frontline)
    body = {"jurisdiction": "GB\x00"}
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "body.jurisdiction" in response.json()["error"]
