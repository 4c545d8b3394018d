"""API plumbing shared by every app: one exception handler, one error shape.

Every API error answers ``{"code": <stable snake_case>, "detail": <Chinese message>}``; validation
errors add ``"errors": {field: [messages]}``. Missing and forbidden records answer alike
(``not_found``, 404), so the API does not reveal which records exist.
"""

from __future__ import annotations

import math
from typing import Any, cast

from django.db import DataError, IntegrityError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from renda.core.constraints import refused
from renda.core.exceptions import ApplicationError
from renda.core.numbers import MAX_ID, ascii_digits, parse_id

MESSAGES = {
    "not_found": "记录不存在或您无权查看",
    "permission_denied": "您无权执行此操作",
    "not_authenticated": "请先登录",
    "authentication_failed": "用户名或密码不正确",
    "parse_error": "请求内容不是有效的 JSON",
    "method_not_allowed": "不支持该请求方法",
    "not_acceptable": "不支持请求的响应格式",
    "unsupported_media_type": "不支持该请求内容类型",
    "throttled": "请求过于频繁，请稍后再试",
    "invalid": "提交的数据未通过校验",
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map every API error to ``{"code", "detail"[, "errors"]}`` with its HTTP status.

    Args:
        exc: the exception a view raised: an :class:`ApplicationError` (business rule), a DRF
            ``APIException`` (validation, authentication, parsing …) or ``Http404``/``PermissionDenied``.
        context: DRF's handler context.
    Returns:
        The response, or ``None`` for exceptions DRF does not handle (they become a 500).
    """
    if isinstance(exc, IntegrityError | DataError):
        # a CHECK constraint of core.constraints (or, on PostgreSQL, a column type refusing a value too
        # long or too large): a Chinese message and code invalid_value, not a 500
        exc = refused(exc) or (
            ApplicationError(_("输入的数据超出允许范围（过长或过大）"), code="invalid_value")
            if isinstance(exc, DataError)
            else exc
        )
    if isinstance(exc, ApplicationError):
        return Response({"code": exc.code, "detail": exc.message, **exc.extra}, status=exc.http_status)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"code": "invalid", "detail": _(MESSAGES["invalid"]), "errors": response.data}
        return response
    code = getattr(exc, "default_code", None) or "error"
    if isinstance(exc, exceptions.NotFound) or response.status_code == 404:
        code = "not_found"
    elif isinstance(exc, exceptions.PermissionDenied) or (response.status_code == 403 and code == "error"):
        code = "permission_denied"
    detail = _(MESSAGES[code]) if code in MESSAGES else str(getattr(exc, "detail", exc))
    wait = getattr(exc, "wait", None)
    if isinstance(exc, exceptions.Throttled) and wait:
        detail = f"{detail}（{int(wait)} 秒后）"
    response.data = {"code": code, "detail": detail}
    return response


# --------------------------------------------------------------------------------------------------
# Generic API pieces (first written for the liaison API): query-string fields in ASCII only, so '²',
# full-width digits and 'nan' are a 400, never a 500; query/body validation; the error shape.
# --------------------------------------------------------------------------------------------------
#: The largest id a query string or path may name (a 64-bit primary key); larger ones are refused, not
#: passed to the database (SQLite raises OverflowError on them).


class IdField(serializers.IntegerField):
    """A record id from a query string: ASCII digits only, 1 … 2⁶³−1.

    ``int()`` would accept full-width (``１２``) and other Unicode decimal digits; ``'²'`` would reach
    the database as text. Raises a validation error (400 ``invalid``) for anything else.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)

    def to_internal_value(self, data: Any) -> int:
        """The id as an int; ``ValidationError`` (``invalid``) for anything but ASCII digits in range."""
        if isinstance(data, bool) or not (isinstance(data, int) or (isinstance(data, str) and ascii_digits(data))):
            self.fail("invalid")
        return cast(int, super().to_internal_value(data))


class ConfidenceField(serializers.FloatField):
    """A probability 0–1 from a query string, in ASCII (``0.5``); ``nan``/``inf`` and other digits are a 400."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=0, max_value=1, **kwargs)

    def to_internal_value(self, data: Any) -> float:
        """The probability; ``ValidationError`` (``invalid``) for non-ASCII, non-finite or out-of-range values."""
        if isinstance(data, str) and not data.isascii():
            self.fail("invalid")
        value = cast(float, super().to_internal_value(data))
        if not math.isfinite(value):
            self.fail("invalid")
        return value


def query_data(cls: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """Validate the query string with ``cls``; empty values (``station=``) count as not given.

    Raises:
        rest_framework.exceptions.ValidationError: a bad value (answered 400 ``invalid``).
    """
    data = {k: v for k, v in request.query_params.items() if v != ""}
    s = cls(data=data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


def body_data(cls: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """Validate the request body with ``cls`` (400 ``invalid`` with ``errors`` per field)."""
    s = cls(data=request.data)
    s.is_valid(raise_exception=True)
    return dict(s.validated_data)


class ErrorSerializer(serializers.Serializer):
    """The error shape of every API (``renda.core.apis.exception_handler``); ``errors`` only for 400 ``invalid``."""

    code = serializers.CharField(help_text="stable snake_case code, e.g. permission_denied, invalid_transition")
    detail = serializers.CharField(help_text="Chinese message")
    errors = serializers.DictField(  # type: ignore[assignment]  # a declared field: DRF pops it from the class
        required=False, help_text="field → messages (validation errors only)"
    )


#: The error responses every endpoint may give, for ``extend_schema(responses={..., **ERROR_RESPONSES})``.
ERROR_RESPONSES = {
    400: OpenApiResponse(ErrorSerializer, description="invalid input, or a rule refused the action"),
    403: OpenApiResponse(ErrorSerializer, description="permission_denied (or not_authenticated)"),
    404: OpenApiResponse(ErrorSerializer, description="not_found: missing or not visible to the caller"),
}
#: … and those of a workflow action (409: the move is not allowed now, or the record changed meanwhile).
TRANSITION_ERROR_RESPONSES = {
    **ERROR_RESPONSES,
    409: OpenApiResponse(
        ErrorSerializer,
        description="invalid_transition: not allowed from the current status; concurrent_modification: "
        "the record changed since the caller loaded it (version)",
    ),
}


class NumericLookupMixin:
    """For viewsets whose detail routes take a record id: a ``pk`` that is not an ASCII id in range
    (``abc``, ``1.5``, ``１２``, 23 digits) answers 404 ``not_found`` like a missing record, before any
    view code runs (``int()`` on it was a 500 on every ``{id}`` route: issue 12 item 1)."""

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        pk = kwargs.get("pk")
        if pk is not None and parse_id(pk) is None:
            raise exceptions.NotFound()
        super().initial(request, *args, **kwargs)  # type: ignore[misc]


#: Status codes any operation may answer with the error shape (the exception handler above): 400 invalid
#: input, 401/403 not logged in or not allowed, 404 missing or not visible (also a page past the last),
#: 405 method, 406 format, 409 invalid transition or concurrent change, 415 media type, 422 a legal rule
#: refused the action (:class:`renda.core.exceptions.RuleViolation`), 429 throttled.
ERROR_STATUSES = {
    "400": "invalid: the input failed validation",
    "401": "not_authenticated",
    "403": "permission_denied",
    "404": "not_found: missing or not visible to the caller",
    "405": "method_not_allowed",
    "406": "not_acceptable",
    "409": "invalid_transition or concurrent_modification",
    "415": "unsupported_media_type",
    "422": "a rule of RULES.md refused the action (the code names it)",
    "429": "throttled",
}

_ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "stable snake_case code"},
        "detail": {"type": "string", "description": "Chinese message"},
        "errors": {"type": "object", "additionalProperties": {}, "description": "field → messages"},
    },
    "required": ["code", "detail"],
}


def document_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: every operation documents the error responses it may give.

    Args:
        result: the generated OpenAPI document (changed in place and returned).
        generator, request, public: drf-spectacular's hook arguments (unused).
    Returns:
        The document, each operation answering :data:`ERROR_STATUSES` with the shared ``ApiError`` shape
        unless the view documents that status itself (issue 12 item 1: Schemathesis checks every status).
    """
    result.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = _ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_STATUSES.items():
                responses.setdefault(code, {"description": description, "content": error})
    return result
