"""Forms of the organisation pages: the deputy directory's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.organization.models import Delegation, ProfessionalGroup


class DeputyFilterForm(forms.Form):
    """代表名录 filters: free text (name, 代表证号, occupation, delegation or group name), a delegation, a
    professional group, first-term only. Invalid choices are dropped with a message, never a 500."""

    q = forms.CharField(label=_("查询"), max_length=40, required=False, strip=True)
    delegation = forms.ModelChoiceField(
        label=_("代表团"), queryset=Delegation.objects.none(), required=False, empty_label=_("全部代表团")
    )
    group = forms.ModelChoiceField(
        label=_("专业小组"), queryset=ProfessionalGroup.objects.none(), required=False, empty_label=_("全部专业小组")
    )
    first_term = forms.BooleanField(label=_("只看新任代表"), required=False)

    def __init__(self, *args: Any, delegations: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = delegations  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The valid filters as keyword arguments of :func:`renda.organization.selectors.deputy_list`
        (an invalid field is left out; its error is shown by the page)."""
        self.is_valid()
        d = getattr(self, "cleaned_data", {})
        return {
            "search": d.get("q") or "",
            "delegation_id": d["delegation"].pk if d.get("delegation") else None,
            "group_id": d["group"].pk if d.get("group") else None,
            "first_term": bool(d.get("first_term")),
        }
