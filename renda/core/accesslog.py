"""gunicorn's access log without personal data (PIPL; issue 12 item 4).

A citizen's phone number in ``?phone=`` (opinion search) and a 查询码 in ``?code=`` (tracking: the code
alone reads and rates an opinion) must not land in the access log. :class:`MaskingLogger` (gunicorn
``--logger-class renda.core.accesslog.MaskingLogger``) masks the values of sensitive query parameters
and any phone or ID number elsewhere in the query, in the request-line, query and referer atoms;
:class:`PersonalDataFilter` does the same for Django's own request logging (404/500 lines, runserver).
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from gunicorn.glogging import Logger

from renda.core.privacy import redact_text

#: Query parameters whose values are always replaced (phone numbers, tracking codes, ID numbers, tokens).
SENSITIVE = {"phone", "mobile", "tel", "code", "tracking_code", "id_number", "token", "password"}


def mask_query(query: str) -> str:
    """``query`` (a URL query string) with sensitive values replaced by ``***`` and phones/IDs redacted."""
    if not query:
        return query
    parts = []
    for key, value in parse_qsl(query, keep_blank_values=True):
        shown = "***" if key.lower() in SENSITIVE and value else redact_text(value)
        parts.append(f"{quote(key, safe='')}={quote(shown, safe='*')}")
    return "&".join(parts)


def mask_uri(uri: str) -> str:
    """A request URI (path and query) with its query masked by :func:`mask_query`."""
    if "?" not in uri:
        return uri
    split = urlsplit(uri)
    prefix = uri.split("?", 1)[0]
    return f"{prefix}?{mask_query(split.query)}"


class MaskingLogger(Logger):  # type: ignore[misc]
    """gunicorn logger whose access-log atoms carry no phone numbers, ID numbers or tracking codes."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        raw = environ.get("RAW_URI", "")
        atoms["r"] = f"{environ.get('REQUEST_METHOD')} {mask_uri(raw)} {environ.get('SERVER_PROTOCOL')}"
        atoms["q"] = mask_query(environ.get("QUERY_STRING", ""))
        atoms["f"] = mask_uri(environ.get("HTTP_REFERER", "-"))
        for key, value in atoms.items():  # request headers ({…}i) and environ ({…}e) atoms
            if key.startswith("{") and isinstance(value, str):
                atoms[key] = mask_query(value) if key == "{query_string}e" else mask_uri(value)
        return atoms


_URI_WITH_QUERY = re.compile(r"\S*\?\S*")


def mask_log_text(text: str) -> str:
    """Free log text with every URI's query masked (:func:`mask_uri`) and phone/ID numbers redacted."""
    return redact_text(_URI_WITH_QUERY.sub(lambda m: mask_uri(m.group(0)), text))


class PersonalDataFilter(logging.Filter):
    """A logging filter for Django's own request logging (``django.request``: "Not Found: …", "Internal
    Server Error: …"; ``django.server``: the development server's request line with its query string).

    It masks ``?phone=``/``?code=`` values (:data:`SENSITIVE`) and phone or ID numbers in the message and
    its string arguments, in place, and lets every record through (issue 12 item 4; 个人信息保护法 第51条).
    Installed on those loggers by ``config/settings/base.py`` ``LOGGING``.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask ``record.msg`` and its string ``args``; always ``True`` (nothing is dropped)."""
        if isinstance(record.msg, str):
            record.msg = mask_log_text(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask_log_text(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: mask_log_text(v) if isinstance(v, str) else v for k, v in record.args.items()}
        return True
