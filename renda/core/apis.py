"""API plumbing shared by every app: the DRF exception handler."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from renda.core.exceptions import ApplicationError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map :class:`ApplicationError` to ``{"code", "detail", **extra}`` with its HTTP status.

    Other exceptions go to DRF's default handler. Returns ``None`` for unhandled exceptions
    (DRF then re-raises them as a 500).
    """
    if isinstance(exc, ApplicationError):
        return Response({"code": exc.code, "detail": exc.message, **exc.extra}, status=exc.http_status)
    return drf_exception_handler(exc, context)
