"""Deputies' activity records (issue 16 item 6): each kind's selector, the composed record, secret
ballots never revealed, permissions, the .docx, settings (public page, points) and the API."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.reports import metrics, records, services
from renda.reports.models import RecordKind
from renda.reports.periods import year_period
from renda.reports.tests.record_scene import build

pytestmark = pytest.mark.django_db
Y2026, Y2025 = year_period(2026), year_period(2025)
K = RecordKind

#: What the scene's deputy d did in 2026, per kind (see record_scene).
EXPECTED_D = {
    K.LED: 1,
    K.COSIGNED: 1,
    K.ATTENDED: 1,
    K.LEAVE: 1,
    K.ABSENT: 1,
    K.VOTES: 1,
    K.DUTY_DAYS: 1,
    K.OPINIONS: 2,
    K.ACTIVITIES: 2,
    K.COMMENTS: 1,
    K.TRAINING: 0,  # no training in this scene (renda/reports/tests/test_training.py)
}


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_each_kind_selector_counts_the_deputys_records_of_the_period_only():
    # given the scene
    s = build()
    # when each kind's selector reads d's 2026 records
    counts = {k.kind: k.count(k.records(s.d, Y2026)) for k in records.KINDS}
    # then each counts exactly d's records of 2026 (drafts, unconfirmed co-signatures, hidden comments,
    # 2025 receptions and the 2025 plan's inspection excluded)
    assert counts == EXPECTED_D
    # and 2025 holds only the 2025 reception day and inspection
    r2025 = records.deputy_record(deputy=s.d, period=Y2025)
    assert r2025.count(K.DUTY_DAYS) == 1 and r2025.count(K.ACTIVITIES) == 1 and r2025.count(K.LED) == 0


def test_renchi_counts_a_deputy_once_per_activity_and_duty_days_once_per_day():
    # given d on duty at the station and at its point on the same day
    s = build()
    # when the record is composed
    record = records.deputy_record(deputy=s.d, period=Y2026)
    # then the two receptions make one duty day, and their visitors are summed (30 + 12)
    assert record.count(K.DUTY_DAYS) == 1 and record.visitors == 42
    duty = next(e for e in record.entries if e.kind == K.DUTY_DAYS)
    assert len(duty.rows) == 2
    # and e, member of the same inspection, counts once; the co-signed proposal counts once for each
    e = records.deputy_record(deputy=s.e, period=Y2026)
    assert e.count(K.ACTIVITIES) == 1 and e.count(K.LED) == 1 and e.count(K.COSIGNED) == 1 and e.count(K.LEAVE) == 1


def test_secret_ballot_choice_never_reaches_the_record_page_docx_or_api():
    # given d voted 反对 in a secret poll
    s = build()
    # when the record is composed, then no query reads a ballot
    with CaptureQueriesContext(connection) as queries:
        record = records.deputy_record(deputy=s.d, period=Y2026)
    assert not [q for q in queries.captured_queries if "meetings_ballot" in q["sql"]]
    votes = next(e for e in record.entries if e.kind == K.VOTES)
    assert [r.text for r in votes.rows] == ["关于人事任免的决定（草案）"]
    # and neither the page, the document nor the API says how d voted
    me = _client(s.w.deputy_users[0])
    page = me.get("/reports/record/?year=2026").content.decode()
    api = APIClient()
    api.force_authenticate(s.w.deputy_users[0])
    body = api.get(f"/api/reports/deputies/{s.d.pk}/record/?year=2026").content.decode()
    docx_text = _docx_text(me.get(f"/reports/records/{s.d.pk}/record.docx?year=2026").content)
    for text in (page, body, docx_text):
        assert "关于人事任免的决定" in text
        for choice in ("反对", "赞成", "弃权", '"no"', "choice"):
            assert choice not in text


def _docx_text(content: bytes) -> str:
    import docx

    doc = docx.Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_docx_holds_the_deputy_the_period_the_counts_and_the_lines():
    # given the scene
    s = build()
    # when d prints the 2026 record as .docx
    response = _client(s.w.deputy_users[0]).get(f"/reports/records/{s.d.pk}/record.docx?year=2026")
    # then it is a Word file with d's name, the period, each kind's count and the lines behind them
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = _docx_text(response.content)
    assert s.d.name in text and "2026-01-01" in text and "2026-12-31" in text
    assert "检查环境保护法实施情况" in text and "关于增设公交线路的建议" in text and "因病" in text
    import docx

    table = docx.Document(io.BytesIO(response.content)).tables[0]
    got = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    assert got == {str(k.label): str(n) for k, n in EXPECTED_D.items()}
    # and no points column while the scheme is off
    assert len(table.columns) == 3 and "履职积分" not in text


def test_pdf_is_printed_through_the_same_path_as_the_minutes():
    s = build()
    response = _client(s.w.deputy_users[0]).get(f"/reports/records/{s.d.pk}/record.pdf?year=2026")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_a_deputy_sees_only_their_own_record_staff_see_every_record():
    # given d, e and staff of the congress, and staff of another congress
    s = build()
    d_client, e_client = _client(s.w.deputy_users[0]), _client(s.w.deputy_users[1])
    # when d opens d's record, then it shows; when e opens d's record (page, file, API), then 404
    assert d_client.get(f"/reports/records/{s.d.pk}/?year=2026").status_code == 200
    assert e_client.get(f"/reports/records/{s.d.pk}/?year=2026").status_code == 404
    assert e_client.get(f"/reports/records/{s.d.pk}/record.docx?year=2026").status_code == 404
    api = APIClient()
    api.force_authenticate(s.w.deputy_users[1])
    assert api.get(f"/api/reports/deputies/{s.d.pk}/record/").json()["code"] == "not_found"
    # and e's own menu page is e's record
    assert s.e.name in e_client.get("/reports/record/?year=2026").content.decode()
    # staff see every record and the list; a deputy may not open the list or the settings
    staff = _client(s.w.staff)
    assert staff.get(f"/reports/records/{s.d.pk}/?year=2026").status_code == 200
    assert staff.get("/reports/records/?year=2026").status_code == 200
    assert d_client.get("/reports/records/").status_code == 403
    assert d_client.get("/reports/records/settings/").status_code == 403
    # a unit officer has no record and may not read one
    assert _client(s.w.unit_users[0]).get(f"/reports/records/{s.d.pk}/").status_code == 404
    assert _client(s.w.unit_users[0]).get("/reports/record/").status_code == 404
    other_staff = f.UserFactory(
        role=User.Role.STAFF, congress=f.CongressFactory(region_code="990200", name="另一市人民代表大会")
    )
    assert _client(other_staff).get(f"/reports/records/{s.d.pk}/").status_code == 404


def test_the_record_pages_agree_with_the_metric_deputies_in_activities():
    # given the scene: d in 2 activities, e in 1
    s = build()
    congress_id = s.w.session.term.congress_id
    metric = metrics.BY_ID["deputies_in_activities"]
    # when the metric is computed and the records of every deputy are summed
    value = metric.value(congress_id, Y2026)
    deputies = [*s.w.deputies, s.w.vice_chair]
    total = sum(records.deputy_record(deputy=d, period=Y2026, lists=False).count(K.ACTIVITIES) for d in deputies)
    # then they agree (3), and the staff list and d's record page show the same figures
    assert value == total == 3
    listing = _client(s.w.staff).get("/reports/records/?year=2026")
    assert listing.context["figure"].value == 3
    shown = {r.deputy.pk: r.count(K.ACTIVITIES) for r in listing.context["rows"]}
    assert sum(shown.values()) == 3 and shown[s.d.pk] == 2
    page = _client(s.w.deputy_users[0]).get("/reports/record/?year=2026")
    assert page.context["record"].count(K.ACTIVITIES) == 2
    assert 'data-testid="count-activities">2<' in page.content.decode()


def test_staff_list_filters_by_delegation_and_refuses_a_bad_filter_in_chinese():
    s = build()
    staff = _client(s.w.staff)
    delegation = s.d.delegation_id
    response = staff.get(f"/reports/records/?year=2026&delegation={delegation}")
    assert response.status_code == 200
    assert {r.deputy.delegation_id for r in response.context["rows"]} == {delegation}
    bad = staff.get("/reports/records/?year=2026&delegation=abc")
    assert bad.status_code == 400 and "选择一个有效的选项" in bad.content.decode()
    assert staff.get("/reports/records/?year=20x6").status_code == 400


def test_points_off_by_default_and_when_on_the_record_shows_points_and_breakdown():
    # given the scene, points off by default
    s = build()
    congress_id = s.w.session.term.congress_id
    assert records.deputy_record(deputy=s.d, period=Y2026).points is None
    # when staff switch points on: led 10, activities 5 per activity (through the settings page)
    form = {
        "points": "on",
        **{f"weight_{k}": "0" for k in RecordKind.values},
        "weight_led": "10",
        "weight_activities": "5",
    }
    response = _client(s.w.staff).post("/reports/records/settings/", form)
    assert response.status_code == 302
    # then d's record has 1 × 10 + 2 × 5 = 20 points with the breakdown per kind
    record = records.deputy_record(deputy=s.d, period=Y2026)
    assert record.points == 20
    assert {e.kind: e.points for e in record.entries if e.points} == {K.LED: 10, K.ACTIVITIES: 10}
    page = _client(s.w.deputy_users[0]).get("/reports/record/?year=2026").content.decode()
    assert 'data-testid="record-points"' in page and "20" in page
    # and a weight out of range is refused in Chinese, changing nothing
    bad = _client(s.w.staff).post("/reports/records/settings/", {**form, "weight_led": "101"})
    assert bad.status_code == 400 and "100" in bad.content.decode()
    assert records.deputy_record(deputy=s.d, period=Y2026, lists=False).points == 20
    # a deputy may not change the settings (service refuses)
    with pytest.raises(PermissionDeniedError):
        services.record_settings_set(
            congress_id=congress_id, public=True, points=False, kinds={}, actor=s.w.deputy_users[0]
        )
    with pytest.raises(RuleViolation):
        services.record_settings_set(
            congress_id=congress_id,
            public=True,
            points=False,
            kinds={"x": services.KindChoice(True, 1)},
            actor=s.w.staff,
        )


def test_public_page_is_off_by_default_and_then_shows_only_the_enabled_kinds():
    # given the scene, nothing public by default
    s = build()
    visitor = Client()
    off = visitor.get("/reports/records/public/?year=2026").content.decode()
    assert 'data-testid="records-not-public"' in off and s.d.name not in off
    # when staff make the records public with only 参加执法检查、调研、视察 shown
    form = {"public": "on", **{f"weight_{k}": "0" for k in RecordKind.values}, "public_activities": "on"}
    assert _client(s.w.staff).post("/reports/records/settings/", form).status_code == 302
    on = visitor.get("/reports/records/public/?year=2026")
    html = on.content.decode()
    # then the page lists deputies with that kind only: no votes, no attendance, no leave reasons
    assert s.d.name in html and str(K.ACTIVITIES.label) in html
    assert str(K.VOTES.label) not in html and str(K.LEAVE.label) not in html and "因病" not in html
    assert {e.kind for r in on.context["rows"] for e in r.entries} == {K.ACTIVITIES}


def test_api_mirrors_the_page_and_refuses_a_bad_period_with_a_code():
    s = build()
    api = APIClient()
    api.force_authenticate(s.w.staff)
    body = api.get(f"/api/reports/deputies/{s.d.pk}/record/?year=2026").json()
    assert {e["kind"]: e["count"] for e in body["entries"]} == {str(k): n for k, n in EXPECTED_D.items()}
    assert body["visitors"] == 42 and body["points"] is None
    bad = api.get(f"/api/reports/deputies/{s.d.pk}/record/?year=abcd")
    assert bad.status_code == 400 and bad.json()["code"] == "bad_period"


def test_deputy_menu_links_to_the_own_record_and_staff_menu_to_the_list():
    from renda.core.navigation import menu_for

    s = build()
    deputy_links = [link.url for e in menu_for(s.w.deputy_users[0]) for link in (e.children or [e])]
    staff_links = [link.url for e in menu_for(s.w.staff) for link in (e.children or [e])]
    assert "/reports/record/" in deputy_links and "/reports/records/" in staff_links


def test_record_routes_never_shadow_a_metric_id():
    # the metric list lives at /reports/<id>/: the records' prefixes must not be metric ids
    assert not {"record", "records"} & set(metrics.BY_ID)


@pytest.mark.parametrize("query", ["session=18446744073709551616", "session=１２", "year=２０２６", "session=-1"])
def test_a_malformed_period_is_refused_with_a_code_never_a_server_error(query):
    # given a deputy's login (before the fix a 20-digit session id overflowed SQLite's integer: a 500)
    s = build()
    api = APIClient()
    api.force_authenticate(s.w.deputy_users[0])
    # when the record is asked for a malformed period, then 400 bad_period on the API and the page
    response = api.get(f"/api/reports/deputies/{s.d.pk}/record/?{query}")
    assert response.status_code == 400 and response.json()["code"] == "bad_period"
    assert _client(s.w.deputy_users[0]).get(f"/reports/record/?{query}").status_code == 400
