"""REST API of the legislation app, mirroring the pages and calling the same services and selectors.

``/api/legislation/drafts/`` (list, detail with versions and readings), ``/versions/{id}/`` (articles),
``/versions/{id}/compare/{other}/``, ``/versions/{id}/report/``, staff ``/versions/{id}/analyse/`` and
``/positions/{id}/respond/``, ``/versions/{id}/comments/`` (staff/operator entry of contact-point and
hearing comments), and the public ``/public/{id}/code/`` and ``/public/{id}/comments/`` (phone + code).
The draft's course (staff, as on the draft page): ``/drafts/{id}/submit/``, ``reading/``,
``required-readings/``, ``vote/``, ``vote-result/``, ``withdraw/``, ``request-approval/``, ``approve/``,
``promulgate/``, ``file/``; the comment period ``/versions/{id}/open/``, ``/versions/{id}/publish/`` (the
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
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from renda.core.apis import ERROR_RESPONSES, TRANSITION_ERROR_RESPONSES, ErrorSerializer, body_data
from renda.core.constraints import DATE_MAX, DATE_MIN
from renda.core.exceptions import NotFoundOrForbidden, PermissionDeniedError, RuleViolation
from renda.core.numbers import parse_id
from renda.legislation import campaigns, comments, permissions, selectors, services
from renda.legislation.forms import open_sc_meetings
from renda.legislation.models import Article, ContactPoint, Draft, DraftVersion, Position, Reading
from renda.legislation.models import Comment as CommentModel
from renda.meetings.models import Meeting, Poll
from renda.organization.models import User

WITH_429 = {**ERROR_RESPONSES, 422: ERROR_RESPONSES[400], 429: ERROR_RESPONSES[400]}


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


class LegDraftSerializer(serializers.ModelSerializer):
    versions = LegVersionBriefSerializer(many=True, read_only=True)
    readings = LegReadingSerializer(many=True, read_only=True)

    class Meta:
        model = Draft
        fields = [
            "id",
            "title",
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
            "versions",
            "readings",
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


@extend_schema(responses={200: LegDraftSerializer(many=True), **ERROR_RESPONSES}, description="Drafts the caller sees.")
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def draft_list(request: Request) -> Response:
    """Drafts of the caller's congress (staff, deputies, station operators)."""
    qs = selectors.drafts_for(request.user).prefetch_related("versions", "readings__agenda_item__meeting")
    return Response(LegDraftSerializer(qs, many=True).data)


@extend_schema(
    responses={200: LegDraftSerializer, **ERROR_RESPONSES}, description="One draft with versions and readings."
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def draft_detail(request: Request, pk: str) -> Response:
    """One draft (404 alike for missing and not visible)."""
    return Response(LegDraftSerializer(selectors.access_draft(request.user, _id(pk))).data)


@extend_schema(
    responses={200: LegVersionSerializer, **ERROR_RESPONSES}, description="A version's articles and parse report."
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def version_detail(request: Request, pk: str) -> Response:
    """One version with its articles."""
    return Response(LegVersionSerializer(selectors.access_version(request.user, _id(pk))).data)


@extend_schema(
    responses={200: ArticleChangeSerializer(many=True), **ERROR_RESPONSES},
    description="Compare two versions of one draft.",
)
@api_view(["GET"])
@permission_classes([IsAuthenticated])
def compare(request: Request, pk: str, other: str) -> Response:
    """Article-by-article comparison (``other`` older, ``pk`` newer)."""
    new = selectors.access_version(request.user, _id(pk))
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
def report(request: Request, pk: str) -> Response:
    """The report of a version."""
    return Response(_report(selectors.access_version(request.user, _id(pk))))


@extend_schema(
    request=None,
    responses={200: CommentReportSerializer, **ERROR_RESPONSES},
    description="Staff: (re)build campaigns and positions.",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def analyse(request: Request, pk: str) -> Response:
    """Staff: analyse the comments of a version (403 ``permission_denied`` otherwise)."""
    version = selectors.access_version(request.user, _id(pk))
    campaigns.analyse(version=version, actor=_user(request))
    return Response(_report(version))


@extend_schema(
    request=RespondInSerializer,
    responses={200: CommentPositionSerializer, **WITH_429},
    description="Staff: respond to a position (G12).",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def respond(request: Request, pk: str) -> Response:
    """Staff: 采纳 / 部分采纳 / 不采纳 with the reason (422 ``reason_required``)."""
    position = Position.objects.filter(pk=_id(pk), version__draft__in=selectors.drafts_for(request.user)).first()
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
def enter(request: Request, pk: str) -> Response:
    """Enter a comment from a contact point (staff, station operator) or a hearing (staff)."""
    version = selectors.access_version(request.user, _id(pk))
    d = body_data(EnterInSerializer, request)
    c = comments.comment_submit(version=version, user=_user(request), **d)
    return Response(CommentOutSerializer(c).data, status=201)


@extend_schema(
    request=CodeInSerializer, responses={204: None, **WITH_429}, description="Public: send a one-time code.", auth=[]
)
@api_view(["POST"])
@permission_classes([AllowAny])
def public_code(request: Request, pk: str) -> Response:
    """Send a code to the phone (429 ``rate_limited``)."""
    selectors.public_version(_id(pk))
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
def public_comment(request: Request, pk: str) -> Response:
    """Post a public comment; the code is checked first (422 ``code_invalid``)."""
    version = selectors.public_version(_id(pk))
    d = body_data(PublicCommentInSerializer, request)
    if not comments.is_open(version):
        raise RuleViolation("该草案的征求意见期限已经截止或尚未开始，不能提交意见", code="comment_closed")
    phone = comments.code_verify(phone=d["phone"], code=d["code"])
    c = comments.comment_submit(version=version, text=d["text"], source="public", article=d["article"], phone=phone)
    return Response(CommentOutSerializer(c).data, status=201)


# --------------------------------------------------------------------------------------------------
# The draft's course, the comment period and moderation (issue 14 item 6): the page's actions.
# --------------------------------------------------------------------------------------------------

#: Errors of a course action: 409 wrong status, 422 a rule of RULES.md §8 (the code names it: G6
#: ``proposer_not_allowed``, G7 ``lead_time``, G8 ``readings_required`` …).
COURSE_ERRORS = {
    **TRANSITION_ERROR_RESPONSES,
    422: OpenApiResponse(ErrorSerializer, description="a rule refused the action (code and rule id in the body)"),
}


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
    """Open a version for comment (G11): first day, days, the ground for fewer than 30."""

    opens = BoundedDateField()
    days = serializers.IntegerField(min_value=1, max_value=180, default=30)
    short_reason = serializers.CharField(max_length=200, allow_blank=True, default="")


class HideInSerializer(serializers.Serializer):
    """屏蔽 with a reason."""

    reason = serializers.CharField(max_length=120)


class HiddenCommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommentModel
        fields = ["id", "hidden", "hidden_reason"]


def _staff_draft(request: Request, pk: str) -> Draft:
    """The draft (404 alike for missing and not visible) if the caller may manage it (else 403)."""
    draft = selectors.access_draft(request.user, _id(pk))
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
    def view(request: Request, pk: str) -> Response:
        draft = _staff_draft(request, pk)
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


@extend_schema(
    request=None,
    responses={200: LegDraftSerializer, **COURSE_ERRORS},
    description="Staff: take the closed poll's result (G13): 已表决通过 or 表决未通过.",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def draft_vote_result(request: Request, pk: str) -> Response:
    """Staff: record the vote's result (422 ``no_vote``, ``poll_not_closed``), as the page's button."""
    draft = _staff_draft(request, pk)
    services.vote_record(draft=draft, actor=_user(request))
    return _draft_out(request, draft)


def _staff_version(request: Request, pk: str) -> DraftVersion:
    version = selectors.access_version(request.user, _id(pk))
    if not permissions.can_moderate(_user(request), version):
        raise PermissionDeniedError(services.STAFF_ONLY)
    return version


@extend_schema(
    request=PeriodInSerializer,
    responses={200: LegVersionBriefSerializer, **COURSE_ERRORS},
    description="Staff: open the version for public comment (G11: 30 days unless the 主任会议 decides fewer).",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def period_open(request: Request, pk: str) -> Response:
    """Staff: open the comment period (422 ``short_period``, ``voted``)."""
    version = _staff_version(request, pk)
    d = body_data(PeriodInSerializer, request)
    return Response(LegVersionBriefSerializer(comments.period_open(version=version, actor=_user(request), **d)).data)


@extend_schema(
    request=None,
    responses={200: LegVersionBriefSerializer, **COURSE_ERRORS},
    description="Staff: publish the feedback page (G12: every position answered).",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def publish(request: Request, pk: str) -> Response:
    """Staff: publish the feedback (422 ``no_positions``, ``unanswered``)."""
    version = _staff_version(request, pk)
    return Response(LegVersionBriefSerializer(campaigns.feedback_publish(version=version, actor=_user(request))).data)


@extend_schema(
    request=HideInSerializer,
    responses={200: HiddenCommentSerializer, **COURSE_ERRORS},
    description="Staff: hide an abusive comment with a reason (kept on record, logged on the draft's trail).",
)
@api_view(["POST"])
@permission_classes([IsAuthenticated])
def comment_hide(request: Request, pk: str) -> Response:
    """Staff: hide a comment (422 ``reason_required``)."""
    comment = CommentModel.objects.filter(pk=_id(pk), version__draft__in=selectors.drafts_for(request.user)).first()
    if comment is None:
        raise NotFoundOrForbidden("没有找到")
    if not permissions.can_moderate(_user(request), comment.version):
        raise PermissionDeniedError(services.STAFF_ONLY)
    d = body_data(HideInSerializer, request)
    return Response(HiddenCommentSerializer(comments.comment_hide(comment=comment, actor=_user(request), **d)).data)
