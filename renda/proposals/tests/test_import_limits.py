"""Issue 12 item 6: the suggestions import is bounded (upload size, unpacked size, rows), streamed,
runs large files as a background job with a progress page, and shows only the importers' staff."""

from __future__ import annotations

import io
import os
import time
import zipfile
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend
from openpyxl import Workbook

from renda.core.jobs import STALL_AFTER
from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.proposals import imports
from renda.proposals.models import ImportJob, ImportRowError, Proposal
from renda.proposals.tests.factories import BODY, world

pytestmark = pytest.mark.django_db

HEADER = ["标题", "内容", "领衔代表", "分类"]
MAPPING = {"title_column": "标题", "body_column": "内容", "deputy_column": "领衔代表", "topic_column": "分类"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _xlsx(rows, *, extra: dict[str, bytes] | None = None, stored: bool = False) -> io.BytesIO:
    """A workbook (write-only, so thousands of rows are cheap) with ``extra`` zip members added."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    if extra:
        with zipfile.ZipFile(buf, "a", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as z:
            for name, data in extra.items():
                z.writestr(name, data)
    buf.seek(0)
    buf.name = "import.xlsx"
    return buf


def _post(c: Client, buf: io.BytesIO, **kw):
    return c.post(reverse("proposals:import"), {"file": buf, **MAPPING}, **kw)


def test_import_refuses_more_rows_than_the_limit_before_importing_any():
    # given a sheet one row over the limit (the 200,000-row workbook of the issue, in small)
    w = world()
    code = w.deputies[0].code
    rows = [[f"关于第{i}条道路的建议", BODY, code, ""] for i in range(imports.MAX_ROWS + 1)]
    # when staff import it
    t = time.perf_counter()
    r = _post(client_for(w.staff), _xlsx(rows))
    # then it is refused at once with the limit named, and nothing is stored
    assert r.status_code == 200
    assert f"一次最多导入{imports.MAX_ROWS}行" in r.content.decode()
    assert time.perf_counter() - t < 30
    assert not Proposal.objects.exists() and not ImportJob.objects.exists()


def test_import_refuses_a_zip_bomb_before_parsing_it():
    # given a small workbook whose zip declares more uncompressed XML than the limit
    w = world()
    padding = b" " * (imports.MAX_UNPACKED_BYTES + 1)
    buf = _xlsx([["关于加强校园安全的建议", BODY, w.deputies[0].code, ""]], extra={"xl/padding.xml": padding})
    assert buf.getbuffer().nbytes < 1024 * 1024
    # when staff import it
    r = _post(client_for(w.staff), buf)
    # then it is refused as unpacking too large; nothing is stored
    assert "文件解压后过大" in r.content.decode()
    assert not Proposal.objects.exists() and not ImportJob.objects.exists()


def test_import_refuses_an_upload_over_the_size_limit():
    # given a workbook over the upload limit (an incompressible member stored as it is)
    w = world()
    noise = os.urandom(imports.MAX_UPLOAD_BYTES + 1024)
    buf = _xlsx(
        [["关于加强校园安全的建议", BODY, w.deputies[0].code, ""]], extra={"xl/media/x.bin": noise}, stored=True
    )
    # when staff import it
    r = _post(client_for(w.staff), buf)
    # then it is refused by size
    assert f"文件不能超过{imports.MAX_UPLOAD_BYTES // (1024 * 1024)}MB" in r.content.decode()
    assert not Proposal.objects.exists()


def test_small_import_runs_in_the_request_and_reports_rows(settings):
    # given a small file: one good row, one unknown deputy
    w = world()
    rows = [["关于加强校园安全的建议", BODY, w.deputies[0].code, ""], ["关于噪声的建议", BODY, "无此人", ""]]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    # when staff import it
    r = _post(client_for(w.staff), _xlsx(rows))
    # then it was imported at once (no import task queued) and the job page names the bad row
    job = ImportJob.objects.get()
    assert not job.background and "run_import" not in [res.task.name for res in default_task_backend.results]
    assert r.status_code == 302 and r["Location"] == reverse("proposals:import-job", args=[job.pk])
    html = client_for(w.staff).get(r["Location"]).content.decode()
    assert "已导入1件，未导入1行" in html and "找不到领衔代表“无此人”" in html
    assert (job.created_count, job.rejected_count, job.phase, job.file.name) == (1, 1, "done", "")


def test_large_import_runs_as_a_task_with_a_progress_bar_and_paginated_errors(
    settings, django_capture_on_commit_callbacks
):
    # given a worker that has not run yet, and a file above the inline threshold (all rows bad)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    w = world()
    n = imports.INLINE_ROWS + 1
    rows = [[f"关于第{i}条道路的建议", BODY, "无此人", ""] for i in range(n)]
    c = client_for(w.staff)
    # when staff import it
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(c, _xlsx(rows))
    job = ImportJob.objects.get()
    # then a task is queued and the page shows a polling progress bar
    assert job.background and job.phase == "waiting"
    assert [res.task.name for res in default_task_backend.results] == ["run_import"]
    page = c.get(r["Location"]).content.decode()
    assert "<progress" in page and reverse("proposals:import-progress", args=[job.pk]) in page
    # when the worker runs it
    default_task_backend.results[0].task.call(job.pk)
    # then the job is done, every bad row is recorded, and the page shows 50 of them at a time
    job.refresh_from_db()
    assert (job.phase, job.processed_rows, job.rejected_count) == ("done", n, n)
    assert ImportRowError.objects.filter(job=job).count() == n
    first = c.get(r["Location"]).content.decode()
    assert first.count("找不到领衔代表") == 50 and "hx-trigger" not in first
    last = c.get(r["Location"] + "?page=5").content.decode()
    assert last.count("找不到领衔代表") == n - 200
    assert len(first.encode()) < 100_000
    # and the progress fragment tells htmx to reload once finished
    frag = c.get(reverse("proposals:import-progress", args=[job.pk]), headers={"HX-Request": "true"})
    assert frag["HX-Refresh"] == "true"
    # and a second delivery of the task imports nothing twice
    default_task_backend.results[0].task.call(job.pk)
    assert ImportRowError.objects.filter(job=job).count() == n


def test_only_the_importer_and_staff_of_that_congress_see_a_job():
    # given a finished import by the staff of one congress
    w = world()
    _post(client_for(w.staff), _xlsx([["关于噪声的建议", BODY, "无此人", ""]]))
    job = ImportJob.objects.get()
    colleague = f.UserFactory(role=User.Role.STAFF, username="colleague", congress=w.staff.congress)
    other_congress = f.CongressFactory(region_code="990200", name="另一市人民代表大会")
    stranger = f.UserFactory(role=User.Role.STAFF, username="stranger", congress=other_congress)
    deputy = User.objects.get(username="w_dep0")
    urls = [reverse("proposals:import-job", args=[job.pk]), reverse("proposals:import-progress", args=[job.pk])]
    # then the colleague sees it; staff of another congress and a deputy get 404 and no list entry
    for url in urls:
        assert client_for(colleague).get(url).status_code == 200
        assert client_for(stranger).get(url).status_code == 404
        assert client_for(deputy).get(url).status_code == 404
    assert job.file_name in client_for(colleague).get(reverse("proposals:import")).content.decode()
    assert job.file_name not in client_for(stranger).get(reverse("proposals:import")).content.decode()


def test_an_import_whose_worker_died_shows_as_interrupted_and_stops_polling(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    # given a background import whose worker dies after its first progress save (a BaseException is
    # not caught by the job runner: the job stays started and unfinished, as after a kill)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    w = world()
    rows = [[f"关于第{i}条道路的建议", BODY, "无此人", ""] for i in range(imports.INLINE_ROWS + 1)]
    c = client_for(w.staff)
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(c, _xlsx(rows))
    job = ImportJob.objects.get()
    seen: list[int] = []

    def dies(row, n, **kwargs):
        seen.append(n)
        if len(seen) > imports.PROGRESS_EVERY:
            raise SystemExit(9)
        return "找不到领衔代表"

    monkeypatch.setattr(imports, "_import_row", dies)
    with pytest.raises(SystemExit):
        default_task_backend.results[0].task.call(job.pk)
    job.refresh_from_db()
    frag = reverse("proposals:import-progress", args=[job.pk])
    # then right after its last progress save it is running and the page keeps polling
    assert (job.phase, job.processed_rows) == ("running", imports.PROGRESS_EVERY) and job.in_progress
    assert "hx-get" in c.get(frag).content.decode()
    # when no progress has been saved for longer than STALL_AFTER
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - STALL_AFTER - timedelta(seconds=1))
    job.refresh_from_db()
    # then it is interrupted: the job page says so and stops polling
    assert job.phase == "stalled" and not job.in_progress
    page = c.get(r["Location"]).content.decode()
    assert 'data-testid="import-stalled"' in page and "hx-get" not in page and "已中断" in page
