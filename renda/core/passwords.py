"""Password complexity (等保 2.0 level 3, 身份鉴别: 口令应有复杂度要求并定期更换)."""

from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError

CLASSES = {
    "大写字母": set(string.ascii_uppercase),
    "小写字母": set(string.ascii_lowercase),
    "数字": set(string.digits),
}


def character_classes(password: str) -> set[str]:
    """The kinds of characters in ``password``: 大写字母, 小写字母, 数字 and 符号 (anything else)."""
    found = {name for name, chars in CLASSES.items() if any(c in chars for c in password)}
    if any(not any(c in chars for chars in CLASSES.values()) for c in password):
        found.add("符号")
    return found


class CharacterClassesValidator:
    """Django password validator: at least ``classes`` of the four kinds (upper, lower, digit, symbol).

    ``renda12345`` (lower + digits) is refused with the default of 3; ``Renda-Demo-2026`` passes.
    """

    def __init__(self, classes: int = 3):
        self.classes = classes

    def validate(self, password: str, user: Any = None) -> None:
        """Raise ``ValidationError`` (code ``password_too_simple``) when too few kinds are used."""
        if len(character_classes(password)) < self.classes:
            raise ValidationError(
                f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.classes} 种。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        """The rule, shown beside the password field."""
        return f"密码须包含大写字母、小写字母、数字、符号中的至少 {self.classes} 种。"


class MinimumLengthValidator:
    """At least ``min_length`` characters, with a Chinese message (Django's shows English for some
    plural forms in zh-hans)."""

    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        """Raise ``ValidationError`` (code ``password_too_short``)."""
        if len(password) < self.min_length:
            raise ValidationError(f"密码太短，至少需要 {self.min_length} 个字符。", code="password_too_short")

    def get_help_text(self) -> str:
        """The rule, shown beside the password field."""
        return f"密码至少 {self.min_length} 个字符。"


#: Runs a password must not contain, in any case: keyboard and digit runs and the administrator's name
#: (``Renda12345`` is refused for its ``12345``; the demo password ``Renda-Demo-2026`` passes).
FORBIDDEN_WORDS = ("12345", "54321", "qwerty", "asdf", "admin")


class NoProductNameValidator:
    """Refuses passwords containing digit or keyboard runs or other obvious words (``Renda12345``)."""

    def validate(self, password: str, user: Any = None) -> None:
        """Raise ``ValidationError`` (code ``password_guessable``)."""
        lowered = password.lower()
        if any(word in lowered for word in FORBIDDEN_WORDS):
            raise ValidationError(
                "密码不能包含连续数字、键盘序列等易猜的内容（如 12345、qwerty、admin）。", code="password_guessable"
            )

    def get_help_text(self) -> str:
        """The rule, shown beside the password field."""
        return "密码不能包含连续数字、键盘序列等易猜的内容。"
