"""Request middleware of the core app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class ChineseByDefaultMiddleware:
    """Pages are in Chinese unless the user chose another language (the language cookie).

    The browser's ``Accept-Language`` header is ignored: a congress office's machines and the people
    using them work in Chinese whatever the browser says, and English is an explicit choice in the
    header's language menu. Must come before Django's ``LocaleMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class NulInQueryMiddleware:
    """A query string with a NUL byte (``?q=%00``) is refused with 400 before any view runs.

    PostgreSQL cannot store or compare text containing NUL: every search box and list filter that passed
    such a value to the database answered 500 (issue 12 item 1). Forms and the API's serializers refuse
    NUL themselves (Django's and DRF's ``CharField``); query strings are read by hand in many views, so
    they are checked here once. Answers ``{"code": "invalid", "detail"}`` under ``/api/``, the 400 page
    (Chinese) elsewhere.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "invalid", "detail": _("查询参数含有无效字符（NUL）")}, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)
