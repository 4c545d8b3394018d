"""REST API of the deputies' activity records, mirroring the record page: ``GET
/api/reports/deputies/{id}/record/?year=2025`` (or ``?session=3``)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from renda.core.apis import ERROR_RESPONSES
from renda.reports import selectors
from renda.reports.periods import parse_period
from renda.reports.records import deputy_record


class RecordRowSerializer(serializers.Serializer):
    day = serializers.DateField(allow_null=True)
    text = serializers.CharField()
    note = serializers.CharField()


class RecordEntrySerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="label")
    unit = serializers.CharField()
    count = serializers.IntegerField()
    weight = serializers.IntegerField()
    points = serializers.IntegerField()
    rows = RecordRowSerializer(many=True)


class ActivityRecordSerializer(serializers.Serializer):
    deputy = serializers.IntegerField(source="deputy.pk")
    name = serializers.CharField(source="deputy.name")
    period_start = serializers.DateField(source="period.start")
    period_end = serializers.DateField(source="period.end")
    period_label = serializers.CharField(source="period.label")
    visitors = serializers.IntegerField()
    points = serializers.IntegerField(allow_null=True, help_text="null when the congress's points scheme is off")
    entries = RecordEntrySerializer(many=True)


class DeputyRecordView(APIView):
    """One deputy's activity record (代表履职档案): the deputy's own, or any of the congress's for staff."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("year", str, description="calendar year, e.g. 2025 (default: last year)"),
            OpenApiParameter("session", str, description="a session's id: its session year"),
        ],
        responses={200: ActivityRecordSerializer, **ERROR_RESPONSES},
        description="Errors: 404 ``not_found`` (no such deputy, or another deputy's record), 400 ``bad_period``.",
    )
    def get(self, request: Request, id: int) -> Response:  # the {id} the API fuzz fills with real deputies
        """Counts per kind of activity with their lines, visitors on duty days, and points when on.
        Votes are listed as taken part in, never with a choice."""
        deputy = selectors.access_deputy_record(request.user, id)
        period = parse_period(
            congress_id=deputy.term.congress_id,
            year=request.query_params.get("year", ""),
            session=request.query_params.get("session", ""),
        )
        return Response(ActivityRecordSerializer(deputy_record(deputy=deputy, period=period)).data)
