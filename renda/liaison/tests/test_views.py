"""Liaison pages: triage inbox, detail, search, hot topics, operator and public forms, tracking, home panels."""

from __future__ import annotations

import time
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signing import TimestampSigner
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from renda.liaison.forms import PublicOpinionForm
from renda.liaison.models import Opinion, OpinionEvent, OpinionPhoto
from renda.liaison.tests.factories import OpinionFactory, TopicFactory
from renda.liaison.workflow import Status
from renda.organization.models import User
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    """A real 2x2 PNG (Pillow checks photos by decoding them)."""
    buf = BytesIO()
    Image.new("RGB", (2, 2), "red").save(buf, "PNG")
    return buf.getvalue()


PNG = _png()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def test_triage_inbox_filters_and_query_count(client, staff_user, django_assert_max_num_queries):
    # given: 30 opinions at two stations, three topics
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
    client.force_login(staff_user)
    # when
    with django_assert_max_num_queries(12):
        resp = client.get(reverse("liaison:triage"), {"station": s1.pk, "topic": topics[0].pk, "max_confidence": "0.5"})
    # then: odd i (station s1), i % 3 == 0 (topic 0), 0.3 + i/100 < 0.5 → i in {3, 9, 15}
    assert resp.status_code == 200
    assert sorted(o.confidence for o in resp.context["page"]) == [0.33, 0.39, 0.45]


def test_detail_masks_personal_data_for_unit_but_not_for_staff(client, staff_user, unit_user):
    # given: an opinion routed to the unit, with a phone number inside its text
    op = OpinionFactory(
        congress=unit_user.congress,
        unit=unit_user.handling_unit,
        status=Status.ROUTED,
        citizen_name="王小明",
        text="路灯坏了，请联系我 13900001111。",
    )
    # when
    client.force_login(unit_user)
    unit_page = client.get(reverse("liaison:opinion-detail", args=[op.pk])).content.decode()
    client.force_login(staff_user)
    staff_page = client.get(reverse("liaison:opinion-detail", args=[op.pk])).content.decode()
    # then
    assert "138****5678" in unit_page and "13812345678" not in unit_page
    assert "139****1111" in unit_page and "13900001111" not in unit_page
    assert "王某" in unit_page and "王小明" not in unit_page
    assert "13812345678" in staff_page and "13900001111" in staff_page and "王小明" in staff_page


def test_detail_of_an_invisible_opinion_is_404(client, unit_user):
    # given: an opinion not routed to the unit
    op = OpinionFactory(congress=unit_user.congress)
    client.force_login(unit_user)
    # when / then
    assert client.get(reverse("liaison:opinion-detail", args=[op.pk])).status_code == 404


def test_an_opinion_imported_without_a_time_says_so_on_its_page_and_in_the_inbox(client, staff_user):
    # given
    op = OpinionFactory(congress=staff_user.congress, title="路灯不亮", text="路灯坏了", received_at_unknown=True)
    client.force_login(staff_user)
    # when
    detail = client.get(reverse("liaison:opinion-detail", args=[op.pk])).content.decode()
    inbox = client.get(reverse("liaison:triage")).content.decode()
    # then
    assert "反映时间不详（导入于" in detail
    assert "时间不详" in inbox


def test_detail_lists_similar_opinions(client, staff_user):
    # given: two opinions sharing words, one unrelated
    a = OpinionFactory(congress=staff_user.congress, title="小区停车难", text="小区停车位严重不足，车辆乱停。")
    b = OpinionFactory(congress=staff_user.congress, title="停车位不足", text="我们小区停车位不足，希望增加车位。")
    OpinionFactory(congress=staff_user.congress, title="学校", text="学校食堂卫生差。")
    client.force_login(staff_user)
    # when
    resp = client.get(reverse("liaison:opinion-detail", args=[a.pk]))
    # then
    assert [o for o, _ in resp.context["similar"]] == [b]


def test_staff_triage_and_route_through_pages(client, staff_user):
    # given
    op = OpinionFactory(congress=staff_user.congress)
    topic = TopicFactory(name="城乡建设")
    unit = org.HandlingUnitFactory(congress=staff_user.congress)
    client.force_login(staff_user)
    # when
    client.post(reverse("liaison:opinion-triage", args=[op.pk]), {"topic": topic.pk})
    resp = client.post(reverse("liaison:opinion-route", args=[op.pk]), {"unit": unit.pk}, follow=True)
    # then
    op.refresh_from_db()
    assert op.status == Status.ROUTED and op.unit == unit
    assert "已转办" in resp.content.decode()


def test_operator_records_an_opinion_with_a_photo(client, operator_user):
    # given
    client.force_login(operator_user)
    photo = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    # when
    resp = client.post(
        reverse("liaison:record"),
        {
            "citizen_name": "李女士",
            "citizen_phone": "13900001111",
            "title": "菜市场脏乱",
            "text": "菜市场卫生差，垃圾堆放。",
            "photos": [photo],
        },
    )
    # then
    op = Opinion.objects.get()
    assert resp.status_code == 302 and op.station == operator_user.liaison_station
    assert op.source == Opinion.Source.STATION and op.status == Status.RECEIVED
    assert OpinionPhoto.objects.filter(opinion=op).count() == 1
    assert OpinionEvent.objects.filter(opinion=op, action="received").count() == 1


def test_operator_photo_of_wrong_type_is_refused_and_nothing_written(client, operator_user):
    # given
    client.force_login(operator_user)
    fake = SimpleUploadedFile("a.png", b"GIF89a" + b"\x00" * 20, content_type="image/png")
    # when
    resp = client.post(reverse("liaison:record"), {"title": "t", "text": "内容内容", "photos": [fake]})
    # then
    assert resp.status_code == 200 and "JPEG 或 PNG" in resp.content.decode()
    assert Opinion.objects.count() == 0 and OpinionEvent.objects.count() == 0


def test_photo_over_5_mb_is_refused(client, operator_user):
    # given
    client.force_login(operator_user)
    big = SimpleUploadedFile("b.jpg", b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), content_type="image/jpeg")
    # when
    resp = client.post(reverse("liaison:record"), {"title": "t", "text": "内容内容", "photos": [big]})
    # then
    assert "5 MB" in resp.content.decode() and Opinion.objects.count() == 0


def test_unit_officer_may_not_record(client, unit_user):
    client.force_login(unit_user)
    assert client.get(reverse("liaison:record")).status_code == 403


def _public_post(client, **extra):
    started = TimestampSigner(salt="liaison.public-form").sign(str(time.time() - 10))
    data = {"title": "公园路灯", "text": "公园夜间路灯不亮，存在安全隐患。", "started": started, "website": "", **extra}
    return client.post(reverse("liaison:public-form"), data)


def test_public_form_accepts_a_citizen_opinion(client):
    # given
    org.CongressFactory()
    # when
    resp = _public_post(client)
    # then
    op = Opinion.objects.get()
    assert resp.status_code == 302 and op.source == Opinion.Source.WEB
    assert op.tracking_code in client.get(resp["Location"]).content.decode()


def test_public_form_honeypot_and_too_fast_are_refused(client):
    # given
    org.CongressFactory()
    # when
    honeypot = _public_post(client, website="http://spam.example")
    fast = client.post(
        reverse("liaison:public-form"),
        {"title": "t", "text": "内容内容", "started": PublicOpinionForm.new_token(), "website": ""},
    )
    # then
    assert "提交未通过校验" in honeypot.content.decode()
    assert "提交过快" in fast.content.decode()
    assert Opinion.objects.count() == 0


def test_public_form_rate_limited_per_ip(client, settings):
    # given: a limit of 2 per hour
    settings.LIAISON_WEB_RATE = 2
    org.CongressFactory()
    # when
    codes = [_public_post(client, text=f"第{i}条意见内容，路灯不亮。").status_code for i in range(3)]
    # then
    assert codes == [302, 302, 429] and Opinion.objects.count() == 2


def test_tracking_page_rates_and_closes(client, unit_user):
    # given: an answered opinion
    op = OpinionFactory(
        congress=unit_user.congress, unit=unit_user.handling_unit, status=Status.ANSWERED, answer="已修复"
    )
    # when
    page = client.get(reverse("liaison:track"), {"code": op.tracking_code})
    client.post(reverse("liaison:track"), {"code": op.tracking_code, "rating": "5"})
    # then
    assert "已修复" in page.content.decode()
    op.refresh_from_db()
    assert op.status == Status.CLOSED and op.rating == 5


def test_search_and_hot_pages_render(client, staff_user):
    # given
    now = timezone.now()
    for i in range(3):
        OpinionFactory(
            congress=staff_user.congress,
            title="停车难",
            text="小区停车难，车位不足。",
            received_at=now - timedelta(days=i),
            content_hash=f"h{i}",
        )
    client.force_login(staff_user)
    # when
    search = client.get(reverse("liaison:search"), {"q": "停车"})
    before = client.get(reverse("liaison:hot"))
    client.post(reverse("liaison:hot"))  # queues the computation (immediate backend in tests)
    hot = client.get(reverse("liaison:hot"))
    # then
    assert len(search.context["results"]) == 3
    assert before.context["snapshot"] is None and "尚未计算热点问题" in before.content.decode()
    assert hot.status_code == 200 and hot.context["hot"][0]["count"] == 3
    assert hot.context["chart"]["count"] == [3]
    assert "vendor/chartjs/chart.umd.js" in hot.content.decode()


def test_only_staff_may_queue_hot_topic_computation(client, deputy_user):
    client.force_login(deputy_user)
    assert client.post(reverse("liaison:hot")).status_code == 403


@pytest.mark.parametrize(
    ("role", "title"),
    [
        (User.Role.STAFF, "待分诊群众意见"),
        (User.Role.STATION_OPERATOR, "今日登记的群众意见"),
        (User.Role.UNIT_OFFICER, "转交本单位的群众意见"),
        (User.Role.DEPUTY, "我所在联络站的群众意见"),
    ],
)
def test_home_panels_per_role(client, role, title, staff_user, operator_user, unit_user, deputy_user):
    # given: one opinion visible to every role
    station = operator_user.liaison_station
    station.deputies.add(deputy_user.deputy)
    OpinionFactory(congress=station.congress, station=station, unit=unit_user.handling_unit, status=Status.ROUTED)
    OpinionFactory(congress=station.congress, station=station)
    user = {
        User.Role.STAFF: staff_user,
        User.Role.STATION_OPERATOR: operator_user,
        User.Role.UNIT_OFFICER: unit_user,
        User.Role.DEPUTY: deputy_user,
    }[role]
    client.force_login(user)
    # when
    page = client.get(reverse("home")).content.decode()
    # then
    assert title in page
    panel = next(p for p in client.get(reverse("home")).context["panels"] if p.title == title)
    assert (
        panel.count
        == {User.Role.STAFF: 1, User.Role.STATION_OPERATOR: 2, User.Role.UNIT_OFFICER: 1, User.Role.DEPUTY: 2}[role]
    )


def test_deputy_reads_notifications_and_marks_them_read(client, deputy_user):
    # given: an unread notification
    from renda.core.models import Notification

    Notification.objects.create(recipient=deputy_user, text="本站群众意见已转办：路灯", link="/liaison/opinions/1/")
    client.force_login(deputy_user)
    # when
    page = client.get(reverse("notifications")).content.decode()
    client.post(reverse("notifications"))
    # then
    assert "本站群众意见已转办：路灯" in page
    assert Notification.objects.get().read_at is not None


# --- QA fixes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["supervisor_user", "unit_user", "deputy_user"])
def test_title_with_a_phone_is_masked_for_roles_without_contact_access(client, role, request):
    # given: an opinion whose title holds a phone number, visible to the role
    user = request.getfixturevalue(role)
    station = org.LiaisonStationFactory(congress=user.congress)
    if user.deputy_id:
        station.deputies.add(user.deputy)
    op = OpinionFactory(
        congress=user.congress,
        station=station,
        unit=user.handling_unit,
        status=Status.ROUTED,
        title="手机号13812345678路灯坏了",
        text="路灯坏了，请联系 13812345678。",
    )
    client.force_login(user)
    # when
    detail = client.get(reverse("liaison:opinion-detail", args=[op.pk])).content.decode()
    listing = client.get(reverse("liaison:opinion-list")).content.decode()
    # then
    assert "13812345678" not in detail and "手机号138****5678路灯坏了" in detail
    assert "13812345678" not in listing and "手机号138****5678" in listing


def test_title_with_a_phone_is_shown_in_full_to_staff_and_masked_in_similar_list(client, staff_user, supervisor_user):
    # given: two similar opinions, the second with a phone in its title
    first = OpinionFactory(congress=staff_user.congress, title="路灯不亮", text="幸福小区路灯不亮三个月了")
    OpinionFactory(congress=staff_user.congress, title="路灯13812345678", text="幸福小区路灯不亮三个月了，请修")
    # when
    client.force_login(staff_user)
    staff_page = client.get(reverse("liaison:opinion-detail", args=[first.pk])).content.decode()
    client.force_login(supervisor_user)
    supervisor_user.congress = staff_user.congress
    supervisor_user.save()
    supervisor_page = client.get(reverse("liaison:opinion-detail", args=[first.pk])).content.decode()
    # then
    assert "路灯13812345678" in staff_page
    assert "路灯138****5678" in supervisor_page and "13812345678" not in supervisor_page


def test_deputy_notification_and_home_panel_mask_the_title(
    client, staff_user, deputy_user, django_capture_on_commit_callbacks
):
    # given: an opinion at the deputy's station with a phone in its title
    from renda.core.models import Notification
    from renda.liaison import services

    station = org.LiaisonStationFactory(congress=staff_user.congress)
    station.deputies.add(deputy_user.deputy)
    deputy_user.congress = staff_user.congress
    deputy_user.save()
    op = OpinionFactory(congress=staff_user.congress, station=station, title="电话13812345678", status=Status.TRIAGED)
    unit = org.HandlingUnitFactory(congress=staff_user.congress)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.opinion_route(opinion=op, actor=staff_user, unit=unit)
    client.force_login(deputy_user)
    home = client.get("/").content.decode()
    # then
    texts = list(Notification.objects.filter(recipient=deputy_user).values_list("text", flat=True))
    assert texts == ["本站群众意见已转办：电话138****5678"]
    assert "13812345678" not in home


def test_invalid_topic_on_triage_is_refused_and_nothing_written(client, staff_user):
    # given
    op = OpinionFactory(congress=staff_user.congress)
    client.force_login(staff_user)
    # when
    resp = client.post(reverse("liaison:opinion-triage", args=[op.pk]), {"topic": "不存在/分类"}, follow=True)
    # then
    op.refresh_from_db()
    assert op.status == Status.RECEIVED and op.topic_id is None
    assert "所选分类不存在，请重新选择" in resp.content.decode()
    assert OpinionEvent.objects.filter(opinion=op).count() == 0


def test_invalid_unit_on_route_is_refused_and_nothing_written(client, staff_user):
    # given: a triaged opinion whose topic has a routing rule
    from renda.liaison.tests.factories import TopicRouteFactory

    route = TopicRouteFactory(congress=staff_user.congress)
    op = OpinionFactory(congress=staff_user.congress, status=Status.TRIAGED, topic=route.topic, confidence=0.23)
    client.force_login(staff_user)
    # when
    resp = client.post(reverse("liaison:opinion-route", args=[op.pk]), {"unit": "999999"}, follow=True)
    # then
    op.refresh_from_db()
    assert op.status == Status.TRIAGED and op.unit_id is None
    assert "所选承办单位不存在或已停用，请重新选择" in resp.content.decode()
    assert OpinionEvent.objects.filter(opinion=op).count() == 0


def test_routing_an_already_routed_opinion_says_so_plainly(client, staff_user):
    # given
    unit = org.HandlingUnitFactory(congress=staff_user.congress)
    op = OpinionFactory(congress=staff_user.congress, status=Status.ROUTED, unit=unit)
    client.force_login(staff_user)
    # when
    resp = client.post(reverse("liaison:opinion-route", args=[op.pk]), {"unit": unit.pk}, follow=True)
    # then
    page = resp.content.decode()
    assert "该意见已转办，不能重复转办" in page and "不能变更为" not in page
    assert OpinionEvent.objects.filter(opinion=op).count() == 0


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("staff_user", 200),
        ("deputy_user", 403),
        ("supervisor_user", 403),
        ("operator_user", 403),
        ("unit_user", 403),
        ("citizen_user", 403),
    ],
)
def test_triage_screen_is_for_staff_only(client, role, status, request):
    # given
    client.force_login(request.getfixturevalue(role))
    # when
    resp = client.get(reverse("liaison:triage"))
    # then
    assert resp.status_code == status


def test_overlong_title_and_text_are_refused_by_the_forms(client, operator_user):
    # given
    client.force_login(operator_user)
    # when
    resp = client.post(reverse("liaison:record"), {"title": "标" * 201, "text": "字" * 100_000})
    # then
    page = resp.content.decode()
    assert resp.status_code == 200
    assert "主题不能超过 200 字（现有 201 字）" in page
    assert "内容不能超过 10000 字（现有 100000 字）" in page
    assert Opinion.objects.count() == 0


def test_text_at_the_limit_is_accepted_on_the_public_form(client):
    # given
    org.CongressFactory()
    # when
    resp = _public_post(client, title="标" * 200, text="字" * 10_000)
    # then
    assert resp.status_code == 302 and Opinion.objects.get().text == "字" * 10_000


@pytest.mark.parametrize("url", ["liaison:record", "liaison:public-form"])
def test_photo_type_error_is_shown_once(client, operator_user, url):
    # given
    org.CongressFactory()
    client.force_login(operator_user)
    fake = SimpleUploadedFile("a.png", b"GIF89a" + b"\x00" * 20, content_type="image/png")
    started = TimestampSigner(salt="liaison.public-form").sign(str(time.time() - 10))
    # when
    resp = client.post(
        reverse(url), {"title": "t", "text": "内容内容", "photos": [fake], "started": started, "website": ""}
    )
    # then
    assert resp.content.decode().count("照片须为 JPEG 或 PNG 格式") == 1
    assert Opinion.objects.count() == 0


def test_overlong_answer_is_refused_and_nothing_written(client, unit_user):
    # given: an opinion routed to the unit
    op = OpinionFactory(congress=unit_user.congress, unit=unit_user.handling_unit, status=Status.ROUTED)
    client.force_login(unit_user)
    # when
    resp = client.post(reverse("liaison:opinion-answer", args=[op.pk]), {"answer": "答" * 10_001}, follow=True)
    # then
    op.refresh_from_db()
    assert op.status == Status.ROUTED and op.answer == ""
    assert "答复内容不能超过 10000 字（现有 10001 字）" in resp.content.decode()
    assert OpinionEvent.objects.filter(opinion=op).count() == 0


def test_opinion_record_service_refuses_overlong_text():
    # given
    from renda.core.exceptions import ApplicationError
    from renda.liaison import services

    congress = org.CongressFactory()
    # when
    with pytest.raises(ApplicationError) as exc_info:
        services.opinion_record(congress=congress, title="路灯", text="字" * 10_001, source="web", actor=None)
    # then
    assert exc_info.value.code == "too_long" and Opinion.objects.count() == 0
