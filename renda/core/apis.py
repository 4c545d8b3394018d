"""API plumbing shared by every app: one exception handler, one error shape.

Every API error answers ``{"code": <stable snake_case>, "detail": <Chinese message>}``; validation
errors add ``"errors": {field: [messages]}``. Missing and forbidden records answer alike
(``not_found``, 404), so the API does not reveal which records exist.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from renda.core.exceptions import ApplicationError

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
