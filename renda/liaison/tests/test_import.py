"""`renda opinions import`: identity by 留言编号 else content hash, conflicting labels, broken rows."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.urls import reverse

from renda.core.privacy import redact_text
from renda.liaison.importer import opinions_import
from renda.liaison.models import LiaisonSettings, Opinion, OpinionEvent
from renda.liaison.workflow import Status
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db

SAMPLE = Path(settings.DATA_DIR) / "messages_sample_495.xlsx"
LOCAL = ZoneInfo("Asia/Shanghai")
HEADER = "留言编号,留言用户,留言主题,留言时间,留言详情,一级分类\n"


def _needs(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"real data not found at {path} (set RENDA_DATA_DIR)")


def test_sample_imported_twice_yields_494_and_names_the_conflicting_duplicate():
    # given
    _needs(SAMPLE)
    congress = org.CongressFactory()
    # when
    first = opinions_import(path=SAMPLE, congress=congress)
    second = opinions_import(path=SAMPLE, congress=congress)
    # then
    assert first.rows == 495 and first.created == 494
    assert second.created == 0
    assert Opinion.objects.filter(congress=congress).count() == 494
    assert [(d.external_id, d.conflicting_label) for d in first.conflicts] == [("37042", True)]
    conflict = first.conflicts[0]
    assert conflict.first_row == 100 and conflict.row == 312
    assert set(conflict.labels) == {"城乡建设", "劳动和社会保障"}
    assert "一级分类不一致" in conflict.reason
    assert len(second.duplicates) == 495  # 494 already in the database + the in-file repeat


def test_rows_without_id_are_identified_by_content_hash(tmp_path):
    # given: two id-less rows with the same text (whitespace differs), one with an id
    f = tmp_path / "m.csv"
    f.write_text(
        HEADER
        + ",,路灯不亮,,幸福小区路灯坏了三个月无人修理,城乡建设\n"
        + ",,路灯不亮,,幸福小区 路灯坏了三个月无人修理,城乡建设\n"
        + "77,U1,路灯不亮,2019/1/8 10:00:00,幸福小区路灯坏了三个月无人修理,城乡建设\n",
        encoding="utf-8",
    )
    congress = org.CongressFactory()
    # when
    report = opinions_import(path=f, congress=congress)
    again = opinions_import(path=f, congress=congress)
    # then
    assert report.created == 2 and [d.row for d in report.duplicates] == [3]
    assert again.created == 0
    assert set(Opinion.objects.values_list("external_id", flat=True)) == {"", "77"}
    assert OpinionEvent.objects.filter(action="received").count() == 2


def test_broken_rows_are_listed_with_reasons_and_good_rows_imported(tmp_path):
    # given: a good row, an empty message, a bad time, a bad count, mixed date formats, an embedded newline
    f = tmp_path / "broken.csv"
    f.write_text(
        "留言编号,留言用户,留言主题,留言时间,留言详情,点赞数,反对数\n"
        '1,U1,噪音扰民,2019/1/8 21:30:00,"夜间施工噪音\n严重影响休息",3,0\n'
        "2,U2,,2019-08-12 09:00:00,,0,0\n"
        "3,U3,公交线路,明天下午,希望增开公交线路,0,0\n"
        "4,U4,垃圾清运,2019-08-12 10:00:00,垃圾站长期不清运,很多,0\n"
        "5,U5,学校周边,2019-08-12,学校门口交通拥堵\t需要交警疏导,1,2\n",
        encoding="utf-8",
    )
    congress = org.CongressFactory()
    # when
    report = opinions_import(path=f, congress=congress)
    # then
    assert report.created == 2
    assert sorted(Opinion.objects.values_list("external_id", flat=True)) == ["1", "5"]
    reasons = {r["external_id"]: r["reason"] for r in report.rejected}
    assert set(reasons) == {"2", "3", "4"}
    assert reasons["2"].startswith("留言主题和留言详情均为空")
    assert reasons["3"].startswith("留言时间无法识别")
    assert reasons["3"] == "留言时间无法识别：明天下午"
    assert reasons["4"] == "点赞数不是数字：很多"
    assert all(r["row"] > 1 for r in report.rejected)
    op = Opinion.objects.get(external_id="1")
    assert op.likes == 3 and op.received_at.year == 2019


def test_import_command_json_report(tmp_path):
    # given
    org.CongressFactory()
    f = tmp_path / "m.csv"
    f.write_text(HEADER + "9,U,占道经营,2019/2/1 8:00:00,菜市场门口占道经营严重,商贸旅游\n", encoding="utf-8")
    out = StringIO()
    # when
    call_command("opinions", "import", str(f), "--json", stdout=out)
    # then
    data = json.loads(out.getvalue())
    assert data["created"] == 1 and data["rejected"] == [] and data["conflicts"] == []
    op = Opinion.objects.get()
    assert op.source == Opinion.Source.IMPORT and op.source_label == "商贸旅游" and "菜市场" in op.search_text.split()


def test_exact_repeats_with_different_ids_form_a_duplicate_group(tmp_path):
    # given: the same text under two ids
    f = tmp_path / "g.csv"
    text = "某某路段下水道堵塞，雨天积水严重，车辆无法通行，附近居民出行十分不便，请有关部门尽快疏通。"
    f.write_text(
        HEADER + f"1,U,积水,2019/3/1 8:00:00,{text},城乡建设\n2,V,积水,2019/3/2 8:00:00,{text},城乡建设\n",
        encoding="utf-8",
    )
    # when
    report = opinions_import(path=f, congress=org.CongressFactory())
    # then
    a, b = Opinion.objects.order_by("external_id")
    assert report.grouped == 1 and report.groups_created == 1
    assert a.duplicate_group_id == b.duplicate_group_id is not None
    assert a.duplicate_group.size == 2 and b.similarity == pytest.approx(1.0)


def test_importer_reasons_are_chinese_and_keep_the_raw_value(tmp_path):
    # given: an empty message, an impossible date, a non-numeric and a negative count
    f = tmp_path / "reasons.csv"
    f.write_text(
        "留言编号,留言用户,留言主题,留言时间,留言详情,点赞数,反对数\n"
        "1,U1,,2019-08-12 09:00:00,,0,0\n"
        "2,U2,公交线路,2019-02-30 10:00:00,希望增开公交线路,0,0\n"
        "3,U3,垃圾清运,2019-08-12 10:00:00,垃圾站长期不清运,abc,0\n"
        "4,U4,道路破损,2019-08-12 10:00:00,道路破损严重,0,-1\n",
        encoding="utf-8",
    )
    # when
    report = opinions_import(path=f, congress=org.CongressFactory())
    # then
    reasons = {r["external_id"]: r["reason"] for r in report.rejected}
    assert reasons == {
        "1": "留言主题和留言详情均为空",
        "2": "留言时间无法识别：2019-02-30 10:00:00",
        "3": "点赞数不是数字：abc",
        "4": "反对数不是非负整数：-1",
    }


def test_overlong_rows_are_rejected_with_a_reason_not_truncated(tmp_path):
    # given: a title of 201 characters, a text of 10,001, and rows exactly at the limits
    f = tmp_path / "long.csv"
    f.write_text(
        HEADER
        + f"1,U,{'标' * 201},2019/1/8 10:00:00,路灯不亮,城乡建设\n"
        + f"2,U,路灯,2019/1/8 10:00:00,{'字' * 10_001},城乡建设\n"
        + f"3,U,{'题' * 200},2019/1/8 10:00:00,{'文' * 10_000},城乡建设\n",
        encoding="utf-8",
    )
    # when
    report = opinions_import(path=f, congress=org.CongressFactory())
    # then
    reasons = {r["external_id"]: r["reason"] for r in report.rejected}
    assert reasons == {
        "1": "留言主题超过 200 字（共 201 字），未导入",
        "2": "留言详情超过 10000 字（共 10001 字），未导入",
    }
    op = Opinion.objects.get()
    assert op.external_id == "3" and len(op.title) == 200 and len(op.text) == 10_000


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("opinions.xlsx", b"this is not a zip file", "bad_xlsx", "文件不是有效的 xlsx 工作簿：opinions.xlsx"),
        ("opinions.xlsx", b"", "empty_file", "文件为空：opinions.xlsx"),
        ("opinions.csv", "留言主题,留言详情\n路灯,坏了\n".encode("gbk"), "bad_encoding", "CSV 文件不是 UTF-8 编码"),
        ("opinions.csv", b"a,b\n1,2\n", "bad_header", "文件缺少必需的列"),
        ("folder.csv", None, "unreadable_file", "这是一个文件夹，不是文件：folder.csv"),
    ],
)
def test_unreadable_file_gives_one_chinese_line_and_exit_status_2(tmp_path, name, content, code, message):
    # given
    org.CongressFactory()
    f = tmp_path / name
    if content is None:
        f.mkdir()
    else:
        f.write_bytes(content)
    out, err = StringIO(), StringIO()
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command("opinions", "import", str(f), stdout=out, stderr=err)
    with pytest.raises(SystemExit) as json_exit:
        call_command("opinions", "import", str(f), "--json", stdout=(json_out := StringIO()), stderr=StringIO())
    # then
    assert exit_info.value.code == 2 and json_exit.value.code == 2
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("导入失败：" + message) and "Traceback" not in err.getvalue()
    data = json.loads(json_out.getvalue())
    assert data["code"] == code and data["detail"].startswith(message)
    assert Opinion.objects.count() == 0


def _import_state(congress) -> dict:
    """Everything an import wrote for ``congress``, keyed by 留言编号 (ids and times left out)."""
    from renda.core.models import Notification

    ops = Opinion.objects.filter(congress=congress).order_by("external_id")
    groups: dict[int, list[str]] = {}
    for ext, gid in ops.values_list("external_id", "duplicate_group_id"):
        if gid:
            groups.setdefault(gid, []).append(ext)
    return {
        "opinions": [
            (
                o.external_id,
                o.title,
                o.text,
                o.citizen_name,
                o.district,
                o.content_hash,
                o.search_text,
                o.source_label,
                o.predicted_topic_id,
                o.confidence,
                o.status,
                o.unit_id is not None,
                o.similarity,
                o.likes,
                o.dislikes,
                o.received_at,
                o.source,
                o.answer,
                o.rating,
                o.topic_id,
            )
            for o in ops
        ],
        "groups": sorted(sorted(g) for g in groups.values()),
        "group_sizes": sorted(len(g) for g in groups.values()),
        "events": sorted(
            OpinionEvent.objects.filter(opinion__congress=congress).values_list(
                "opinion__external_id", "action", "from_status", "to_status", "note", "actor_id"
            )
        ),
        "notifications": sorted(
            (n.recipient_id, n.text, n.link.replace(str(pk), "<pk>"))
            for n, pk in (
                (n, int(n.link.rstrip("/").rsplit("/", 1)[-1]))
                for n in Notification.objects.filter(
                    link__in=[reverse("liaison:opinion-detail", args=[o.pk]) for o in ops]
                )
            )
        ),
    }


def _routed_setup(settings, deputy_user, region_code="990100"):
    """A congress with a station (and its deputy), routes for every topic, a low triage threshold, and
    automatic routing turned on (off by default: defect 8)."""
    from renda.liaison.services import topic_for_label
    from renda.liaison.tests.factories import TopicRouteFactory

    settings.LIAISON_TRIAGE_CONFIDENCE = 0.3
    congress = org.CongressFactory(region_code=region_code, name=f"测试市{region_code}")
    station = org.LiaisonStationFactory(congress=congress)
    station.deputies.add(deputy_user.deputy)
    for label in ("城乡建设", "劳动和社会保障", "教育文体", "卫生计生", "环境保护", "交通运输", "商贸旅游"):
        TopicRouteFactory(congress=congress, topic=topic_for_label(label))
    LiaisonSettings.objects.create(congress=congress, auto_route=True)
    return congress, station


def test_import_in_a_worker_process_writes_exactly_what_the_inline_import_writes(
    topic_model, settings, deputy_user, django_capture_on_commit_callbacks
):
    # given: the real sample, imported into two congresses with routes, a station and its deputy
    _needs(SAMPLE)
    inline_congress, inline_station = _routed_setup(settings, deputy_user)
    worker_congress, worker_station = _routed_setup(settings, deputy_user, "990200")
    # when: once inline, once with the text work in a worker process (small batches: many round trips)
    with django_capture_on_commit_callbacks(execute=True):  # the deputies' notices leave on commit
        inline = opinions_import(
            path=SAMPLE, congress=inline_congress, stations=[inline_station], batch_size=64, parallel=False
        )
        worker = opinions_import(
            path=SAMPLE, congress=worker_congress, stations=[worker_station], batch_size=64, parallel=True
        )
    # then: the same report, opinions, groups, events and notifications
    assert "worker: classify" in worker.stages and "worker: classify" not in inline.stages
    for name in ("rows", "created", "routed", "grouped", "groups_created", "duplicates", "rejected", "capabilities"):
        assert getattr(worker, name) == getattr(inline, name), name
    assert inline.created == 494 and inline.routed > 0 and inline.grouped > 0
    a, b = _import_state(inline_congress), _import_state(worker_congress)
    for part in ("groups", "group_sizes", "events"):
        assert a[part] == b[part], part
    assert a["opinions"] == b["opinions"]
    assert len(a["notifications"]) == len(b["notifications"]) == inline.routed
    assert [n[1:] for n in a["notifications"]] == [n[1:] for n in b["notifications"]]


def test_imported_rows_are_complete_valid_records_like_the_orm_writes(
    topic_model, settings, deputy_user, django_capture_on_commit_callbacks
):
    # given
    _needs(SAMPLE)
    congress, station = _routed_setup(settings, deputy_user)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        report = opinions_import(path=SAMPLE, congress=congress, stations=[station], batch_size=200)
    # then: every row passes model validation, with the model's defaults and timestamps
    from renda.core.models import Notification

    ops = list(Opinion.objects.filter(congress=congress))
    assert len(ops) == report.created == 494
    for op in ops:
        op.full_clean()
        assert op.created_at is not None and op.created_at == op.updated_at
        assert op.source == Opinion.Source.IMPORT and op.station == station and op.district == station.district
        assert op.answer == "" and op.citizen_phone == "" and op.rating is None and op.reception is None
        assert len(op.tracking_code) == 10
        actions = list(op.events.order_by("id").values_list("action", "from_status", "to_status", "at"))
        if op.status == Status.ROUTED:
            assert op.unit is not None and [a[:3] for a in actions] == [
                ("received", "", Status.RECEIVED),
                ("triage", Status.RECEIVED, Status.TRIAGED),
                ("route", Status.TRIAGED, Status.ROUTED),
            ]
        else:
            assert op.status == Status.RECEIVED and op.unit is None
            assert [a[:3] for a in actions] == [("received", "", Status.RECEIVED)]
        assert all(a[3] == op.created_at for a in actions)
    notes = list(Notification.objects.filter(recipient=deputy_user))
    assert len(notes) == report.routed > 0
    routed = {reverse("liaison:opinion-detail", args=[o.pk]): o for o in ops if o.status == Status.ROUTED}
    for n in notes:
        n.full_clean()
        assert n.link in routed and n.text == f"本站群众意见已转办：{redact_text(routed[n.link].title)}"[:500]
    # and the search index finds each opinion by its own words
    from renda.liaison.search import search_ids

    for op in ops[::25]:
        words = op.search_text.split()
        assert search_ids(Opinion.objects.filter(pk=op.pk), [words[0], words[-1]]) == [op.pk]


def test_near_duplicate_window_restarts_without_losing_opinions(tmp_path):
    # given: the same message under 12 ids
    text = "某某路段下水道堵塞，雨天积水严重，车辆无法通行，附近居民出行十分不便，请有关部门尽快疏通。"
    rows = [f"{i},U,积水,2019/3/1 8:00:00,{text},城乡建设\n" for i in range(1, 13)]
    f = tmp_path / "w.csv"
    f.write_text(HEADER + "".join(rows), encoding="utf-8")
    # when: the index restarts every 5 texts, batches of 3
    report = opinions_import(path=f, congress=org.CongressFactory(), batch_size=3, window=5, parallel=False)
    # then: every row is stored; copies are grouped within a window only: 1–6 (the index holds 6 texts
    # when the third batch starts) and 7–12
    assert report.created == 12
    assert report.groups_created == 2 and report.grouped == 10
    sizes = list(Opinion.objects.order_by("external_id").values_list("duplicate_group__size", flat=True))
    assert sizes == [6] * 12


@pytest.mark.django_db(transaction=True)
def test_sqlite_settings_for_the_import_are_restored_afterwards(tmp_path):
    # given: outside a transaction, on SQLite
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    f = tmp_path / "m.csv"
    f.write_text(HEADER + "9,U,占道经营,2019/2/1 8:00:00,菜市场门口占道经营严重,商贸旅游\n", encoding="utf-8")
    with connection.cursor() as cursor:
        before = cursor.execute("PRAGMA cache_size").fetchone()[0]
    # when
    report = opinions_import(path=f, congress=org.CongressFactory())
    # then
    with connection.cursor() as cursor:
        after = cursor.execute("PRAGMA cache_size").fetchone()[0]
    assert report.created == 1 and after == before != -32768


def test_notification_of_an_imported_routed_opinion_masks_a_phone_number_in_its_title(
    topic_model, settings, deputy_user, tmp_path, django_capture_on_commit_callbacks
):
    # given: a message whose title carries the writer's mobile number, and routes for every topic
    from renda.core.models import Notification

    congress, station = _routed_setup(settings, deputy_user)
    settings.LIAISON_TRIAGE_CONFIDENCE = 0.0  # route whatever the confidence
    f = tmp_path / "m.csv"
    f.write_text(
        HEADER + "901,U9,学校学位不足请回电13812345678,2019/1/8 10:00:00,孩子上学难，学校学位不足，希望增加学位,\n",
        encoding="utf-8",
    )
    # when
    with django_capture_on_commit_callbacks(execute=True):
        report = opinions_import(path=f, congress=congress, stations=[station])
    # then: the deputy is told, without the number
    assert report.routed == 1
    [note] = Notification.objects.filter(recipient=deputy_user)
    assert "13812345678" not in note.text and "138****5678" in note.text


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "100001"])
def test_batch_size_must_be_a_positive_integer(tmp_path, bad):
    # given a good file
    org.CongressFactory()
    f = tmp_path / "m.csv"
    f.write_text(HEADER + "1,U1,路灯不亮,2019/1/8 10:00:00,幸福小区路灯坏了,城乡建设\n", encoding="utf-8")
    # when the batch size is not 1..100000
    with pytest.raises(CommandError, match="每批行数须为 1 到 100000 之间的整数"):
        call_command("opinions", "import", str(f), "--batch-size", bad, stdout=StringIO(), stderr=StringIO())
    # then nothing is imported
    assert Opinion.objects.count() == 0


def test_stored_id_with_different_content_or_label_is_reported_not_passed_off_as_a_repeat(tmp_path):
    # given an imported message
    congress = org.CongressFactory()
    first = tmp_path / "a.csv"
    first.write_text(HEADER + "QA-1,U1,路灯不亮,2019/1/8 10:00:00,幸福小区路灯坏了三个月,城乡建设\n", encoding="utf-8")
    opinions_import(path=first, congress=congress)
    # when a later file reuses its 留言编号 for another message with another label, and repeats it as is
    second = tmp_path / "b.csv"
    second.write_text(
        HEADER
        + "QA-1,U2,学校学位不足,2019/2/1 09:00:00,孩子上学难，学位不够,教育文体\n"
        + "QA-1,U1,路灯不亮,2019/1/8 10:00:00,幸福小区路灯坏了三个月,城乡建设\n",
        encoding="utf-8",
    )
    changed = opinions_import(path=second, congress=congress)
    # then nothing is imported, the changed row is named as different with its conflicting label
    assert changed.created == 0 and Opinion.objects.count() == 1
    [row] = [d for d in changed.duplicates if d.row == 2]
    assert "内容与已导入的不同" in row.reason and "一级分类不一致（城乡建设 / 教育文体）" in row.reason
    assert row.conflicting_label and row.labels == ["城乡建设", "教育文体"]
    # (row 3 repeats the 留言编号 of row 2 inside the file with another label: an in-file conflict)
    assert sorted(d.row for d in changed.conflicts) == [2, 3]
    # while a true repeat of the stored message stays a plain duplicate
    again = opinions_import(path=first, congress=congress)
    assert [(d.reason, d.conflicting_label) for d in again.duplicates] == [("已导入过（数据库中已有相同意见）", False)]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--congress", "000000"], "unknown_congress", "没有行政区划代码为 000000 的人民代表大会"),
        (["--station", "不存在的站"], "unknown_station", "没有这些联络站：不存在的站"),
    ],
)
def test_unknown_congress_or_station_gives_one_chinese_line_and_exit_status_2(tmp_path, args, code, message):
    # given a good file and a congress
    org.CongressFactory()
    f = tmp_path / "m.csv"
    f.write_text(HEADER + "1,U1,路灯不亮,2019/1/8 10:00:00,幸福小区路灯坏了,城乡建设\n", encoding="utf-8")
    err, json_out = StringIO(), StringIO()
    # when
    with pytest.raises(SystemExit) as text_exit:
        call_command("opinions", "import", str(f), *args, stdout=StringIO(), stderr=err)
    with pytest.raises(SystemExit) as json_exit:
        call_command("opinions", "import", str(f), *args, "--json", stdout=json_out, stderr=StringIO())
    # then
    assert text_exit.value.code == json_exit.value.code == 2
    assert message in err.getvalue() and len(err.getvalue().strip().splitlines()) == 1
    assert json.loads(json_out.getvalue())["code"] == code
    assert Opinion.objects.count() == 0


def test_hot_with_an_impossible_date_is_a_chinese_error():
    with pytest.raises(CommandError, match="须为有效日期"):
        call_command("opinions", "hot", "--since", "2026-13-01", stdout=StringIO())


def test_csv_with_a_bad_byte_far_into_the_file_imports_nothing_and_names_the_line(tmp_path):
    # given 2,500 good UTF-8 rows, then one row saved in GBK
    org.CongressFactory()
    good = "".join(f"{i},U{i},路灯不亮{i},2019/1/8 10:00:00,幸福小区第{i}号路灯坏了,城乡建设\n" for i in range(1, 2501))
    f = tmp_path / "m.csv"
    f.write_bytes((HEADER + good).encode("utf-8") + "9999,U,噪音,2019/1/8,夜间施工噪音,环境保护\n".encode("gbk"))
    err, json_out = StringIO(), StringIO()
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command("opinions", "import", str(f), "--batch-size", "500", stdout=StringIO(), stderr=err)
    with pytest.raises(SystemExit):
        call_command("opinions", "import", str(f), "--json", stdout=json_out, stderr=StringIO())
    # then nothing is stored and the line of the bad byte is named (header = line 1)
    assert exit_info.value.code == 2 and "第 2502 行无法解码" in err.getvalue()
    assert json.loads(json_out.getvalue())["code"] == "bad_encoding"
    assert Opinion.objects.count() == 0


def test_imported_opinions_are_all_in_the_search_index(tmp_path, staff_user):
    # given: more rows than one batch, so the index is written batch by batch
    from django.db import connection

    from renda.liaison import search, selectors

    f = tmp_path / "many.csv"
    f.write_text(
        HEADER
        + "".join(
            f"{i},U{i},第{i}号路灯不亮,2019/1/8 10:00:00,幸福小区{i}栋门口路灯坏了{i}天,城乡建设\n"
            for i in range(1, 26)
        )
        + "".join(
            f"{i},U{i},小区停车难{i},2019/1/9 10:00:00,第{i}小区停车位不够晚上停车难,交通运输\n" for i in range(26, 38)
        ),
        encoding="utf-8",
    )
    # when
    report = opinions_import(path=f, congress=staff_user.congress, batch_size=10)
    # then: every opinion is found by a word of its text, and the index matches the table
    assert report.created == 37
    assert len(list(selectors.opinion_search(viewer=staff_user, query="路灯", limit=100))) == 25
    assert len(list(selectors.opinion_search(viewer=staff_user, query="停车", limit=100))) == 12
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {search.FTS_TABLE}({search.FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = %s", [search.FTS_INSERT_TRIGGER]
            )
            assert cursor.fetchone()[0] == 1


def test_rows_without_a_time_are_marked_and_left_out_of_hot_topics(tmp_path):
    # given: the same problem raised 6 times in 2019 with times, and 6 times in a file without times
    from datetime import datetime

    from renda.liaison import selectors

    problem = "幸福小区门口的路灯已经坏了三个月，晚上一片漆黑，老人孩子出行很不安全，请尽快修复路灯"
    timed = "".join(
        f"{i},U{i},幸福小区路灯不亮,2019/3/{i} 10:00:00,{problem}（第{i}次）,城乡建设\n" for i in range(1, 7)
    )
    untimed = "".join(f",,幸福小区路灯不亮,,{problem}（补充{i}）,城乡建设\n" for i in range(1, 7))
    f = tmp_path / "m.csv"
    f.write_text(HEADER + timed + untimed, encoding="utf-8")
    congress = org.CongressFactory()
    # when
    report = opinions_import(path=f, congress=congress)
    # then: the untimed rows are marked; hot topics over any window count only the timed ones
    assert report.created == 12
    assert Opinion.objects.filter(received_at_unknown=True).count() == 6
    assert all(op.received_at.year == 2019 for op in Opinion.objects.filter(received_at_unknown=False))
    qs = Opinion.objects.filter(congress=congress)
    since, until = datetime(2000, 1, 1, tzinfo=LOCAL), datetime(2100, 1, 1, tzinfo=LOCAL)
    hot = selectors.hot_topics_for(qs, since=since, until=until, top=5)
    assert hot and sum(h.count for h in hot) <= 6
    assert selectors.latest_known_time(qs).year == 2019


def test_a_time_in_the_future_is_rejected_and_titles_read_on_one_line(tmp_path):
    # given
    f = tmp_path / "m.csv"
    f.write_text(
        HEADER
        + '1,U1,"路灯\t不亮\n请修",2091/3/1 10:00:00,幸福小区路灯坏了,城乡建设\n'
        + '2,U2,"夜间\t施工\n扰民",2019/3/1 10:00:00,工地夜间施工噪音扰民,环境保护\n',
        encoding="utf-8",
    )
    congress = org.CongressFactory()
    # when
    report = opinions_import(path=f, congress=congress)
    # then
    assert report.created == 1
    assert report.rejected == [{"row": 2, "reason": "留言时间晚于当前时间：2091/3/1 10:00:00", "external_id": "1"}]
    assert Opinion.objects.get().title == "夜间 施工 扰民"


def test_csv_row_numbers_are_spreadsheet_rows_and_blank_lines_before_the_header_are_allowed(tmp_path):
    # given: two blank lines, the header (row 3), a record over three lines (row 4), a broken row (row 5)
    f = tmp_path / "m.csv"
    f.write_text(
        "\n,,,,,\n"
        + HEADER
        + '1,U1,路灯不亮,2019/3/1 10:00:00,"幸福小区\n路灯坏了\n三个月",城乡建设\n'
        + "2,U2,,2019/3/2 10:00:00,,城乡建设\n",
        encoding="utf-8",
    )
    # when
    report = opinions_import(path=f, congress=org.CongressFactory())
    # then
    assert report.created == 1
    assert [r["row"] for r in report.rejected] == [5]


def test_import_command_text_report_is_chinese_conflicts_first_and_capped(tmp_path):
    # given: 60 rows repeated (one with a different 一级分类) and 3 broken rows
    from renda.liaison.management.commands.opinions import report_lines

    org.CongressFactory()
    rows = "".join(f"{i},U{i},路灯不亮{i},2019/1/8 10:00:00,幸福小区第{i}号路灯坏了,城乡建设\n" for i in range(1, 61))
    repeats = rows.rsplit("城乡建设\n", 1)[0] + "交通运输\n"  # the same 60 rows, the last one relabelled
    broken = "".join(f"{i},U{i},,2019/1/8 10:00:00,,城乡建设\n" for i in range(900, 903))
    f = tmp_path / "m.csv"
    f.write_text(HEADER + rows + repeats + broken, encoding="utf-8")
    out = StringIO()
    # when
    call_command("opinions", "import", str(f), stdout=out, stderr=StringIO())
    # then
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("m.csv：共 123 行，新建意见 60 条") and "重复 60 行（其中一级分类冲突 1 行）" in lines[0]
    assert lines[1] == "重复行（未导入）："
    assert lines[2] == "  第 121 行 留言编号 60：留言编号重复，且一级分类不一致（城乡建设 / 交通运输），与第 61 行相同"
    assert lines[3] == "  第 62 行 留言编号 1：留言编号重复，与第 2 行相同"
    assert "  ……另有 10 行（完整清单：加 --json）" in lines
    assert "  第 122 行 留言编号 900：留言主题和留言详情均为空" in lines
    assert not any("duplicate" in line or "rejected" in line for line in lines)
    # and the cap is a parameter (importing again: all 120 rows are repeats now)
    report = opinions_import(path=f, congress=Opinion.objects.first().congress)
    short = report_lines(report, "m.csv", shown=2)
    assert "  ……另有 118 行（完整清单：加 --json）" in short and "  ……另有 1 行（完整清单：加 --json）" in short


def test_qa_rows_that_would_crash_the_store_are_rejected_with_reasons(tmp_path):
    # given: a year-1 time, a count beyond 32 bits, a 200,000-character cell, a NUL in a title
    header = "留言编号,留言用户,留言主题,留言时间,留言详情,点赞数,反对数\n"
    f = tmp_path / "m.csv"
    f.write_text(
        header
        + "1,U,路灯,0001-01-01 10:00:00,路灯坏了,1,0\n"
        + "2,U,噪音,2019/1/8 10:00:00,施工噪音,99999999999999999999,0\n"
        + "3,U,长文,"
        + "2019/1/8 10:00:00,"
        + "很" * 200_000
        + ",0,0\n"
        + "4,U,停\x00车,2019/1/8 10:00:00,停车难,0,0\n",
        encoding="utf-8",
    )
    # when
    report = opinions_import(path=f, congress=org.CongressFactory())
    # then
    reasons = {r["row"]: r["reason"] for r in report.rejected}
    assert reasons[2] == "留言时间早于 1970 年：0001-01-01 10:00:00"
    assert reasons[3].startswith("点赞数或反对数超出范围（最大 2147483647）：99999999999999999999")
    assert reasons[4].startswith("留言详情超过 10000 字（共 200000 字）")
    assert report.created == 1 and Opinion.objects.get().title == "停车"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_qa_a_header_with_a_repeated_column_is_refused(tmp_path, suffix):
    # given: two 留言详情 columns (which one is the text?)
    org.CongressFactory()
    f = tmp_path / f"m{suffix}"
    cells = [["留言编号", "留言主题", "留言详情", "留言详情"], ["1", "路灯", "路灯坏了", ""]]
    if suffix == ".csv":
        f.write_text("\n".join(",".join(r) for r in cells) + "\n", encoding="utf-8")
    else:
        import openpyxl

        wb = openpyxl.Workbook()
        for r in cells:
            wb.active.append(r)
        wb.save(f)
    out, err = StringIO(), StringIO()
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command("opinions", "import", str(f), stdout=out, stderr=err)
    # then
    assert exit_info.value.code == 2 and "表头有重复的列名" in err.getvalue()
    assert Opinion.objects.count() == 0


def test_qa_hot_top_must_be_between_1_and_100():
    with pytest.raises(CommandError, match="热点数须为 1 到 100 之间的整数：-1"):
        call_command("opinions", "hot", "--since", "2019-01-01", "--top", "-1", stdout=StringIO())


def test_qa_csv_with_an_unterminated_quote_imports_nothing_and_names_the_row(tmp_path):
    # given: row 3 opens a quote that never closes (it would swallow every later row)
    org.CongressFactory()
    f = tmp_path / "m.csv"
    f.write_text(
        HEADER
        + "1,U1,路灯不亮,2019/1/8 10:00:00,路灯坏了,城乡建设\n"
        + '2,U2,噪音,2019/1/8 10:00:00,"施工噪音,环境保护\n'
        + "3,U3,停车难,2019/1/8 10:00:00,停车位不足,交通运输\n",
        encoding="utf-8",
    )
    err, json_out = StringIO(), StringIO()
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command("opinions", "import", str(f), stdout=StringIO(), stderr=err)
    with pytest.raises(SystemExit):
        call_command("opinions", "import", str(f), "--json", stdout=json_out, stderr=StringIO())
    # then
    assert exit_info.value.code == 2 and "CSV 格式错误：第 3 行起引号未闭合" in err.getvalue()
    assert json.loads(json_out.getvalue())["code"] == "bad_csv"
    assert Opinion.objects.count() == 0


def test_the_re_import_lookups_use_the_partial_unique_indexes(tmp_path):
    # given a file imported once (rows with and without 留言编号)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "sqlite":
        pytest.skip("query plans checked on SQLite, the import benchmark's database")
    f = tmp_path / "m.csv"
    f.write_text(
        HEADER
        + ",,路灯不亮,,幸福小区路灯坏了三个月无人修理,城乡建设\n"
        + "77,U1,井盖,2019/1/8 10:00:00,井盖丢了,城乡建设\n",
        encoding="utf-8",
    )
    congress = org.CongressFactory()
    opinions_import(path=f, congress=congress)
    # when imported again
    with CaptureQueriesContext(connection) as captured:
        opinions_import(path=f, congress=congress)
    lookups = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT ")]
    lookups = [sql for sql in lookups if "content_hash IN (" in sql or "external_id IN (" in sql]
    # then both lookups (by 留言编号 and by text) search a partial unique index, never scan the table
    plans = []
    with connection.cursor() as cursor:
        for sql in lookups:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plans.append(" ".join(str(row[-1]) for row in cursor.fetchall()))
    assert len(plans) == 2, lookups
    assert any("USING INDEX opinion_unique_imported_content" in p for p in plans), plans
    assert any("USING INDEX opinion_unique_external_id" in p for p in plans), plans


def _workbook(path: Path, sheets: dict[str, list[tuple[str, str]]]) -> Path:
    """An xlsx with one worksheet per entry: the message header, then (留言主题, 留言详情) rows."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(["留言编号", "留言用户", "留言主题", "留言时间", "留言详情"])
        for title, text in rows:
            ws.append([None, None, title, "2019/1/8", text])
    wb.save(path)
    return path


def test_a_workbook_of_several_sheets_imports_the_first_and_says_which_were_left(tmp_path):
    # given a workbook with two sheets of messages
    f = _workbook(
        tmp_path / "two.xlsx",
        {
            "一月": [("路灯不亮", "幸福小区路灯坏了")],
            "二月": [("井盖丢失", "人民路井盖丢了"), ("噪音", "工地夜间施工")],
        },
    )
    org.CongressFactory()
    # when imported without and then with --sheet
    first = StringIO()
    call_command("opinions", "import", str(f), stdout=first, stderr=StringIO())
    second = StringIO()
    call_command("opinions", "import", str(f), "--sheet", "二月", "--json", stdout=second, stderr=StringIO())
    # then the first sheet was imported and the report named the other; then the second sheet
    assert (
        "注意：工作簿有 2 个工作表，只导入「一月」，未导入 「二月」；如需导入其他工作表，请用 --sheet 指定"
        in first.getvalue()
    )
    report = json.loads(second.getvalue())
    assert report["created"] == 2 and report["notes"] == ["工作簿有 2 个工作表，只导入「二月」，未导入 「一月」"]
    assert sorted(Opinion.objects.values_list("title", flat=True)) == ["井盖丢失", "噪音", "路灯不亮"]


@pytest.mark.parametrize(
    ("name", "sheet", "message"),
    [
        ("two.xlsx", "三月", "工作簿中没有名为「三月」的工作表（现有：「一月」、「二月」）"),
        ("m.csv", "一月", "CSV 文件没有工作表，不能指定工作表「一月」"),
    ],
)
def test_an_unknown_sheet_is_refused_before_anything_is_imported(tmp_path, name, sheet, message):
    # given
    if name.endswith(".xlsx"):
        f = _workbook(tmp_path / name, {"一月": [("路灯不亮", "路灯坏了")], "二月": []})
    else:
        f = tmp_path / name
        f.write_text(HEADER + ",,路灯不亮,,路灯坏了,\n", encoding="utf-8")
    org.CongressFactory()
    err = StringIO()
    # when
    with pytest.raises(SystemExit) as exit_info:
        call_command("opinions", "import", str(f), "--sheet", sheet, stdout=StringIO(), stderr=err)
    # then
    assert exit_info.value.code == 2 and err.getvalue().startswith(f"导入失败：{message}")
    assert Opinion.objects.count() == 0


def test_a_chartsheet_is_not_a_sheet_to_import(tmp_path):
    # given a workbook whose first sheet is a chart, then the messages
    import openpyxl
    from openpyxl.chart import BarChart

    wb = openpyxl.Workbook()
    data = wb.active
    data.title = "Data"
    data.append(["留言编号", "留言用户", "留言主题", "留言时间", "留言详情"])
    data.append([None, None, "路灯不亮", "2019/1/8", "幸福小区路灯坏了"])
    chart = wb.create_chartsheet("图表", 0)
    chart.add_chart(BarChart())
    f = tmp_path / "chart.xlsx"
    wb.save(f)
    org.CongressFactory()
    # when imported as is, and with --sheet naming the chart
    out = StringIO()
    call_command("opinions", "import", str(f), "--json", stdout=out, stderr=StringIO())
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("opinions", "import", str(f), "--sheet", "图表", stdout=StringIO(), stderr=err)
    # then the data sheet is imported with no note about the chart, and the chart is refused as bad_sheet
    report = json.loads(out.getvalue())
    assert report["created"] == 1 and report["notes"] == []
    assert exit_info.value.code == 2 and "工作簿中没有名为「图表」的工作表（现有：「Data」）" in err.getvalue()


def test_an_empty_sheet_name_on_a_csv_is_refused(tmp_path):
    f = tmp_path / "m.csv"
    f.write_text(HEADER + ",,路灯不亮,,路灯坏了,\n", encoding="utf-8")
    org.CongressFactory()
    with pytest.raises(SystemExit) as exit_info:
        call_command("opinions", "import", str(f), "--sheet", "", stdout=StringIO(), stderr=StringIO())
    assert exit_info.value.code == 2 and Opinion.objects.count() == 0
