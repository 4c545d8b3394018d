"""REST API of the legislation app, mirroring the pages and calling the same services and selectors.

``/api/legislation/drafts/`` (list, detail with versions and readings), ``/versions/{id}/`` (articles),
``/versions/{id}/compare/{other}/``, ``/versions/{id}/report/``, staff ``/versions/{id}/analyse/`` and
``/positions/{id}/respond/``, ``/versions/{id}/comments/`` (staff/operator entry of contact-point and
hearing comments), and the public ``/public/{id}/code/`` and ``/public/{id}/comments/`` (phone + code).
Errors are ``{code, detail}`` (``renda.core.apis.exception_handler``).
"""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from renda.core.apis import ERROR_RESPONSES, body_data
from renda.core.exceptions import NotFoundOrForbidden, RuleViolation
from renda.core.numbers import parse_id
from renda.legislation import campaigns, comments, selectors
from renda.legislation.models import Article, ContactPoint, Draft, DraftVersion, Position, Reading
from renda.legislation.models import Comment as CommentModel
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
