"""Forms of the legislation pages: the shape of the input only; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from renda.core.constraints import DATE_MAX, DATE_MIN
from renda.core.forms import IdMultipleChoiceField
from renda.core.numbers import parse_id
from renda.core.widgets import PickerSelectMultiple
from renda.legislation import conf
from renda.legislation.models import ContactPoint, Draft, DraftVersion, Hearing, Position, Publication
from renda.meetings import selectors as meeting_selectors
from renda.meetings.models import Meeting, Poll
from renda.organization.models import Deputy

DATE = {"type": "date", "min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()}


class BoundedDateField(forms.DateField):
    """A date within 2000–2100 (the window of a congress's records)."""

    def __init__(self, **kw: Any) -> None:
        kw.setdefault("widget", forms.DateInput(attrs=DATE))
        super().__init__(**kw)

    def clean(self, value: Any) -> Any:
        """The date, or a Chinese error outside 2000–2100."""
        d = super().clean(value)
        if d is not None and not DATE_MIN <= d <= DATE_MAX:
            raise forms.ValidationError(_("日期须在2000年至2100年之间"))
        return d


class IdChoiceField(forms.ModelChoiceField):
    """A single choice of a record by id that refuses a malformed id (``abc``, 23 digits) before querying."""

    def to_python(self, value: Any) -> Any:
        """The record, or a Chinese error for an id that is not an ASCII id in range."""
        if value in self.empty_values:
            return None
        if parse_id(value) is None:
            raise forms.ValidationError(_("请选择有效的选项"), code="invalid_choice")
        return super().to_python(value)


class DraftForm(forms.Form):
    """A new draft regulation (G1 subject, G2 kind, G3 flag)."""

    title = forms.CharField(label=_("法规名称"), max_length=120)
    subject = forms.ChoiceField(label=_("立法事项（立法法第八十一条）"), choices=Draft.Subject.choices)
    subject_basis = forms.CharField(label=_("法律依据（法律另有规定的事项）"), max_length=200, required=False)
    kind = forms.TypedChoiceField(
        label=_("立法类型（立法法第八十二条）"),
        choices=Draft.Kind.choices,
        required=False,
        empty_value=Draft.Kind.AUTONOMOUS,
    )
    making = forms.TypedChoiceField(
        label=_("制定或修订"), choices=Draft.Making.choices, required=False, empty_value=Draft.Making.NEW
    )
    higher_law = forms.CharField(label=_("所实施的上位法（实施性立法）"), max_length=120, required=False)
    major_matter = forms.BooleanField(label=_("本市特别重大事项（须由人民代表大会通过）"), required=False)
    joint_with = forms.CharField(label=_("协同立法城市"), max_length=120, required=False)


class ImportForm(forms.Form):
    """A .docx of the draft as the drafting office wrote it."""

    label = forms.CharField(label=_("版本名称"), max_length=60, initial=_("草案"))
    file = forms.FileField(label=_("Word 文件（.docx）"))

    def clean_file(self) -> Any:
        """At most 5 MB."""
        f = self.cleaned_data["file"]
        if f.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("文件不能超过5MB"))
        return f


class SubmitForm(forms.Form):
    """提请审议 (G6)."""

    proposer = forms.ChoiceField(label=_("提请主体"), choices=Draft.Proposer.choices)
    co_signers = forms.IntegerField(label=_("联名人数"), min_value=0, max_value=650, initial=0)
    submitted_on = BoundedDateField(label=_("提请日期"))
    repetition_reason = forms.CharField(label=_("保留重复上位法规定的理由（如有）"), max_length=200, required=False)


class BasisForm(forms.Form):
    """立法类型 and the higher-law basis (G2)."""

    kind = forms.ChoiceField(label=_("立法类型"), choices=Draft.Kind.choices)
    higher_law = forms.CharField(label=_("所实施的上位法"), max_length=120, required=False)
    higher_law_text = forms.CharField(
        label=_("上位法相关条文（用于检查重复性规定）"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class TerminateForm(forms.Form):
    """终止审议 after two years set aside (G14)."""

    on = BoundedDateField(label=_("终止审议日期"))
    report = forms.CharField(
        label=_("主任会议向常委会报告情况"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublicationForm(forms.Form):
    """Publication of the announced text in one channel (G17)."""

    channel = forms.ChoiceField(label=_("刊载渠道"), choices=Publication.Channel.choices)
    published_on = BoundedDateField(label=_("刊登日期"))
    reference = forms.CharField(label=_("期号或网址"), max_length=200, required=False)
    with_explanation = forms.BooleanField(label=_("同时刊登草案说明"), required=False)
    with_results_report = forms.BooleanField(label=_("同时刊登审议结果报告"), required=False)


#: The congress's Standing Committee meetings not yet closed (the choices of a reading or a vote).
open_sc_meetings = meeting_selectors.open_standing_committee_meetings


class ReadingForm(forms.Form):
    """A reading: the meeting and the version read (G7 lead times)."""

    meeting = IdChoiceField(label=_("常委会会议"), queryset=Meeting.objects.none())
    version = IdChoiceField(label=_("审议文本"), queryset=DraftVersion.objects.none())
    sent_to_members_on = BoundedDateField(label=_("印发组成人员日期"), required=False)
    results_report = forms.CharField(label=_("法制委员会审议结果报告（最后一次审议）"), max_length=200, required=False)

    def __init__(self, *a: Any, draft: Draft, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.fields["meeting"].queryset = open_sc_meetings(draft.congress_id)  # type: ignore[attr-defined]
        self.fields["version"].queryset = draft.versions.all()  # type: ignore[attr-defined]


class VoteForm(forms.Form):
    """交付表决 at a meeting (G13)."""

    meeting = IdChoiceField(label=_("常委会会议"), queryset=Meeting.objects.none())
    method = forms.ChoiceField(label=_("表决方式"), choices=Poll.Method.choices, initial=Poll.Method.ELECTRONIC)

    def __init__(self, *a: Any, draft: Draft, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.fields["meeting"].queryset = open_sc_meetings(draft.congress_id)  # type: ignore[attr-defined]


class ReadingsForm(forms.Form):
    """Number of readings (G8/G9)."""

    required = forms.TypedChoiceField(label=_("审议次数"), choices=[(1, "1"), (2, "2"), (3, "3")], coerce=int)
    ground = forms.CharField(label=_("主任会议决定及理由"), max_length=200, required=False)

    def __init__(self, *a: Any, draft: Any = None, **kw: Any) -> None:
        """``draft``: its congress's MAX_READINGS bounds the choices (G5); its current number is the initial."""
        super().__init__(*a, **kw)
        if draft is not None:
            most = conf.value("MAX_READINGS", draft.congress)
            field: Any = self.fields["required"]
            field.choices = [(n, str(n)) for n in range(1, most + 1)]
            field.initial = draft.required_readings


class WithdrawForm(forms.Form):
    """撤回 (G14)."""

    reason = forms.CharField(label=_("撤回理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    council_decision = forms.CharField(label=_("主任会议同意的决定"), max_length=150)


class DateForm(forms.Form):
    """One date (报请批准收到日期, 报送备案日期)."""

    on = BoundedDateField(label=_("日期"))


class ApprovalForm(forms.Form):
    """省人大常委会批准 (G15)."""

    approved_on = BoundedDateField(label=_("批准日期"))
    approval_body = forms.CharField(label=_("批准机关"), max_length=80)


class PromulgateForm(forms.Form):
    """公告 (G16): every field is required by the service, which names the missing ones."""

    enacting_body = forms.CharField(label=_("制定机关"), max_length=80, required=False)
    notice_number = forms.CharField(label=_("公告编号"), max_length=40, required=False)
    promulgated_on = BoundedDateField(label=_("公布日期"), required=False)
    effective_on = BoundedDateField(label=_("施行日期"), required=False)


class PeriodForm(forms.Form):
    """Open a version for comment (G11)."""

    opens = BoundedDateField(label=_("开始日期"))
    days = forms.IntegerField(label=_("期限（日）"), min_value=1, max_value=180, initial=30)
    short_reason = forms.CharField(label=_("少于三十日的理由（主任会议决定）"), max_length=200, required=False)
    early_reason = forms.CharField(label=_("第一次审议前公开的主任会议决定（如有）"), max_length=200, required=False)

    def __init__(self, *a: Any, congress: Any = None, **kw: Any) -> None:
        """``congress``: its COMMENT_DAYS is the initial period and COMMENT_MAX_DAYS the longest (G5, G11)."""
        super().__init__(*a, **kw)
        if congress is not None:
            minimum, longest = conf.value("COMMENT_DAYS", congress), conf.value("COMMENT_MAX_DAYS", congress)
            days: Any = self.fields["days"]
            days.initial = minimum
            days.max_value = longest
            days.validators = [v for v in days.validators if not isinstance(v, MaxValueValidator)]
            days.validators.append(MaxValueValidator(longest))
            days.widget.attrs["max"] = longest
            self.fields["short_reason"].label = _("少于%(days)s日的理由（主任会议决定）") % {"days": minimum}


class EnterForm(forms.Form):
    """Staff or an operator enter a comment from a contact point or a hearing."""

    source = forms.ChoiceField(
        label=_("来源"), choices=[("contact_point", _("基层立法联系点")), ("hearing", _("论证会、协商会"))]
    )
    contact_point = IdChoiceField(label=_("联系点"), queryset=ContactPoint.objects.none(), required=False)
    hearing = forms.CharField(label=_("会议名称"), max_length=80, required=False)
    author = forms.CharField(label=_("提出人"), max_length=40, required=False)
    article = forms.IntegerField(label=_("条（空为总体意见）"), min_value=1, max_value=999, required=False)
    text = forms.CharField(label=_("意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *a: Any, congress_id: int, **kw: Any) -> None:
        super().__init__(*a, **kw)
        self.fields["contact_point"].queryset = ContactPoint.objects.filter(congress_id=congress_id)  # type: ignore[attr-defined]


class DeputyCommentForm(forms.Form):
    """A deputy's comment."""

    article = forms.IntegerField(label=_("条（空为总体意见）"), min_value=1, max_value=999, required=False)
    text = forms.CharField(label=_("意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))


class HideForm(forms.Form):
    """屏蔽 with a reason."""

    reason = forms.CharField(label=_("屏蔽理由"), max_length=120)


class RespondForm(forms.Form):
    """The drafting office's response to a position."""

    response = forms.ChoiceField(label=_("采纳情况"), choices=Position.Response.choices)
    reason = forms.CharField(label=_("理由"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CodeForm(forms.Form):
    """Public page: the phone to send a code to."""

    phone = forms.CharField(label=_("手机号码"), max_length=20)


class PublicCommentForm(forms.Form):
    """Public page: one comment (on an article or the whole), with the code unless already verified."""

    article = forms.IntegerField(required=False, min_value=1, max_value=999, widget=forms.HiddenInput)
    phone = forms.CharField(label=_("手机号码"), max_length=20, required=False)
    code = forms.CharField(label=_("验证码"), max_length=6, required=False)
    text = forms.CharField(label=_("意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class PlanSubmittedForm(forms.Form):
    """An annual-plan item's actual submission date, with the written explanation when late (G20)."""

    submitted_on = BoundedDateField(label=_("实际提请日期"))
    explanation = forms.CharField(
        label=_("逾期书面说明"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class HearingForm(forms.Form):
    """立法论证会、协商会: one meeting held on legislation with who took part (G19); staff fill it in."""

    kind = forms.ChoiceField(label=_("类别"), choices=Hearing.Kind.choices)
    title = forms.CharField(label=_("会议名称"), max_length=80)
    held_on = BoundedDateField(label=_("召开日期"))
    draft = forms.ModelChoiceField(
        label=_("所涉法规草案（可不选）"),
        queryset=Draft.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("请选择本级人大的法规草案")},
    )
    deputies = IdMultipleChoiceField(
        label=_("参加的市人大代表"),
        queryset=Deputy.objects.none(),
        required=False,
        widget=PickerSelectMultiple(placeholder=_("输入代表姓名搜索")),
        error_messages={"invalid_choice": _("所选代表不属于本级人大"), "invalid_pk_value": _("代表选择有误")},
    )
    other_participants = forms.IntegerField(
        label=_("其他参加人数（县区人大代表、政协委员、专家等）"),
        min_value=0,
        max_value=10_000,
        initial=0,
        error_messages={"invalid": _("请输入整数人数"), "min_value": _("人数不能为负数"), "max_value": _("人数过大")},
    )

    def __init__(self, *args: Any, drafts: Any, deputies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["draft"].queryset = drafts  # type: ignore[attr-defined]
        self.fields["deputies"].queryset = deputies  # type: ignore[attr-defined]
