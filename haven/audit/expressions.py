"""The case an audit event's details name, as an expression one index can serve.

Django's JSON key lookup (`details__case_id=…`) passes the key's path as a query parameter, and
SQLite matches a query to an expression index only when the expression is written alike, path
included; so the lookup read the whole trail on every case page. This expression writes the path
into the SQL and is the one both the index (migration audit 0004) and the timeline's query use.
Both back-ends give text: a details value that is not a number still indexes, never fails an
audit write."""

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import CharField, Func
from django.db.models.sql.compiler import SQLCompiler


class NamedCase(Func):
    """`details ->> 'case_id'`: the case id the details name, as text (None if they name none)."""

    template = "(%(expressions)s ->> 'case_id')"
    output_field = CharField()

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, Any]:
        template = "CAST(JSON_EXTRACT(%(expressions)s, '$.case_id') AS TEXT)"
        return self.as_sql(compiler, connection, template=template, **extra)
