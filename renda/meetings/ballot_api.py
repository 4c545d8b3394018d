"""The lean ballot endpoint: ``POST /api/meetings/ballots/`` with a signed ballot token (issue 17).

A plenary's 345 members press at the same instant; this path does only what a ballot needs. The body
is JSON ``{"token": <from GET /api/meetings/polls/<id>/ballot-token/>, "choices": {option id: choice}}``;
the token, not the session cookie, authenticates the member (so no CSRF check is needed: nothing
ambient authorises the request), the session is neither read nor written, and the ballot is
:func:`renda.meetings.ballots.ballot_cast_with_token` (one query, one statement on PostgreSQL).
Answers ``201 {"code": "voted", "detail"}``; errors ``{"code", "detail"}`` with the status of the
:class:`~renda.core.exceptions.ApplicationError` (400 bad body, 403 ``bad_ballot_token``, 404
``not_found``, 409 ``already_voted``, 422 ``poll_not_open``/``on_leave``/…), as the DRF API does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from renda.core.exceptions import ApplicationError
from renda.meetings import ballots

MAX_BODY = 64 * 1024  # bytes; a ballot of a few hundred options is far smaller
MAX_OPTION_ID = 2**63 - 1


def _error(code: str, detail: str, status: int) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status)


def _parse(body: bytes) -> tuple[str, dict[int, str]] | None:
    """``(token, {option id: choice})`` from the JSON body, or ``None`` when it is malformed."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, Mapping):
        return None
    token, choices = data.get("token"), data.get("choices")
    if not isinstance(token, str) or not isinstance(choices, Mapping):
        return None
    out: dict[int, str] = {}
    for key, value in choices.items():
        if not (isinstance(key, str) and key.isascii() and key.isdigit()) or not isinstance(value, str):
            return None
        option = int(key)
        if option > MAX_OPTION_ID:
            return None
        out[option] = value
    return token, out


@csrf_exempt  # authenticated by the signed token in the body, not by a cookie
@require_POST
def ballot_submit(request: HttpRequest) -> JsonResponse:
    """Cast one ballot from its token and choices (see the module docstring for the exchange)."""
    # The token authenticates: drop the lazy session so SessionMiddleware neither loads nor saves it
    # (SESSION_SAVE_EVERY_REQUEST would otherwise write the session row on every ballot).
    if hasattr(request, "session"):
        del request.session
    if len(request.body) > MAX_BODY:
        return _error("invalid", "选票内容过长", 400)
    parsed = _parse(request.body)
    if parsed is None:
        return _error("invalid", "选票格式错误：应为 JSON {token, choices}", 400)
    token, choices = parsed
    try:
        ballots.ballot_cast_with_token(token=token, choices=choices)
    except ApplicationError as exc:
        return JsonResponse({"code": exc.code, "detail": exc.message, **exc.extra}, status=exc.http_status)
    return JsonResponse({"code": "voted", "detail": "投票成功"}, status=201)
