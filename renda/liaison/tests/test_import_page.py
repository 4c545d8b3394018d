"""导入群众留言 from a page (issue 13 item 5: opinion import was CLI-only): the upload is checked before
anything is stored, a small file is imported in the request with its report (rejected rows and duplicates
named by row), a large one goes to the background task, and only staff of a congress may import."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.core.exceptions import ApplicationError, PermissionDeniedError
from renda.core.jobs import STALL_AFTER
from renda.liaison import import_jobs
from renda.liaison.models import Opinion, OpinionImportJob
from renda.organization.models import User
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db

HEADER = "留言编号,留言用户,留言主题,留言时间,留言详情,一级分类\n"
GOOD = (
    HEADER
    + "A1,U1,小区停车难,2026/03/01 10:00:00,幸福小区车位严重不足，晚上车辆乱停乱放，消防通道经常被堵。,城乡建设\n"
    "A2,U2,,2026/03/02 10:00:00,,交通运输\n"
    "A3,U3,公交线路太少,2026/03/03 10:00:00,东风镇到市区只有一条公交线路，早晚高峰非常拥挤。,交通运输\n"
    "A1,U1,小区停车难,2026/03/01 10:00:00,幸福小区车位严重不足，晚上车辆乱停乱放，消防通道经常被堵。,城乡建设\n"
)


def _csv(text: str, name: str = "留言.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


@pytest.fixture
def staff(db):
    congress = org.CongressFactory()
    return org.UserFactory(role=User.Role.STAFF, username="imp_staff", congress=congress)


def _other_congress():
    return org.CongressFactory(region_code="990200", name="另一市人民代表大会", region_name="另一市")


def test_staff_import_a_small_file_in_the_request_with_its_rows_named(staff):
    # given a file of 4 rows: 2 good, 1 without title and text, 1 repeating the first
    client = Client()
    client.force_login(staff)
    # when staff upload it on the page
    response = client.post(reverse("liaison:import"), {"file": _csv(GOOD)}, follow=True)
    # then the 2 good messages are stored, and the report names the rejected row and the repeat by row number
    assert response.status_code == 200
    job = OpinionImportJob.objects.get()
    assert job.phase == "done" and not job.background
    assert job.report["created"] == 2 and job.report["rejected_count"] == 1 and job.report["duplicate_count"] == 1
    assert [r["row"] for r in job.report["rejected"]] == [3]
    assert [(d["row"], d["first_row"]) for d in job.report["duplicates"]] == [(5, 2)]
    assert set(Opinion.objects.filter(congress=staff.congress).values_list("external_id", flat=True)) == {"A1", "A3"}
    html = response.content.decode()
    assert "已导入2条，重复1条，未导入1行" in html
    assert "留言主题和留言详情均为空" in html
    assert not job.file  # the upload is removed once imported


def test_importing_the_same_file_again_adds_nothing(staff):
    # given a file already imported
    import_jobs.import_start(upload=_csv(GOOD), actor=staff)
    # when it is imported again
    job = import_jobs.import_start(upload=_csv(GOOD), actor=staff)
    # then every row is a duplicate or rejected, and nothing new is stored
    assert job.report["created"] == 0 and job.report["duplicate_count"] == 3
    assert Opinion.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("留言.txt", "随便写点什么", "只能导入.xlsx或UTF-8编码的.csv文件"),
        ("留言.csv", "编号,内容\n1,路灯坏了\n", "留言主题"),
        ("留言.csv", None, "UTF-8"),
        ("留言.xlsx", "这不是Excel", "无法读取Excel文件"),
    ],
)
def test_a_bad_file_is_refused_with_a_chinese_reason_and_nothing_stored(staff, name, content, message):
    # given a file of the wrong type, without the required columns, not UTF-8, or not a workbook
    raw = "留言主题,留言详情\n路灯不亮,小区路灯坏了\n".encode("gbk") if content is None else content.encode("utf-8")
    client = Client()
    client.force_login(staff)
    # when staff upload it
    response = client.post(reverse("liaison:import"), {"file": SimpleUploadedFile(name, raw)})
    # then the page answers with the reason, and no job and no opinion are stored
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OpinionImportJob.objects.exists() and not Opinion.objects.exists()


def test_a_large_file_is_queued_for_the_background_task(staff, monkeypatch, django_capture_on_commit_callbacks):
    # given a file larger than the inline limit
    monkeypatch.setattr(import_jobs, "INLINE_BYTES", 100)
    queued: list[int] = []

    class FakeTask:
        enqueue = staticmethod(queued.append)

    monkeypatch.setattr("renda.liaison.tasks.run_opinion_import", FakeTask)
    # when staff upload it
    with django_capture_on_commit_callbacks(execute=True):
        job = import_jobs.import_start(upload=_csv(GOOD), actor=staff)
    # then the job waits for the worker, which imports it once even if the task is delivered twice
    assert job.background and job.phase == "waiting" and queued == [job.pk]
    assert not Opinion.objects.exists()
    first = import_jobs.import_job_run(job_id=job.pk)
    again = import_jobs.import_job_run(job_id=job.pk)
    assert first.phase == "done" and first.report["created"] == 2 and first.processed_rows == 4
    assert again.report == first.report and Opinion.objects.count() == 2


def test_the_progress_fragment_tells_htmx_to_reload_once_finished(staff):
    # given a finished import
    job = import_jobs.import_start(upload=_csv(GOOD), actor=staff)
    client = Client()
    client.force_login(staff)
    # when htmx polls its progress
    response = client.get(reverse("liaison:import-progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    # then it answers the fragment and asks for a reload
    assert response.status_code == 200 and response["HX-Refresh"] == "true"


def test_only_staff_of_a_congress_import_and_see_its_imports(staff):
    # given an import of one congress
    job = import_jobs.import_start(upload=_csv(GOOD), actor=staff)
    other_staff = org.UserFactory(role=User.Role.STAFF, username="imp_other", congress=_other_congress())
    operator = org.UserFactory(
        role=User.Role.STATION_OPERATOR,
        username="imp_op",
        congress=staff.congress,
        liaison_station=org.LiaisonStationFactory(congress=staff.congress),
    )
    # when others try
    # then a station operator cannot import, and staff of another congress do not see the job
    with pytest.raises(PermissionDeniedError):
        import_jobs.import_start(upload=_csv(GOOD), actor=operator)
    for user in (other_staff, operator):
        client = Client()
        client.force_login(user)
        assert client.get(reverse("liaison:import-job", args=[job.pk])).status_code == 404
    client = Client()
    client.force_login(operator)
    assert client.get(reverse("liaison:import")).status_code == 404


def test_a_station_of_another_congress_is_refused(staff):
    # given a station of another congress
    station = org.LiaisonStationFactory(congress=_other_congress())
    # when staff name it as the messages' station
    # then the import is refused before anything is stored
    with pytest.raises(PermissionDeniedError):
        import_jobs.import_start(upload=_csv(GOOD), actor=staff, station=station)
    assert not OpinionImportJob.objects.exists()


def test_messages_are_attributed_to_the_chosen_station(staff):
    # given a station of the staff member's congress
    station = org.LiaisonStationFactory(congress=staff.congress)
    # when a file is imported to it
    import_jobs.import_start(upload=_csv(GOOD), actor=staff, station=station)
    # then its messages belong to that station
    assert set(Opinion.objects.values_list("station_id", flat=True)) == {station.pk}


def test_application_error_for_an_oversized_csv(staff, monkeypatch):
    # given a limit smaller than the file
    monkeypatch.setattr(import_jobs, "MAX_UPLOAD_BYTES", 10)
    # when it is imported
    # then it is refused with the limit in the message
    with pytest.raises(ApplicationError, match="文件不能超过"):
        import_jobs.import_start(upload=_csv(GOOD), actor=staff)


def test_the_api_mirrors_the_page(staff, deputy_user):
    # given staff and a deputy with API clients
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(staff)
    # when staff post a file, then read the job and the list
    created = api.post("/api/liaison/imports/", {"file": _csv(GOOD)}, format="multipart")
    # then the job is created and finished with its report, and listed
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["phase"] == "done" and body["report"]["created"] == 2
    assert api.get(f"/api/liaison/imports/{body['id']}/").json()["report"]["rejected_count"] == 1
    assert [j["id"] for j in api.get("/api/liaison/imports/").json()["results"]] == [body["id"]]
    # when the file is not UTF-8
    bad = api.post(
        "/api/liaison/imports/",
        {"file": SimpleUploadedFile("x.csv", "留言主题,留言详情\n灯,坏了\n".encode("gbk"))},
        format="multipart",
    )
    # then the reader's code is answered, and a deputy may not import
    assert bad.status_code == 400 and bad.json()["code"] == "bad_encoding"
    other = APIClient()
    other.force_authenticate(deputy_user)
    assert other.post("/api/liaison/imports/", {"file": _csv(GOOD)}, format="multipart").status_code == 403
    assert other.get(f"/api/liaison/imports/{body['id']}/").status_code == 404


def test_an_import_whose_worker_died_shows_as_interrupted_and_stops_polling(staff, monkeypatch):
    # given a background import whose worker stores one batch and then dies (a BaseException is not
    # caught by the job runner: the job is left started and unfinished, as after a kill)
    monkeypatch.setattr(import_jobs, "INLINE_BYTES", 100)
    monkeypatch.setattr("renda.liaison.tasks.run_opinion_import", type("T", (), {"enqueue": staticmethod(len)}))
    job = import_jobs.import_start(upload=_csv(GOOD), actor=staff)

    def dies(*, progress, **kwargs):
        progress(2)
        raise SystemExit(9)

    monkeypatch.setattr(import_jobs.importer, "opinions_import", dies)
    with pytest.raises(SystemExit):
        import_jobs.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    client = Client()
    client.force_login(staff)
    url = reverse("liaison:import-progress", args=[job.pk])
    # then right after its last progress it still counts as running and the page keeps polling
    assert job.phase == "running" and job.processed_rows == 2 and job.in_progress
    assert "hx-get" in client.get(url).content.decode()
    # when no progress has been saved for longer than STALL_AFTER
    OpinionImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - STALL_AFTER - timedelta(seconds=1))
    job.refresh_from_db()
    # then it is interrupted: the page says so, keeps the rows stored, and stops polling
    assert job.phase == "stalled" and not job.in_progress
    html = client.get(url).content.decode()
    assert 'data-testid="import-stalled"' in html and "hx-get" not in html and "已中断" in html
    # and just inside the limit it is still running
    OpinionImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - STALL_AFTER + timedelta(seconds=30))
    job.refresh_from_db()
    assert job.phase == "running"
