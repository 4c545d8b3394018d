"""Domain errors raised by services and selectors.

Business rules raise subclasses of :class:`ApplicationError`; one DRF exception handler
(``renda.core.apis.exception_handler``) maps them to HTTP responses with a stable ``code``, and
pages show their Chinese ``message``.
"""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A business rule refused an action.

    Attributes:
        code: stable machine-readable identifier (snake_case), used by API clients.
        message: human-readable explanation in Chinese, shown on pages.
        extra: optional structured details (for example the rule id ``"S12"``).
        http_status: status the API answers with.
    """

    code = "application_error"
    http_status = 400

    def __init__(self, message: str, *, code: str | None = None, extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra or {}


class NotFoundOrForbidden(ApplicationError):
    """The record does not exist or the viewer may not see it (answered alike: 404)."""

    code = "not_found"
    http_status = 404


class PermissionDeniedError(ApplicationError):
    """The viewer may see the record but may not perform this action."""

    code = "permission_denied"
    http_status = 403


class InvalidTransition(ApplicationError):
    """A workflow transition is not allowed from the record's current status."""

    code = "invalid_transition"
    http_status = 409


class ConcurrentModification(ApplicationError):
    """The record was changed by someone else since the actor loaded it."""

    code = "concurrent_modification"
    http_status = 409


class RuleViolation(ApplicationError):
    """A rule from RULES.md forbids the action; ``extra['rule']`` names the rule id."""

    code = "rule_violation"
    http_status = 422
