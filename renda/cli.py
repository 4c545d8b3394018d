"""The ``renda`` command: Django's management commands with clear one-line start-up errors.

``renda migrate``, ``renda demo``, ``renda runserver`` … are ``manage.py`` commands. A wrong
``DATABASE_URL`` (malformed, or a server that cannot be reached) stops with one line on stderr
and exit status 2 instead of a traceback.
"""

from __future__ import annotations

import os
import sys

NO_DB_COMMANDS = {
    "help",
    "--help",
    "-h",
    "version",
    "--version",
    "compilemessages",
    "makemessages",
    "collectstatic",
    "check",
}


def _fail(message: str) -> int:
    print(f"renda: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run a management command.

    Args:
        argv: full argument vector (``argv[0]`` is the program name); defaults to ``sys.argv``.
    Returns:
        The process exit status: 0 on success, 2 on a configuration or database-connection error.
    """
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        return _fail(str(exc).splitlines()[0])

    from django.db import OperationalError, connection

    if len(argv) > 1 and argv[1] == "migrate-to-postgres":  # the documented spelling of migrate_to_postgres
        argv[1] = "migrate_to_postgres"
    command = argv[1] if len(argv) > 1 else "help"
    if command not in NO_DB_COMMANDS:
        try:
            connection.ensure_connection()
        except OperationalError as exc:
            from config.env import redact_url

            url = os.environ.get("DATABASE_URL", "")
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
            where = f" ({redact_url(url)})" if url else ""
            return _fail(f"cannot connect to the database{where}: {first}")

    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
