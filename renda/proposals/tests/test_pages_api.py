"""Pages per role, the REST API with object permissions, concurrency and xlsx import/export."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from renda.core.documents import blank_pdf
from renda.core.exceptions import ConcurrentModification
from renda.proposals import selectors, services
from renda.proposals.models import Assignment, Proposal, ProposalEvent
from renda.proposals.tests.factories import BODY, assigned, at, received, registered, replied, world
from renda.proposals.workflow import AssignmentStatus, Status

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# ------------------------------------------------------------------ visibility (one place)


def test_visibility_unit_sees_only_its_assignments_deputy_only_own():
    w = world()
    p, _ = assigned(w, co=True)
    other = registered(w, title="关于别的事项的建议")
    assert set(selectors.visible_proposals(w.unit_users[0])) == {p}
    assert set(selectors.visible_proposals(w.unit_users[2])) == set()
    assert set(selectors.visible_proposals(w.deputy_users[0])) == {p, other}
    assert set(selectors.visible_proposals(w.deputy_users[3])) == set()
    assert [a.unit_id for a in selectors.visible_assignments(w.unit_users[1], p)] == [w.units[1].pk]


def test_api_unit_cannot_see_other_units_assignment_and_gets_404():
    w = world()
    p, lead = assigned(w, co=True)
    c = client_for(w.unit_users[1])
    rows = c.get("/api/proposals/assignments/").json()["results"]
    assert [r["unit"] for r in rows] == [w.units[1].pk]
    assert c.get(f"/api/proposals/assignments/{lead.pk}/").status_code == 404
    assert client_for(w.unit_users[2]).get(f"/api/proposals/proposals/{p.pk}/").status_code == 404


def test_api_public_replies_only_published_and_redacted():
    w = world()
    _, a = received(w)
    services.reply_submit(
        assignment=a,
        actor=w.unit_users[0],
        text="请联系13912345678。",
        reply_class="A",
        signer_name="张",
        signer_title="局长",
        document=__import__("renda.proposals.tests.factories", fromlist=["pdf"]).pdf(),
        at=at(2026, 6, 1),
    )
    rows = Client().get("/api/proposals/public-replies/").json()["results"]
    assert len(rows) == 1 and "13912345678" not in rows[0]["text"] and "139****5678" in rows[0]["text"]


# ------------------------------------------------------------------ API actions and errors


def test_api_full_flow_and_rule_error_codes():
    w = world()
    staff, dep, unit = client_for(w.staff), client_for(w.deputy_users[0]), client_for(w.unit_users[0])
    r = dep.post(
        "/api/proposals/proposals/",
        {"title": "关于公交线路优化的建议", "body": BODY, "topic": "交通运输"},
        content_type="application/json",
    )
    assert r.status_code == 201
    pk = r.json()["id"]
    assert dep.post(f"/api/proposals/proposals/{pk}/submit/", {}, content_type="application/json").status_code == 200
    # a deputy may not register: 403 with code
    r = dep.post(f"/api/proposals/proposals/{pk}/register/", {}, content_type="application/json")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = staff.post(f"/api/proposals/proposals/{pk}/register/", {}, content_type="application/json")
    assert r.json()["status"] == "registered" and r.json()["number"].endswith("第0001号")
    r = staff.post(
        f"/api/proposals/proposals/{pk}/assign/", {"leads": [w.units[0].pk]}, content_type="application/json"
    )
    assert r.status_code == 201
    aid = r.json()[0]["id"]
    assert (
        unit.post(f"/api/proposals/assignments/{aid}/receive/", {}, content_type="application/json").status_code == 200
    )
    r = unit.post(
        f"/api/proposals/assignments/{aid}/reply/",
        {
            "text": "答复",
            "reply_class": "A",
            "signer_name": "张",
            "signer_title": "局长",
            "document": io.BytesIO(blank_pdf()),
        },
    )
    assert r.status_code == 422 and r.json()["rule"] == "S4"


def test_api_stale_version_is_409_and_writes_nothing():
    w = world()
    p = registered(w)
    c = client_for(w.staff)
    before = ProposalEvent.objects.count()
    r = c.post(
        f"/api/proposals/proposals/{p.pk}/assign/",
        {"leads": [w.units[0].pk], "version": p.version - 1},
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "concurrent_modification"
    assert ProposalEvent.objects.count() == before and not Assignment.objects.exists()


def test_concurrency_second_actor_with_same_version_gets_concurrent_modification():
    w = world()
    p = registered(w)
    seen = p.version
    services.suggestion_assign(proposal=p, actor=w.staff, leads=[w.units[0]], expected_version=seen)
    before = ProposalEvent.objects.count()
    with pytest.raises(ConcurrentModification) as exc:
        services.suggestion_assign(proposal=p, actor=w.staff, leads=[w.units[1]], expected_version=seen)
    assert "已被他人修改" in exc.value.message
    assert ProposalEvent.objects.count() == before and Assignment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrency_two_threads_one_wins_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises writers)")
    w = world()
    _p, a = assigned(w)
    seen = a.version
    results: list[str] = []

    def act():
        from django.db import connection as conn

        try:
            services.assignment_receive(assignment=a, actor=w.unit_users[0], expected_version=seen)
            results.append("ok")
        except ConcurrentModification:
            results.append("stale")
        finally:
            conn.close()

    threads = [threading.Thread(target=act) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "stale"]
    assert ProposalEvent.objects.filter(action="receive").count() == 1


# ------------------------------------------------------------------ pages


def test_deputy_submits_via_pages_and_sees_it_in_mine():
    w = world()
    c = client_for(w.deputy_users[0])
    r = c.post(
        reverse("proposals:new"),
        {
            "kind": "suggestion",
            "title": "关于增加社区食堂的建议",
            "body": BODY,
            "topic": "劳动和社会保障",
            "cosigners": [w.deputies[1].pk],
        },
    )
    p = Proposal.objects.get(title="关于增加社区食堂的建议")
    assert r.status_code == 302 and p.cosigners.count() == 1
    c.post(reverse("proposals:act", args=[p.pk, "submit"]), {"version": p.version})
    assert Proposal.objects.get(pk=p.pk).status == Status.SUBMITTED
    page = c.get(reverse("proposals:list") + "?scope=mine")
    assert "关于增加社区食堂的建议" in page.content.decode()


def test_forbidden_page_action_shows_message_and_writes_nothing():
    w = world()
    p = registered(w)
    c = client_for(w.deputy_users[0])
    before = ProposalEvent.objects.count()
    r = c.post(reverse("proposals:act", args=[p.pk, "assign"]), {"leads": [w.units[0].pk]}, follow=True)
    assert "只有常委会工作机构" in r.content.decode()
    assert ProposalEvent.objects.count() == before


def test_unit_cannot_open_unassigned_proposal_page():
    w = world()
    p = registered(w)
    assert client_for(w.unit_users[0]).get(reverse("proposals:detail", args=[p.pk])).status_code == 404


def test_list_pages_query_count_does_not_grow(django_assert_max_num_queries):
    w = world()
    for i in range(3):
        p = registered(w, title=f"关于第{i}件事的建议")
        services.suggestion_assign(proposal=p, actor=w.staff, leads=[w.units[0]], at=at(2026, 4, 1))
    staff, unit = client_for(w.staff), client_for(w.unit_users[0])
    for url, c in (
        (reverse("proposals:list"), staff),
        (reverse("proposals:overdue-board"), staff),
        (reverse("proposals:inbox"), unit),
        (reverse("proposals:key-board"), staff),
    ):
        c.get(url)  # warm the session
        with django_assert_max_num_queries(14):
            assert c.get(url).status_code == 200
    for i in range(3, 9):
        p = registered(w, title=f"关于第{i}件事的建议")
        services.suggestion_assign(proposal=p, actor=w.staff, leads=[w.units[0]], at=at(2026, 4, 1))
    with django_assert_max_num_queries(14):
        assert unit.get(reverse("proposals:inbox") + "?bucket=overdue").status_code == 200


def test_detail_page_query_count_bounded(django_assert_max_num_queries):
    w = world()
    p, _a, _r = replied(w, "B", cosign=2)
    c = client_for(w.staff)
    c.get(reverse("proposals:detail", args=[p.pk]))
    with django_assert_max_num_queries(30):
        page = c.get(reverse("proposals:detail", args=[p.pk]))
    assert page.status_code == 200 and "承诺" in page.content.decode()


def test_home_panels_show_real_counts():
    w = world()
    assigned(w)
    registered(w, title="关于待交办事项的建议")
    html = client_for(w.unit_users[0]).get(reverse("home")).content.decode()
    assert "承办建议" in html and "待签收" in html
    c = selectors.pending_counts(w.staff)
    assert (c["to_assign"], c["to_register"]) == (1, 0)
    assert selectors.pending_counts(w.unit_users[0])["to_receive"] == 1


def test_public_page_no_login_shows_published_reply_without_phone():
    w = world()
    _, _a, r = replied(w)
    r.text = "已与代表（13912345678）沟通"
    r.save()
    html = Client().get(reverse("proposals:public")).content.decode()
    assert "139****5678" in html and "13912345678" not in html


def test_staff_bulk_assign_page_assigns_selected():
    w = world()
    p1, p2 = registered(w), registered(w, title="关于第二件的建议")
    c = client_for(w.staff)
    c.post(reverse("proposals:assign-bulk"), {"ids": [p1.pk, p2.pk], "leads": [w.units[0].pk]})
    assert set(Proposal.objects.values_list("status", flat=True)) == {Status.ASSIGNED}


def test_issue12_item9_bulk_assign_by_a_non_staff_role_is_refused_whole_with_403():
    # a deputy (author) and a unit officer ask the API to assign: the request is refused, not "200, all refused"
    w = world()
    p = registered(w)
    for user in (w.deputy_users[0], w.unit_users[0]):
        response = client_for(user).post(
            "/api/proposals/proposals/assign-bulk/",
            {"proposals": [p.pk], "leads": [w.units[0].pk]},
            content_type="application/json",
        )
        assert response.status_code == 403, response.content
        assert response.json()["code"] == "permission_denied"
    assert Proposal.objects.get(pk=p.pk).status == Status.REGISTERED


def test_unit_reply_form_upload_and_deputy_rating_page():
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = world()
    p, a = received(w)
    c = client_for(w.unit_users[0])
    c.post(
        reverse("proposals:assignment-act", args=[a.pk, "reply"]),
        {
            "text": "答复内容",
            "reply_class": "A",
            "signer_name": "张",
            "signer_title": "局长",
            "document": SimpleUploadedFile("r.pdf", blank_pdf(), content_type="application/pdf"),
        },
    )
    a.refresh_from_db()
    assert a.status == AssignmentStatus.REPLIED
    d = client_for(w.deputy_users[0])
    html = d.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert 'data-testid="evaluate-form"' in html


# ------------------------------------------------------------------ xlsx


def test_export_xlsx_has_rows():
    w = world()
    registered(w)
    r = client_for(w.staff).get(reverse("proposals:list") + "?format=xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.cell(2, 3).value == "关于增设非机动车道的建议"


def test_issue13_item7_export_shows_submission_time_in_beijing_time_not_utc():
    # a suggestion submitted at 00:30 Beijing time on 1 March is 16:30 UTC on 28 February
    from datetime import datetime
    from zoneinfo import ZoneInfo

    w = world()
    p = registered(w)
    Proposal.objects.filter(pk=p.pk).update(submitted_at=datetime(2026, 3, 1, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    ws = load_workbook(io.BytesIO(client_for(w.staff).get(reverse("proposals:list") + "?format=xlsx").content)).active
    assert ws.cell(2, 8).value == "2026-03-01 00:30"


def test_import_keeps_good_rows_and_reports_bad_ones():
    w = world()
    wb = Workbook()
    ws = wb.active
    ws.append(["标题", "内容", "领衔代表", "分类"])
    ws.append(["关于加强校园安全的建议", BODY, w.deputies[0].code, "教育文体"])
    ws.append(["关于无名氏的建议", BODY, "不存在的代表", ""])
    ws.append(["关于太短内容的建议", "太短", w.deputies[1].name, ""])
    ws.append(["", BODY, w.deputies[1].code, ""])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "import.xlsx"
    r = client_for(w.staff).post(
        reverse("proposals:import"),
        {
            "file": buf,
            "title_column": "标题",
            "body_column": "内容",
            "deputy_column": "领衔代表",
            "topic_column": "分类",
        },
        follow=True,
    )
    html = r.content.decode()
    assert Proposal.objects.filter(title="关于加强校园安全的建议", status=Status.SUBMITTED).count() == 1
    assert Proposal.objects.count() == 1
    assert "找不到领衔代表" in html and "明确具体" in html and "标题为空" in html


def test_urge_command_runs(capsys):
    from django.core.management import call_command

    w = world()
    assigned(w, when=at(2026, 4, 10))
    call_command("proposals", "urge", "--today", "2026-07-20")
    assert "overdue=1" in capsys.readouterr().out
    assert date(2026, 7, 10) == Assignment.objects.get().due_date


def test_openapi_schema_lists_proposal_actions():
    w = world()
    r = client_for(w.staff).get("/api/schema/")
    body = r.content.decode()
    assert r.status_code == 200
    for path in (
        "/api/proposals/proposals/{id}/assign/",
        "/api/proposals/assignments/{id}/reply/",
        "/api/proposals/replies/{id}/evaluate/",
        "/api/proposals/public-replies/",
    ):
        assert path in body, path


def test_deputy_scopes_cosigned_and_to_rate():
    w = world()
    _, _, r = replied(w, cosign=1)
    c = client_for(w.deputy_users[1])
    assert "关于增设非机动车道的建议" in c.get(reverse("proposals:list") + "?scope=cosigned").content.decode()
    assert "关于增设非机动车道的建议" not in c.get(reverse("proposals:list") + "?scope=mine").content.decode()
    assert list(selectors.replies_to_rate(viewer=w.deputy_users[1], today=date(2026, 6, 2))) == [r]


def test_api_notifications_only_mine_and_mark_read(django_capture_on_commit_callbacks):
    w = world()
    with django_capture_on_commit_callbacks(execute=True):
        assigned(w)
    c = client_for(w.unit_users[0])
    rows = c.get("/api/proposals/notifications/").json()["results"]
    assert rows and all("新交办建议" in r["text"] for r in rows)
    assert client_for(w.unit_users[1]).get("/api/proposals/notifications/").json()["results"] == []
    assert c.post("/api/proposals/notifications/read/").json()["marked"] == len(rows)


def test_supervisor_overdue_board_only_supervised():
    from renda.organization.models import User
    from renda.organization.tests import factories as f

    w = world()
    p1, _ = assigned(w, when=at(2026, 4, 10))
    assigned(w, when=at(2026, 4, 10))
    services.suggestion_designate_key(proposal=p1, actor=w.staff, vice_chair=w.vice_chair, committee=w.committee)
    sup = f.UserFactory(
        role=User.Role.SUPERVISOR, username="w_sup", deputy=w.vice_chair, congress=w.session.term.congress
    )
    rows = selectors.overdue_assignments(congress_id=sup.congress_id, viewer=sup)
    assert [a.proposal_id for a in rows] == [p1.pk]
    assert len(selectors.overdue_assignments(congress_id=w.staff.congress_id, viewer=w.staff)) == 2


def test_overdue_board_totals_match_list():
    w = world()
    for i in range(3):
        p = registered(w, title=f"关于第{i}件事的建议")
        services.suggestion_assign(proposal=p, actor=w.staff, leads=[w.units[i % 2]], at=at(2026, 4, 1))
    c = client_for(w.staff)
    r = c.get(reverse("proposals:overdue-board"))
    assert r.context["page"].paginator.count == 3 and len(list(r.context["page"])) == 3
    r = c.get(reverse("proposals:overdue-board") + f"?unit={w.units[1].pk}")
    assert r.context["page"].paginator.count == 1 and [a.unit_id for a in r.context["page"]] == [w.units[1].pk]


def test_urge_task_enqueues_and_runs():
    from renda.proposals.tasks import send_urge_notices

    w = world()
    assigned(w, when=at(2026, 4, 10))  # due 2026-07-10, overdue today
    result = send_urge_notices.enqueue()
    assert result.return_value == {"before": 0, "overdue": 1}
