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


# ---------------------------------------------------------------- home addresses (published texts)
#
# What identifies a household (个人信息保护法 第4条: information identifying a natural person, alone or
# combined): the DOOR, not the place. So the province, city, district, county, town, street, road,
# village, community and estate (小区) names stay — a published reply must still say where a road is
# mended — and only the household detail is starred, digit by digit (the text keeps its length):
#
# * a room: a number with 室 (``501室``; not a layout such as ``3室2厅``), or the 3–4 digit number after a building or a unit
#   (``15栋701``, ``2栋3单元2009``, ``12栋82号``), together with the building/unit chain in front of it
#   (``12号3栋2单元501室`` → ``**号*栋*单元***室``);
# * a door number (门牌号) on a road, street, lane, alley or village: ``黄谷路368号`` → ``黄谷路***号``,
#   ``庙山巷10号``, ``飘峰山村58号`` (in a village the door number is the household).
#
# Left alone, on purpose: a building without a room (``12栋的居民``, ``22-26栋间``: the complaint is about
# the building, ~100 households), a floor (``17栋3楼``), document and article numbers (``2026年12号文件``,
# ``第3条``), dates (``7月3号``), metro and bus lines (``地铁5号线``) and an office building without a
# room (``3号楼会议室``). An organisation's own door number on a road (``福元中路66号``) is starred as
# well: the redactor cannot tell a home from an office, and a published reply needs no door numbers.
_CN_DIGITS = "零〇一二三四五六七八九十"
# Every repetition is bounded and a chain starts only at the beginning of a number (``_START``): the
# patterns run in linear time on any text (a 20,000-character run of ``1栋`` or of digits takes
# milliseconds; unbounded, nested repetitions took minutes).
_START = rf"(?<![\d{_CN_DIGITS}A-Za-z])"
_NUM = rf"(?:\d{{1,5}}|[{_CN_DIGITS}]{{1,3}})"
_PART = rf"[A-Za-z]?{_NUM}\s?(?:号楼|号院|号|栋|幢|座|单元|楼|层)\s?[-－]?\s?"
_BUILDING_PART = rf"[A-Za-z]?{_NUM}\s?(?:号楼|栋|幢|座|单元)\s?[-－]?\s?"
_CHAIN = rf"(?:{_PART}){{0,4}}"
_NOT_A_ROOM_AFTER = r"(?![\d年月日元米万亿平%％次个名多余辆台件条项层楼栋幢座届期])"
_ROOM_WITH_MARK = re.compile(
    rf"{_START}{_CHAIN}[A-Za-z]?\d{{1,5}}(?:[-－]\d{{1,5}}){{0,2}}\s?室(?![一二两三四五六七八九\d]?厅)"
)
"""A room written with 室 (not a flat layout such as 3室1厅), with any building/unit chain in front of it."""
_ROOM_AFTER_BUILDING = re.compile(
    rf"{_START}{_CHAIN}{_BUILDING_PART}(?:\d{{3,4}}(?:[-－~～至]\d{{3,4}})?{_NOT_A_ROOM_AFTER}|\d{{1,4}}号)"
)
"""A bare room number after a building or a unit: ``15栋701``, ``三单元706``, ``24栋191号``."""
_DOOR = re.compile(rf"(?<=[路街巷弄道里村组])(?:{_NUM}[-－之])?\d{{1,5}}\s?号(?:院|楼)?(?![线文令])")
"""A door number on a road, street, lane, alley or village (the preceding name stays)."""
_CN_DIGIT = re.compile(rf"[\d{_CN_DIGITS}]")


def _star_numbers(match: re.Match[str]) -> str:
    return _CN_DIGIT.sub("*", match.group(0))


def redact_address(text: str) -> str:
    """Star the household detail of home addresses in free text (S21 publication, 个人信息保护法 第28条).

    Keeps the place (province … road, village, estate) and stars every digit (and Chinese numeral) of a
    room, of the building/unit chain in front of a room, and of a door number on a road or in a
    village: ``XX市XX区XX路12号3栋2单元501室`` → ``XX市XX区XX路**号*栋*单元***室``. What is left alone
    and why is described above this function (buildings without a room, floors, document numbers,
    dates, metro lines, meeting rooms). The text keeps its length.

    Args:
        text: any free text (a reply, a suggestion, a citizen's opinion).
    Returns:
        The text with those numbers replaced by ``*``; text without an address is returned unchanged.
    """
    text = _ROOM_WITH_MARK.sub(_star_numbers, text)
    text = _ROOM_AFTER_BUILDING.sub(_star_numbers, text)
    return _DOOR.sub(_star_numbers, text)


def redact_public(text: str) -> str:
    """A text as published to everyone (S21; citizens' pages): :func:`redact_text` (phones, ID numbers)
    then :func:`redact_address` (home addresses). Same length as ``text``."""
    return redact_address(redact_text(text))
