"""Staff import a file of citizens' messages from a page (导入群众留言; issue 13 item 5).

The same pipeline as ``renda opinions import`` (:func:`renda.liaison.importer.opinions_import`: clean,
segment, classify, de-duplicate, store, index, route as the congress chose), started from the page:

* :func:`import_start` checks the upload (type, size, the zip's declared unpacked size for .xlsx, then
  the reader's own checks — encoding, header, quoting — on the whole file) and records an
  :class:`OpinionImportJob`; nothing is stored when the file is refused;
* a file of at most :data:`INLINE_BYTES` bytes is imported during the request, a larger one by the
  ``liaison.tasks.run_opinion_import`` task (django-tasks, a worker process: ``renda db_worker``) while
  the job's page shows how many rows were processed;
* the import report (counts, notes, rejected rows and duplicates with their row numbers) is kept on the
  job. Good rows are stored batch by batch; a rejected row is named with its reason and skipped, so
  importing the corrected file again adds only what is new (duplicates are recognised by 留言编号 or
  by the cleaned text's hash).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from renda.core.exceptions import ApplicationError, PermissionDeniedError
from renda.core.jobs import heartbeat
from renda.core.uploads import check_upload
from renda.liaison import importer, intelligence, permissions
from renda.liaison.models import OpinionImportJob
from renda.organization.models import LiaisonStation, User

#: Largest upload, in bytes.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: Largest uncompressed size an .xlsx zip may declare, in bytes.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
#: Files up to this size (about 500 messages) are imported during the request; larger ones in the background.
INLINE_BYTES = 256 * 1024
#: Rejected rows and duplicates kept in the job's report (the counts are always complete).
REPORT_ROWS = 500
#: The limits as the import page states them.
LIMITS = {"upload_mb": MAX_UPLOAD_BYTES // (1024 * 1024), "inline_kb": INLINE_BYTES // 1024}


def _check(upload: UploadedFile) -> str:
    """The file's extension (``.xlsx``/``.csv``) after the size and type checks; raises ApplicationError."""
    name = upload.name or ""
    ext = Path(name).suffix.lower()
    mb = MAX_UPLOAD_BYTES // (1024 * 1024)
    if ext == ".xlsx":
        check_upload(
            upload,
            allowed=[".xlsx"],
            max_bytes=MAX_UPLOAD_BYTES,
            type_error="无法读取Excel文件（须为.xlsx）",
            size_error=f"文件不能超过{mb}MB",
            rule="",
            max_unpacked=MAX_UNPACKED_BYTES,
            unpacked_error="文件解压后过大（超过{mb}MB，可能是压缩炸弹），请拆分后再上传",
        )
    elif ext == ".csv":
        if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
            raise ApplicationError(f"文件不能超过{mb}MB", code="bad_file")
    else:
        raise ApplicationError("只能导入.xlsx或UTF-8编码的.csv文件", code="bad_file")
    return ext


def import_start(*, upload: UploadedFile, actor: User, station: LiaisonStation | None = None) -> OpinionImportJob:
    """Check an uploaded message file and start importing it into the actor's congress.

    Args:
        upload: an ``.xlsx`` or UTF-8 ``.csv`` with the columns 留言编号, 留言用户, 留言主题, 留言时间,
            留言详情 [, 一级分类][, 反对数, 点赞数] (only 留言主题 and 留言详情 are required); at most
            :data:`MAX_UPLOAD_BYTES` bytes.
        actor: staff of a congress (``permissions.can_import_opinions``); the job is his and his congress's.
        station: the liaison station the messages are attributed to, or ``None`` (no station: messages
            received on the congress's own channels).
    Returns:
        The :class:`OpinionImportJob`, finished when the file has at most :data:`INLINE_BYTES` bytes,
        else queued for the ``run_opinion_import`` task.
    Raises:
        PermissionDeniedError: the actor is not staff of a congress, or the station is another congress's.
        ApplicationError: the file is of another type, too large or unpacks too large (``bad_file``;
            :class:`RuleViolation` from ``check_upload`` for an .xlsx), is not UTF-8, lacks 留言主题/留言详情
            or cannot be parsed (the reader's code: ``bad_encoding``, ``bad_header``, ``bad_csv`` …, with
            its Chinese reason). Nothing is stored then.
    """
    if not permissions.can_import_opinions(actor):
        raise PermissionDeniedError("只有常委会工作人员可以导入群众留言")
    if station is not None and station.congress_id != actor.congress_id:
        raise PermissionDeniedError("只能导入到本级人大的联络站")
    congress_id = actor.congress_id
    assert congress_id is not None  # can_import_opinions
    ext = _check(upload)
    with tempfile.NamedTemporaryFile(suffix=ext) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        try:
            notes = intelligence.check_file(tmp.name)
        except intelligence.UnreadableFile as exc:
            raise ApplicationError(exc.message, code=exc.code) from exc
    upload.seek(0)
    size = upload.size or 0
    background = size > INLINE_BYTES
    job = OpinionImportJob.objects.create(
        congress_id=congress_id,
        created_by=actor,
        station=station,
        file=upload,
        file_name=(upload.name or "")[:200],
        file_bytes=size,
        background=background,
        report={"notes": notes} if notes else {},
    )
    if background:
        from renda.liaison.tasks import run_opinion_import

        transaction.on_commit(lambda: run_opinion_import.enqueue(job.pk))
    else:
        import_job_run(job_id=job.pk)
        job.refresh_from_db()
    return job


def _summary(report: importer.ImportReport, notes: list[str]) -> dict[str, Any]:
    """The part of an :class:`importer.ImportReport` kept on the job (JSON; lists cut to REPORT_ROWS)."""
    return {
        "rows": report.rows,
        "created": report.created,
        "classified": report.classified,
        "routed": report.routed,
        "grouped": report.grouped,
        "duplicate_count": len(report.duplicates),
        "conflict_count": len(report.conflicts),
        "rejected_count": len(report.rejected),
        "rejected": [{"row": r.get("row"), "reason": r.get("reason", "")} for r in report.rejected[:REPORT_ROWS]],
        "duplicates": [
            {"row": d.row, "reason": d.reason, "first_row": d.first_row, "conflict": d.conflicting_label}
            for d in report.duplicates[:REPORT_ROWS]
        ],
        "notes": [*notes, *report.notes],
        "seconds": round(report.seconds, 1),
    }


def import_job_run(*, job_id: int) -> OpinionImportJob:
    """Import the file of a started job (the ``run_opinion_import`` task, or the request for a small file).

    A job already started is left alone (a task delivered twice imports once). Progress: the rows
    consumed are added to ``processed_rows`` after each batch. When the import stops half-way (the
    worker process dies, the file turns out unreadable), the batches stored before stay stored and the
    job records the failure; importing the file again adds the rest.

    Args:
        job_id: the :class:`OpinionImportJob`'s id.
    Returns:
        The finished job.
    """
    with transaction.atomic():
        claimed = OpinionImportJob.objects.filter(pk=job_id, started_at__isnull=True).update(
            **heartbeat(started_at=timezone.now())
        )
    job = OpinionImportJob.objects.select_related("congress", "station").get(pk=job_id)
    if not claimed:
        return job

    def progress(rows: int) -> None:
        OpinionImportJob.objects.filter(pk=job.pk).update(**heartbeat(processed_rows=F("processed_rows") + rows))

    notes = list(job.report.get("notes", []))
    try:
        report = importer.opinions_import(
            path=job.file.path,
            congress=job.congress,
            stations=[job.station] if job.station else [],
            progress=progress,
        )
    except intelligence.UnreadableFile as exc:
        OpinionImportJob.objects.filter(pk=job.pk).update(failure=exc.message[:300], finished_at=timezone.now())
    except Exception:
        OpinionImportJob.objects.filter(pk=job.pk).update(
            failure="导入中断：已导入的批次保留，可重新导入该文件补齐其余部分", finished_at=timezone.now()
        )
        raise
    else:
        OpinionImportJob.objects.filter(pk=job.pk).update(
            report=_summary(report, notes), processed_rows=report.rows, finished_at=timezone.now()
        )
    finally:
        if job.file:
            job.file.delete(save=False)
            OpinionImportJob.objects.filter(pk=job.pk).update(file="")
    job.refresh_from_db()
    return job
