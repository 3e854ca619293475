"""Person search by any name part and date of birth, tolerant of spelling (issue 11, item 6)."""

import datetime
import itertools
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import access, names
from haven.cases.actions import do_open_case
from haven.cases.models import DuplicateReason, PersonNameKey, PossibleDuplicate
from haven.testing.fixtures import make_user

VARIANTS = tomllib.loads(
    (Path(__file__).parent / "data" / "name_variants.toml").read_text(encoding="utf-8")
)
GROUPS = [group["variants"] for group in VARIANTS["group"]]
BORN = datetime.date(1994, 3, 17)


def search(user, name="", birthdate=None):
    return access.search_cases_by_person(
        user, name=name, birthdate=birthdate, purpose="duplicate_check"
    )


def test_the_variant_list_covers_the_four_origins_with_at_least_forty_groups():
    origins = {group["origin"] for group in VARIANTS["group"]}
    assert origins == {"arabic", "vietnamese", "tigrinya", "romanian"}
    assert len(GROUPS) >= 40 and all(len(variants) >= 2 for variants in GROUPS)


def test_every_spelling_of_a_group_finds_a_person_registered_under_any_other(case_manager):
    registered = {
        (index, variant): do_open_case(first_name=variant, acting_user=case_manager)
        for index, group in enumerate(GROUPS)
        for variant in group
    }
    missed = [
        (stored, searched)
        for index, group in enumerate(GROUPS)
        for searched in group
        for found in [set(search(case_manager, searched))]
        for stored in group
        if registered[(index, stored)] not in found
    ]
    assert missed == []


def test_a_first_name_alone_a_family_name_alone_or_both_in_any_order_find_the_person(frontline):
    case = do_open_case(
        first_name="Tesfaye", middle_name="Gebre", second_name="Medhin", acting_user=frontline
    )
    for query in ("Tesfay", "medhin", "Gebremedhin Tesfai", "MEDHIN tesfaye gebre"):
        assert search(frontline, query) == [case], query
    assert search(frontline, "Tesfay Ionescu") == []


def test_a_date_of_birth_alone_finds_the_person_and_a_day_month_swap_too(frontline):
    case = do_open_case(first_name="Ioana", birthdate=BORN, acting_user=frontline)
    do_open_case(first_name="Ioana", acting_user=frontline)  # no date known: not found by date
    assert search(frontline, birthdate=BORN) == [case]
    swapped = do_open_case(
        first_name="Radu", birthdate=datetime.date(1990, 4, 5), acting_user=frontline
    )
    assert search(frontline, "Radu", birthdate=datetime.date(1990, 5, 4)) == [swapped]


def test_with_a_name_a_person_whose_date_of_birth_is_unknown_is_still_found(frontline):
    undated = do_open_case(first_name="Nguyễn", acting_user=frontline)
    other_date = do_open_case(
        first_name="Nguyen", birthdate=datetime.date(1970, 1, 30), acting_user=frontline
    )
    found = search(frontline, "nguyen", birthdate=BORN)
    assert undated in found and other_date not in found


def test_a_search_with_neither_name_nor_date_is_refused_rather_than_listing_everyone(frontline):
    do_open_case(first_name="Ana", acting_user=frontline)
    for nothing in ("  ", "--", "'"):
        with pytest.raises(ValueError, match="name"):
            search(frontline, nothing)


def test_the_search_is_audited_without_the_name(frontline):
    do_open_case(first_name="Mustafa", acting_user=frontline)
    search(frontline, "Moustapha")
    event = AuditEvent.objects.get(action="person.searched")
    assert event.details == {"by_birthdate": False, "found": 1}
    assert "oustapha" not in str(event.details).lower()


def test_name_keys_are_keyed_hashes_never_the_spelling_or_the_phonetic_code(frontline):
    case = do_open_case(first_name="Mohammed", second_name="Ionescu", acting_user=frontline)
    keys = set(PersonNameKey.objects.filter(person=case.person).values_list("key", flat=True))
    clear = {text for _, text in names.stored_terms("Mohammed", "Ionescu")}
    assert keys and not (keys & clear)
    assert all(len(key) == 64 and int(key, 16) >= 0 for key in keys)


def test_a_spelling_variant_registered_again_is_flagged_as_a_possible_duplicate(frontline):
    first = do_open_case(
        first_name="Mohammed", second_name="Tesfay", birthdate=BORN, acting_user=frontline
    )
    again = do_open_case(
        first_name="Muhammad", second_name="Tesfaye", birthdate=BORN, acting_user=frontline
    )
    flag = PossibleDuplicate.objects.get(person=again.person)
    assert flag.matches == first.person
    assert flag.reason == DuplicateReason.SIMILAR_NAME_AND_BIRTHDATE
    event = AuditEvent.objects.get(action="case.opened", target_id=str(again.pk))
    assert event.details["possible_duplicates"] == [first.person.pk]


def test_a_variant_with_another_known_date_of_birth_or_one_shared_part_is_not_flagged(frontline):
    do_open_case(first_name="Ahmed", second_name="Haile", birthdate=BORN, acting_user=frontline)
    do_open_case(
        first_name="Ahmad",
        second_name="Hayle",
        birthdate=datetime.date(2001, 1, 1),
        acting_user=frontline,
    )
    do_open_case(first_name="Ahmad", second_name="Popescu", acting_user=frontline)
    assert not PossibleDuplicate.objects.exists()


def test_other_organisations_persons_are_never_compared_nor_found(frontline, other_ngo):
    do_open_case(first_name="Zainab", second_name="Haddad", acting_user=frontline)
    stranger = make_user(other_ngo, Role.CASE_MANAGER)
    theirs = do_open_case(first_name="Zeinab", second_name="Hadad", acting_user=stranger)
    assert not PossibleDuplicate.objects.filter(person=theirs.person).exists()
    assert search(stranger, "Zainab") == [theirs]


def test_an_enforcement_officer_finds_nobody_and_the_search_page_refuses_them(
    client, frontline, police
):
    do_open_case(first_name="Amara", acting_user=frontline)
    officer = make_user(police, Role.ENFORCEMENT_OFFICER)
    assert search(officer, "Amara") == []
    client.force_login(officer)
    response = client.post("/cases/search/", {"name": "Amara", "purpose": "safeguarding"})
    assert response.status_code in (403, 404) and b"Amara" not in response.content


def test_the_search_page_marks_results_flagged_as_possible_duplicates(client, case_manager):
    first = do_open_case(first_name="Ștefan", second_name="Țurcanu", acting_user=case_manager)
    again = do_open_case(first_name="Stefan", second_name="Turcanu", acting_user=case_manager)
    client.force_login(case_manager)
    page = client.post("/cases/search/", {"name": "stephan", "purpose": "safeguarding"})
    text = page.content.decode()
    assert first.reference in text and again.reference in text
    assert "possible duplicate of" in text


def test_the_search_form_without_name_or_date_says_what_is_missing(client, case_manager):
    client.force_login(case_manager)
    page = client.post("/cases/search/", {"name": "", "purpose": "safeguarding"})
    assert "Give a name, a part of one, or a date of birth." in page.content.decode()
    assert not AuditEvent.objects.filter(action="person.searched").exists()


def test_rebuilding_the_keys_restores_search_for_persons_stored_without_them(frontline):
    case = do_open_case(first_name="Gheorghe", acting_user=frontline)
    PersonNameKey.objects.all().delete()
    assert search(frontline, "George") == []
    out = StringIO()
    call_command("person_keys", "rebuild", stdout=out)
    assert "1 person(s)" in out.getvalue()
    assert search(frontline, "George") == [case]
    event = AuditEvent.objects.get(action="person.keys_rebuilt")
    assert event.details == {"persons": 1, "flagged": 0}


def test_rebuilding_with_flags_flags_existing_variants_once(frontline):
    first = do_open_case(first_name="Yohannes", second_name="Kidane", acting_user=frontline)
    PersonNameKey.objects.all().delete()
    again = do_open_case(first_name="Johannes", second_name="Kiddane", acting_user=frontline)
    assert not PossibleDuplicate.objects.exists()  # the first had no keys to be found by
    for _ in range(2):
        call_command("person_keys", "rebuild", "--flag-duplicates", stdout=StringIO())
    flag = PossibleDuplicate.objects.get()
    assert (flag.person, flag.matches) == (again.person, first.person)


NAME_TEXT = st.text(
    alphabet=st.characters(categories=("L", "M", "Zs", "Pd")), min_size=1, max_size=30
)


@given(NAME_TEXT)
def test_normalising_a_name_part_is_idempotent(text):
    once = names.normalise_part(text)
    assert names.normalise_part(once) == once
    assert once == "" or once.isascii() and once.isalnum()


@given(st.lists(st.sampled_from(list(itertools.chain(*GROUPS))), min_size=1, max_size=3))
def test_a_name_always_finds_itself_whatever_the_order_of_its_parts(parts):
    stored = names.stored_terms(" ".join(parts))
    for query in (parts, list(reversed(parts))):
        assert all(options & stored for options in names.query_terms(" ".join(query)))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.sampled_from(list(itertools.chain(*GROUPS))), who=st.sampled_from(range(4)))
def test_a_search_never_returns_a_case_its_user_may_not_read(people, query, who):
    user = people["users"][who]
    visible = set(access.cases_visible_to(user))
    assert set(search(user, query)) <= visible


@pytest.fixture
def people(ngo, other_ngo, police):
    owner = make_user(ngo, Role.FRONTLINE_WORKER)
    for group in GROUPS[::3]:
        do_open_case(first_name=group[0], acting_user=owner)
    users = [
        make_user(ngo, Role.FRONTLINE_WORKER),  # a colleague: not their cases
        make_user(other_ngo, Role.CASE_MANAGER),  # another organisation
        make_user(police, Role.ENFORCEMENT_OFFICER),  # behind the firewall
        make_user(ngo, Role.CASE_MANAGER),  # may read them all
    ]
    return {"users": users}
