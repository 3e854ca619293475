"""Person search benchmark: how often the old exact search and the new spelling-tolerant search
miss a person, and how often they find someone else, on the list of spelling variants.

    .venv/bin/python bench/person_search.py [--filler 500]

Uses a throwaway data directory (SQLite, or HAVEN_DATABASE_URL). Registers one person per
spelling in haven/cases/tests/data/name_variants.toml (and --filler persons with unrelated
names, so the timings see a table of some size), then searches every spelling:
- false negatives: pairs (registered as A, searched as B) of the same group where B does not
  find A, over all such pairs; the old search is the exact look-up by the (first, second) name
  blind index it used before, the new one `haven.cases.access.search_cases_by_person`;
- false positives: pairs of spellings of different groups where B finds A, over all such pairs;
- the known misses listed apart in the data file, the same way;
- the time of one search, new beside old, as a ratio.
It prints figures; it asserts nothing.
"""

import argparse
import random
import sys
import time
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, percentile, setup  # noqa: E402

VARIANTS = ROOT / "haven" / "cases" / "tests" / "data" / "name_variants.toml"
FILLER_PARTS = ["Ana", "Pop", "Okafor", "Silva", "Novak", "Diallo", "Chen", "Lindqvist", "Eze"]


def register(
    groups: list[list[str]], filler: int, name: str
) -> tuple[object, dict[tuple[int, str], int]]:
    from haven.accounts.roles import OrgType, Role
    from haven.cases.actions import do_open_case
    from haven.testing.fixtures import make_organisation, make_user

    ngo = make_organisation(name, OrgType.NGO)
    user = make_user(ngo, Role.CASE_MANAGER)
    rng = random.Random(11)
    for _ in range(filler):
        do_open_case(
            first_name=rng.choice(FILLER_PARTS),
            second_name=rng.choice(FILLER_PARTS) + "x",
            acting_user=user,
        )
    cases = {
        (index, variant): do_open_case(first_name=variant, acting_user=user).pk
        for index, group in enumerate(groups)
        for variant in group
    }
    return user, cases


def old_search(user: object, name: str) -> set[int]:
    """The search as it was: an exact blind-index match of (first name, second name), audited
    as every search is, so that the two timings compare like with like."""
    from django.db import transaction

    from haven.audit.log import record
    from haven.cases.access import cases_visible_to
    from haven.cases.models import Person
    from haven.crypto.fields import index_for

    index = index_for(Person, "name_index", name, "")
    visible = cases_visible_to(user)  # type: ignore[arg-type]
    found = set(visible.filter(person__name_index=index).values_list("pk", flat=True))
    with transaction.atomic():
        record(actor=user, action="person.searched", target_type="cases.person")  # type: ignore[arg-type]
    return found


def new_search(user: object, name: str) -> set[int]:
    from haven.cases.access import search_cases_by_person

    found = search_cases_by_person(user, name=name, birthdate=None, purpose="duplicate_check")  # type: ignore[arg-type]
    return {case.pk for case in found}


def measure(groups: list[list[str]], filler: int, name: str) -> dict[str, dict[str, float]]:
    user, cases = register(groups, filler, name)
    spellings = [(index, variant) for index, group in enumerate(groups) for variant in group]
    figures: dict[str, dict[str, float]] = {}
    for label, search in (("old", old_search), ("new", new_search)):
        misses = same = wrong = other = 0
        timings = []
        for index, searched in spellings:
            started = time.perf_counter()
            found = search(user, searched)
            timings.append(time.perf_counter() - started)
            for (owner, stored), pk in cases.items():
                if (owner, stored) == (index, searched):
                    continue
                if owner == index:
                    same += 1
                    misses += pk not in found
                else:
                    other += 1
                    wrong += pk in found
        figures[label] = {
            "fn": misses / same,
            "fp": wrong / other,
            "pairs": same,
            "other_pairs": other,
            "p50_ms": percentile(timings, 0.5) * 1000,
        }
    return figures


def ratio(new: float, old: float) -> str:
    return f"{new / old:.2f}x" if old else "n/a (old is 0)"


def report(title: str, figures: dict[str, dict[str, float]]) -> None:
    old, new = figures["old"], figures["new"]
    print(f"{title}: {int(new['pairs'])} same-name pairs, {int(new['other_pairs'])} other pairs")
    print(
        f"  false negatives  old {old['fn']:.1%}  new {new['fn']:.1%}  "
        f"ratio {ratio(new['fn'], old['fn'])}"
    )
    print(f"  false positives  old {old['fp']:.2%}  new {new['fp']:.2%}")
    print(
        f"  one search p50   old {old['p50_ms']:.2f} ms  new {new['p50_ms']:.2f} ms  "
        f"ratio {ratio(new['p50_ms'], old['p50_ms'])}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--filler", type=int, default=500, help="unrelated persons registered")
    args = parser.parse_args()
    data = tomllib.loads(VARIANTS.read_text(encoding="utf-8"))
    setup()
    groups = [group["variants"] for group in data["group"]]
    report(f"Variant list ({len(groups)} groups)", measure(groups, args.filler, "Bench NGO"))
    known = [group["variants"] for group in data.get("known_miss", [])]
    if known:
        report(
            f"Known misses ({len(known)} groups, not asserted)", measure(known, 0, "Bench NGO 2")
        )
    origins = sorted({group["origin"] for group in data["group"]})
    print(f"origins: {', '.join(origins)}; pairs over {sum(len(g) for g in groups)} spellings")


if __name__ == "__main__":
    main()
