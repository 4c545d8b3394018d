"""Smoke-check a running demo: every demo login reaches its role's home page over HTTP.

Usage: python scripts/smoke_demo.py [http://127.0.0.1:8000]
Exit status 1 on the first login that fails. Uses only the standard library.
"""

from __future__ import annotations

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

LOGINS = {
    "staff": "staff",
    "deputy": "deputy",
    "unit": "unit_officer",
    "supervisor": "supervisor",
    "station": "station_operator",
    "citizen": "citizen",
    "admin": "staff",
}
PASSWORD = "Renda-Demo-2026"


def check(base: str, username: str, role: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    data = urllib.parse.urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    response = opener.open(request)
    body = response.read().decode()
    assert response.geturl().endswith("/home/"), f"{username}: ended at {response.geturl()}"
    assert f'data-testid="home-{role}"' in body, f"{username}: not the {role} home page"
    print(f"ok  {username:<11} → {response.geturl()} ({role})")


def main() -> int:
    base = (sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").rstrip("/")
    try:
        for username, role in LOGINS.items():
            check(base, username, role)
    except (AssertionError, OSError) as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
