"""Migration operations of the audit trail, used by every app that has an event table."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from renda.core.audit import TRIGGER_FUNCTION, append_only_sql, event_hash, hashed_columns


class AppendOnly(migrations.operations.base.Operation):
    """On PostgreSQL, add the trigger refusing UPDATE and DELETE on a model's table (no-op elsewhere).

    SQLite gets no trigger: the model and the admin refuse changes there, and ``renda audit verify``
    detects raw edits by their broken hash chain.
    """

    reversible = True

    def __init__(self, model_name: str):
        self.model_name = model_name

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _table(self, app_label: str, state: Any) -> str:
        return state.apps.get_model(app_label, self.model_name)._meta.db_table

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(append_only_sql(self._table(app_label, to_state))[0])

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(append_only_sql(self._table(app_label, from_state))[1])

    def describe(self) -> str:
        return f"Append-only trigger on {self.model_name}"

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return self.__class__.__qualname__, [], {"model_name": self.model_name}


def seal_existing(app_label: str, model_name: str, subject_field: str) -> migrations.RunPython:
    """A data migration chaining the event rows stored before the audit chain existed (id order)."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        subject = subject_field + "_id"
        columns = hashed_columns(model)
        prev: dict[Any, str] = {}
        for row in model.objects.order_by("id").values("id", *columns).iterator():
            row["prev_hash"] = prev.get(row[subject], "")
            h = event_hash(model, row)
            model.objects.filter(pk=row["id"]).update(prev_hash=row["prev_hash"], hash=h)
            prev[row[subject]] = h

    return migrations.RunPython(forwards, migrations.RunPython.noop)


FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {TRIGGER_FUNCTION}() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql
"""
