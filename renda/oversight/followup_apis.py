"""REST API of :mod:`renda.oversight.followup`, mirroring its pages: views before the hearing (M3), the
organs' officials present (M15), what follows a handling report (M8) and the organs' reports on
carrying out a resolution (M7). Every write calls the same service as the page."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from renda.core.apis import IdField, NumericLookupMixin, body_data
from renda.core.exceptions import NotFoundOrForbidden
from renda.meetings.models import Meeting
from renda.organization.models import Deputy, HandlingUnit
from renda.oversight import followup, permissions, selectors
from renda.oversight.apis import OversightFileSerializer, OversightItemSerializer, _get, _item_out, _user
from renda.oversight.models import Decision, ImplementationReport, OrganAttendance, PreHearingView


class OversightPreHearingViewSerializer(serializers.ModelSerializer):
    participants = serializers.ListField(child=IdField(), required=False, default=list, max_length=200)

    class Meta:
        model = PreHearingView
        fields = ["id", "source", "collected_on", "text", "participants"]
        read_only_fields = ["id"]


class OrganAttendanceSerializer(serializers.ModelSerializer):
    organ = IdField()

    class Meta:
        model = OrganAttendance
        fields = ["id", "organ", "name", "post", "is_head"]
        read_only_fields = ["id"]


class HandlingDeliberateSerializer(serializers.Serializer):
    meeting = IdField()


class OversightSupplementSerializer(serializers.Serializer):
    due_on = serializers.DateField()
    note = serializers.CharField(max_length=2000)


class OversightFollowUpSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=150)


class ImplementationReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImplementationReport
        fields = ["id", "decision", "submitted_on", "due_on", "late"]
        read_only_fields = fields


class ItemFollowupViewSet(NumericLookupMixin, viewsets.GenericViewSet):
    """Steps around a hearing on an oversight item the caller sees (staff act; 404 alike for the unseen)."""

    serializer_class = OversightItemSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return selectors.items_for(_user(self.request)).order_by("id")

    def get_object(self) -> Any:
        """Fetch through the selector: missing and forbidden answer 404 alike."""
        return selectors.access_item(_user(self.request), int(self.kwargs["pk"]))

    @extend_schema(request=OversightPreHearingViewSerializer, responses={201: OversightItemSerializer})
    @action(detail=True, methods=["post"], url_path="prehearing-views")
    def prehearing_views(self, request: Request, pk: str) -> Response:
        """M3: record a view collected before the hearing."""
        item = self.get_object()
        data = body_data(OversightPreHearingViewSerializer, request)
        followup.view_add(
            item=item,
            source=data["source"],
            text=data["text"],
            collected_on=data["collected_on"],
            participants=list(Deputy.objects.filter(pk__in=data["participants"])),
            actor=_user(request),
        )
        return _item_out(request, item, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"], url_path="views-send")
    def views_send(self, request: Request, pk: str) -> Response:
        """M3: send the collected views to the organ."""
        return _item_out(request, followup.views_send(item=self.get_object(), actor=_user(request)))

    @extend_schema(request=OrganAttendanceSerializer, responses={201: OrganAttendanceSerializer})
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str) -> Response:
        """M15: record a responsible official an organ sent."""
        item = self.get_object()
        data = body_data(OrganAttendanceSerializer, request)
        row = followup.attendance_add(
            item=item,
            organ=_get(HandlingUnit, data["organ"], "organ"),
            name=data["name"],
            post=data["post"],
            is_head=data.get("is_head", False),
            actor=_user(request),
        )
        return Response(OrganAttendanceSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=HandlingDeliberateSerializer, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"], url_path="handling-deliberate")
    def handling_deliberate(self, request: Request, pk: str) -> Response:
        """M8: put the handling report to a Standing Committee deliberation."""
        item = self.get_object()
        meeting = _get(Meeting, body_data(HandlingDeliberateSerializer, request)["meeting"], "meeting")
        followup.handling_deliberate(item=item, meeting=meeting, actor=_user(request))
        return _item_out(request, item)

    @extend_schema(request=OversightSupplementSerializer, responses=OversightItemSerializer)
    @action(detail=True, methods=["post"])
    def supplement(self, request: Request, pk: str) -> Response:
        """M8: ask the organ for a supplement to its handling report by a date."""
        item = self.get_object()
        data = body_data(OversightSupplementSerializer, request)
        followup.supplement_request(item=item, due_on=data["due_on"], note=data["note"], actor=_user(request))
        return _item_out(request, item)

    @extend_schema(request=OversightFollowUpSerializer, responses={201: OversightItemSerializer})
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: str) -> Response:
        """M8: start follow-up oversight (a new linked item)."""
        item = self.get_object()
        new = followup.follow_up_add(
            item=item, title=body_data(OversightFollowUpSerializer, request)["title"], actor=_user(request)
        )
        return _item_out(request, new, status.HTTP_201_CREATED)


class DecisionFollowupViewSet(NumericLookupMixin, viewsets.GenericViewSet):
    """The organ's report on carrying out a resolution (M7)."""

    serializer_class = ImplementationReportSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return Decision.objects.all()

    @extend_schema(
        request={"multipart/form-data": OversightFileSerializer}, responses={201: ImplementationReportSerializer}
    )
    @action(detail=True, methods=["post"], url_path="implementation-report")
    def implementation_report(self, request: Request, pk: str) -> Response:
        """M7: the organ named by the resolution (or staff) uploads its implementation report."""
        decision = Decision.objects.filter(pk=int(pk)).first()
        user = _user(request)
        if decision is None or not (
            permissions.can_view_decision(user, decision) or permissions.can_submit_implementation(user, decision)
        ):
            raise NotFoundOrForbidden("决议决定不存在")
        report = followup.implementation_report_submit(
            decision=decision, file=body_data(OversightFileSerializer, request)["file"], actor=user
        )
        return Response(ImplementationReportSerializer(report).data, status=status.HTTP_201_CREATED)
