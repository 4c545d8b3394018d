"""What the ``opinions`` and ``textmining`` commands share: one way to stop on bad input.

A module whose name starts with ``_`` is not a command (Django skips it).
"""

from __future__ import annotations

import json
from typing import NoReturn

from django.core.management.base import BaseCommand


def fail(command: BaseCommand, code: str, detail: str, *, as_json: bool, what: str) -> NoReturn:
    """Stop with exit status 2 and one Chinese line on stderr, or ``{"code", "detail"}`` on stdout with ``--json``.

    Args:
        command: the running command (its ``stdout``/``stderr``).
        code: stable identifier for scripts (``file_not_found``, ``bad_encoding``, ``no_labels`` …).
        detail: one Chinese sentence saying what is wrong and, where it helps, what to do.
        as_json: the command was given ``--json``.
        what: the operation, for the line's prefix (``导入``, ``训练``, ``评估``): "导入失败：…".

    Raises:
        SystemExit: always, with status 2 (the argparse convention for bad input).
    """
    if as_json:
        command.stdout.write(json.dumps({"code": code, "detail": detail}, ensure_ascii=False))
    else:
        command.stderr.write(f"{what}失败：{detail}")
    raise SystemExit(2)
