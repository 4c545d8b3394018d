"""API of 导入群众留言, mirroring :mod:`renda.liaison.import_views` with the same service
(:mod:`renda.liaison.import_jobs`).

``GET /api/liaison/imports/`` (staff: their congress's imports, newest first), ``POST
/api/liaison/imports/`` (multipart: ``file``, optional ``station``) → 201 with the job (finished for a
small file, ``waiting`` for a large one), ``GET /api/liaison/imports/{id}/`` → the job and its report.
"""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from renda.core.apis import ERROR_RESPONSES, NumericLookupMixin, body_data
from renda.core.exceptions import PermissionDeniedError
from renda.liaison import import_jobs, permissions, selectors
from renda.liaison.models import OpinionImportJob
from renda.organization.models import LiaisonStation, User


class OpinionImportJobSerializer(serializers.ModelSerializer):
    """An import: its file, station, phase (waiting / running / stalled — no progress for ``core.jobs.STALL_AFTER``, the worker died / done / failed), rows processed, failure
    and report (``created``, ``classified``, ``routed``, ``grouped``, ``duplicate_count``,
    ``rejected_count``, ``rejected`` and ``duplicates`` with row numbers, ``notes``)."""

    phase = serializers.CharField(read_only=True)

    class Meta:
        model = OpinionImportJob
        fields = [
            "id", "file_name", "file_bytes", "station", "background", "phase", "processed_rows",
            "created_at", "started_at", "finished_at", "failure", "report",
        ]  # fmt: skip
        read_only_fields = fields


class OpinionImportInSerializer(serializers.Serializer):
    """The upload: an .xlsx or UTF-8 .csv, and optionally the station of the caller's congress."""

    file = serializers.FileField()
    station = serializers.PrimaryKeyRelatedField(
        queryset=LiaisonStation.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        error_messages={"does_not_exist": "所选联络站不存在"},
    )


class OpinionImportViewSet(
    NumericLookupMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Message-file imports of the caller's congress (staff only: others get 403 on create, an empty list
    and 404 otherwise)."""

    serializer_class = OpinionImportJobSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return selectors.opinion_import_jobs(viewer=self.request.user)

    @extend_schema(
        request={"multipart/form-data": OpinionImportInSerializer},
        responses={201: OpinionImportJobSerializer, **ERROR_RESPONSES},
        description="Start an import (``import_jobs.import_start``). Errors: 403 ``permission_denied`` (not "
        "staff of a congress, or the station is another congress's); 400 ``invalid`` (no file), ``bad_file`` "
        "(type or size), ``rule_violation`` (an .xlsx that is not a workbook or unpacks too large), "
        "``bad_encoding``, ``bad_header``, ``bad_csv``, ``empty_file`` (the reader's checks). Nothing is "
        "stored when refused.",
    )
    def create(self, request: Request) -> Response:
        """Check the upload and import it (in the request when small, else queued)."""
        user = cast(User, request.user)
        if not permissions.can_import_opinions(user):
            raise PermissionDeniedError("只有常委会工作人员可以导入群众留言")
        d = body_data(OpinionImportInSerializer, request)
        job = import_jobs.import_start(upload=d["file"], actor=user, station=d["station"])
        return Response(OpinionImportJobSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: OpinionImportJobSerializer, **ERROR_RESPONSES})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One import of the caller's congress (404 alike for missing and forbidden)."""
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(responses={200: OpinionImportJobSerializer(many=True), **ERROR_RESPONSES})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The caller's congress's imports, newest first (empty for anyone but staff)."""
        return super().list(request, *args, **kwargs)
