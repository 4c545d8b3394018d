"""The audit hash (``renda.core.audit.event_hash``) made cheaper for bulk writers (issue 17) is still
the chain's definition: SHA-256 of the canonical JSON of every hashed column, as before."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from renda.core.audit import event_hash, event_hasher
from renda.liaison.events import Action
from renda.liaison.models import OpinionEvent
from renda.textmining.tests import reference_impl

ROWS = [
    {},  # every column missing counts as None
    {
        "opinion_id": 7,
        "actor_id": None,
        "action": Action.ROUTE,  # a text choice (a str subclass) goes through canonical()
        "from_status": "triaged",
        "to_status": "routed",
        "note": '按规则转办 "引号" \\ 换行\n',
        "prev_hash": "a" * 64,
        "at": datetime(2026, 12, 6, 8, 0, 0, 123, tzinfo=timezone(timedelta(hours=8))),
    },
    {"opinion_id": 8, "action": "received", "at": datetime(2026, 1, 1, tzinfo=UTC), "prev_hash": ""},
    {"opinion_id": 9, "action": "received", "at": date(2026, 1, 1), "note": 1.5, "actor_id": True},
]


@pytest.mark.parametrize("values", ROWS)
def test_event_hash_equals_the_canonical_json_definition(values):
    # given an event row (aware datetimes in other zones, a date, a text choice, odd characters)
    # when hashed by the audit module and by its definition written out (reference_impl.event_hash)
    # then the digests are the same: chains written before and after verify alike
    assert event_hash(OpinionEvent, values) == reference_impl.event_hash(OpinionEvent, values)


def test_event_hash_changes_with_any_hashed_value():
    base = ROWS[1]
    assert event_hash(OpinionEvent, base) != event_hash(OpinionEvent, {**base, "note": "改动"})
    assert event_hash(OpinionEvent, base) != event_hash(
        OpinionEvent, {**base, "at": base["at"] + timedelta(microseconds=1)}
    )
    # the row id and the stored hash are not hashed
    assert event_hash(OpinionEvent, base) == event_hash(OpinionEvent, {**base, "id": 5, "hash": "x"})


@pytest.mark.parametrize("values", ROWS[1:])
@pytest.mark.parametrize(
    "varying", [("opinion_id",), ("opinion_id", "prev_hash"), ("prev_hash", "note", "opinion_id"), ("at", "action")]
)
def test_event_hasher_equals_event_hash_for_every_split_of_the_columns(values, varying):
    # given a row split into fixed columns and varying ones (passed per call, in any order)
    fixed = {c: v for c, v in values.items() if c not in varying}
    hasher = event_hasher(OpinionEvent, fixed, varying)
    # when hashed with the row's own varying values, and with other ones (an id, a hash, odd text)
    others = {"opinion_id": 123456789, "prev_hash": "f" * 64, "note": '另一条 "说明"\n\\', "at": datetime(2027, 1, 1)}
    for row in (values, {**values, **{c: others.get(c, "x") for c in varying}}):
        # then the digest is event_hash's for the whole row
        assert hasher(*(row.get(c) for c in varying)) == event_hash(OpinionEvent, row)
        assert hasher(*(row.get(c) for c in varying)) == reference_impl.event_hash(OpinionEvent, row)


def test_event_hasher_refuses_unknown_repeated_or_ambiguous_columns():
    with pytest.raises(ValueError):
        event_hasher(OpinionEvent, {}, ("no_such_column",))
    with pytest.raises(ValueError):
        event_hasher(OpinionEvent, {}, ("note", "note"))
    with pytest.raises(ValueError):  # the hash column itself is not hashed
        event_hasher(OpinionEvent, {}, ("hash",))
    with pytest.raises(ValueError):  # a fixed value holding a marker's text cannot be split unambiguously
        event_hasher(OpinionEvent, {"note": "\x000\x00"}, ("opinion_id",))
