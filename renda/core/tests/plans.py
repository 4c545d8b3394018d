"""The PostgreSQL query plan of a queryset, for the tests that check a list is read from its index
(issue 17 item 3: ``*/tests/test_scale_queries.py``)."""

from __future__ import annotations

from typing import Any

from django.db import connection


def query_plan(query: Any, *, off: tuple[str, ...] = ()) -> str:
    """``EXPLAIN`` of ``query`` (a ``django.db.models.sql.Query``), one line per plan node, joined by newlines.

    ``off``: planner methods switched off first with ``SET LOCAL enable_<name> = off`` (``"sort"``,
    ``"seqscan"``, ``"bitmapscan"`` …), so that a plan without them shows an index can serve the query on
    its own; like any ``SET LOCAL`` they stay off until the test's transaction ends. PostgreSQL only.
    """
    sql, params = query.sql_with_params()
    with connection.cursor() as cur:
        for name in off:
            cur.execute(f"SET LOCAL enable_{name} = off")
        cur.execute("EXPLAIN " + sql, params)
        return "\n".join(r[0] for r in cur.fetchall())
