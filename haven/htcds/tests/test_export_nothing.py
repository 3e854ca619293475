"""A user who may read no case (a role taken away before a job runs) exports an empty file,
never an error: the export's plain-SQL reader meets Django's empty queryset."""

import io

import pytest

from haven.cases.models import Case
from haven.htcds.export import columns_of, iter_records, write_csv, write_json_array


@pytest.mark.django_db
def test_an_empty_queryset_exports_no_record_in_json_and_csv():
    out = io.StringIO()
    counts = write_json_array(Case.objects.none(), out)
    assert counts["cases"] == 0 and out.getvalue() == "[\n]\n"
    table = io.StringIO()
    write_csv(iter_records(Case.objects.none()), columns_of(Case.objects.none()), table)
    assert table.getvalue().count("\n") == 1  # the header only
