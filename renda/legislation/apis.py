"""REST API of the legislation app, mirroring the pages and calling the same services and selectors.

``/api/legislation/drafts/`` (list, detail with versions and readings), ``/versions/{id}/`` (articles),
``/versions/{id}/compare/{other}/``, ``/versions/{id}/report/``, staff ``/versions/{id}/analyse/`` and
``/positions/{id}/respond/``, ``/versions/{id}/comments/`` (staff/operator entry of contact-point and
hearing comments), and the public ``/public/{id}/code/`` and ``/public/{id}/comments/`` (phone + code).
The draft's course (staff, as on the draft page): ``/drafts/{id}/submit/``, ``reading/``,
``required-readings/``, ``vote/``, ``vote-result/``, ``withdraw/``, ``request-approval/``, ``approve/``,
``promulgate/``, ``file/``, ``basis/`` (G2), ``terminate/`` (G14), ``publications/`` (G17); ``POST /drafts/``
(a new draft), ``POST /drafts/{id}/versions/`` (.docx import, multipart), ``/plan-items/{id}/submitted/``
(G20) and ``/versions/{id}/deputy-comments/``; the comment period ``/versions/{id}/open/``, ``/versions/{id}/publish/`` (the
feedback page) and ``/comments/{id}/hide/``. Each runs the page's service (:data:`services.COURSE` for the
course) after the page's permission predicate: 403 ``permission_denied`` for another role, 409
``invalid_transition`` from the wrong status, 400 ``invalid`` for malformed input, 422 with the rule's code.
Errors are ``{code, detail}`` (``renda.core.apis.exception_handler``).
"""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, parser_classes, permission_classes
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from renda.core.apis import ERROR_RESPONSES, TRANSITION_ERROR_RESPONSES, ErrorSerializer, body_data
from renda.core.constraints import DATE_MAX, DATE_MIN
from renda.core.exceptions import NotFoundOrForbidden, PermissionDeniedError, RuleViolation
from renda.core.numbers import parse_id
from renda.legislation import campaigns, comments, permissions, selectors, services
from renda.legislation.forms import open_sc_meetings
from renda.legislation.models import (
    Article,
    ContactPoint,
    Draft,
    DraftVersion,
    PlanItem,
    Position,
    Publication,
    Reading,
)
from renda.legislation.models import Comment as CommentModel
from renda.meetings.models import Meeting, Poll
from renda.organization.models import User

WITH_429 = {**ERROR_RESPONSES, 422: ERROR_RESPONSES[400], 429: ERROR_RESPONSES[400]}

#: Errors of a course action: 409 wrong status, 422 a rule of RULES.md §8 (the code names it: G6
#: ``proposer_not_allowed``, G7 ``lead_time``, G8 ``readings_required`` …).
COURSE_ERRORS = {
    **TRANSITION_ERROR_RESPONSES,
    422: OpenApiResponse(ErrorSerializer, description="a rule refused the action (code and rule id in the body)"),
}


def _user(request: Request) -> User:
    """The authenticated user of a request (``IsAuthenticated`` runs first)."""
    return cast(User, request.user)


def _id(value: Any) -> int:
    pk = parse_id(str(value))
    if pk is None:
        raise NotFoundOrForbidden("没有找到")
    return pk


class LegArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = ["number", "chapter_number", "chapter_title", "paragraphs"]


class LegVersionSerializer(serializers.ModelSerializer):
    articles = LegArticleSerializer(many=True, read_only=True)

    class Meta:
        model = DraftVersion
        fields = [
            "id",
            "number",
            "label",
            "title",
            "unparsed",
            "comment_opens",
            "comment_closes",
            "feedback_published",
            "comment_early_reason",
            "articles",
        ]


class LegVersionBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = DraftVersion
        fields = ["id", "number", "label", "comment_opens", "comment_closes", "feedback_published"]


class LegReadingSerializer(serializers.ModelSerializer):
    meeting = serializers.CharField(source="agenda_item.meeting.title", read_only=True)

    class Meta:
        model = Reading
        fields = ["number", "version", "agenda_item", "meeting"]


class LegPublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publication
        fields = ["channel", "published_on", "reference", "with_explanation", "with_results_report"]


class LegDraftSerializer(serializers.ModelSerializer):
    versions = LegVersionBriefSerializer(many=True, read_only=True)
    readings = LegReadingSerializer(many=True, read_only=True)
    publications = LegPublicationSerializer(many=True, read_only=True)

    class Meta:
        model = Draft
        fields = [
            "id",
            "title",
            "kind",
            "making",
            "higher_law",
            "subject",
            "subject_basis",
            "major_matter",
            "proposer",
            "joint_with",
            "required_readings",
            "status",
            "submitted_on",
            "adopted_on",
            "approval_requested_on",
            "approved_on",
            "approval_body",
            "enacting_body",
            "notice_number",
            "promulgated_on",
            "effective_on",
            "filed_on",
            "terminated_on",
            "versions",
            "readings",
            "publications",
        ]


class ArticleChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["added", "removed", "changed", "same"])
    old = serializers.IntegerField(allow_null=True)
    new = serializers.IntegerField(allow_null=True)
    ops = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))


class CommentPositionSerializer(serializers.ModelSerializer):
    article = serializers.IntegerField(source="article.number", allow_null=True, default=None)

    class Meta:
        model = Position
        fields = ["id", "article", "kind", "keywords", "quote", "size", "response", "reason"]


class CommentReportSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    hidden = serializers.IntegerField()
    campaigns = serializers.IntegerField()
    positions = CommentPositionSerializer(many=True)


class RespondInSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=Position.Response.choices)
    reason = serializers.CharField(max_length=1000, allow_blank=True, default="")


class EnterInSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=["contact_point", "hearing"])  # type: ignore[assignment]
    contact_point = serializers.PrimaryKeyRelatedField(
        queryset=ContactPoint.objects.all(), required=False, allow_null=True, default=None
    )
    hearing = serializers.CharField(max_length=80, allow_blank=True, default="")
    author = serializers.CharField(max_length=40, allow_blank=True, default="")
    article = serializers.IntegerField(min_value=1, max_value=999, required=False, allow_null=True, default=None)
    text = serializers.CharField(max_length=2000)


class CodeInSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20)


class PublicCommentInSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20)
    code = serializers.CharField(max_length=6)
    article = serializers.IntegerField(min_value=1, max_value=999, required=False, allow_null=True, default=None)
    text = serializers.CharField(max_length=2000)


class CommentOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommentModel
        fields = ["id", "source", "published_text", "created_at"]


class DraftCreateInSerializer(serializers.Serializer):
    """A new draft regulation, as the page's form: G1 subject, G2 kind, G3 flag."""

    title = serializers.CharField(max_length=120)
    subject = serializers.ChoiceField(choices=Draft.Subject.choices)
    subject_basis = serializers.CharField(max_length=200, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=Draft.Kind.choices, default=Draft.Kind.AUTONOMOUS)
    making = serializers.ChoiceField(choices=Draft.Making.choices, default=Draft.Making.NEW)
    higher_law = serializers.CharField(max_length=120, allow_blank=True, default="")
    major_matter = serializers.BooleanField(default=False)
    joint_with = serializers.CharField(max_length=120, allow_blank=True, default="")


@extend_schema(
    methods=["GET"],
    responses={200: LegDraftSerializer(many=True), **ERROR_RESPONSES},
    description="Drafts the caller sees.",
)
@extend_schema(
    methods=["POST"],
    request=DraftCreateInSerializer,
    responses={201: LegDraftSerializer, **COURSE_ERRORS},
    description="Staff: open a new draft regulation (G1 subject, G2 kind: 422 ``invalid_subject``, "
    "``basis_required``, ``higher_law_required``).",
)
@api_view(["GET", "POST"])
@permission_classes([IsAuthenticated])
def draft_list(request: Request) -> Response:
    """GET: drafts of the caller's congress (staff, deputies, station operators). POST: staff open a
    draft in their congress (:func:`services.draft_create`, 403 for another role)."""
    if request.method == "POST":
        user = _user(request)
        congress = user.congress
        if congress is None or not permissions.can_manage(user, Draft(congress=congress)):
            raise PermissionDeniedError(services.STAFF_ONLY)
        d = body_data(DraftCreateInSerializer, request)
        draft = services.draft_create(congress=congress, actor=user, **d)
        return Response(LegDraftSerializer(selectors.access_draft(user, draft.pk)).data, status=201)
    qs = selectors.drafts_for(request.user).prefetch_related(
        "versions", "readings__agenda_item__meeting", "publications"
    )
    return Response(LegDraftSerializer(qs, many=True).data)


@extend_schema(
    responses={200: LegDraftSerializer, **ERROR_RESPONSES}, description="One draft with versions and readings."
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def draft_detail(request: Request, id: str) -> Response:
    """One draft (404 alike for missing and not visible)."""
    return Response(LegDraftSerializer(selectors.access_draft(request.user, _id(id))).data)


@extend_schema(
    responses={200: LegVersionSerializer, **ERROR_RESPONSES}, description="A version's articles and parse report."
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def version_detail(request: Request, id: str) -> Response:
    """One version with its articles."""
    return Response(LegVersionSerializer(selectors.access_version(request.user, _id(id))).data)


@extend_schema(
    responses={200: ArticleChangeSerializer(many=True), **ERROR_RESPONSES},
    description="Compare two versions of one draft.",
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def compare(request: Request, id: str, other: str) -> Response:
    """Article-by-article comparison (``other`` older, ``id`` newer)."""
    new = selectors.access_version(request.user, _id(id))
    old = selectors.access_version(request.user, _id(other))
    if old.draft_id != new.draft_id:
        raise NotFoundOrForbidden("两稿不属于同一草案")
    rows = selectors.comparison(old, new)
    return Response([{"kind": r.kind, "old": r.old, "new": r.new, "ops": [list(o) for o in r.ops]} for r in rows])


def _report(version: DraftVersion) -> dict[str, Any]:
    rep = selectors.report(version)
    positions = [p for s in rep.sections for p in (*s.campaigns, *s.positions)]
    return {
        "total": rep.total,
        "hidden": rep.hidden,
        "campaigns": rep.campaign_count,
        "positions": CommentPositionSerializer(positions, many=True).data,
    }


@extend_schema(
    responses={200: CommentReportSerializer, **ERROR_RESPONSES}, description="The comment report (征求意见情况报告)."
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def report(request: Request, id: str) -> Response:
    """The report of a version."""
    return Response(_report(selectors.access_version(request.user, _id(id))))


@extend_schema(
    request=None,
    responses={200: CommentReportSerializer, **ERROR_RESPONSES},
    description="Staff: (re)build campaigns and positions.",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def analyse(request: Request, id: str) -> Response:
    """Staff: analyse the comments of a version (403 ``permission_denied`` otherwise)."""
    version = selectors.access_version(request.user, _id(id))
    campaigns.analyse(version=version, actor=_user(request))
    return Response(_report(version))


@extend_schema(
    request=RespondInSerializer,
    responses={200: CommentPositionSerializer, **WITH_429},
    description="Staff: respond to a position (G12).",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def respond(request: Request, id: str) -> Response:
    """Staff: 采纳 / 部分采纳 / 不采纳 with the reason (422 ``reason_required``)."""
    position = Position.objects.filter(pk=_id(id), version__draft__in=selectors.drafts_for(request.user)).first()
    if position is None:
        raise NotFoundOrForbidden("没有找到")
    d = body_data(RespondInSerializer, request)
    return Response(
        CommentPositionSerializer(campaigns.position_respond(position=position, actor=_user(request), **d)).data
    )


@extend_schema(
    request=EnterInSerializer,
    responses={201: CommentOutSerializer, **WITH_429},
    description="Staff or an operator enter a contact-point or hearing comment (G19).",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def enter(request: Request, id: str) -> Response:
    """Enter a comment from a contact point (staff, station operator) or a hearing (staff)."""
    version = selectors.access_version(request.user, _id(id))
    d = body_data(EnterInSerializer, request)
    c = comments.comment_submit(version=version, user=_user(request), **d)
    return Response(CommentOutSerializer(c).data, status=201)


@extend_schema(
    request=CodeInSerializer, responses={204: None, **WITH_429}, description="Public: send a one-time code.", auth=[]
)
@api_view(["POST"])
@permission_classes([AllowAny])
def public_code(request: Request, id: str) -> Response:
    """Send a code to the phone (429 ``rate_limited``)."""
    selectors.public_version(_id(id))
    comments.code_send(phone=body_data(CodeInSerializer, request)["phone"])
    return Response(status=204)


@extend_schema(
    request=PublicCommentInSerializer,
    responses={201: CommentOutSerializer, **WITH_429},
    description="Public: comment with phone and code (G11: 422 ``comment_closed`` after the period).",
    auth=[],
)
@api_view(["POST"])
@permission_classes([AllowAny])
def public_comment(request: Request, id: str) -> Response:
    """Post a public comment; the code is checked first (422 ``code_invalid``)."""
    version = selectors.public_version(_id(id))
    d = body_data(PublicCommentInSerializer, request)
    if not comments.is_open(version):
        raise RuleViolation("该草案的征求意见期限已经截止或尚未开始，不能提交意见", code="comment_closed")
    phone = comments.code_verify(phone=d["phone"], code=d["code"])
    c = comments.comment_submit(version=version, text=d["text"], source="public", article=d["article"], phone=phone)
    return Response(CommentOutSerializer(c).data, status=201)


# --------------------------------------------------------------------------------------------------
# The draft's course, the comment period and moderation (issue 14 item 6): the page's actions.
# --------------------------------------------------------------------------------------------------


class BoundedDateField(serializers.DateField):
    """A date within 2000–2100 (the window of a congress's records), as on the pages."""

    def to_internal_value(self, value: Any) -> Any:
        """The date; ``ValidationError`` (400 ``invalid``) outside 2000–2100."""
        day = super().to_internal_value(value)
        if not DATE_MIN <= day <= DATE_MAX:
            raise serializers.ValidationError(_("日期须在2000年至2100年之间"))
        return day


class SubmitInSerializer(serializers.Serializer):
    """提请审议 (G6): the proposer, the co-signers (members jointly) and the date."""

    proposer = serializers.ChoiceField(choices=Draft.Proposer.choices)
    co_signers = serializers.IntegerField(min_value=0, max_value=650, default=0)
    submitted_on = BoundedDateField()
    repetition_reason = serializers.CharField(max_length=200, allow_blank=True, default="")


class _OfDraft(serializers.Serializer):
    """A body whose choices depend on the draft (``context['draft']``): its congress's open Standing
    Committee meetings and its versions, as in the page's form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        draft = self.context.get("draft")
        if draft is not None:
            for name, field in self.fields.items():
                if name == "meeting":
                    field.queryset = open_sc_meetings(draft.congress_id)  # type: ignore[attr-defined]
                elif name == "version":
                    field.queryset = draft.versions.all()  # type: ignore[attr-defined]


class ReadingInSerializer(_OfDraft):
    """A reading (G7): the meeting, the version read, when it was sent to members, the results report (G10)."""

    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none())
    version = serializers.PrimaryKeyRelatedField(queryset=DraftVersion.objects.none())
    sent_to_members_on = BoundedDateField(required=False, allow_null=True, default=None)
    results_report = serializers.CharField(max_length=200, allow_blank=True, default="")


class ReadingsInSerializer(serializers.Serializer):
    """The number of readings (G8/G9) and the 主任会议's ground for fewer."""

    required = serializers.IntegerField(min_value=1, max_value=3)  # type: ignore[assignment]
    ground = serializers.CharField(max_length=200, allow_blank=True, default="")


class VoteInSerializer(_OfDraft):
    """交付表决 (G13): the meeting and the voting method."""

    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none())
    method = serializers.ChoiceField(choices=Poll.Method.choices, default=Poll.Method.ELECTRONIC)


class DraftWithdrawInSerializer(serializers.Serializer):
    """撤回 (G14): the reasons and the 主任会议's decision."""

    reason = serializers.CharField(max_length=300)
    council_decision = serializers.CharField(max_length=150)


class DateInSerializer(serializers.Serializer):
    """One date: the province's receipt of the approval request (G15) or the filing (G18)."""

    on = BoundedDateField()


class ApprovalInSerializer(serializers.Serializer):
    """省人大常委会批准 (G15)."""

    approved_on = BoundedDateField()
    approval_body = serializers.CharField(max_length=80)


class PromulgateInSerializer(serializers.Serializer):
    """公告 (G16); missing fields are taken from the draft, the service names those still missing (422)."""

    enacting_body = serializers.CharField(max_length=80, allow_blank=True, default="")
    notice_number = serializers.CharField(max_length=40, allow_blank=True, default="")
    promulgated_on = BoundedDateField(required=False, allow_null=True, default=None)
    effective_on = BoundedDateField(required=False, allow_null=True, default=None)


class PeriodInSerializer(serializers.Serializer):
    """Open a version for comment (G11): first day, days (default: the congress's COMMENT_DAYS, G5), the
    ground for fewer."""

    opens = BoundedDateField()
    days = serializers.IntegerField(min_value=1, max_value=366, required=False, allow_null=True, default=None)
    short_reason = serializers.CharField(max_length=200, allow_blank=True, default="")
    early_reason = serializers.CharField(max_length=200, allow_blank=True, default="")


class BasisInSerializer(serializers.Serializer):
    """立法类型 and the higher-law basis (G2)."""

    kind = serializers.ChoiceField(choices=Draft.Kind.choices)
    higher_law = serializers.CharField(max_length=120, allow_blank=True, default="")
    higher_law_text = serializers.CharField(max_length=20000, allow_blank=True, default="")


class TerminateInSerializer(serializers.Serializer):
    """终止审议 after two years set aside (G14): the day and the report to the Standing Committee."""

    on = BoundedDateField()
    report = serializers.CharField(max_length=300)


class PublicationInSerializer(serializers.Serializer):
    """Publication of the announced text in one channel (G17)."""

    channel = serializers.ChoiceField(choices=Publication.Channel.choices)
    published_on = BoundedDateField()
    reference = serializers.CharField(max_length=200, allow_blank=True, default="")
    with_explanation = serializers.BooleanField(default=False)
    with_results_report = serializers.BooleanField(default=False)


class HideInSerializer(serializers.Serializer):
    """屏蔽 with a reason."""

    reason = serializers.CharField(max_length=120)


class HiddenCommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommentModel
        fields = ["id", "hidden", "hidden_reason"]


def _staff_draft(request: Request, id: str) -> Draft:
    """The draft (404 alike for missing and not visible) if the caller may manage it (else 403)."""
    draft = selectors.access_draft(request.user, _id(id))
    if not permissions.can_manage(_user(request), draft):
        raise PermissionDeniedError(services.STAFF_ONLY)
    return draft


def _draft_out(request: Request, draft: Draft) -> Response:
    return Response(LegDraftSerializer(selectors.access_draft(request.user, draft.pk)).data)


def course_view(action: str, body: type[serializers.Serializer], description: str) -> Any:
    """The API operation of one step of the draft's course: ``POST /drafts/{id}/<step>/``.

    Checks what the page (``views.draft_action``) checks, in the same order — the draft is visible (404),
    the caller is staff of its congress (:func:`permissions.can_manage`, 403), the body is well formed
    (400 ``invalid``) — then runs ``services.COURSE[action]``, the page's service call, and answers the
    draft. The service's refusals: 409 (status, stale record), 422 (a rule, its code).
    """

    @extend_schema(
        request=body,
        responses={200: LegDraftSerializer, **COURSE_ERRORS},
        description=description,
        operation_id=f"legislation_drafts_{action}",
    )
    @api_view(["POST"])
    @permission_classes([IsAuthenticated])
    def view(request: Request, id: str) -> Response:
        draft = _staff_draft(request, id)
        s = body(data=request.data, context={"draft": draft})
        s.is_valid(raise_exception=True)
        services.COURSE[action](draft, _user(request), dict(s.validated_data))
        return _draft_out(request, draft)

    view.__doc__ = f"Staff: {description}"
    return view


draft_submit = course_view("submit", SubmitInSerializer, "提请审议: 起草中 → 已提请审议 (G6).")
draft_reading = course_view("reading", ReadingInSerializer, "列入常委会会议审议: the next reading (G4, G7, G10).")
draft_readings = course_view("readings", ReadingsInSerializer, "审议次数: readings before the vote (G8, G9).")
draft_vote = course_view("vote", VoteInSerializer, "交付表决: agenda item and poll at a meeting (G3, G8, G13).")
draft_withdraw = course_view("withdraw", DraftWithdrawInSerializer, "撤回法规案 before the vote (G14).")
draft_request_approval = course_view(
    "request_approval", DateInSerializer, "报请省人大常委会批准: the province's receipt date (G15)."
)
draft_approve = course_view("approve", ApprovalInSerializer, "记录批准: 报请批准中 → 已批准 (G15).")
draft_promulgate = course_view("promulgate", PromulgateInSerializer, "发布公告: 已批准 → 已公布 (G16).")
draft_file = course_view("file", DateInSerializer, "报送备案: 已公布 → 已报送备案 (G18).")
draft_basis = course_view("basis", BasisInSerializer, "立法类型和上位法依据 before the vote (G2).")
draft_terminate = course_view(
    "terminate", TerminateInSerializer, "终止审议: 审议中 → 已终止审议 after two years set aside (G14)."
)
draft_publication = course_view(
    "publication",
    PublicationInSerializer,
    "登记刊登: the announced text in 公报, 中国人大网, website, newspaper (G17).",
)


@extend_schema(
    request=None,
    responses={200: LegDraftSerializer, **COURSE_ERRORS},
    description="Staff: take the closed poll's result (G13): 已表决通过 or 表决未通过.",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def draft_vote_result(request: Request, id: str) -> Response:
    """Staff: record the vote's result (422 ``no_vote``, ``poll_not_closed``), as the page's button."""
    draft = _staff_draft(request, id)
    services.vote_record(draft=draft, actor=_user(request))
    return _draft_out(request, draft)


def _staff_version(request: Request, id: str) -> DraftVersion:
    version = selectors.access_version(request.user, _id(id))
    if not permissions.can_moderate(_user(request), version):
        raise PermissionDeniedError(services.STAFF_ONLY)
    return version


@extend_schema(
    request=PeriodInSerializer,
    responses={200: LegVersionBriefSerializer, **COURSE_ERRORS},
    description="Staff: open the version for public comment (G11: the congress's COMMENT_DAYS, 30 by default, unless the 主任会议 decides fewer; G5).",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def period_open(request: Request, id: str) -> Response:
    """Staff: open the comment period (422 ``short_period``, ``voted``)."""
    version = _staff_version(request, id)
    d = body_data(PeriodInSerializer, request)
    return Response(LegVersionBriefSerializer(comments.period_open(version=version, actor=_user(request), **d)).data)


@extend_schema(
    request=None,
    responses={200: LegVersionBriefSerializer, **COURSE_ERRORS},
    description="Staff: publish the feedback page (G12: every position answered).",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def publish(request: Request, id: str) -> Response:
    """Staff: publish the feedback (422 ``no_positions``, ``unanswered``)."""
    version = _staff_version(request, id)
    return Response(LegVersionBriefSerializer(campaigns.feedback_publish(version=version, actor=_user(request))).data)


@extend_schema(
    request=HideInSerializer,
    responses={200: HiddenCommentSerializer, **COURSE_ERRORS},
    description="Staff: hide an abusive comment with a reason (kept on record, logged on the draft's trail).",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def comment_hide(request: Request, id: str) -> Response:
    """Staff: hide a comment (422 ``reason_required``)."""
    comment = CommentModel.objects.filter(pk=_id(id), version__draft__in=selectors.drafts_for(request.user)).first()
    if comment is None:
        raise NotFoundOrForbidden("没有找到")
    if not permissions.can_moderate(_user(request), comment.version):
        raise PermissionDeniedError(services.STAFF_ONLY)
    d = body_data(HideInSerializer, request)
    return Response(HiddenCommentSerializer(comments.comment_hide(comment=comment, actor=_user(request), **d)).data)


# --------------------------------------------------------------------------------------------------
# Version import from .docx, plan items' submission dates, deputies' comments: the pages' actions.
# --------------------------------------------------------------------------------------------------


class ImportInSerializer(serializers.Serializer):
    """A .docx of the draft as the drafting office wrote it (multipart), and the version's name."""

    label = serializers.CharField(max_length=60, allow_blank=True, default="草案")  # type: ignore[assignment]
    file = serializers.FileField()


@extend_schema(
    request={"multipart/form-data": ImportInSerializer},
    responses={201: LegVersionSerializer, **COURSE_ERRORS},
    description="Staff: import a .docx as the next version (the page's checks; the parse report is the "
    "version's ``unparsed``): 422 ``invalid_file`` (not a .docx, over 5 MB), ``invalid_docx``, ``no_articles``, "
    "``voted``.",
)
@api_view(["POST"])
@parser_classes([MultiPartParser, FormParser])
@permission_classes([IsAuthenticated])
def version_import(request: Request, id: str) -> Response:
    """Staff: a new version from a .docx (:func:`services.version_import`, the page's service)."""
    draft = _staff_draft(request, id)
    d = body_data(ImportInSerializer, request)
    version = services.version_import(draft=draft, label=d["label"], upload=d["file"], actor=_user(request))
    return Response(LegVersionSerializer(version).data, status=201)


class PlanSubmittedInSerializer(serializers.Serializer):
    """An annual-plan item's actual submission date and, when late, the written explanation (G20)."""

    submitted_on = BoundedDateField()
    explanation = serializers.CharField(max_length=500, allow_blank=True, default="")


class PlanItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanItem
        fields = ["id", "title", "stage", "proposer", "submission_due", "submitted_on", "late_explanation"]


@extend_schema(
    request=PlanSubmittedInSerializer,
    responses={200: PlanItemSerializer, **COURSE_ERRORS},
    description="Staff: record an annual-plan item's submission date (G20: 422 ``explanation_required`` when "
    "late without a written explanation, ``not_annual``).",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def plan_item_submitted(request: Request, id: str) -> Response:
    """Staff: the page's :func:`services.plan_item_submitted` (404 alike for missing and not visible)."""
    user = _user(request)
    item = None
    if permissions.can_see_drafts(user):
        item = PlanItem.objects.filter(pk=_id(id), plan__in=selectors.plans_for(user)).select_related("plan").first()
    if item is None:
        raise NotFoundOrForbidden("没有找到该立法项目")
    if not permissions.can_manage(user, Draft(congress_id=item.plan.congress_id)):
        raise PermissionDeniedError(services.STAFF_ONLY)
    d = body_data(PlanSubmittedInSerializer, request)
    return Response(PlanItemSerializer(services.plan_item_submitted(item=item, actor=user, **d)).data)


class DeputyCommentInSerializer(serializers.Serializer):
    """A deputy's comment on an article (its number) or, empty, on the whole."""

    article = serializers.IntegerField(min_value=1, max_value=999, required=False, allow_null=True, default=None)
    text = serializers.CharField(max_length=2000)


@extend_schema(
    request=DeputyCommentInSerializer,
    responses={201: CommentOutSerializer, **COURSE_ERRORS},
    description="A deputy comments on a version during its period (G11: 422 ``comment_closed``; ``wrong_article``).",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def deputy_comment(request: Request, id: str) -> Response:
    """A deputy's comment (403 for another role), the page's :func:`comments.comment_submit` call."""
    version = selectors.access_version(request.user, _id(id))
    user = _user(request)
    if not permissions.can_comment_as_deputy(user, version):
        raise PermissionDeniedError("只有人大代表可以以代表身份提出意见")
    d = body_data(DeputyCommentInSerializer, request)
    c = comments.comment_submit(version=version, user=user, source=CommentModel.Source.DEPUTY, **d)
    return Response(CommentOutSerializer(c).data, status=201)
