"""Database CHECK constraints that make SQLite refuse what PostgreSQL refuses (issue 12 item 8).

SQLite ignores ``varchar(n)`` lengths, stores any text in a column with choices, keeps 64-bit
numbers in a ``smallint`` column and even stores the *text* ``"١٢"`` in an integer column; PostgreSQL
refuses all of these, so a SQLite deployment could not be moved with dumpdata/loaddata until rows
were edited by hand. :func:`db_checked` adds, to a model, one CHECK constraint per field:

* every ``CharField``: ``LENGTH(field) <= max_length`` (name ``<table>_<field>_len``);
* every ``CharField`` with choices: ``field IN (choices)``, plus '' when the field may be blank
  (``<table>_<field>_in``);
* every integer field: ``field <= `` the largest value PostgreSQL's column holds (``smallint``
  32,767, ``integer`` 2,147,483,647; ``<table>_<field>_max``) — on SQLite a text value compares
  greater than any number, so this also refuses digits stored as text;
* the date and date-time fields named in ``dates``: within :data:`DATE_MIN` – :data:`DATE_MAX`
  (``<table>_<field>_range``), the window in which a congress's records can fall.

Both engines then refuse a bad row written by any path (forms, API, admin, shell, loaddata). Pages
and the API validate first, so users see a Chinese message or an API code, never the database error:
:func:`check_date` and :func:`check_text` are the shared edge checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from django.db import models
from django.db.models.functions import Length

from renda.core.exceptions import ApplicationError

#: The earliest and latest date a congress record may carry (proposals, meetings, progress reports …).
DATE_MIN = date(2000, 1, 1)
DATE_MAX = date(2100, 12, 31)
#: The largest value of PostgreSQL's integer column types, by Django field class name.
PG_INT_MAX = {
    "SmallIntegerField": 32_767,
    "PositiveSmallIntegerField": 32_767,
    "IntegerField": 2_147_483_647,
    "PositiveIntegerField": 2_147_483_647,
    "BigIntegerField": 2**63 - 1,
    "PositiveBigIntegerField": 2**63 - 1,
}

M = TypeVar("M", bound=type[models.Model])

#: Every constraint :func:`db_checked` added: name → (model, field name, kind ``len``/``in``/``max``/``range``).
REGISTRY: dict[str, tuple[type[models.Model], str, str]] = {}

#: ``field__length__lte`` on text fields (the constraints below, and the migrations that carry them).
models.CharField.register_lookup(Length)


def _name(model: type[models.Model], field: str, suffix: str) -> str:
    return f"{model._meta.db_table}_{field}_{suffix}"[:63]


def field_constraints(
    model: type[models.Model], *, dates: Iterable[str] = (), exclude: Iterable[str] = ()
) -> list[models.CheckConstraint]:
    """The CHECK constraints :func:`db_checked` adds to ``model`` (see the module docstring).

    Args:
        model: a concrete model whose fields are set up.
        dates: names of date or date-time fields kept within :data:`DATE_MIN` – :data:`DATE_MAX`.
        exclude: field names left alone (e.g. a password hash written only by Django).
    Returns:
        The constraints, in field order.
    """
    skip = set(exclude)
    out: list[models.CheckConstraint] = []
    for f in model._meta.local_fields:
        if f.name in skip or f.primary_key:
            continue
        if isinstance(f, models.CharField) and f.max_length:
            out.append(
                models.CheckConstraint(
                    condition=models.Q(**{f"{f.attname}__length__lte": f.max_length}), name=_name(model, f.name, "len")
                )
            )
            if f.choices:
                values = [v for v, _label in f.flatchoices]
                if f.blank and "" not in values:
                    values.append("")
                out.append(
                    models.CheckConstraint(
                        condition=models.Q(**{f"{f.attname}__in": values}), name=_name(model, f.name, "in")
                    )
                )
        elif isinstance(f, models.IntegerField) and type(f).__name__ in PG_INT_MAX:
            top = PG_INT_MAX[type(f).__name__]
            if top < 2**63 - 1:
                out.append(
                    models.CheckConstraint(
                        condition=models.Q(**{f"{f.attname}__lte": top}), name=_name(model, f.name, "max")
                    )
                )
    for name in dates:
        df = model._meta.get_field(name)
        if isinstance(df, models.DateTimeField):
            low: Any = datetime(DATE_MIN.year, 1, 1, tzinfo=UTC)
            high: Any = datetime(DATE_MAX.year + 1, 1, 1, tzinfo=UTC)
            cond = models.Q(**{f"{name}__gte": low, f"{name}__lt": high})
        elif isinstance(df, models.DateField):
            cond = models.Q(**{f"{name}__gte": DATE_MIN, f"{name}__lte": DATE_MAX})
        else:
            raise TypeError(f"{model.__name__}.{name} is not a date field")
        if df.null:
            cond = cond | models.Q(**{f"{name}__isnull": True})
        out.append(models.CheckConstraint(condition=cond, name=_name(model, name, "range")))
    return out


def db_checked(*, dates: Iterable[str] = (), exclude: Iterable[str] = ()) -> Callable[[M], M]:
    """Class decorator: add :func:`field_constraints` to the model's ``Meta.constraints``.

    Usage: ``@db_checked(dates=["starts_at"])`` above ``class Meeting(models.Model)``. The
    constraints are part of the model's state, so ``makemigrations`` writes them and
    ``full_clean`` (the admin) checks them. Issue 12 item 8.
    """

    def apply(model: M) -> M:
        opts = model._meta
        have = {c.name for c in opts.constraints}
        added = [c for c in field_constraints(model, dates=dates, exclude=exclude) if c.name not in have]
        opts.constraints = [*opts.constraints, *added]
        opts.original_attrs["constraints"] = opts.constraints
        for c in added:
            field, kind = c.name[len(opts.db_table) + 1 :].rsplit("_", 1)
            REGISTRY[c.name] = (model, field, kind)
        return model

    return apply


def check_date(value: date | datetime | None, *, label: str) -> None:
    """Refuse a date outside :data:`DATE_MIN` – :data:`DATE_MAX` (``None`` passes).

    Raises:
        ApplicationError: code ``invalid_date``, "<label>须在2000年至2100年之间".
    """
    if value is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise ApplicationError(
            f"{label}须在{DATE_MIN.year}年至{DATE_MAX.year}年之间", code="invalid_date", extra={"field": label}
        )


def check_text(value: str, *, label: str, max_length: int) -> None:
    """Refuse text longer than ``max_length`` characters.

    Raises:
        ApplicationError: code ``too_long``, "<label>不能超过N个字".
    """
    if len(value) > max_length:
        raise ApplicationError(f"{label}不能超过{max_length}个字", code="too_long", extra={"field": label})


_CONSTRAINT_NAME = re.compile(r"\b([a-z0-9_]+_(?:len|in|max|range))\b")


def refused(exc: Exception) -> ApplicationError | None:
    """The Chinese error for a database refusal by one of :data:`REGISTRY`'s constraints, else ``None``.

    A write that skipped the edge checks (a path the forms and serializers do not cover) is refused by
    the database on both engines; the API's exception handler answers this error (HTTP 400, code
    ``invalid_value``, the field's name) instead of a 500.
    """
    for name in _CONSTRAINT_NAME.findall(str(exc)):
        if name in REGISTRY:
            model, field, kind = REGISTRY[name]
            f = model._meta.get_field(field)
            label = str(getattr(f, "verbose_name", field))
            detail = {
                "len": f"{label}不能超过{getattr(f, 'max_length', 0)}个字",
                "in": f"{label}的取值无效",
                "max": f"{label}的数值过大",
                "range": f"{label}须在{DATE_MIN.year}年至{DATE_MAX.year}年之间",
            }[kind]
            return ApplicationError(detail, code="invalid_value", extra={"field": field})
    return None
