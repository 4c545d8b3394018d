"""Searchable pickers (选择器) for long option lists: deputies, handling units, topics.

A picker is a plain ``<select>`` (single or multiple) marked ``data-picker``: without JavaScript it is
the browser's own list and the form works as before (progressive enhancement). With JavaScript,
``renda/core/static/renda/picker.js`` turns it into a tom-select box (npm ``tom-select``, served from
``static/vendor/tom-select/``, never a CDN): type part of a name to filter, arrow keys and Enter to
choose, Backspace to remove, full width and large touch targets at 390 px. Every app may use these
widgets; the assets are loaded by ``core/picker_assets.html`` (included in ``base.html``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

#: Default placeholder of a picker's search box.
PLACEHOLDER = _("输入名称或关键字搜索")
#: Shown when nothing matches what was typed.
NO_RESULTS = _("没有匹配的选项")


def picker_attrs(placeholder: Any = PLACEHOLDER, attrs: dict[str, Any] | None = None) -> dict[str, Any]:
    """The HTML attributes that mark a ``<select>`` as a picker (``data-picker``, Chinese placeholder and
    no-results text), merged with ``attrs``; for templates that write their own ``<select>``."""
    return {"data-picker": "", "data-placeholder": placeholder, "data-no-results": NO_RESULTS, **(attrs or {})}


class PickerSelect(forms.Select):
    """A single-choice ``<select>`` enhanced into a searchable picker (see module doc)."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, placeholder: Any = PLACEHOLDER, **kwargs: Any) -> None:
        super().__init__(attrs=picker_attrs(placeholder, attrs), **kwargs)


class PickerSelectMultiple(forms.SelectMultiple):
    """A multiple-choice ``<select multiple>`` enhanced into a searchable picker with removable chips."""

    def __init__(self, attrs: dict[str, Any] | None = None, *, placeholder: Any = PLACEHOLDER, **kwargs: Any) -> None:
        super().__init__(attrs=picker_attrs(placeholder, {"size": 6, **(attrs or {})}), **kwargs)
