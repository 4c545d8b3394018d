"""Forms of the reports domain: the note of a snapshot (the period is read like the statistics page's)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.reports.services import NOTE_MAX


class SnapshotForm(forms.Form):
    """保存报告快照: an optional note (at most 200 characters) saying what the snapshot is for."""

    note = forms.CharField(
        label=_("说明"),
        required=False,
        max_length=NOTE_MAX,
        help_text=_("例如：提交大会的报告稿"),
        error_messages={"max_length": _("说明不能超过%(limit_value)d个字")},
    )
