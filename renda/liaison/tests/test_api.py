"""Liaison REST API (/api/liaison/): lifecycle, refusals per role, masking, pagination, bad input, schema."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from renda.liaison.models import (
    DuplicateGroup,
    HotTopicSnapshot,
    Opinion,
    OpinionEvent,
    OpinionPhoto,
    SuggestionLink,
)
from renda.liaison.tests.factories import OpinionFactory, TopicFactory, TopicRouteFactory, image_bytes
from renda.liaison.workflow import Status
from renda.organization.models import User
from renda.organization.tests import factories as org
from renda.proposals.models import Proposal

pytestmark = pytest.mark.django_db

API = "/api/liaison"
PNG = image_bytes()
PHONE, PHONE_MASKED = "13812345678", "138****5678"
TEXT_PHONE, TEXT_PHONE_MASKED = "13900001111", "139****1111"
ID_NUMBER, ID_MASKED = "110101199003071234", "110101********1234"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def client_for(user: User | None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def post(c: Client, url: str, data: dict | None = None):
    return c.post(url, data or {}, content_type="application/json")


def _events(op: Opinion) -> list[tuple[str, str, str]]:
    return list(OpinionEvent.objects.filter(opinion=op).values_list("action", "from_status", "to_status"))


def _snapshot(op: Opinion) -> tuple:
    """The fields a transition may change, to assert a refused one changed nothing."""
    op.refresh_from_db()
    return (op.status, op.topic_id, op.unit_id, op.answer, op.rating, op.suggestion_id, len(_events(op)))


@pytest.fixture
def station_deputy(operator_user):
    """A deputy login serving at the operator's station."""
    deputy = org.DeputyFactory()
    operator_user.liaison_station.deputies.add(deputy)
    return org.UserFactory(role=User.Role.DEPUTY, deputy=deputy, congress=operator_user.congress)


# ------------------------------------------------------------------ the lifecycle


def test_full_lifecycle_record_triage_route_answer_rate_closes(operator_user, staff_user, unit_user):
    # given: a topic and the unit the opinion will be routed to
    topic = TopicFactory(name="城乡建设")
    unit = unit_user.handling_unit
    # when: the operator records
    r = post(
        client_for(operator_user),
        f"{API}/opinions/",
        {"title": "路灯不亮", "text": "小区路灯坏了三个月。", "citizen_name": "王小明", "citizen_phone": PHONE},
    )
    assert r.status_code == 201, r.json()
    body = r.json()
    op = Opinion.objects.get(pk=body["id"])
    assert body["status"] == Status.RECEIVED and body["tracking_code"] == op.tracking_code
    assert body["citizen_phone"] == PHONE and op.station == operator_user.liaison_station
    # when: staff triage and route, the unit answers, the citizen rates (no login)
    staff = client_for(staff_user)
    r = post(staff, f"{API}/opinions/{op.pk}/triage/", {"topic": topic.pk})
    assert r.status_code == 200 and r.json()["status"] == Status.TRIAGED and r.json()["topic"] == topic.pk
    r = post(staff, f"{API}/opinions/{op.pk}/route/", {"unit": unit.pk})
    assert r.status_code == 200 and r.json()["status"] == Status.ROUTED and r.json()["unit"] == unit.pk
    r = post(client_for(unit_user), f"{API}/opinions/{op.pk}/answer/", {"answer": "已维修"})
    assert r.status_code == 200 and r.json()["status"] == Status.ANSWERED
    citizen = client_for(None)
    tracked = citizen.get(f"{API}/track/", {"code": op.tracking_code.lower()})
    r = post(citizen, f"{API}/track/rate/", {"code": op.tracking_code, "rating": 5, "comment": "很好"})
    # then
    assert tracked.status_code == 200 and tracked.json()["answer"] == "已维修"
    assert tracked.json()["status"] == Status.ANSWERED
    assert r.status_code == 200 and r.json()["status"] == Status.CLOSED and r.json()["rating"] == 5
    op.refresh_from_db()
    assert op.status == Status.CLOSED and op.rating == 5 and op.unit == unit and op.topic == topic
    assert _events(op) == [
        ("received", "", "received"),
        ("triage", "received", "triaged"),
        ("route", "triaged", "routed"),
        ("answer", "routed", "answered"),
        ("rate", "answered", "closed"),
    ]


def test_route_without_unit_uses_the_topic_route(staff_user):
    # given: a triaged opinion whose topic has a route
    route = TopicRouteFactory(congress=staff_user.congress, topic=TopicFactory(name="交通运输"))
    op = OpinionFactory(congress=staff_user.congress, status=Status.TRIAGED, topic=route.topic)
    # when
    r = post(client_for(staff_user), f"{API}/opinions/{op.pk}/route/")
    # then
    assert r.status_code == 200 and r.json()["unit"] == route.unit.pk and r.json()["unit_name"] == route.unit.name


def test_operator_records_with_a_photo_by_multipart(operator_user, settings, tmp_path):
    # given
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    # when
    r = client_for(operator_user).post(
        f"{API}/opinions/", {"title": "菜市场脏乱", "text": "菜市场卫生差，垃圾堆放。", "photos": [photo]}
    )
    # then
    assert r.status_code == 201, r.json()
    assert OpinionPhoto.objects.filter(opinion_id=r.json()["id"]).count() == 1


def test_photo_of_wrong_type_is_400_and_nothing_written(operator_user, settings, tmp_path):
    # given
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("a.png", b"GIF89a" + b"\x00" * 20, content_type="image/png")
    # when
    r = client_for(operator_user).post(f"{API}/opinions/", {"title": "t", "text": "内容内容", "photos": [fake]})
    # then
    assert r.status_code == 400 and r.json()["code"] == "invalid_photo"
    assert Opinion.objects.count() == 0 and OpinionEvent.objects.count() == 0


def test_recording_the_same_text_twice_is_refused(operator_user):
    # given
    c = client_for(operator_user)
    data = {"title": "噪音扰民", "text": "工地夜间施工噪音很大。"}
    assert post(c, f"{API}/opinions/", data).status_code == 201
    # when
    r = post(c, f"{API}/opinions/", data)
    # then
    assert r.status_code == 400 and r.json()["code"] == "duplicate_opinion" and Opinion.objects.count() == 1


def test_overlong_title_and_bad_phone_are_400_and_nothing_written(operator_user):
    c = client_for(operator_user)
    r1 = post(c, f"{API}/opinions/", {"title": "长" * 201, "text": "内容"})
    r2 = post(c, f"{API}/opinions/", {"title": "主题", "text": "内容", "citizen_phone": "１３８１２３４５６７８"})
    assert r1.status_code == 400 and set(r1.json()["errors"]) == {"title"}
    assert r2.status_code == 400 and set(r2.json()["errors"]) == {"citizen_phone"}
    assert Opinion.objects.count() == 0


def test_deputy_turns_an_opinion_into_a_draft_suggestion(station_deputy, operator_user):
    # given: an opinion heard at the deputy's station
    op = OpinionFactory(congress=operator_user.congress, station=operator_user.liaison_station)
    # when
    r = post(client_for(station_deputy), f"{API}/opinions/{op.pk}/suggest/", {"title": "关于路灯维修的建议"})
    # then
    assert r.status_code == 201, r.json()
    body = r.json()
    proposal = Proposal.objects.get(pk=body["proposal"])
    assert body["opinions"] == [op.pk] and proposal.title == "关于路灯维修的建议"
    op.refresh_from_db()
    assert op.suggestion_id == body["id"] and _events(op)[-1][0] == "draft_suggestion"


def test_deputy_turns_a_duplicate_group_into_one_draft(station_deputy, operator_user):
    # given: three opinions of one group at the deputy's station, one already linked to another draft
    station = operator_user.liaison_station
    group = DuplicateGroup.objects.create(congress=operator_user.congress, size=3)
    now = timezone.now()
    ops = [
        OpinionFactory(
            congress=operator_user.congress,
            station=station,
            duplicate_group=group,
            received_at=now - timedelta(hours=i),
        )
        for i in range(2)
    ]
    earlier = SuggestionLink.objects.create(deputy=station_deputy.deputy, title="早先的建议", body="……")
    linked = OpinionFactory(congress=operator_user.congress, station=station, duplicate_group=group, suggestion=earlier)
    # when
    r = post(client_for(station_deputy), f"{API}/opinions/{ops[0].pk}/suggest/", {"group": True})
    # then: the two unlinked ones, the draft titled after the oldest
    assert r.status_code == 201, r.json()
    assert sorted(r.json()["opinions"]) == sorted(o.pk for o in ops)
    assert r.json()["title"] == f"关于{ops[1].title}的建议"
    linked.refresh_from_db()
    assert linked.suggestion_id == earlier.pk
    # and a second draft of an opinion already in one is refused
    again = post(client_for(station_deputy), f"{API}/opinions/{ops[1].pk}/suggest/")
    assert again.status_code == 400 and again.json()["code"] == "already_linked"


# ------------------------------------------------------------------ refusals: 403 with a code, nothing written


@pytest.mark.parametrize("role", ["deputy", "supervisor", "operator"])
@pytest.mark.parametrize("action", ["triage", "route"])
def test_only_staff_triage_and_route(role, action, operator_user, supervisor_user, station_deputy):
    # given: an opinion each role can see (the operator's station, where the deputy serves)
    user = {"deputy": station_deputy, "supervisor": supervisor_user, "operator": operator_user}[role]
    start = Status.RECEIVED if action == "triage" else Status.TRIAGED
    op = OpinionFactory(
        congress=operator_user.congress, station=operator_user.liaison_station, status=start, topic=TopicFactory()
    )
    before = _snapshot(op)
    # when
    r = post(client_for(user), f"{API}/opinions/{op.pk}/{action}/")
    # then
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert _snapshot(op) == before


def test_staff_may_not_answer_and_other_unit_cannot_even_see(staff_user, unit_user):
    # given: an opinion routed to unit_user's unit, and an officer of another unit
    op = OpinionFactory(congress=unit_user.congress, unit=unit_user.handling_unit, status=Status.ROUTED)
    other = org.UserFactory(role=User.Role.UNIT_OFFICER, handling_unit=org.HandlingUnitFactory())
    before = _snapshot(op)
    # when
    by_staff = post(client_for(staff_user), f"{API}/opinions/{op.pk}/answer/", {"answer": "已处理"})
    by_other = post(client_for(other), f"{API}/opinions/{op.pk}/answer/", {"answer": "已处理"})
    # then
    assert by_staff.status_code == 403 and by_staff.json()["code"] == "permission_denied"
    assert by_other.status_code == 404 and by_other.json()["code"] == "not_found"
    assert _snapshot(op) == before


@pytest.mark.parametrize("role", ["unit_user", "deputy_user", "supervisor_user", "citizen_user"])
def test_only_station_operators_record(role, request):
    # given
    user = request.getfixturevalue(role)
    # when
    r = post(client_for(user), f"{API}/opinions/", {"title": "主题", "text": "内容内容"})
    # then
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert Opinion.objects.count() == 0


def test_staff_and_a_deputy_of_another_station_may_not_draft_a_suggestion(staff_user, operator_user, deputy_user):
    # given: deputy_user serves at no station; staff see every opinion
    op = OpinionFactory(congress=operator_user.congress, station=operator_user.liaison_station)
    before = _snapshot(op)
    # when
    by_staff = post(client_for(staff_user), f"{API}/opinions/{op.pk}/suggest/")
    by_deputy = post(client_for(deputy_user), f"{API}/opinions/{op.pk}/suggest/")
    # then
    assert by_staff.status_code == 403 and by_staff.json()["code"] == "permission_denied"
    assert by_deputy.status_code == 404 and by_deputy.json()["code"] == "not_found"
    assert _snapshot(op) == before and Proposal.objects.count() == 0


@pytest.mark.parametrize("role", ["unit_user", "deputy_user", "supervisor_user", "operator_user", "citizen_user"])
def test_triage_inbox_is_for_staff_only(role, request):
    r = client_for(request.getfixturevalue(role)).get(f"{API}/opinions/triage-inbox/")
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"


def test_anonymous_gets_403_not_authenticated_and_citizens_see_no_opinions(citizen_user):
    OpinionFactory(congress=citizen_user.congress)
    anon = client_for(None).get(f"{API}/opinions/")
    assert anon.status_code == 403 and anon.json()["code"] == "not_authenticated"
    assert client_for(citizen_user).get(f"{API}/opinions/").json()["count"] == 0


def test_rating_with_an_unknown_code_is_404_and_changes_nothing(unit_user):
    op = OpinionFactory(congress=unit_user.congress, unit=unit_user.handling_unit, status=Status.ANSWERED)
    before = _snapshot(op)
    r = post(client_for(None), f"{API}/track/rate/", {"code": "WRONGCODE2", "rating": 5})
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    assert _snapshot(op) == before


# ------------------------------------------------------------------ invalid transitions: 4xx, DB unchanged


def test_routing_a_received_opinion_is_409_and_changes_nothing(staff_user):
    # given: an opinion not triaged yet
    op = OpinionFactory(congress=staff_user.congress)
    unit = org.HandlingUnitFactory(congress=staff_user.congress)
    before = _snapshot(op)
    # when
    r = post(client_for(staff_user), f"{API}/opinions/{op.pk}/route/", {"unit": unit.pk})
    # then
    assert r.status_code == 409 and r.json()["code"] == "invalid_transition"
    assert _snapshot(op) == before and before[0] == Status.RECEIVED and before[2] is None


def test_routing_twice_says_so_and_keeps_the_first_unit(staff_user):
    # given: a routed opinion
    first = org.HandlingUnitFactory(congress=staff_user.congress)
    op = OpinionFactory(congress=staff_user.congress, status=Status.ROUTED, unit=first)
    before = _snapshot(op)
    # when
    r = post(client_for(staff_user), f"{API}/opinions/{op.pk}/route/", {"unit": org.HandlingUnitFactory().pk})
    # then
    assert r.status_code == 409 and r.json()["detail"] == "该意见已转办，不能重复转办"
    assert _snapshot(op) == before and before[2] == first.pk


def test_rating_before_the_answer_is_409_and_an_out_of_range_rating_is_400(unit_user):
    # given: a routed opinion (not answered) and an answered one
    routed = OpinionFactory(congress=unit_user.congress, unit=unit_user.handling_unit, status=Status.ROUTED)
    answered = OpinionFactory(congress=unit_user.congress, unit=unit_user.handling_unit, status=Status.ANSWERED)
    before = (_snapshot(routed), _snapshot(answered))
    c = client_for(None)
    # when
    early = post(c, f"{API}/track/rate/", {"code": routed.tracking_code, "rating": 5})
    wild = post(c, f"{API}/track/rate/", {"code": answered.tracking_code, "rating": 9})
    # then
    assert early.status_code == 409 and early.json()["code"] == "invalid_transition"
    assert wild.status_code == 400 and wild.json()["code"] == "rating_out_of_range"
    assert (_snapshot(routed), _snapshot(answered)) == before


def test_triage_without_topic_or_prediction_and_with_unknown_topic_are_400(staff_user):
    op = OpinionFactory(congress=staff_user.congress)
    before = _snapshot(op)
    c = client_for(staff_user)
    no_topic = post(c, f"{API}/opinions/{op.pk}/triage/")
    unknown = post(c, f"{API}/opinions/{op.pk}/triage/", {"topic": 987654})
    huge = post(c, f"{API}/opinions/{op.pk}/triage/", {"topic": 10**30})
    assert no_topic.status_code == 400 and no_topic.json()["code"] == "topic_required"
    assert unknown.status_code == 400 and unknown.json()["errors"]["topic"] == ["所选分类不存在，请重新选择"]
    assert huge.status_code == 400 and "topic" in huge.json()["errors"]
    assert _snapshot(op) == before


def test_blank_answer_is_refused_by_the_service(unit_user):
    op = OpinionFactory(congress=unit_user.congress, unit=unit_user.handling_unit, status=Status.ROUTED)
    before = _snapshot(op)
    r = post(client_for(unit_user), f"{API}/opinions/{op.pk}/answer/", {"answer": "   "})
    assert r.status_code == 400 and r.json()["code"] == "answer_required"
    assert _snapshot(op) == before


# ------------------------------------------------------------------ privacy: masking by role


def _masked_opinion(operator_user):
    """An opinion at the operator's station, routed to a unit, with contact data in title, text and answer."""
    return OpinionFactory(
        congress=operator_user.congress,
        station=operator_user.liaison_station,
        citizen_name="王小明",
        citizen_phone=PHONE,
        title=f"请回电 {TEXT_PHONE}",
        text=f"路灯坏了，请联系我 {TEXT_PHONE}，身份证 {ID_NUMBER}。",
        status=Status.ANSWERED,
        answer=f"已致电 {TEXT_PHONE}",
        unit=org.HandlingUnitFactory(congress=operator_user.congress),
    )


@pytest.mark.parametrize("role", ["unit", "deputy", "supervisor"])
def test_list_and_detail_mask_contact_data_for_roles_without_the_need(
    role, operator_user, supervisor_user, station_deputy
):
    # given
    op = _masked_opinion(operator_user)
    OpinionEvent.objects.create(opinion=op, action="rate", to_status="closed", note=f"群众评价 5 分 {TEXT_PHONE}")
    unit_login = org.UserFactory(role=User.Role.UNIT_OFFICER, handling_unit=op.unit)
    user = {"unit": unit_login, "deputy": station_deputy, "supervisor": supervisor_user}[role]
    c = client_for(user)
    # when
    listing = c.get(f"{API}/opinions/")
    detail = c.get(f"{API}/opinions/{op.pk}/")
    # then
    row = listing.json()["results"][0]
    assert row["id"] == op.pk and row["citizen_phone"] == PHONE_MASKED and row["citizen_name"] == "王某"
    assert row["title"] == f"请回电 {TEXT_PHONE_MASKED}"
    d = detail.json()
    assert d["citizen_phone"] == PHONE_MASKED and d["tracking_code"] is None
    assert TEXT_PHONE_MASKED in d["text"] and ID_MASKED in d["text"] and TEXT_PHONE_MASKED in d["answer"]
    for raw in (PHONE, TEXT_PHONE, ID_NUMBER, "王小明", op.tracking_code):
        assert raw not in listing.content.decode() and raw not in detail.content.decode()


@pytest.mark.parametrize("role", ["staff_user", "operator_user"])
def test_staff_and_operators_see_contact_data_in_full(role, request, operator_user):
    # given
    op = _masked_opinion(operator_user)
    c = client_for(request.getfixturevalue(role))
    # when
    row = c.get(f"{API}/opinions/").json()["results"][0]
    d = c.get(f"{API}/opinions/{op.pk}/").json()
    # then
    assert row["citizen_phone"] == PHONE and row["citizen_name"] == "王小明" and TEXT_PHONE in row["title"]
    assert ID_NUMBER in d["text"] and d["tracking_code"] == op.tracking_code


def test_search_masks_titles_and_honours_phone_only_for_staff(staff_user, supervisor_user):
    # given: an opinion found by words and by the citizen's phone
    op = OpinionFactory(congress=staff_user.congress, title=f"停车难 {TEXT_PHONE}", text="小区停车难，车位不足。")
    # when
    staff_hits = client_for(staff_user).get(f"{API}/opinions/search/", {"q": "停车"}).json()
    staff_phone = client_for(staff_user).get(f"{API}/opinions/search/", {"phone": PHONE}).json()
    sup = client_for(supervisor_user)
    sup_hits = sup.get(f"{API}/opinions/search/", {"q": "停车"}).json()
    sup_phone = sup.get(f"{API}/opinions/search/", {"phone": PHONE}).json()
    # then
    assert [h["id"] for h in staff_hits] == [op.pk] and TEXT_PHONE in staff_hits[0]["title"]
    assert [h["id"] for h in staff_phone] == [op.pk]
    assert [h["id"] for h in sup_hits] == [op.pk] and TEXT_PHONE_MASKED in sup_hits[0]["title"]
    assert sup_phone == []  # the phone filter is ignored for roles without contact access


# ------------------------------------------------------------------ detail, similar opinions, 404s


def test_detail_lists_similar_opinions_and_events(staff_user):
    # given: two opinions sharing words, one unrelated
    a = OpinionFactory(congress=staff_user.congress, title="小区停车难", text="小区停车位严重不足，车辆乱停。")
    b = OpinionFactory(congress=staff_user.congress, title="停车位不足", text="我们小区停车位不足，希望增加车位。")
    OpinionFactory(congress=staff_user.congress, title="学校", text="学校食堂卫生差。")
    OpinionEvent.objects.create(opinion=a, action="received", to_status="received")
    # when
    d = client_for(staff_user).get(f"{API}/opinions/{a.pk}/").json()
    # then
    assert [s["id"] for s in d["similar"]] == [b.pk] and 0 <= d["similar"][0]["similarity"] <= 1
    assert [e["action"] for e in d["events"]] == ["received"] and d["events"][0]["actor"] is None


@pytest.mark.parametrize("pk", ["abc", "²", "１２", "-1", "99999999999999999999999", str(2**63 - 1)])
def test_unknown_or_malformed_ids_are_404_json(staff_user, pk):
    c = client_for(staff_user)
    for r in (c.get(f"{API}/opinions/{pk}/"), post(c, f"{API}/opinions/{pk}/triage/", {})):
        assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_invisible_opinion_is_404_like_a_missing_one(unit_user):
    op = OpinionFactory(congress=unit_user.congress)  # not routed to the unit
    r = client_for(unit_user).get(f"{API}/opinions/{op.pk}/")
    assert r.status_code == 404 and r.json() == client_for(unit_user).get(f"{API}/opinions/{op.pk + 1000}/").json()


# ------------------------------------------------------------------ list: filters and pagination


def test_list_is_paginated_50_a_page(staff_user, django_assert_max_num_queries):
    # given
    for _ in range(55):
        OpinionFactory(congress=staff_user.congress)
    c = client_for(staff_user)
    # when
    with django_assert_max_num_queries(8):
        first = c.get(f"{API}/opinions/").json()
    second = c.get(f"{API}/opinions/", {"page": 2}).json()
    beyond = c.get(f"{API}/opinions/", {"page": 3})
    # then
    assert first["count"] == 55 and len(first["results"]) == 50 and first["next"].endswith("page=2")
    assert len(second["results"]) == 5 and second["next"] is None
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})
    assert beyond.status_code == 404 and beyond.json()["code"] == "not_found"


def test_triage_inbox_filters_like_the_page(staff_user):
    # given: 30 opinions at two stations, three topics (as the page's test)
    s1 = org.LiaisonStationFactory(congress=staff_user.congress)
    s2 = org.LiaisonStationFactory(congress=staff_user.congress)
    topics = [TopicFactory(name=n) for n in ("城乡建设", "交通运输", "环境保护")]
    for i in range(30):
        OpinionFactory(
            congress=staff_user.congress,
            station=s1 if i % 2 else s2,
            predicted_topic=topics[i % 3],
            confidence=round(0.3 + i / 100, 2),
        )
    OpinionFactory(congress=staff_user.congress, station=s1, predicted_topic=topics[0], status=Status.ROUTED)
    # when
    params = {"station": s1.pk, "topic": topics[0].pk, "max_confidence": "0.5"}
    inbox = client_for(staff_user).get(f"{API}/opinions/triage-inbox/", params).json()
    routed = client_for(staff_user).get(f"{API}/opinions/", {"station": s1.pk, "status": "routed"}).json()
    # then: odd i (station s1), i % 3 == 0 (topic 0), 0.3 + i/100 < 0.5 → i in {3, 9, 15}
    assert sorted(r["confidence"] for r in inbox["results"]) == [0.33, 0.39, 0.45]
    assert routed["count"] == 1 and routed["results"][0]["status"] == "routed"


def test_group_filter_and_empty_values_are_ignored(staff_user):
    group = DuplicateGroup.objects.create(congress=staff_user.congress, size=2)
    members = {OpinionFactory(congress=staff_user.congress, duplicate_group=group).pk for _ in range(2)}
    OpinionFactory(congress=staff_user.congress)
    c = client_for(staff_user)
    grouped = c.get(f"{API}/opinions/", {"group": group.pk}).json()
    empty = c.get(f"{API}/opinions/", {"station": "", "topic": "", "status": "", "max_confidence": ""}).json()
    assert {r["id"] for r in grouped["results"]} == members and empty["count"] == 3


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("station", "abc"),
        ("station", "²"),
        ("station", "１２"),
        ("station", "12abc"),
        ("station", "99999999999999999999999"),
        ("station", "-1"),
        ("topic", "0"),
        ("group", "1.5"),
        ("group", "٣"),
        ("status", "bogus"),
        ("max_confidence", "nan"),
        ("max_confidence", "inf"),
        ("max_confidence", "1e400"),
        ("max_confidence", "²"),
        ("max_confidence", "2"),
    ],
)
@pytest.mark.parametrize("url", ["opinions/", "opinions/triage-inbox/"])
def test_bad_filter_values_are_400_never_500(staff_user, url, param, value):
    OpinionFactory(congress=staff_user.congress)
    r = client_for(staff_user).get(f"{API}/{url}", {param: value})
    assert r.status_code == 400 and r.json()["code"] == "invalid" and param in r.json()["errors"]


@pytest.mark.parametrize("page", ["abc", "²", "0", "99999999999999999999999"])
def test_bad_page_numbers_are_404_json_never_500(staff_user, page):
    OpinionFactory(congress=staff_user.congress)
    r = client_for(staff_user).get(f"{API}/opinions/", {"page": page})
    assert r.status_code == 404 and r.json()["code"] == "not_found"


def test_largest_id_filter_is_accepted_and_matches_nothing(staff_user):
    OpinionFactory(congress=staff_user.congress)
    r = client_for(staff_user).get(f"{API}/opinions/", {"station": str(2**63 - 1), "group": str(2**63 - 1)})
    assert r.status_code == 200 and r.json()["count"] == 0


def test_bad_search_hot_and_track_input_is_400(staff_user):
    c = client_for(staff_user)
    assert c.get(f"{API}/opinions/search/", {"q": "停" * 201}).status_code == 400
    assert c.get(f"{API}/hot-topics/", {"since": "2026-02-30"}).json()["code"] == "invalid"
    assert client_for(None).get(f"{API}/track/").json()["code"] == "invalid"
    r = post(client_for(None), f"{API}/track/rate/", {"code": "X", "rating": "²"})
    assert r.status_code == 400 and "rating" in r.json()["errors"]


# ------------------------------------------------------------------ hot topics


def test_hot_topics_reads_the_latest_snapshot_with_titles_masked(staff_user, unit_user):
    # given: an older and a newer snapshot
    now = timezone.now()
    row = {
        "keywords": ["停车", "车位"],
        "heat": 2.5,
        "count": 3,
        "likes": 1,
        "first": now.isoformat(),
        "last": now.isoformat(),
        "title": f"停车难 {TEXT_PHONE}",
        "opinion_ids": [1, 2, 3],
    }
    HotTopicSnapshot.objects.create(congress=staff_user.congress, since=now, until=now, data=[])
    newest = HotTopicSnapshot.objects.create(
        congress=staff_user.congress, since=now - timedelta(days=30), until=now, opinion_count=3, data=[row]
    )
    # when
    r = client_for(staff_user).get(f"{API}/hot-topics/")
    hidden = client_for(unit_user).get(f"{API}/hot-topics/")
    # then
    assert r.status_code == 200 and r.json()["id"] == newest.pk
    topic = r.json()["topics"][0]
    assert topic["keywords"] == ["停车", "车位"] and topic["count"] == 3
    assert topic["title"] == f"停车难 {TEXT_PHONE_MASKED}"
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"


def test_hot_topics_without_a_snapshot_is_404(staff_user):
    r = client_for(staff_user).get(f"{API}/hot-topics/")
    assert r.status_code == 404 and r.json()["code"] == "not_found"


# ------------------------------------------------------------------ schema


def test_schema_documents_every_liaison_endpoint_without_warnings(tmp_path: Path):
    # when
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    # then
    paths = yaml.safe_load(out.read_text(encoding="utf-8"))["paths"]
    expected = {
        "/api/liaison/opinions/": {"get", "post"},
        "/api/liaison/opinions/{id}/": {"get"},
        "/api/liaison/opinions/triage-inbox/": {"get"},
        "/api/liaison/opinions/search/": {"get"},
        "/api/liaison/opinions/{id}/triage/": {"post"},
        "/api/liaison/opinions/{id}/route/": {"post"},
        "/api/liaison/opinions/{id}/answer/": {"post"},
        "/api/liaison/opinions/{id}/suggest/": {"post"},
        "/api/liaison/hot-topics/": {"get"},
        "/api/liaison/track/": {"get"},
        "/api/liaison/track/rate/": {"post"},
    }
    assert {p: set(paths[p]) - {"parameters"} for p in expected if p in paths} == expected


def test_staff_withdraw_a_routing_through_the_api_and_a_second_withdrawal_is_409(staff_user, unit_user):
    # given a routed opinion
    op = OpinionFactory(congress=staff_user.congress, status=Status.ROUTED, unit=unit_user.handling_unit)
    c = client_for(staff_user)
    # when: no reason, then a reason, then again
    empty = post(c, f"{API}/opinions/{op.pk}/withdraw/", {"reason": ""})
    done = post(c, f"{API}/opinions/{op.pk}/withdraw/", {"reason": "转错单位"})
    again = post(c, f"{API}/opinions/{op.pk}/withdraw/", {"reason": "转错单位"})
    by_unit = post(client_for(unit_user), f"{API}/opinions/{op.pk}/withdraw/", {"reason": "不是我们的"})
    # then
    assert (empty.status_code, empty.json()["code"]) == (400, "reason_required")
    assert done.status_code == 200 and done.json()["status"] == "triaged" and done.json()["unit"] is None
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
    assert by_unit.status_code == 404  # the former unit no longer sees it


def test_api_search_pages_with_a_has_next_header(staff_user):
    now = timezone.now()
    for i in range(51):
        OpinionFactory(
            congress=staff_user.congress,
            title=f"停车难{i}",
            text="小区停车难。",
            received_at=now - timedelta(minutes=i),
        )
    c = client_for(staff_user)
    first = c.get(f"{API}/opinions/search/", {"q": "停车"})
    second = c.get(f"{API}/opinions/search/", {"q": "停车", "page": 2})
    bad = c.get(f"{API}/opinions/search/", {"q": "停车", "page": 0})
    assert len(first.json()) == 50 and first["X-Has-Next"] == "1"
    assert [o["title"] for o in second.json()] == ["停车难50"] and second["X-Has-Next"] == "0"
    assert bad.status_code == 400


def test_the_detail_links_photos_to_the_permission_checked_view(operator_user, settings, tmp_path):
    # given an opinion recorded with a photo
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    c = client_for(operator_user)
    op_id = c.post(f"{API}/opinions/", {"title": "菜市场脏乱", "text": "菜市场卫生差。", "photos": [photo]}).json()[
        "id"
    ]
    # when
    urls = c.get(f"{API}/opinions/{op_id}/").json()["photos"]
    # then the URL serves the image to the operator
    assert urls == [f"/liaison/opinions/{op_id}/photos/1/"]
    served = c.get(urls[0])
    assert served.status_code == 200 and served["Content-Type"] == "image/png"


@pytest.mark.parametrize("phone", ["-------", "1-------1", "123456"])
def test_api_refuses_the_phones_the_form_refuses(operator_user, phone):
    r = post(
        client_for(operator_user), f"{API}/opinions/", {"title": "路灯", "text": "路灯坏了。", "citizen_phone": phone}
    )
    assert r.status_code == 400 and Opinion.objects.count() == 0


def test_api_refuses_more_than_nine_photos(operator_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    photos = [SimpleUploadedFile(f"{i}.png", PNG, content_type="image/png") for i in range(10)]
    r = client_for(operator_user).post(f"{API}/opinions/", {"title": "路灯", "text": "路灯坏了。", "photos": photos})
    assert r.status_code == 400 and "最多上传 9 张照片" in str(r.json()) and Opinion.objects.count() == 0


def test_api_takes_an_empty_citizen_name_and_refuses_a_reversed_hot_topic_window(operator_user, staff_user):
    r = post(client_for(operator_user), f"{API}/opinions/", {"title": "路灯", "text": "路灯坏了。", "citizen_name": ""})
    assert r.status_code == 201 and r.json()["citizen_name"] == ""
    bad = client_for(staff_user).get(f"{API}/hot-topics/", {"since": "2030-01-01", "until": "2020-01-01"})
    assert bad.status_code == 400 and "开始日期晚于结束日期" in str(bad.json())
