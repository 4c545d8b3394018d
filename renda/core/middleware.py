"""Request middleware of the core app."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
