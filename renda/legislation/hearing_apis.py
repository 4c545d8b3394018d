"""REST API of the register of legislative hearings (立法论证会、协商会, G19), read-only, mirroring the page
``/legislation/hearings/``: ``GET /api/legislation/hearings/`` (the list, newest first, with the deputies'
count and the other participants) and ``GET /api/legislation/hearings/{id}/`` (one, with the city deputies
by name). The page's predicate decides: staff of the congress (``permissions.can_record_hearing``), 403
``permission_denied`` for every other role; 404 ``not_found`` alike for a missing hearing and another
congress's. Errors are ``{code, detail}``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from renda.core.apis import ERROR_RESPONSES
from renda.core.exceptions import NotFoundOrForbidden, PermissionDeniedError
from renda.core.numbers import parse_id
from renda.legislation import hearings, permissions
from renda.legislation.models import Hearing

STAFF_ONLY = "只有本级人大常委会的工作人员可以查看论证会、协商会登记"


class HearingDeputySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class HearingSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    draft_title = serializers.SerializerMethodField()
    deputy_count = serializers.IntegerField(help_text="city deputies who took part")
    participants = serializers.SerializerMethodField(help_text="人次: the city deputies plus the other participants")

    class Meta:
        model = Hearing
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "held_on",
            "draft",
            "draft_title",
            "deputy_count",
            "other_participants",
            "participants",
        ]

    def get_draft_title(self, obj: Hearing) -> str:
        """The draft's title, or "" for a hearing on no draft."""
        return obj.draft.title if obj.draft_id and obj.draft else ""

    def get_participants(self, obj: Any) -> int:
        """The hearing's 人次, as the work report's ``legislation_hearing_participants`` counts them."""
        return int(obj.deputy_count + obj.other_participants)


class HearingDetailSerializer(HearingSerializer):
    deputies = HearingDeputySerializer(many=True)

    class Meta(HearingSerializer.Meta):
        fields = [*HearingSerializer.Meta.fields, "deputies"]


def _require_staff(user: Any) -> None:
    if not permissions.can_record_hearing(user, getattr(user, "congress_id", None) or 0):
        raise PermissionDeniedError(STAFF_ONLY)


class HearingListView(APIView):
    """The congress's hearings, newest first (the page's list)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: HearingSerializer(many=True), **ERROR_RESPONSES},
        description="Staff of the congress: its hearings (立法论证会、听证会、协商会), newest first. "
        "403 ``permission_denied`` for other roles.",
    )
    def get(self, request: Request) -> Response:
        """The list of :func:`hearings.hearings_for` (403 for a role the page refuses)."""
        _require_staff(request.user)
        return Response(HearingSerializer(hearings.hearings_for(request.user), many=True).data)


class HearingDetailView(APIView):
    """One hearing with the city deputies who took part."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: HearingDetailSerializer, **ERROR_RESPONSES},
        description="Staff of the congress: one hearing with its city deputies. 403 ``permission_denied`` for "
        "other roles, 404 ``not_found`` for a missing hearing or another congress's.",
    )
    def get(self, request: Request, id: str) -> Response:
        """One hearing (:func:`hearings.access_hearing`)."""
        _require_staff(request.user)
        pk = parse_id(str(id))
        if pk is None:
            raise NotFoundOrForbidden("没有找到该论证会、协商会")
        return Response(HearingDetailSerializer(hearings.access_hearing(request.user, pk)).data)
