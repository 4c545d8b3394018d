"""One upload checker for every app: name, size, extension, and the content opened as what it claims to be.

:func:`check_upload` refuses a file whose name is empty, too long or carries a path, whose size is over
the limit, whose extension is not allowed, or whose content is not a document of that type. The
content is *parsed*, not sniffed (issue 12 item 5: an HTML page starting with ``\\xff\\xd8`` passed a
two-byte check as a JPEG, random bytes after ``PK\\x03\\x04`` as a .docx):

* PDF: pypdf reads it and it has at least one page;
* JPEG, PNG, GIF, WebP: :func:`check_image` (Pillow detects the format from the bytes, verifies it
  and decodes every pixel; at most ``MAX_PIXELS``);
* .docx: python-docx opens it as a Word document; .xlsx: openpyxl opens it as a workbook;
* .doc, .xls (older Office files): olefile opens the compound file and it holds the Word document /
  workbook stream.

The file is rewound after every check. Messages are Chinese and supplied by the caller; the error is
a :class:`~renda.core.exceptions.RuleViolation` carrying the RULES.md id. The liaison app's photos use
:func:`check_image` directly (JPEG/PNG only).
"""

from __future__ import annotations

import contextlib
import os
import threading
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from renda.core.exceptions import RuleViolation

#: Longest file name kept (characters).
NAME_MAX = 200
#: Larger images are refused before they are decoded (a small file can unpack into gigabytes).
MAX_PIXELS = 40_000_000
#: Zip-based formats (Office Open XML): their declared uncompressed size is checked before parsing.
ZIP_FORMATS = (".docx", ".xlsx")
#: Largest total uncompressed size of a zip-based upload, in bytes (a zip bomb: the 106 KB workbook of
#: issue 12 item 6 held 26 MB of XML; 200 KB can hold gigabytes).
MAX_UNPACKED = 100 * 1024 * 1024
#: Pillow format name of each image extension.
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".gif": "GIF", ".webp": "WEBP"}


class BadImage(ValueError):
    """The bytes are not a readable image of an accepted format; ``reason`` is ``format``, ``pixels`` or ``damaged``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def check_image(f: Any, *, formats: Sequence[str], max_pixels: int = MAX_PIXELS) -> str:
    """Open ``f`` with Pillow and return the format it really is (e.g. ``"JPEG"``); its name is ignored.

    Args:
        f: a file object (``read``/``seek``), rewound afterwards.
        formats: Pillow format names accepted (``"JPEG"``, ``"PNG"`` …).
        max_pixels: the largest width × height accepted.
    Raises:
        BadImage: ``format`` (not an image of those formats), ``pixels`` (too many), ``damaged``
            (truncated or corrupt: ``verify()`` or a full decode fails).
    """
    from PIL import Image

    f.seek(0)
    try:
        try:
            with Image.open(f, formats=list(formats)) as image:
                kind = image.format or ""
                size = image.width * image.height
        except Exception as exc:  # any failure to parse untrusted bytes means "not such an image"
            raise BadImage("format") from exc
        if kind not in formats:
            raise BadImage("format")
        if size > max_pixels:
            raise BadImage("pixels")
        try:
            f.seek(0)
            with Image.open(f, formats=[kind]) as image:
                image.verify()
            f.seek(0)
            with Image.open(f, formats=[kind]) as image, _strict_decoding():  # verify() leaves it unusable
                image.load()
        except Exception as exc:
            raise BadImage("damaged") from exc
        return kind
    finally:
        f.seek(0)


_STRICT = threading.Lock()


@contextlib.contextmanager
def _strict_decoding() -> Iterator[None]:
    """Decode with Pillow's ``ImageFile.LOAD_TRUNCATED_IMAGES`` off, whatever it is process-wide.

    WeasyPrint sets that module flag to ``True`` when its image module is imported (rendering any PDF),
    after which Pillow fills a truncated JPEG with grey instead of failing and the check above would pass
    a damaged upload. The flag is off for the decode and put back after; the lock keeps two checks from
    restoring each other's value."""
    from PIL import ImageFile

    with _STRICT:
        saved = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = saved


def _pdf(f: Any) -> bool:
    from pypdf import PdfReader

    return len(PdfReader(f, strict=False).pages) > 0


def _docx(f: Any) -> bool:
    import docx

    docx.Document(f)
    return True


def _xlsx(f: Any) -> bool:
    from openpyxl import load_workbook

    wb = load_workbook(f, read_only=True)
    try:
        return len(wb.sheetnames) > 0
    finally:
        wb.close()


def _ole(stream: str) -> Callable[[Any], bool]:
    def check(f: Any) -> bool:
        import olefile

        if not olefile.isOleFile(f):
            return False
        f.seek(0)
        ole = olefile.OleFileIO(f)
        try:
            return bool(ole.exists(stream) or (stream == "Workbook" and ole.exists("Book")))
        finally:
            ole.close()

    return check


def _image(fmt: str) -> Callable[[Any], bool]:
    def check(f: Any) -> bool:
        try:
            check_image(f, formats=[fmt])
        except BadImage:
            return False
        return True

    return check


#: How each extension's content is opened; ``True`` when it is a real document of that type.
PARSERS: Mapping[str, Callable[[Any], bool]] = {
    ".pdf": _pdf,
    ".docx": _docx,
    ".xlsx": _xlsx,
    ".doc": _ole("WordDocument"),
    ".xls": _ole("Workbook"),
    **{ext: _image(fmt) for ext, fmt in IMAGE_FORMATS.items()},
}


def unpacked_size(f: Any) -> int | None:
    """The total uncompressed size, in bytes, that the zip ``f`` declares for its members; ``None``
    when ``f`` is not a zip file. Rewinds ``f``.

    The declared sizes bound what is really inflated: :mod:`zipfile` stops reading a member at its
    declared size (and fails its CRC check when the data was longer), so a file that passes this
    check cannot unpack into more.
    """
    f.seek(0)
    try:
        with zipfile.ZipFile(f) as z:
            return sum(max(0, i.file_size) for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    finally:
        f.seek(0)


def content_matches(f: Any, ext: str) -> bool:
    """Whether ``f`` opens as a document of type ``ext`` (one of :data:`PARSERS`); rewinds ``f``."""
    f.seek(0)
    try:
        return bool(PARSERS[ext](f))
    except (Exception, zipfile.BadZipFile):  # any failure to parse untrusted bytes means "not that type"
        return False
    finally:
        f.seek(0)


def check_upload(
    f: Any,
    *,
    allowed: Sequence[str],
    max_bytes: int,
    type_error: str,
    size_error: str,
    rule: str,
    name_error: str = "文件名无效",
    max_unpacked: int = MAX_UNPACKED,
    unpacked_error: str = "文件解压后过大（超过{mb}MB），请拆分后再上传",
) -> None:
    """Check one uploaded file.

    Args:
        f: a Django ``UploadedFile`` (``name``, ``size``, ``read``, ``seek``).
        allowed: extensions with their dot, lower case (``.pdf``); only those in :data:`PARSERS` pass.
        max_bytes: largest size in bytes.
        type_error, size_error, name_error: the Chinese messages.
        rule: the RULES.md id put in the error's ``extra`` (e.g. ``S18``).
        max_unpacked: for .docx/.xlsx, the largest total uncompressed size in bytes the zip may
            declare (checked before the content is parsed: a zip bomb is refused unread).
        unpacked_error: its message; ``{mb}`` is replaced by the limit in MB.
    Raises:
        RuleViolation: the name, size, extension or content is refused.
    """
    name = f.name or ""
    if not name.strip() or len(name) > NAME_MAX or "/" in name or "\\" in name or "\x00" in name:
        raise RuleViolation(name_error, extra={"rule": rule})
    ext = os.path.splitext(name)[1].lower()
    if ext not in allowed or ext not in PARSERS:
        raise RuleViolation(type_error, extra={"rule": rule})
    if (f.size or 0) > max_bytes:
        raise RuleViolation(size_error, extra={"rule": rule})
    if ext in ZIP_FORMATS:
        unpacked = unpacked_size(f)
        if unpacked is not None and unpacked > max_unpacked:
            raise RuleViolation(unpacked_error.format(mb=max_unpacked // (1024 * 1024)), extra={"rule": rule})
    if not content_matches(f, ext):
        raise RuleViolation(
            type_error.rstrip("。") + "（文件内容不是有效的" + ext[1:].upper() + "文件，可能已损坏或扩展名不符）",
            extra={"rule": rule},
        )
