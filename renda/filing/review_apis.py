"""REST API of the annual catalogue (F1), the revocation bill and its vote (F5) and the committee
members' opinions (F4), mounted under ``/api/filing/``. Thin, as :mod:`renda.filing.apis`: the same
services as the pages; errors are ``{code, detail}``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from renda.core.apis import ERROR_RESPONSES, MAX_ID, TRANSITION_ERROR_RESPONSES, body_data, query_data
from renda.core.exceptions import NotFoundOrForbidden, PermissionDeniedError
from renda.filing import catalogues, committee, permissions, revocation, selectors
from renda.filing.apis import FilingDocumentSerializer
from renda.filing.models import TITLE_MAX, Catalogue, Organ
from renda.meetings.models import Meeting, Poll

UNPROCESSABLE = ERROR_RESPONSES[400]


class CatalogueEntryInSerializer(serializers.Serializer):
    """One line of a catalogue."""

    title = serializers.CharField(max_length=TITLE_MAX)
    number = serializers.CharField(max_length=60)
    published_on = serializers.DateField()


class CatalogueInSerializer(serializers.Serializer):
    """报送年度目录 (F1): the organ, the year listed and its documents (may be empty)."""

    organ = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    entries = serializers.ListField(child=CatalogueEntryInSerializer(), max_length=catalogues.MAX_ENTRIES)


class CatalogueEntrySerializer(serializers.Serializer):
    """A catalogue line with whether the organ filed it (``filed`` false: 漏报)."""

    order = serializers.IntegerField()
    title = serializers.CharField()
    number = serializers.CharField()
    published_on = serializers.DateField()
    filed = serializers.BooleanField()


class CatalogueSerializer(serializers.Serializer):
    """An annual catalogue with its deadline, lateness and lines."""

    id = serializers.IntegerField()
    organ = serializers.CharField(source="organ.name")
    year = serializers.IntegerField()
    submitted_on = serializers.DateField()
    corrected_on = serializers.DateField(allow_null=True)
    due = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField()
    entries = serializers.SerializerMethodField()

    def get_due(self, obj: Catalogue) -> str:
        return catalogues.catalogue_due(obj.year).isoformat()

    def get_late(self, obj: Catalogue) -> bool:
        return catalogues.catalogue_late(obj.year, obj.submitted_on)

    @extend_schema_field(CatalogueEntrySerializer(many=True))
    def get_entries(self, obj: Catalogue) -> list[dict[str, Any]]:
        unfiled = {e.pk for e in catalogues.unfiled_entries(obj)}
        return [
            {
                "order": e.order,
                "title": e.title,
                "number": e.number,
                "published_on": e.published_on,
                "filed": e.pk not in unfiled,
            }
            for e in obj.entries.all()
        ]


class CatalogueYearSerializer(serializers.Serializer):
    """The year asked for (default last year)."""

    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)


class CatalogueBoardRowSerializer(serializers.Serializer):
    """An organ in scope on the board: its catalogue (id or null), late, overdue, lines, 漏报."""

    organ = serializers.CharField(source="organ.name")
    catalogue = serializers.IntegerField(source="catalogue.pk", allow_null=True, default=None)
    late = serializers.BooleanField()
    overdue = serializers.BooleanField()
    entries = serializers.IntegerField()
    unfiled = serializers.IntegerField()


class CataloguesView(APIView):
    """The catalogues the caller sees; POST sends one (the organ's officer, or staff)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="filing_catalogues_list",
        parameters=[CatalogueYearSerializer],
        responses={200: CatalogueSerializer(many=True), 400: ERROR_RESPONSES[400], 403: ERROR_RESPONSES[403]},
    )
    def get(self, request: Request) -> Response:
        """Visible catalogues, newest year first (at most 200); ``year`` filters."""
        d = query_data(CatalogueYearSerializer, request)
        qs = catalogues.catalogues_for(request.user).prefetch_related("entries")
        if d.get("year"):
            qs = qs.filter(year=d["year"])
        return Response(CatalogueSerializer(qs[:200], many=True).data)

    @extend_schema(
        operation_id="filing_catalogues_submit",
        request=CatalogueInSerializer,
        responses={201: CatalogueSerializer, 422: UNPROCESSABLE, **ERROR_RESPONSES},
        description="Errors: 422 ``rule_violation`` (organ out of scope, F2), ``bad_year`` (the year is not over), "
        "``bad_line`` (a line outside the year or a 文号 twice); 403 (not this organ's officer); 404 (organ). "
        "A second submission for the same organ and year corrects the catalogue; ``late`` after 31 January (F1).",
    )
    def post(self, request: Request) -> Response:
        """Send the catalogue; the catalogue with its ``late`` flag and 漏报 lines."""
        d = body_data(CatalogueInSerializer, request)
        organ = Organ.objects.filter(pk=d["organ"]).first()
        if organ is None:
            raise NotFoundOrForbidden(gettext("制定机关不存在"))
        rows = [catalogues.EntryRow(e["title"].strip(), e["number"].strip(), e["published_on"]) for e in d["entries"]]
        cat = catalogues.catalogue_submit(actor=request.user, organ=organ, year=d["year"], entries=rows)
        return Response(CatalogueSerializer(cat).data, status=201)


class CatalogueDetailView(APIView):
    """One catalogue."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="filing_catalogue_get", responses={200: CatalogueSerializer, **ERROR_RESPONSES})
    def get(self, request: Request, id: int) -> Response:
        """The catalogue (404 alike for missing and hidden)."""
        return Response(CatalogueSerializer(catalogues.catalogue_get(viewer=request.user, catalogue_id=id)).data)


class CatalogueBoardView(APIView):
    """年度目录报送情况 (staff and supervisors): every organ in scope with its catalogue of the year."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="filing_catalogues_board",
        parameters=[CatalogueYearSerializer],
        responses={200: CatalogueBoardRowSerializer(many=True), 400: ERROR_RESPONSES[400], 403: ERROR_RESPONSES[403]},
    )
    def get(self, request: Request) -> Response:
        """Organs not submitted first (``overdue`` after 31 January), then late, then on time."""
        if not permissions.can_view_all(request.user):
            raise PermissionDeniedError(gettext("您无权查看年度目录报送情况"))
        d = query_data(CatalogueYearSerializer, request)
        today = timezone.localdate()
        rows = catalogues.catalogue_board(
            congress_id=getattr(request.user, "congress_id", None), year=d.get("year") or today.year - 1, today=today
        )
        return Response(CatalogueBoardRowSerializer(rows, many=True).data)


class RevocationInSerializer(serializers.Serializer):
    """提出撤销议案 (F5)."""

    meeting = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    method = serializers.ChoiceField(choices=Poll.Method.choices, default=Poll.Method.ELECTRONIC)
    note = serializers.CharField(max_length=2000)
    version = serializers.IntegerField(min_value=0, max_value=2_147_483_647, required=False, allow_null=True)


class RevocationView(APIView):
    """Put the revocation bill on a Standing Committee meeting's agenda with its vote (F5)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="filing_documents_revocation",
        request=RevocationInSerializer,
        responses={200: FilingDocumentSerializer, 422: UNPROCESSABLE, **TRANSITION_ERROR_RESPONSES},
        description="Errors: 422 ``rule_violation`` (extra.rule F5: the issuer's response period has not ended), "
        "``not_standing_committee``, ``meeting_closed``; 404 (document or meeting); 409 ``invalid_transition`` "
        "(no written opinion issued).",
    )
    def post(self, request: Request, id: int) -> Response:
        """The document after the step (status ``revocation``)."""
        doc = selectors.document_get(viewer=request.user, doc_id=id)
        d = body_data(RevocationInSerializer, request)
        meeting = Meeting.objects.filter(pk=d["meeting"], congress_id=doc.congress_id).first()
        if meeting is None:
            raise NotFoundOrForbidden(gettext("会议不存在"))
        revocation.revocation_propose(
            doc=doc,
            actor=request.user,
            meeting=meeting,
            note=d["note"],
            method=d["method"],
            expected_version=d.get("version"),
        )
        doc.refresh_from_db()
        return Response(FilingDocumentSerializer(doc, context={"request": request}).data)


class RevocationResultView(APIView):
    """Take the outcome of the revocation bill's vote (F5): ``revoked`` or ``not_revoked``."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="filing_documents_revocation_result",
        request=None,
        responses={200: FilingDocumentSerializer, 422: UNPROCESSABLE, **TRANSITION_ERROR_RESPONSES},
        description="Errors: 422 ``no_vote`` (no bill on an agenda), ``poll_not_closed``; 409 ``invalid_transition``.",
    )
    def post(self, request: Request, id: int) -> Response:
        """The document after the vote's outcome."""
        doc = selectors.document_get(viewer=request.user, doc_id=id)
        revocation.revocation_record(doc=doc, actor=request.user)
        return Response(FilingDocumentSerializer(doc, context={"request": request}).data)


class MemberRowSerializer(serializers.Serializer):
    """A document sent to the member's committee: the period's last day, open, the member's opinion."""

    id = serializers.IntegerField(source="doc.pk")
    title = serializers.CharField(source="doc.title")
    organ = serializers.CharField(source="doc.organ.name")
    committee = serializers.CharField(source="doc.committee.name")
    due = serializers.DateField(allow_null=True)
    open = serializers.BooleanField()
    my_opinion = serializers.CharField(source="mine.text", allow_null=True, default=None)


class MemberOpinionInSerializer(serializers.Serializer):
    """A committee member's opinion (F4)."""

    text = serializers.CharField(max_length=60_000)


class MemberDocumentsView(APIView):
    """The documents sent to the caller's special committees (F4)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="filing_committee_documents",
        responses={200: MemberRowSerializer(many=True), 403: ERROR_RESPONSES[403]},
    )
    def get(self, request: Request) -> Response:
        """Empty for a deputy who sits on no special committee; 403 for other roles."""
        if not permissions.is_deputy(request.user):
            raise PermissionDeniedError(gettext("只有专门委员会组成人员可以查看"))
        rows = committee.member_rows(request.user, timezone.localdate())
        return Response(MemberRowSerializer(rows, many=True).data)


class MemberOpinionView(APIView):
    """Enter (or revise) the caller's opinion on a document sent to the committee (F4)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="filing_committee_opinion",
        request=MemberOpinionInSerializer,
        responses={200: MemberRowSerializer, 422: UNPROCESSABLE, **ERROR_RESPONSES},
        description="Errors: 422 ``period_over`` (F4: 30 days from the request have passed), ``opinion_recorded`` "
        "(the committee's opinion is in), ``note_required``; 404 (not sent to the caller's committee); 403.",
    )
    def post(self, request: Request, id: int) -> Response:
        """The member's row after the opinion."""
        today = timezone.localdate()
        doc = committee.member_document_get(viewer=request.user, doc_id=id, today=today)
        d = body_data(MemberOpinionInSerializer, request)
        committee.member_opinion_give(doc=doc, actor=request.user, text=d["text"])
        doc.refresh_from_db()
        row = committee.MemberRow(
            doc,
            committee.committee_due(doc),
            committee.can_give_now(request.user, doc, today),
            committee.own_opinion(doc, request.user),
        )
        return Response(MemberRowSerializer(row).data)
