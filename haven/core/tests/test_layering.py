"""Rules that enforce themselves, as AST checks over the code base: core depends on no
domain app; model writes live in actions.py (or a named, explained exception); reads of
personal-data models go through access.py (or a named, explained exception)."""

import ast
from pathlib import Path

import pytest

HAVEN = Path(__file__).resolve().parents[2]
DOMAIN_APPS = (
    "cases",
    "law",
    "screening",
    "referrals",
    "support",
    "proceedings",
    "corpus",
    "htcds",
)
# Every app of Haven's; a new app joins this list.
CHECKED_APPS = (
    "audit",
    "cases",
    "referrals",
    "support",
    "crypto",
    "core",
    "htcds",
    "accounts",
    "screening",
    "law",
    "proceedings",
    "corpus",
    "jobs",
    "stats",
    "diligence",
    "business",
    "api",
    "drafts",
    "inbox",
    "languages",
)
WRITES = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}
PERSONAL = {
    "Person",
    "Case",
    "SupportNote",
    "VictimContext",
    "TraffickingEvent",
    "PerpetratorContext",
    "Consent",
    "ReadExplanation",
    "Referral",
    "SupportPlan",
    "Service",
    "Milestone",
    "Draft",
}


def _sources(app: str):
    for path in sorted((HAVEN / app).rglob("*.py")):
        if "tests" not in path.parts and "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_core_imports_no_domain_app():
    found = []
    for path, tree in _sources("core"):
        for node in ast.walk(tree):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            names += [a.name for a in node.names] if isinstance(node, ast.Import) else []
            found += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[1:2]
                and n.split(".")[0] == "haven"
                and n.split(".")[1] in DOMAIN_APPS
            ]
    assert found == []


# File -> why it may write models outside an actions.py (each runs only inside an action).
WRITE_ALLOWED = {
    "audit/log.py": "record() itself: the trail's one writer, inside its caller's transaction",
    "audit/models.py": "AuditEvent.save forces an insert and refuses changes",
    "audit/seal.py": "the sealer chains what record() wrote; its own event would need sealing",
    "cases/retention.py": "erasers run inside the retention action (_erase_expired)",
    "referrals/retention.py": "an eraser, run inside the retention action",
    "support/retention.py": "an eraser, run inside the retention action",
    "cases/deadlines.py": "add_deadlines is called only from actions (screening, proceedings)",
    "core/versioning.py": "the versioned-save helpers actions call",
    "crypto/rotation.py": "re-encryption inside the rotation action (_reencrypt_everything)",
    "htcds/importer.py": "_save runs inside the import action (_import)",
    "htcds/export.py": "openpyxl's workbook.save writes a file, not a model",
    "corpus/export.py": "openpyxl's workbook.save writes a file, not a model",
    "stats/tables.py": "openpyxl's workbook.save writes a file, not a model",
    "diligence/export.py": "openpyxl's workbook.save writes a file, not a model",
    "accounts/second_factor.py": "device and recovery-code helpers the accounts actions call",
    "accounts/models.py": "RecoveryCodeDevice.verify_token spends a code, inside an action",
    "accounts/throttle.py": "sign-in counters (keyed hashes and times), no one's record",
    "business/throttle.py": "rate-limit attempts (a hashed address and a time), no one's record",
    "api/ratelimit.py": "API rate counters (a client, a minute, a count), no one's record",
    "screening/retention.py": "an eraser, run inside the retention action",
    "proceedings/retention.py": "an eraser, run inside the retention action",
    "stats/synthetic.py": "generated test and benchmark data; never run on a live database",
    "api/outbox.py": "the webhook outbox, filled inside the action whose audit event it follows",
    "drafts/retention.py": "an eraser, run inside the retention action",
    "cases/models.py": "Person.save re-derives its name keys, Deadline.save copies its case's "
    "organisation; saved only in actions (DB guard)",
    "cases/search.py": "index_names: name keys replaced inside the action saving the person",
    "corpus/index_outbox.py": "outbox rows added inside the corpus actions; pruning is an @action",
}
# File -> why it may read personal-data models outside an access.py.
READ_ALLOWED = {
    "cases/retention.py": "the retention action selects expired cases and erases them",
    "referrals/retention.py": "an eraser",
    "support/retention.py": "an eraser",
    "cases/stats.py": "counts only, k-anonymised; no personal field leaves it",
    "cases/consent.py": "active_consents, a query helper for access.py and actions.py",
    "stats/compute.py": "counts only; disclosure control runs before figures go outside",
    "stats/export.py": "the audited CTDC export selects consenting cases and k-anonymises them",
    "stats/synthetic.py": "generated test and benchmark data; never run on a live database",
    "htcds/export.py": "the export, audited as htcds.exported; callers check the capability",
    "htcds/importer.py": "bulk inserts inside the import action",
    "api/outbox.py": "reads a referral's id, status and sides for its webhook, never its content",
    "drafts/retention.py": "an eraser",
    "cases/search.py": "blind-index matching for access.py and actions.py; decrypts nothing",
    "stats/labels.py": "Case.objects.none() only, to find a counted field's choices; no row",
}


def _is_write(node: ast.Call) -> bool:
    if not isinstance(node.func, ast.Attribute) or node.func.attr not in WRITES:
        return False
    if any(k.arg == "commit" for k in node.keywords):
        return False  # ModelForm.save(commit=False) builds an instance, writes nothing
    receiver = ast.unparse(node.func.value)
    on_queryset = any(t in receiver for t in ("objects", "manager", ".all()", ".filter("))
    return on_queryset or node.func.attr in ("save", "delete")


def _offences(check, allowed: dict[str, str], skip: tuple[str, ...]) -> list[str]:
    found = []
    for app in CHECKED_APPS:
        for path, tree in _sources(app):
            name = str(path.relative_to(HAVEN))
            if path.name in skip or name in allowed:
                continue
            found += [f"{name}:{n.lineno}" for n in ast.walk(tree) if check(n)]
    return found


def _reads_personal(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr in ("objects", "_default_manager")
        and isinstance(node.value, ast.Name)
        and node.value.id in PERSONAL
    )


def test_model_writes_live_in_actions():
    check = lambda n: isinstance(n, ast.Call) and _is_write(n)  # noqa: E731
    assert _offences(check, WRITE_ALLOWED, ("actions.py",)) == []


def test_personal_data_is_read_only_through_access():
    assert _offences(_reads_personal, READ_ALLOWED, ("access.py", "actions.py")) == []


@pytest.mark.parametrize("table", [WRITE_ALLOWED, READ_ALLOWED])
def test_every_exception_names_a_file_that_exists(table):
    assert [name for name in table if not (HAVEN / name).exists()] == []


def test_the_write_check_catches_a_write():
    tree = ast.parse("Case.objects.filter(pk=1).update(status='x')\nnote.save()\nd.update(a=1)")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert sum(_is_write(c) for c in calls) == 2
