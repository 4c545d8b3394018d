"""Issue 12 item 8: both databases refuse the same rows. Every text, coded, integer and dated field of
the domain models carries a CHECK constraint (``core.constraints.db_checked``), present in the
database on both engines; the API answers a refused write with a code, not a 500."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models

from renda.core.apis import exception_handler
from renda.core.constraints import REGISTRY, check_date, field_constraints
from renda.core.exceptions import ApplicationError
from renda.core.models import DomainEvent

pytestmark = pytest.mark.django_db

DOMAIN_APPS = {"core", "organization", "proposals", "meetings", "livelihood", "liaison"}


def _domain_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m._meta.app_label in DOMAIN_APPS
        and not m.__name__.startswith("Historical")
        and not issubclass(m, DomainEvent)  # append-only, written by the spine alone
        and m.__module__.startswith("renda.")
    ]


def test_every_domain_model_declares_its_field_constraints():
    # given every concrete model of the domain apps but the event tables
    missing = []
    for model in _domain_models():
        declared = {c.name for c in model._meta.constraints}
        exclude = ["password"] if model._meta.label == "organization.User" else []
        # then each carries the length, choice and integer checks of its fields
        missing += [
            f"{model._meta.label}: {c.name}"
            for c in field_constraints(model, exclude=exclude)
            if c.name not in declared
        ]
    assert missing == []


def test_every_field_constraint_exists_in_the_database():
    # given the test database, built by the migrations on this engine (SQLite or PostgreSQL)
    absent = []
    with connection.cursor() as cursor:
        by_table: dict[str, dict] = {}
        for name, (model, _field, _kind) in REGISTRY.items():
            table = model._meta.db_table
            if table not in by_table:
                by_table[table] = connection.introspection.get_constraints(cursor, table)
            # then every constraint is a CHECK the database itself enforces
            info = by_table[table].get(name)
            if not info or not info.get("check"):
                absent.append(name)
    assert len(REGISTRY) > 150 and absent == []


def test_a_database_refusal_is_answered_by_the_api_as_a_code_not_a_500():
    # given the error a refused write raises on SQLite and on PostgreSQL
    for message in (
        "CHECK constraint failed: meetings_agendaitem_kind_in",
        'new row for relation "meetings_agendaitem" violates check constraint "meetings_agendaitem_kind_in"',
    ):
        # when the API's exception handler meets it
        response = exception_handler(IntegrityError(message), {})
        # then it answers 400 with a code and the field's Chinese name
        assert response is not None and response.status_code == 400
        assert response.data["code"] == "invalid_value" and "类别" in response.data["detail"]


@pytest.mark.parametrize("value", ["1900-01-01", "2101-01-01"])
def test_dates_outside_2000_to_2100_are_refused_at_the_edge(value):
    from datetime import date

    with pytest.raises(ApplicationError) as err:
        check_date(date.fromisoformat(value), label="报告日期")
    assert err.value.code == "invalid_date" and "2000年至2100年" in err.value.message
