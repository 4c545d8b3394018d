"""Settings of the proposals domain with their RULES.md defaults; override in ``settings.RENDA``."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # S7: reply classes (configurable list; A–D by default).
    "REPLY_CLASSES": [
        ("A", "A类：所提问题已经解决或者基本解决"),
        ("B", "B类：正在解决或者列入规划逐步解决"),
        ("C", "C类：因目前条件限制或者其他原因需待以后解决"),
        ("D", "D类：留作参考"),
    ],
    # S19: classes whose reply carries promises that must be tracked.
    "COMMITMENT_CLASSES": ["B", "C"],
    "REPLY_MONTHS": 3,  # S3
    "REPLY_MONTHS_COMPLEX": 6,  # S3
    "COHANDLER_OPINION_MONTHS": 1,  # S8
    "REASSIGN_WINDOW_WORKING_DAYS": 7,  # S12
    "SESSION_ASSIGN_MONTHS": 1,  # S13 (UNCONFIRMED)
    "BETWEEN_SESSIONS_ASSIGN_WORKING_DAYS": 7,  # S13
    "EXTENSION_MAX_MONTHS": 3,  # S14
    "EVALUATION_WORKING_DAYS": 15,  # S16
    # S16/S17: ratings that need a written reason (the unit re-handles knowing why). Product default.
    "EVALUATION_REASON_REQUIRED": ["basically", "dissatisfied"],
    "REHANDLING_MONTHS": 1,  # S17 (Beijing: 2)
    "PUBLISH_DELAY_WORKING_DAYS": 20,  # S21
    "BILL_MIN_DEPUTIES": 10,  # B2 (county level and above)
    "BILL_REPORT_MONTHS": 3,  # B5
    "MIN_BODY_CHARS": 20,  # S1: 明确具体
    "URGE_BEFORE_WORKING_DAYS": 5,  # automatic urge notice this many working days before a deadline
    "ATTACHMENT_MAX_BYTES": 10 * 1024 * 1024,
    "REPLY_DOCUMENT_TYPES": [".pdf", ".jpg", ".jpeg", ".png"],
}


def get(key: str) -> Any:
    """The value of ``settings.RENDA[key]``, else the default above."""
    return getattr(settings, "RENDA", {}).get(key, DEFAULTS[key])


def reply_classes() -> list[tuple[str, str]]:
    """The configured reply classes as (code, label) pairs (S7)."""
    return [tuple(c) for c in get("REPLY_CLASSES")]  # type: ignore[misc]
