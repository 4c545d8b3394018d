"""REST API of the trainings register (履职学习培训), read-only, mirroring the page ``/reports/trainings/``:
``GET /api/reports/trainings/`` (newest first, with how many deputies attended each) and
``GET /api/reports/trainings/{id}/`` (one, with the deputies by name). The page's predicate decides: staff of
the congress (``permissions.can_record_training``), 403 ``permission_denied`` for every other role; 404
``not_found`` alike for a missing training and another congress's. Errors are ``{code, detail}``.
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
from renda.reports import permissions, training
from renda.reports.models import Training

STAFF_ONLY = "只有本级人大常委会的工作人员可以查看代表培训登记"


class TrainingDeputySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class TrainingSerializer(serializers.ModelSerializer):
    deputy_count = serializers.IntegerField(help_text="deputies who attended")

    class Meta:
        model = Training
        fields = ["id", "title", "held_on", "deputy_count"]


class TrainingDetailSerializer(TrainingSerializer):
    deputies = TrainingDeputySerializer(many=True)

    class Meta(TrainingSerializer.Meta):
        fields = [*TrainingSerializer.Meta.fields, "deputies"]


def _require_staff(user: Any) -> None:
    if not permissions.can_record_training(user, getattr(user, "congress_id", None) or 0):
        raise PermissionDeniedError(STAFF_ONLY)


class TrainingListView(APIView):
    """The congress's trainings, newest first (the page's list)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: TrainingSerializer(many=True), **ERROR_RESPONSES},
        description="Staff of the congress: its deputies' trainings, newest first. 403 ``permission_denied`` "
        "for other roles.",
    )
    def get(self, request: Request) -> Response:
        """The list of :func:`training.trainings_for` (403 for a role the page refuses)."""
        _require_staff(request.user)
        return Response(TrainingSerializer(training.trainings_for(request.user), many=True).data)


class TrainingDetailView(APIView):
    """One training with the deputies who attended."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: TrainingDetailSerializer, **ERROR_RESPONSES},
        description="Staff of the congress: one training with its deputies. 403 ``permission_denied`` for "
        "other roles, 404 ``not_found`` for a missing training or another congress's.",
    )
    def get(self, request: Request, id: str) -> Response:
        """One training (:func:`training.access_training`)."""
        _require_staff(request.user)
        pk = parse_id(str(id))
        if pk is None:
            raise NotFoundOrForbidden("没有找到该培训")
        return Response(TrainingDetailSerializer(training.access_training(request.user, pk)).data)
