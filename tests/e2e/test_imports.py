"""Browser: the bounded suggestions import (issue 12 item 6). Staff reach the import from the menu,
import a small file (the bad rows named with their reasons), and watch a background import's progress
bar, which htmx refreshes until the job has finished; at 1366 px and 390 px."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook

from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.proposals.models import ImportJob, ImportRowError
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"
BODY = "建议在城区主干道增设非机动车专用道，完善交通标志标线，保障市民出行安全，并同步建设停车设施。"


def _shot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENS / f"{name}-{width}.png"), full_page=True)


def test_staff_import_from_the_menu_and_watch_a_background_import(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    session = f.SessionFactory()
    congress, term = session.term.congress, session.term
    deputy = f.DeputyFactory(term=term, name="王建国")
    staff = f.UserFactory(username="e2e_imp", role=User.Role.STAFF, congress=congress, is_staff=True)
    wb = Workbook()
    ws = wb.active
    ws.append(["标题", "内容", "领衔代表", "分类"])
    ws.append(["关于优化城区公交线路的建议", BODY, deputy.code, "交通运输"])
    ws.append(["关于整治噪声扰民的建议", BODY, "查无此人", "环境保护"])
    ws.append(["关于加强校园安全的建议", BODY, deputy.code, "不存在的分类"])
    xlsx = tmp_path / "建议.xlsx"
    buf = io.BytesIO()
    wb.save(buf)
    xlsx.write_bytes(buf.getvalue())

    # staff open the import from the menu and import a small file
    login(page, "e2e_imp", f.TEST_PASSWORD)
    menu = page.locator("nav.mainnav details:has(a[href='/proposals/import/']) > summary")
    if menu.count():
        menu.click()
    page.click("nav.mainnav a[href='/proposals/import/']")
    page.wait_for_selector("[data-testid=import-limits]")
    page.set_input_files("[name=file]", str(xlsx))
    page.click("form >> button:has-text('导入')")
    page.wait_for_selector("[data-testid=import-summary]")
    assert "已导入1件，未导入2行" in page.inner_text("[data-testid=import-summary]")
    rejected = page.inner_text("[data-testid=import-rejected]")
    assert "找不到领衔代表“查无此人”" in rejected and "分类“不存在的分类”不存在" in rejected
    _shot(page, "import-done")

    # a background import half-way: the page shows a progress bar that htmx refreshes
    job = ImportJob.objects.create(
        congress=congress,
        created_by=staff,
        file_name="大批建议.xlsx",
        total_rows=450,
        processed_rows=180,
        created_count=170,
        rejected_count=10,
        background=True,
        started_at=timezone.now(),
    )
    page.goto(f"/proposals/import/{job.pk}/")
    page.wait_for_selector("[data-testid=import-progress] progress")
    assert "已处理180/450行" in page.inner_text("[data-testid=import-progress]")
    _shot(page, "import-progress")
    # when the worker finishes, the page reloads by itself and shows the results
    ImportRowError.objects.create(job=job, row=7, reason="找不到领衔代表“李四”")
    ImportJob.objects.filter(pk=job.pk).update(
        processed_rows=450, created_count=440, rejected_count=10, finished_at=timezone.now()
    )
    page.wait_for_selector("[data-testid=import-summary]", timeout=15000)
    assert "已导入440件，未导入10行" in page.inner_text("[data-testid=import-summary]")
    page.goto("/proposals/import/")
    assert "大批建议.xlsx" in page.inner_text("[data-testid=import-jobs]")
    _shot(page, "import-list")


def test_staff_import_citizens_messages_from_the_liaison_menu(page, settings, tmp_path):
    # given staff of a congress and a message file with one bad row and one repeat
    settings.MEDIA_ROOT = tmp_path / "media"
    congress = f.CongressFactory()
    f.LiaisonStationFactory(congress=congress, name="平城区第1人大代表联络站")
    f.UserFactory(username="e2e_limp", role=User.Role.STAFF, congress=congress)
    csv = tmp_path / "留言.csv"
    csv.write_text(
        "留言编号,留言用户,留言主题,留言时间,留言详情\n"
        "M1,U1,小区停车难,2026/03/01 10:00:00,幸福小区车位严重不足，晚上车辆乱停乱放，消防通道经常被堵。\n"
        "M2,U2,,2026/03/02 10:00:00,\n"
        "M1,U1,小区停车难,2026/03/01 10:00:00,幸福小区车位严重不足，晚上车辆乱停乱放，消防通道经常被堵。\n",
        encoding="utf-8",
    )
    # when staff open 导入群众留言 from the liaison menu and import it to a station
    login(page, "e2e_limp", f.TEST_PASSWORD)
    menu = page.locator("nav.mainnav details:has(a[href='/liaison/imports/']) > summary")
    if menu.count():
        menu.click()
    page.click("nav.mainnav a[href='/liaison/imports/']")
    page.set_input_files("[name=file]", str(csv))
    page.select_option("select[name=station]", label="平城区第1人大代表联络站")
    page.click("[data-testid=import-submit]")
    # then the report counts them and names the bad row and the repeat by row number
    page.wait_for_selector("[data-testid=import-summary]")
    assert "已导入1条，重复1条，未导入1行" in page.inner_text("[data-testid=import-summary]")
    assert "留言主题和留言详情均为空" in page.inner_text("[data-testid=import-rejected]")
    assert "4" in page.inner_text("[data-testid=import-duplicates]")
    _shot(page, "liaison-import-report")
