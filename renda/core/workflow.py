"""Workflow helpers shared by every app's ``workflow.py``.

Each app keeps its statuses as ``TextChoices`` and a ``TRANSITIONS`` map from each status to the
statuses it may go to (DESIGN.md house style 3); this module checks a proposed move against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from renda.core.exceptions import InvalidTransition


def assert_transition(
    transitions: Mapping[str, Iterable[str]], current: str, target: str, *, labels: Mapping[str, str] | None = None
) -> None:
    """Raise unless ``current → target`` is listed in ``transitions``.

    Args:
        transitions: status → allowed next statuses.
        current: the record's status now.
        target: the status the action would set.
        labels: optional status → Chinese label, used in the error message.
    Raises:
        InvalidTransition: the move is not allowed (code ``invalid_transition``).
    """
    if target not in transitions.get(current, ()):
        name = labels or {}
        raise InvalidTransition(
            f"当前状态“{name.get(current, current)}”不能变更为“{name.get(target, target)}”",
            extra={"from": current, "to": target},
        )
