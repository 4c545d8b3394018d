"""Masking of personal information (个人信息) in lists and exports.

Phone numbers and identity-card numbers of citizens and deputies are personal information
(个人信息保护法 第4条, 第28条 for ID numbers as sensitive data); lists and exports show them masked
unless the viewer's role needs them.
"""

from __future__ import annotations

import re

# Numbers as people write them: separators (hyphen, space, dot) inside, a +86 prefix, and full-width
# forms (``\d`` already matches full-width digits; the literals below list both widths).
_SEP = r"[-\s.－．]?"
_MOBILE = re.compile(rf"(?<!\d)((?:[+＋]?[8８][6６]{_SEP})?[1１][3-9３-９]\d)({_SEP}\d{{4}})({_SEP}\d{{4}})(?!\d)")
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_OLD_ID_CARD = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{6})(\d{3})(?![0-9A-Za-z])")
"""First-generation resident ID numbers (15 digits: region, YYMMDD birth date, sequence), still on old records."""
_LANDLINE = re.compile(rf"(?<!\d)([(（]?[0０]\d{{2,3}}[)）]?{_SEP})(\d{{3,4}})({_SEP}\d{{4}})(?!\d)")
_DIGIT = re.compile(r"\d")


def mask_phone(phone: str | None) -> str:
    """Mask a phone number so that most of its digits are hidden.

    * 11 characters or more (a mobile number, a landline with its area code): the first 3 and last 4
      are kept, ``13812345678`` → ``138****5678``, ``03521234567`` → ``035****4567``;
    * 7 to 10 characters (a local landline without area code): only the last 2 are kept,
      ``8451234`` → ``*****34`` (keeping 3 + 4 would show a 7-digit number whole);
    * shorter: all ``*``.

    Args:
        phone: any phone string; ``None`` or empty gives ``""``.
    Returns:
        The masked string, as long as the stripped input.
    """
    if not phone:
        return ""
    digits = phone.strip()
    n = len(digits)
    if n >= 11:
        return f"{digits[:3]}{'*' * (n - 7)}{digits[-4:]}"
    if n >= 7:
        return f"{'*' * (n - 2)}{digits[-2:]}"
    return "*" * n


def shorten_name(name: str | None) -> str:
    """A person's name as shown to roles that do not need it: the surname and 某, ``王小明`` → ``王某``.

    Args:
        name: a name; ``None`` or empty gives ``""``.
    Returns:
        The first character followed by 某.
    """
    name = (name or "").strip()
    return f"{name[0]}某" if name else ""


def mask_id_number(number: str | None) -> str:
    """Mask an 18-character resident ID number, keeping the first 6 and last 4 characters."""
    if not number:
        return ""
    n = number.strip()
    if len(n) <= 10:
        return "*" * len(n)
    return f"{n[:6]}{'*' * (len(n) - 10)}{n[-4:]}"


def _star_digits(part: str) -> str:
    return _DIGIT.sub("*", part)


def redact_text(text: str) -> str:
    """Mask every mobile number, landline and ID number found inside free text (S21 publication).

    Mobile numbers keep their first 3 (and any +86 prefix) and last 4 digits, landlines their area
    code and last 4, ID numbers their first 6 and last 4 (18-character) or last 3 (15-digit,
    first-generation: their birth date is masked). Numbers written with separators
    (``138-1234-5678``, ``138 1234 5678``, ``138.1234.5678``), with a ``+86``/``86`` prefix or in
    full-width digits (``１３８…``) are found too. The text keeps its length; text without such a
    number is returned unchanged.

    Args:
        text: any free text (titles, opinions, notes).
    Returns:
        The text with those numbers' middle digits replaced by ``*``.
    """
    text = _ID_CARD.sub(lambda m: f"{m.group(1)}********{m.group(3)}", text)
    text = _OLD_ID_CARD.sub(lambda m: f"{m.group(1)}******{m.group(3)}", text)
    text = _MOBILE.sub(lambda m: f"{m.group(1)}{_star_digits(m.group(2))}{m.group(3)}", text)
    return _LANDLINE.sub(lambda m: f"{m.group(1)}{_star_digits(m.group(2))}{m.group(3)}", text)
