"""The access log carries no phone numbers, ID numbers or tracking codes (issue 12 item 4)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config

from renda.core.accesslog import MaskingLogger, mask_query, mask_uri


def test_sensitive_parameters_and_numbers_in_any_parameter_are_masked():
    masked = mask_query("phone=13912345678&code=AB12CD34&q=%E5%B0%8F%E5%8C%BA+13812345678&page=2")
    assert "13912345678" not in masked and "AB12CD34" not in masked and "13812345678" not in masked
    assert "phone=***" in masked and "code=***" in masked and "page=2" in masked


def test_uri_without_query_is_unchanged():
    assert mask_uri("/liaison/track/") == "/liaison/track/"
    assert mask_uri("/liaison/?phone=13912345678") == "/liaison/?phone=***"


def test_gunicorn_access_log_line_is_masked():
    # given gunicorn's logger with the project's logger class and a tracking request
    logger = MaskingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/liaison/track/?code=AB12CD34&phone=13912345678",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": "/liaison/track/",
        "QUERY_STRING": "code=AB12CD34&phone=13912345678",
        "HTTP_REFERER": "http://127.0.0.1:8000/liaison/track/?code=AB12CD34",
        "REMOTE_ADDR": "192.0.2.1",
    }
    resp = SimpleNamespace(status="200 OK", sent=10, headers=[])
    req = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    # when the atoms of the access-log line are built
    atoms = logger.atoms(resp, req, environ, timedelta(milliseconds=5))
    # then no atom holds the code or the phone
    text = " ".join(str(v) for v in atoms.values())
    assert "AB12CD34" not in text and "13912345678" not in text
    assert atoms["r"] == "GET /liaison/track/?code=***&phone=*** HTTP/1.1"


def test_djangos_own_request_logging_carries_no_phone_or_tracking_code(caplog):
    # given Django's logging as configured by the settings (the dev server's request line, a 404 line)
    import logging

    caplog.set_level(logging.INFO)
    server, request = logging.getLogger("django.server"), logging.getLogger("django.request")
    server.addHandler(caplog.handler)  # django.server does not propagate to the root
    # when the development server logs a 404 with the query, and a 404 whose path holds a phone number
    try:
        server.warning('"%s" %s %s', "GET /liaison/track/?code=AB12CD34&phone=13912345678 HTTP/1.1", "404", "179")
        request.warning("Not Found: %s", "/liaison/opinions/13912345678/")
    finally:
        server.removeHandler(caplog.handler)
    # then neither line carries the code or the phone
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "AB12CD34" not in logged and "13912345678" not in logged
    assert "code=***" in logged and "139****5678" in logged
