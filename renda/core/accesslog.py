"""gunicorn's access log without personal data (PIPL; issue 12 item 4).

A citizen's phone number in ``?phone=`` (opinion search) and a 查询码 in ``?code=`` (tracking: the code
alone reads and rates an opinion) must not land in the access log. :class:`MaskingLogger` (gunicorn
``--logger-class renda.core.accesslog.MaskingLogger``) masks the values of sensitive query parameters
and any phone or ID number elsewhere in the query, in the request-line, query and referer atoms.
"""

from __future__ import annotations

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
