"""Excel import of suggestions entered by staff, bounded and streamed (issue 12 item 6).

A 106 KB workbook of 200,000 rows (26 MB of XML) once held a server thread for 194 s and answered a
13 MB page. Now:

* the upload is at most :data:`MAX_UPLOAD_BYTES`, and its zip may declare at most
  :data:`MAX_UNPACKED_BYTES` of uncompressed XML (checked before anything is parsed:
  ``core.uploads.check_upload``);
* the sheet is read with openpyxl in read-only mode, row by row, at most :data:`MAX_COLUMNS` columns;
  a sheet of more than :data:`MAX_ROWS` data rows is refused when it is accepted (the count stops at
  the first row over the limit);
* :func:`import_start` records an :class:`ImportJob`; a sheet of at most :data:`INLINE_ROWS` rows is
  imported in the request, a larger one by the ``proposals.tasks.run_import`` task (django-tasks; a
  worker process, ``renda db_worker``) while the job's page shows a progress bar;
* each bad row is an :class:`ImportRowError` (row number and reason), shown 50 to a page.

Each row is its own transaction: good rows are kept, bad rows are reported (the behaviour before the
limits, stated on the page).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook

from renda.core.exceptions import ApplicationError, RuleViolation
from renda.core.jobs import heartbeat
from renda.core.uploads import check_upload
from renda.organization.models import Deputy, User
from renda.proposals import services
from renda.proposals.models import TOPICS, ImportJob, ImportRowError, Proposal

#: Largest upload, in bytes.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: Largest total uncompressed size the workbook's zip may declare, in bytes.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
#: Most data rows (the header row excluded) in one file.
MAX_ROWS = 5000
#: Columns read per row (the mapped columns must be among the first ones).
MAX_COLUMNS = 50
#: Files of at most this many data rows are imported during the request; larger ones in the background.
INLINE_ROWS = 200
#: Progress is saved every this many rows.
PROGRESS_EVERY = 25
#: The limits as the import page states them.
LIMITS = {
    "upload_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    "unpacked_mb": MAX_UNPACKED_BYTES // (1024 * 1024),
    "rows": MAX_ROWS,
    "inline_rows": INLINE_ROWS,
}
#: The reason stored for a row is cut to this many characters.
REASON_MAX = 300


def _rows(fileobj: Any) -> tuple[Any, Iterator[tuple[Any, ...]]]:
    """Open ``fileobj`` read-only and return the workbook and an iterator over its first sheet's rows
    (values only, at most :data:`MAX_COLUMNS` cells each). Raises whatever openpyxl raises."""
    wb = load_workbook(fileobj, read_only=True, data_only=True)
    ws = wb.active
    return wb, ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)


def _header(rows: Iterator[tuple[Any, ...]]) -> list[str]:
    return [str(h or "").strip() for h in next(rows, ())]


def _missing_columns(header: list[str], mapping: dict[str, str]) -> list[str]:
    return [v for k, v in mapping.items() if v and k != "topic" and v not in header]


def import_start(*, upload: UploadedFile, actor: User, mapping: dict[str, str]) -> ImportJob:
    """Check an uploaded workbook and start importing it; returns the job.

    Args:
        upload: the uploaded .xlsx (at most :data:`MAX_UPLOAD_BYTES`; its zip declares at most
            :data:`MAX_UNPACKED_BYTES` uncompressed).
        actor: the staff member importing; the job belongs to him and to his congress.
        mapping: the column header of ``title``, ``body``, ``deputy`` (deputy code or name) and
            optionally ``topic``.
    Returns:
        The :class:`ImportJob`: finished when the sheet has at most :data:`INLINE_ROWS` data rows,
        else queued for the ``run_import`` task.
    Raises:
        RuleViolation: the file is not a readable .xlsx, too large, unpacks too large, lacks a mapped
            column or has more than :data:`MAX_ROWS` data rows (RULES.md S1: suggestions entered on
            the deputies' behalf). Nothing is stored then.
    """
    mb = MAX_UPLOAD_BYTES // (1024 * 1024)
    check_upload(
        upload,
        allowed=[".xlsx"],
        max_bytes=MAX_UPLOAD_BYTES,
        type_error="无法读取Excel文件（须为.xlsx）",
        size_error=f"文件不能超过{mb}MB",
        rule="S1",
        max_unpacked=MAX_UNPACKED_BYTES,
        unpacked_error="文件解压后过大（超过{mb}MB，可能是压缩炸弹），请拆分后再上传",
    )
    try:
        wb, rows = _rows(upload)
        try:
            missing = _missing_columns(_header(rows), mapping)
            total = 0
            for _row in rows:
                total += 1
                if total > MAX_ROWS:
                    break
        finally:
            wb.close()
    except Exception as exc:  # any failure to parse untrusted bytes means "not a readable workbook"
        raise RuleViolation("无法读取Excel文件（须为.xlsx）", extra={"rule": "S1"}) from exc
    finally:
        upload.seek(0)
    if missing:
        raise RuleViolation(f"缺少列：{'、'.join(missing)}", extra={"rule": "S1"})
    if total > MAX_ROWS:
        raise RuleViolation(f"一次最多导入{MAX_ROWS}行，请拆分文件后分批导入", extra={"rule": "S1"})
    background = total > INLINE_ROWS
    job = ImportJob.objects.create(
        congress_id=actor.congress_id,
        created_by=actor,
        file=upload,
        file_name=(upload.name or "")[:200],
        mapping={k: v for k, v in mapping.items() if v},
        total_rows=total,
        background=background,
    )
    if background:
        from renda.proposals.tasks import run_import

        transaction.on_commit(lambda: run_import.enqueue(job.pk))
    else:
        import_job_run(job_id=job.pk)
        job.refresh_from_db()
    return job


def import_job_run(*, job_id: int) -> ImportJob:
    """Import the rows of a started job (the ``run_import`` task, or the request for a small file).

    Creates and submits one suggestion per good row on the deputy's behalf, each row in its own
    transaction. Refused rows: empty or over-long title (> 200 characters) or body (> 20,000
    characters), unknown category (allowed: ``TOPICS``), unknown or ambiguous deputy, and duplicates
    (重复) — the same lead deputy, title and body twice in the file, or already held by a proposal of
    the same session (or of the same between-sessions period), so importing the same file again adds
    nothing. Entirely empty rows are skipped. Progress is saved every :data:`PROGRESS_EVERY` rows.
    A job already started is left alone (a task delivered twice imports once).

    Args:
        job_id: the :class:`ImportJob`'s id.
    Returns:
        The finished job.
    """
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job_id, started_at__isnull=True).update(
            **heartbeat(started_at=timezone.now())
        )
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not claimed:
        return job
    try:
        _run(job)
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(failure="导入中断：无法读取Excel文件", finished_at=timezone.now())
        raise
    finally:
        if job.file:
            job.file.delete(save=False)
            ImportJob.objects.filter(pk=job.pk).update(file="")
    job.refresh_from_db()
    return job


class _Progress:
    """Counts and pending row errors of a running job, saved in batches."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.processed = self.created = self.rejected = 0
        self.pending: list[ImportRowError] = []

    def reject(self, row: int, reason: str) -> None:
        self.rejected += 1
        self.pending.append(ImportRowError(job=self.job, row=row, reason=reason[:REASON_MAX]))

    def save(self, **extra: Any) -> None:
        ImportRowError.objects.bulk_create(self.pending)
        self.pending = []
        ImportJob.objects.filter(pk=self.job.pk).update(
            **heartbeat(
                processed_rows=min(self.processed, self.job.total_rows),
                created_count=self.created,
                rejected_count=self.rejected,
                **extra,
            )
        )


def _run(job: ImportJob) -> None:
    actor = job.created_by
    mapping: dict[str, str] = dict(job.mapping)
    progress = _Progress(job)
    with job.file.open("rb") as fileobj:
        wb, rows = _rows(fileobj)
        try:
            header = _header(rows)
            missing = _missing_columns(header, mapping)
            if missing:
                progress.reject(1, f"缺少列：{'、'.join(missing)}")
                progress.save(finished_at=timezone.now())
                return
            col = {k: header.index(v) for k, v in mapping.items() if v and v in header}
            deputies = Deputy.objects.select_related("term__congress")
            if actor.congress_id:
                deputies = deputies.filter(term__congress_id=actor.congress_id)
            found_by: dict[str, list[Deputy]] = {}
            seen: dict[tuple[int, str, str], int] = {}
            for n, row in enumerate(rows, start=2):
                if n - 1 > job.total_rows:
                    break  # the file cannot have grown, but the count is the bound
                progress.processed += 1
                if any(v not in (None, "") for v in row):
                    reason = _import_row(row, n, col=col, deputies=deputies, found_by=found_by, seen=seen, actor=actor)
                    if reason:
                        progress.reject(n, reason)
                    else:
                        progress.created += 1
                if progress.processed % PROGRESS_EVERY == 0:
                    progress.save()
        finally:
            wb.close()
    progress.save(finished_at=timezone.now())


def _import_row(
    row: tuple[Any, ...],
    n: int,
    *,
    col: dict[str, int],
    deputies: Any,
    found_by: dict[str, list[Deputy]],
    seen: dict[tuple[int, str, str], int],
    actor: User,
) -> str:
    """Import one sheet row; '' when a suggestion was created, else the Chinese reason."""

    def cell(k: str) -> str:
        return str(row[col[k]] or "").strip() if k in col and col[k] < len(row) else ""

    title, body, who = cell("title"), cell("body"), cell("deputy")
    if not title:
        return "标题为空"
    if who not in found_by:
        found_by[who] = list(deputies.filter(code=who)[:2]) or list(deputies.filter(name=who)[:2])
    found = found_by[who]
    if len(found) != 1:
        return f"找不到领衔代表“{who[:20]}”" if not found else f"代表姓名“{who}”重名，请填写代表证号"
    topic = cell("topic")
    if topic and topic not in TOPICS:
        return f"分类“{topic[:20]}”不存在，可选：{'、'.join(TOPICS)}"
    if len(title) > services.TITLE_MAX or len(body) > services.BODY_MAX:
        return f"标题不能超过{services.TITLE_MAX}个字，内容不能超过{services.BODY_MAX}个字"
    key = (found[0].pk, title, body)
    if key in seen:
        return f"重复：与第{seen[key]}行的领衔代表、标题和内容相同"
    seen[key] = n
    session = services.session_at(found[0].term.congress, timezone.localdate())
    if Proposal.objects.filter(lead_deputy=found[0], title=title, body=body, session=session).exists():
        return "重复：本次会议（或闭会期间）已有该代表相同标题和内容的建议"
    try:
        with transaction.atomic():
            p = services.proposal_create(actor=actor, title=title, body=body, topic=topic, lead_deputy=found[0])
            services.proposal_submit(proposal=p, actor=actor)
    except ApplicationError as exc:
        return str(exc.message)
    return ""
