"""Forms of the proposals pages: shape checks only; rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.organization.models import Deputy, HandlingUnit
from renda.proposals import conf
from renda.proposals.models import TOPICS, Consultation, Kind, Proposal, Satisfaction


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=Kind.choices, initial=Kind.SUGGESTION)
    title = forms.CharField(label=_("标题"), max_length=200, help_text=_("例如：关于……的建议"))
    body = forms.CharField(label=_("内容"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    topic = forms.ChoiceField(label=_("主题分类"), choices=[(t, t) for t in TOPICS])
    cosigners = forms.ModelMultipleChoiceField(
        label=_("邀请联名代表"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    lead_deputy = forms.ModelChoiceField(
        label=_("领衔代表（代为录入纸质件）"), queryset=Deputy.objects.none(), required=False
    )
    submitter_type = forms.ChoiceField(label=_("提出者"), choices=Proposal.Submitter.choices, initial="deputies")
    institution = forms.ChoiceField(
        label=_("提案机关"), choices=[("", "—"), *Proposal.Institution.choices], required=False
    )
    attachment = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, deputies=None, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        qs = deputies if deputies is not None else Deputy.objects.all()
        self.fields["cosigners"].queryset = qs  # type: ignore[attr-defined]
        self.fields["lead_deputy"].queryset = qs  # type: ignore[attr-defined]
        if not staff:
            for name in ("lead_deputy", "submitter_type", "institution"):
                del self.fields[name]


class AssignForm(forms.Form):
    leads = forms.ModelMultipleChoiceField(label=_("主办单位"), queryset=HandlingUnit.objects.filter(is_active=True))
    cohandlers = forms.ModelMultipleChoiceField(
        label=_("会办单位"), queryset=HandlingUnit.objects.filter(is_active=True), required=False
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
    attitude = forms.ChoiceField(label=_("办理态度"), choices=Satisfaction.choices)
    result = forms.ChoiceField(label=_("办理结果"), choices=Satisfaction.choices)
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel文件（.xlsx）"))
    title_column = forms.CharField(label=_("标题列名"), initial="标题")
    body_column = forms.CharField(label=_("内容列名"), initial="内容")
    deputy_column = forms.CharField(label=_("领衔代表列名（代表证号或姓名）"), initial="领衔代表")
    topic_column = forms.CharField(label=_("分类列名"), initial="分类", required=False)
