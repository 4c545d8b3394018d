"""One upload checker for every app: name, size, extension and content sniffing.

:func:`check_upload` refuses a file whose name is empty, too long or carries a path, whose size is over
the limit, whose extension is not allowed, or whose first bytes do not match the extension (a renamed
``.exe`` is refused). It reads at most 8 bytes and rewinds the file. Messages are Chinese and supplied
by the caller; the error is a :class:`~renda.core.exceptions.RuleViolation` carrying the RULES.md id.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from renda.core.exceptions import RuleViolation

#: Leading bytes ("magic numbers") of each known extension.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG",),
    ".jpg": (b"\xff\xd8",),
    ".jpeg": (b"\xff\xd8",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
}
#: Longest file name kept (characters).
NAME_MAX = 200


def check_upload(
    f: Any,
    *,
    allowed: Sequence[str],
    max_bytes: int,
    type_error: str,
    size_error: str,
    rule: str,
    name_error: str = "文件名无效",
) -> None:
    """Check one uploaded file.

    Args:
        f: a Django ``UploadedFile`` (``name``, ``size``, ``read``, ``seek``).
        allowed: extensions with their dot, lower case (``.pdf``); only those in :data:`SIGNATURES` pass.
        max_bytes: largest size in bytes.
        type_error, size_error, name_error: the Chinese messages.
        rule: the RULES.md id put in the error's ``extra`` (e.g. ``S18``).
    Raises:
        RuleViolation: the name, size, extension or content is refused.
    """
    name = f.name or ""
    if not name.strip() or len(name) > NAME_MAX or "/" in name or "\\" in name or "\x00" in name:
        raise RuleViolation(name_error, extra={"rule": rule})
    ext = os.path.splitext(name)[1].lower()
    if ext not in allowed or ext not in SIGNATURES:
        raise RuleViolation(type_error, extra={"rule": rule})
    if (f.size or 0) > max_bytes:
        raise RuleViolation(size_error, extra={"rule": rule})
    head = f.read(8)
    f.seek(0)
    if not any(head.startswith(m) for m in SIGNATURES[ext]):
        raise RuleViolation(type_error.rstrip("。") + "（文件内容与扩展名不符）", extra={"rule": rule})
