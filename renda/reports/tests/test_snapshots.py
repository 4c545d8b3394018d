"""Frozen report snapshots (issue 16 item 3): taken from the 工作统计 page or the command line, they keep
every figure and the records behind it after records change; the diff shows what changed."""

from __future__ import annotations

import json
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from renda.liaison.models import Reception
from renda.meetings.models import Meeting
from renda.organization.models import User
from renda.organization.tests import factories as f
from renda.reports import metrics, selectors
from renda.reports.models import ReportSnapshot, SnapshotFigure, SnapshotImmutable
from renda.reports.tests.dataset import EXPECTED_2026, SH, _meeting, build

pytestmark = pytest.mark.django_db


def _staff(congress_id):
    client = Client()
    client.force_login(f.UserFactory(role=User.Role.STAFF, username="s_staff", congress_id=congress_id))
    return client


def _take(client: Client, **data: str) -> ReportSnapshot:
    response = client.post(reverse("reports:snapshot-new"), {"year": "2026", "note": "提交大会的报告稿", **data})
    assert response.status_code == 302, response.content.decode()[:500]
    return ReportSnapshot.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def test_a_snapshot_keeps_its_figures_and_drills_into_the_old_records_after_records_change():
    # given: the constructed 2026 data set and a snapshot taken from the statistics page
    data = build()
    client = _staff(data.congress_id)
    work = client.get(reverse("reports:work"), {"year": "2026"}).content.decode()
    assert f'action="{reverse("reports:snapshot-new")}"' in work
    snapshot = _take(client)
    assert snapshot.taken_by is not None and snapshot.note == "提交大会的报告稿"
    assert {r.metric: r.number for r in snapshot.figures.all()} == EXPECTED_2026
    big = Reception.objects.get(visitor_count=30)
    meetings_then = sorted(
        m.pk
        for m in metrics.get("meetings_standing_committee").records(
            data.congress_id, selectors.snapshot_period(snapshot)
        )
    )
    # when: a reception of 30 visitors is deleted and a third Standing Committee meeting is held in 2026
    big_pk = big.pk
    big.delete()
    term = data.world.session.term
    new_meeting = _meeting(term, Meeting.Kind.STANDING_COMMITTEE, 9, datetime(2026, 8, 1, 9, tzinfo=SH))
    # then: today's page shows the new figures, the snapshot the old ones
    live = client.get(reverse("reports:work"), {"year": "2026"}).context["groups"]
    live_values = {fig.metric.id: fig.value for g in live for fig in g.figures}
    assert live_values["visitors"] == 12 and live_values["meetings_standing_committee"] == 3
    page = client.get(reverse("reports:snapshot", args=[snapshot.pk]))
    assert page.status_code == 200
    frozen = {fig.row.metric: fig.value for fig in page.context["figures"]}
    assert frozen["visitors"] == 42 and frozen["meetings_standing_committee"] == 2
    assert 'data-testid="frozen-visitors">42<' in page.content.decode()
    # and its drill-down lists the records it counted, the deleted one marked as such
    drill = client.get(reverse("reports:snapshot-metric", args=[snapshot.pk, "visitors"]))
    assert drill.status_code == 200
    texts = [[cell.text for _c, cell in row] for row in drill.context["rows"]]
    assert len(texts) == 2
    assert any(f"#{big_pk}" in row[0] and "已删除" in row[0] for row in texts)
    assert any(row[-1] == "12" for row in texts)
    meetings_page = client.get(reverse("reports:snapshot-metric", args=[snapshot.pk, "meetings_standing_committee"]))
    assert sorted(meetings_page.context["page"].object_list) == meetings_then
    assert new_meeting.title not in meetings_page.content.decode()
    # and the diff shows each change: figure then and now, records added and removed
    diff = client.get(reverse("reports:snapshot-diff", args=[snapshot.pk]))
    by_id = {d.metric_id: d for d in diff.context["diffs"]}
    assert (by_id["visitors"].then, by_id["visitors"].now, by_id["visitors"].removed) == (42, 12, [big_pk])
    sc = by_id["meetings_standing_committee"]
    assert (sc.then, sc.now, sc.added, sc.removed) == (2, 3, [new_meeting.pk], [])
    assert [d.metric_id for d in diff.context["diffs"] if d.changed] == ["meetings_standing_committee", "visitors"]
    detail = client.get(reverse("reports:snapshot-diff-metric", args=[snapshot.pk, "meetings_standing_committee"]))
    assert [(added, cells[0][1].text) for added, cells in detail.context["rows"]] == [(True, new_meeting.title)]
    gone = client.get(reverse("reports:snapshot-diff-metric", args=[snapshot.pk, "visitors"]))
    assert 'data-change="removed"' in gone.content.decode() and "已删除" in gone.content.decode()


def test_snapshots_are_append_only():
    # given a snapshot taken from the command line
    data = build()
    out, err = StringIO(), StringIO()
    call_command(
        "report",
        "work",
        "--year",
        "2026",
        "--congress",
        str(data.congress_id),
        "--json",
        "--snapshot",
        stdout=out,
        stderr=err,
    )
    snapshot = ReportSnapshot.objects.get()
    assert snapshot.taken_by is None and f"快照 {snapshot.pk}" in err.getvalue()
    assert {r["id"]: r["value"] for r in json.loads(out.getvalue())} == EXPECTED_2026
    # when / then: it cannot be edited, neither row by row nor in bulk
    snapshot.note = "改"
    with pytest.raises(SnapshotImmutable):
        snapshot.save()
    figure = snapshot.figures.get(metric="visitors")
    figure.value = 1
    with pytest.raises(SnapshotImmutable):
        figure.save()
    with pytest.raises(SnapshotImmutable):
        SnapshotFigure.objects.filter(pk=figure.pk).update(value=1)
    with pytest.raises(SnapshotImmutable):
        ReportSnapshot.objects.update(note="改")
    assert SnapshotFigure.objects.get(pk=figure.pk).number == 42


def test_only_staff_take_and_read_snapshots_of_their_congress(deputy_user):
    data = build()
    snapshot = _take(_staff(data.congress_id))
    # a deputy may neither take nor read one
    deputy = Client()
    deputy.force_login(deputy_user)
    assert deputy.post(reverse("reports:snapshot-new"), {"year": "2026"}).status_code == 403
    assert deputy.get(reverse("reports:snapshot", args=[snapshot.pk])).status_code == 404
    # staff of another congress get 404 alike
    other = Client()
    other.force_login(
        f.UserFactory(
            role=User.Role.STAFF,
            username="o_staff",
            congress=f.CongressFactory(region_code="990200", name="另一市人民代表大会"),
        )
    )
    for name in ("reports:snapshot", "reports:snapshot-diff", "reports:snapshot-document"):
        assert other.get(reverse(name, args=[snapshot.pk])).status_code == 404, name
    assert other.get(reverse("reports:snapshot-metric", args=[snapshot.pk, "visitors"])).status_code == 404
    assert ReportSnapshot.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "20x6"}, "年度须为四位数字"),
        ({"note": "长" * 201}, "说明不能超过200个字"),
        ({"session": "abc"}, "会次须为数字"),
    ],
)
def test_bad_snapshot_input_gives_a_chinese_message_and_saves_nothing(data, message):
    built = build()
    response = _staff(built.congress_id).post(reverse("reports:snapshot-new"), {"year": "2026", **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReportSnapshot.objects.exists()


def test_an_unknown_metric_of_a_snapshot_is_404_and_the_list_links_each_snapshot():
    data = build()
    client = _staff(data.congress_id)
    snapshot = _take(client)
    assert client.get(reverse("reports:snapshot-metric", args=[snapshot.pk, "nope"])).status_code == 404
    assert client.get(reverse("reports:snapshot-diff-metric", args=[snapshot.pk, "nope"])).status_code == 404
    listing = client.get(reverse("reports:snapshots")).content.decode()
    assert reverse("reports:snapshot", args=[snapshot.pk]) in listing and "提交大会的报告稿" in listing


def test_the_command_refuses_a_too_long_snapshot_note():
    data = build()
    with pytest.raises(CommandError, match="说明不能超过200个字"):
        call_command(
            "report", "work", "--year", "2026", "--congress", str(data.congress_id), "--json", "--snapshot",
            "--note", "长" * 201, stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip
    assert not ReportSnapshot.objects.exists()
