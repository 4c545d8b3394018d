"""Forms of the proposals pages: shape checks only; rules live in services."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.forms import IdMultipleChoiceField
from renda.core.widgets import PickerSelect, PickerSelectMultiple
from renda.organization.models import Body, Deputy, HandlingUnit
from renda.proposals import conf
from renda.proposals.models import TOPICS, Commitment, Consultation, Kind, Proposal, Satisfaction

#: Placeholder of the deputy pickers.
DEPUTY_PLACEHOLDER = _("输入代表姓名搜索")
#: Placeholder of the unit pickers.
UNIT_PLACEHOLDER = _("输入单位名称搜索")


def new_create_token() -> str:
    """A fresh one-time token for the drafting form (double submission makes one draft)."""
    return secrets.token_urlsafe(24)


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=Kind.choices, initial=Kind.SUGGESTION)
    title = forms.CharField(label=_("标题"), max_length=200, help_text=_("例如：关于……的建议"))
    body = forms.CharField(label=_("内容"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    topic = forms.ChoiceField(
        label=_("主题分类"), choices=[(t, t) for t in TOPICS], widget=PickerSelect(placeholder=_("输入分类搜索"))
    )
    cosigners = IdMultipleChoiceField(
        label=_("邀请联名代表"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=PickerSelectMultiple(placeholder=DEPUTY_PLACEHOLDER),
    )
    lead_deputy = forms.ModelChoiceField(
        label=_("领衔代表（代为录入纸质件）"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=PickerSelect(placeholder=DEPUTY_PLACEHOLDER),
    )
    submitter_type = forms.ChoiceField(label=_("提出者"), choices=Proposal.Submitter.choices, initial="deputies")
    institution = forms.ChoiceField(
        label=_("提案机关"), choices=[("", "—"), *Proposal.Institution.choices], required=False
    )
    attachment = forms.FileField(label=_("附件"), required=False)
    create_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, deputies=None, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        qs = deputies if deputies is not None else Deputy.objects.all()
        self.fields["cosigners"].queryset = qs  # type: ignore[attr-defined]
        self.fields["lead_deputy"].queryset = qs  # type: ignore[attr-defined]
        self.fields["create_token"].initial = new_create_token()
        if not staff:
            for name in ("lead_deputy", "submitter_type", "institution"):
                del self.fields[name]


class DraftEditForm(forms.Form):
    """修改草稿: the fields of the draft, the version the author saw, attachments to add or drop."""

    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("内容"), max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))
    topic = forms.ChoiceField(
        label=_("主题分类"), choices=[(t, t) for t in TOPICS], widget=PickerSelect(placeholder=_("输入分类搜索"))
    )
    cosigners = IdMultipleChoiceField(
        label=_("邀请联名代表"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=PickerSelectMultiple(placeholder=DEPUTY_PLACEHOLDER),
    )
    attachment = forms.FileField(label=_("添加附件"), required=False)
    remove_attachments = forms.TypedMultipleChoiceField(
        label=_("删除附件"), coerce=int, required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, proposal: Proposal, deputies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cosigners"].queryset = deputies  # type: ignore[attr-defined]
        topics = [(t, t) for t in TOPICS]
        if proposal.topic and proposal.topic not in TOPICS:  # a topic given by the liaison's classifier
            topics.insert(0, (proposal.topic, proposal.topic))
        self.fields["topic"].choices = topics  # type: ignore[attr-defined]
        self.fields["remove_attachments"].choices = [  # type: ignore[attr-defined]
            (a.pk, a.name) for a in proposal.attachments.all()
        ]
        if not self.fields["remove_attachments"].choices:  # type: ignore[attr-defined]
            del self.fields["remove_attachments"]


class AssignForm(forms.Form):
    leads = IdMultipleChoiceField(
        label=_("主办单位"),
        queryset=HandlingUnit.objects.filter(is_active=True),
        widget=PickerSelectMultiple(placeholder=UNIT_PLACEHOLDER),
    )
    cohandlers = IdMultipleChoiceField(
        label=_("会办单位"),
        queryset=HandlingUnit.objects.filter(is_active=True),
        required=False,
        widget=PickerSelectMultiple(placeholder=UNIT_PLACEHOLDER),
    )
    is_complex = forms.BooleanField(label=_("涉及面广、难度大（6个月）"), required=False)


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 6}))
    reply_class = forms.ChoiceField(label=_("答复类别"), choices=[])
    signer_name = forms.CharField(label=_("签发人"), max_length=40)
    signer_title = forms.CharField(label=_("签发人职务"), max_length=40)
    document = forms.FileField(label=_("盖章答复件（PDF/图片）"))
    commitment_what = forms.CharField(label=_("承诺事项（B/C类必填）"), required=False, max_length=300)
    commitment_due = forms.DateField(
        label=_("承诺完成日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_class"].choices = conf.reply_classes()


class ConsultForm(forms.Form):
    method = forms.ChoiceField(label=_("方式"), choices=Consultation.Method.choices)
    held_on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    deputy_views = forms.CharField(label=_("代表意见"), widget=forms.Textarea(attrs={"rows": 2}))


class EvaluationForm(forms.Form):
    """评价 (S16): attitude, result and the reason (required by the service for 基本满意/不满意)."""

    attitude = forms.ChoiceField(label=_("办理态度"), choices=Satisfaction.choices)
    result = forms.ChoiceField(label=_("办理结果"), choices=Satisfaction.choices)
    comment = forms.CharField(
        label=_("评价理由（基本满意、不满意时必填）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": _("请写明不满意或基本满意的原因，承办单位将据此重新办理")}
        ),
    )


class PaperEvaluationForm(EvaluationForm):
    """代录评价 (S16): staff enter a deputy's paper evaluation: which deputy, the paper's date."""

    deputy = forms.ModelChoiceField(label=_("评价代表"), queryset=Deputy.objects.none())
    paper_date = forms.DateField(
        label=_("纸质评价表日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, reply: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = (  # type: ignore[attr-defined]
            Deputy.objects.filter(received_replies__reply=reply) if reply is not None else Deputy.objects.none()
        )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel文件（.xlsx）"))
    title_column = forms.CharField(label=_("标题列名"), initial="标题")
    body_column = forms.CharField(label=_("内容列名"), initial="内容")
    deputy_column = forms.CharField(label=_("领衔代表列名（代表证号或姓名）"), initial="领衔代表")
    topic_column = forms.CharField(label=_("分类列名"), initial="分类", required=False)


# ---------------------------------------------------------------- one form per action (shape only)
# Fields the services check themselves (reasons, opinions, decisions) are optional here, so the page
# shows the service's rule message (RULES.md id) rather than a generic "required".


class VersionForm(forms.Form):
    """The version the actor saw (optimistic check, 已被他人修改); the base of every action form."""

    version = forms.IntegerField(required=False, min_value=1)


class ReturnForm(VersionForm):
    """不予立案 (S22): category and reason."""

    category = forms.CharField(required=False, max_length=40)
    reason = forms.CharField(required=False, max_length=2000)


class WithdrawForm(VersionForm):
    """撤回: the Presidium's consent for a bill (B4) and a reason."""

    consent = forms.BooleanField(required=False)
    reason = forms.CharField(required=False, max_length=2000)


class RecommendForm(VersionForm):
    """The Bill Review Committee's recommendation (B3)."""

    decision = forms.CharField(required=False, max_length=20)
    opinion = forms.CharField(required=False, max_length=5000)


class DecideForm(VersionForm):
    """The Presidium's decision on a bill (B3, B5)."""

    decision = forms.CharField(required=False, max_length=20)
    committee = forms.ModelChoiceField(queryset=Body.objects.all(), required=False)


class KeyForm(VersionForm):
    """确定为重点督办建议 (S6): the vice-chair and the special committee."""

    vice_chair = forms.ModelChoiceField(
        queryset=Deputy.objects.all(), error_messages={"required": _("请选择督办副主任")}
    )
    committee = forms.ModelChoiceField(queryset=Body.objects.all(), error_messages={"required": _("请选择督办委员会")})


class AssignActionForm(VersionForm):
    """交办 from the proposal page (S2, S3, S8, S9)."""

    leads = IdMultipleChoiceField(
        queryset=HandlingUnit.objects.all(), required=False, widget=PickerSelectMultiple(placeholder=UNIT_PLACEHOLDER)
    )
    cohandlers = IdMultipleChoiceField(
        queryset=HandlingUnit.objects.all(), required=False, widget=PickerSelectMultiple(placeholder=UNIT_PLACEHOLDER)
    )
    is_complex = forms.BooleanField(required=False)


class MergeForm(forms.Form):
    """并案 (S10): the numbers of the other suggestions, one per line."""

    numbers = forms.CharField(required=False, max_length=5000)

    def clean_numbers(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data["numbers"].splitlines() if n.strip()]


class ConcludeForm(VersionForm):
    """审议结果 of a bill (B5)."""

    report = forms.CharField(required=False, max_length=20000)


class ReasonForm(VersionForm):
    """申请调整 (S12)."""

    reason = forms.CharField(required=False, max_length=2000)


class DecideReassignForm(VersionForm):
    """同意/不同意调整 (S12): the new unit when approved, a note."""

    unit = forms.ModelChoiceField(queryset=HandlingUnit.objects.all(), required=False)
    note = forms.CharField(required=False, max_length=2000)


class NoteForm(forms.Form):
    """催办: a note."""

    note = forms.CharField(required=False, max_length=300)


class OpinionForm(VersionForm):
    """会办意见 (S8)."""

    text = forms.CharField(required=False, max_length=20000)


class ExtensionForm(VersionForm):
    """申请延期 (S14): months and a written reason."""

    months = forms.IntegerField(required=False, min_value=0, max_value=120)
    reason = forms.CharField(required=False, max_length=2000)


class ReplyActionForm(ReplyForm, VersionForm):
    """答复 with the version the unit saw."""


class CommitmentForm(forms.Form):
    """承诺完成 / 告知代表 (S19): one commitment of the assignment's replies."""

    commitment = forms.ModelChoiceField(queryset=Commitment.objects.none())

    def __init__(self, *args: Any, assignment: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = Commitment.objects.filter(  # type: ignore[attr-defined]
            reply__assignment=assignment
        )
