"""Forms of filing review: filing (paste or upload .docx/.pdf/.txt), a review step, the committee,
flags, suggestions (public and staff). Shapes only; the rules are in the services."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _l

from renda.core.widgets import PickerSelect
from renda.filing.models import TEXT_MAX, TITLE_MAX, FilingDocument, Organ
from renda.meetings import selectors as meeting_selectors
from renda.meetings.models import Meeting, Poll
from renda.organization.models import Body

MAX_UPLOAD = 5 * 1024 * 1024


def extract_text(upload: Any) -> str:
    """The text of an uploaded .docx (python-docx), .pdf (pypdf, when installed) or .txt file.

    Raises:
        forms.ValidationError: unknown type, over 5 MB, or unreadable.
    """
    name = (upload.name or "").lower()
    if upload.size > MAX_UPLOAD:
        raise forms.ValidationError(_l("文件不能超过5MB"))
    data = upload.read()
    try:
        if name.endswith(".docx"):
            import docx

            return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
        if name.endswith(".pdf"):
            from pypdf import PdfReader

            return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
        if name.endswith(".txt"):
            return data.decode("utf-8")
    except Exception as exc:  # any parser failure is the user's file, not a 500
        raise forms.ValidationError(_l("无法读取该文件，请改为粘贴正文")) from exc
    raise forms.ValidationError(_l("只接受 .docx、.pdf 或 .txt 文件"))


class FileForm(forms.Form):
    """报送备案: the document, pasted or uploaded."""

    organ = forms.ModelChoiceField(label=_l("制定机关"), queryset=Organ.objects.none())
    title = forms.CharField(label=_l("标题"), max_length=TITLE_MAX)
    number = forms.CharField(label=_l("文号"), max_length=60)
    kind = forms.ChoiceField(label=_l("文件类别"), choices=FilingDocument.Kind.choices)
    published_on = forms.DateField(label=_l("公布日期"), widget=forms.DateInput(attrs={"type": "date"}))
    received_on = forms.DateField(label=_l("报送日期"), widget=forms.DateInput(attrs={"type": "date"}))
    upload = forms.FileField(label=_l("上传正文（.docx/.pdf）"), required=False)
    text = forms.CharField(label=_l("正文（或粘贴）"), widget=forms.Textarea, required=False, max_length=TEXT_MAX)
    explanation = forms.CharField(label=_l("起草说明"), widget=forms.Textarea, required=False, max_length=TEXT_MAX)
    basis = forms.CharField(
        label=_l("制定依据"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=TEXT_MAX
    )

    def __init__(self, *args: Any, organs: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs if organs is not None else Organ.objects.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("upload"):
            try:
                data["text"] = extract_text(data["upload"])
            except forms.ValidationError as exc:
                self.add_error("upload", exc)
        if not (data.get("text") or "").strip() and not self.errors:
            self.add_error("text", _l("请上传或粘贴正文"))
        return data


class StepForm(forms.Form):
    """One review step: which button, the note and the day it happened."""

    step = forms.CharField(max_length=32)
    note = forms.CharField(label=_l("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    on = forms.DateField(label=_l("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    review_kind = forms.ChoiceField(
        label=_l("审查方式"), choices=[("", "—"), *FilingDocument.ReviewKind.choices], required=False
    )
    version = forms.IntegerField(required=False, min_value=0, max_value=2_147_483_647, widget=forms.HiddenInput)


class CommitteeForm(forms.Form):
    """征求专门委员会意见."""

    committee = forms.ModelChoiceField(
        label=_l("专门委员会"),
        queryset=Body.objects.filter(kind=Body.Kind.SPECIAL_COMMITTEE),
        empty_label=_l("选择专门委员会"),
    )


class TextForm(forms.Form):
    """A committee's opinion or the issuer's reply."""

    text = forms.CharField(label=_l("内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_MAX)


class FlagForm(forms.Form):
    """Confirm or dismiss a flag (dismissal with its reason)."""

    decision = forms.ChoiceField(choices=[("confirm", _l("确认")), ("dismiss", _l("排除"))])
    reason = forms.CharField(label=_l("排除理由"), required=False, max_length=300)


class PublicSuggestionForm(forms.Form):
    """提出审查建议 (public page, no login)."""

    name = forms.CharField(label=_l("姓名或单位名称"), max_length=60)
    phone = forms.CharField(label=_l("手机号码（选填）"), max_length=20, required=False)
    source = forms.ChoiceField(
        label=_l("提出人类别"), choices=[("citizen", _l("公民")), ("organisation", _l("社会组织、企业"))]
    )
    document_title = forms.CharField(label=_l("建议审查的文件名称及文号"), max_length=TITLE_MAX)
    reasons = forms.CharField(label=_l("建议审查的理由"), widget=forms.Textarea(attrs={"rows": 6}), max_length=TEXT_MAX)
    website = forms.CharField(required=False, max_length=100)  # honeypot


class AcceptForm(forms.Form):
    """受理: link the suggestion to a filed document."""

    document = forms.ModelChoiceField(
        label=_l("对应备案文件"),
        queryset=FilingDocument.objects.exclude(status__in=["received", "materials", "returned"]),
        widget=PickerSelect(placeholder=_l("输入文件标题搜索")),
    )


class FeedbackForm(forms.Form):
    """Decline reason or the feedback on the outcome."""

    decision = forms.ChoiceField(choices=[("decline", _l("不予受理")), ("answer", _l("反馈审查结果"))])
    text = forms.CharField(label=_l("反馈内容"), widget=forms.Textarea(attrs={"rows": 4}), max_length=TEXT_MAX)


class CatalogueForm(forms.Form):
    """报送年度目录 (F1): the organ, the year listed and one document a line (标题 | 文号 | 公布日期)."""

    organ = forms.ModelChoiceField(label=_l("制定机关"), queryset=Organ.objects.none())
    year = forms.IntegerField(label=_l("年度"), min_value=2000, max_value=2100)
    entries = forms.CharField(
        label=_l("目录（每行一件：标题 | 文号 | 公布日期）"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=100_000,
    )
    submitted_on = forms.DateField(
        label=_l("报送日期（纸质目录，默认今天）"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, organs: Any = None, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs if organs is not None else Organ.objects.none()  # type: ignore[attr-defined]
        if not staff:
            del self.fields["submitted_on"]


class RevocationForm(forms.Form):
    """提出撤销议案 (F5): the Standing Committee meeting, the vote's method and the grounds."""

    meeting = forms.ModelChoiceField(label=_l("常委会会议"), queryset=Meeting.objects.none())
    method = forms.ChoiceField(label=_l("表决方式"), choices=Poll.Method.choices, initial=Poll.Method.ELECTRONIC)
    note = forms.CharField(label=_l("撤销理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    version = forms.IntegerField(required=False, min_value=0, max_value=2_147_483_647, widget=forms.HiddenInput)

    def __init__(self, *args: Any, congress_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = open_sc_meetings(congress_id)  # type: ignore[attr-defined]


#: The congress's Standing Committee meetings not yet closed (where a revocation bill may go).
open_sc_meetings = meeting_selectors.open_standing_committee_meetings


class MemberOpinionForm(forms.Form):
    """A committee member's opinion (F4)."""

    text = forms.CharField(label=_l("我的意见"), widget=forms.Textarea(attrs={"rows": 6}), max_length=TEXT_MAX)
