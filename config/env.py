"""Read the environment once, for every settings module.

Everything configurable about a Renda deployment comes from environment variables (or a `.env`
file at the repository root), read here with django-environ so settings modules never call
``os.environ`` themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

SUPPORTED_DB_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")


class DatabaseUrlError(ImproperlyConfigured):
    """``DATABASE_URL`` is malformed or names an engine Renda does not support."""


def redact_url(url: str) -> str:
    """Return ``url`` with any password replaced by ``***`` (for error messages and logs)."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def database_config(url: str | None, *, default_sqlite: Path) -> dict[str, Any]:
    """Build Django's ``DATABASES['default']`` from a database URL.

    Args:
        url: ``DATABASE_URL`` as given, e.g. ``postgres://renda:pw@127.0.0.1:5432/renda`` or
            ``sqlite:////abs/path/renda.sqlite3``; empty or ``None`` selects the embedded SQLite file.
        default_sqlite: path of the SQLite file used when ``url`` is empty.

    Returns:
        A Django database settings dict. SQLite gets WAL journaling and IMMEDIATE transactions
        (so concurrent writers queue instead of failing); PostgreSQL uses psycopg 3.

    Raises:
        DatabaseUrlError: the URL cannot be parsed, has an unsupported scheme, or lacks a
            database name. The message is one line naming the problem and the redacted URL.
    """
    if not url:
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{default_sqlite}"
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in SUPPORTED_DB_SCHEMES:
        raise DatabaseUrlError(
            f"DATABASE_URL is not a supported database URL ({redact_url(url)!r}): "
            f"expected postgres://user:password@host:port/name or sqlite:///path"
        )
    try:
        config = environ.Env.db_url_config(url)
        if scheme != "sqlite":
            port = urlsplit(url).port  # raises ValueError on a non-numeric port
            del port
    except (ValueError, KeyError, environ.ImproperlyConfigured) as exc:
        raise DatabaseUrlError(f"DATABASE_URL cannot be parsed ({redact_url(url)!r}): {exc}") from exc
    if not config.get("NAME"):
        raise DatabaseUrlError(f"DATABASE_URL names no database ({redact_url(url)!r})")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        config["ENGINE"] = "django.db.backends.postgresql"
        config.setdefault("CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
    config["ATOMIC_REQUESTS"] = False
    return config
