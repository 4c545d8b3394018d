"""Liaison pages: triage inbox, detail, search, hot topics, operator and public forms, tracking, home panels."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signing import TimestampSigner
from django.urls import reverse
from django.utils import timezone

from renda.liaison.forms import PublicOpinionForm
from renda.liaison.models import HotTopicSnapshot, Opinion, OpinionEvent, OpinionPhoto
from renda.liaison.tests.factories import OpinionFactory, TopicFactory, image_bytes
from renda.liaison.workflow import Status
from renda.organization.models import User
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db


PNG = image_bytes()


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
    with django_assert_max_num_queries(13):  # 13: the header shows the unread-notification count
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


@pytest.mark.parametrize(
    ("query", "ignored"),
    [
        ({"station": "²"}, "联络站"),
        ({"topic": "¹"}, "分类"),
        ({"group": "³"}, "相似意见组"),
        ({"max_confidence": "²"}, "置信度低于"),
        ({"max_confidence": "nan"}, "置信度低于"),
        ({"max_confidence": "1.5"}, "置信度低于"),
        ({"station": "99999999999999999999999"}, "联络站"),
        ({"topic": "-3"}, "分类"),
        ({"status": "deleted"}, "状态"),
    ],
)
@pytest.mark.parametrize("url", ["liaison:triage", "liaison:opinion-list"])
def test_bad_filter_values_are_ignored_with_a_chinese_notice_not_a_server_error(
    client, staff_user, url, query, ignored
):
    # given two opinions in the inbox
    for i in range(2):
        OpinionFactory(congress=staff_user.congress, content_hash=f"f{i}", confidence=0.2)
    client.force_login(staff_user)
    # when
    resp = client.get(reverse(url), query)
    # then the page lists them all and names the ignored filter
    assert resp.status_code == 200
    assert resp.context["page"].paginator.count == 2
    assert resp.context["filter_error"] == f"筛选条件无效，已忽略：{ignored}"


def test_a_zero_confidence_ceiling_is_a_filter_not_an_empty_value(client, staff_user):
    OpinionFactory(congress=staff_user.congress, confidence=0.2)
    client.force_login(staff_user)
    resp = client.get(reverse("liaison:triage"), {"max_confidence": "0"})
    assert resp.status_code == 200 and resp.context["page"].paginator.count == 0 and not resp.context["filter_error"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"since": "2026-02-30"}, "自："),
        ({"until": "2026-13-01"}, "至："),
        ({"until": "0001-01-01"}, "日期须在 1970-01-01 至 9000-12-31 之间"),
        ({"since": "2030-01-01", "until": "2020-01-01"}, "开始日期晚于结束日期"),
    ],
)
def test_hot_topics_window_errors_are_chinese_and_queue_nothing(client, staff_user, query, message):
    # given an opinion (the immediate task backend of the tests would compute a snapshot at once)
    OpinionFactory(congress=staff_user.congress, title="停车难", text="小区停车难。")
    client.force_login(staff_user)
    # when viewing and when asking for a computation of that window
    page = client.get(reverse("liaison:hot"), query)
    post = client.post(reverse("liaison:hot"), query, follow=True)
    # then
    assert page.status_code == 200 and message in page.context["window_error"]
    assert post.status_code == 200 and "未提交热点计算" in post.content.decode() and message in post.content.decode()
    assert not HotTopicSnapshot.objects.exists()


@pytest.mark.parametrize("rating", ["9", "0", "-1", "abc", "", "5.0"])
def test_an_invalid_rating_is_shown_and_changes_nothing(client, unit_user, rating):
    # given an answered opinion
    op = OpinionFactory(
        congress=unit_user.congress, unit=unit_user.handling_unit, status=Status.ANSWERED, answer="已修复"
    )
    # when
    resp = client.post(reverse("liaison:track"), {"code": op.tracking_code, "rating": rating})
    # then the form error is on the page and the opinion is still waiting for its rating
    assert resp.status_code == 200 and resp.context["rate_form"].errors["rating"]
    assert 'class="errorlist' in resp.content.decode()
    op.refresh_from_db()
    assert op.status == Status.ANSWERED and op.rating is None


def test_an_overlong_rating_comment_is_refused(client, unit_user):
    op = OpinionFactory(
        congress=unit_user.congress, unit=unit_user.handling_unit, status=Status.ANSWERED, answer="已修复"
    )
    resp = client.post(reverse("liaison:track"), {"code": op.tracking_code, "rating": "4", "comment": "好" * 201})
    assert resp.context["rate_form"].errors["comment"]
    op.refresh_from_db()
    assert op.status == Status.ANSWERED


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("13812345678", True),
        ("0352-1234567", True),
        ("+86 138 1234 5678", True),
        ("8451234", True),
        ("-------", False),
        ("1-------1", False),
        ("123456", False),
        ("138--1234-5678", False),
    ],
)
def test_the_phone_field_wants_7_to_20_digits(phone, ok):
    form = PublicOpinionForm(data={"citizen_phone": phone, "title": "路灯", "text": "路灯坏了"})
    form.is_valid()
    assert ("citizen_phone" not in form.errors) is ok


def test_a_phone_number_in_the_rating_comment_or_answer_is_masked_for_the_unit_but_not_for_staff(
    client, unit_user, staff_user
):
    # given an opinion answered by the unit (the answer quotes a phone) and rated with a phone in the comment
    op = OpinionFactory(
        congress=unit_user.congress,
        unit=unit_user.handling_unit,
        status=Status.ANSWERED,
        answer="已修复，联系人电话 13912345678",
    )
    client.post(
        reverse("liaison:track"), {"code": op.tracking_code, "rating": "4", "comment": "我的电话 13812345678 请回电"}
    )
    op.refresh_from_db()
    assert op.status == Status.CLOSED
    # when the unit officer and staff open it
    client.force_login(unit_user)
    unit_page = client.get(reverse("liaison:opinion-detail", args=[op.pk])).content.decode()
    client.force_login(staff_user)
    staff_page = client.get(reverse("liaison:opinion-detail", args=[op.pk])).content.decode()
    # then
    assert "13812345678" not in unit_page and "138****5678" in unit_page
    assert "13912345678" not in unit_page and "139****5678" in unit_page
    assert "13812345678" in staff_page and "13912345678" in staff_page
    # and nothing was rewritten in the database
    assert (
        OpinionEvent.objects.get(opinion=op, to_status=Status.CLOSED).note
        == "群众评价 4 分 我的电话 13812345678 请回电"
    )


def test_staff_withdraw_a_routing_from_the_detail_page(client, staff_user, unit_user):
    # given a routed opinion
    op = OpinionFactory(congress=staff_user.congress, status=Status.ROUTED, unit=unit_user.handling_unit)
    client.force_login(staff_user)
    # when: the page offers the action; an empty reason is refused, a reason withdraws
    page = client.get(reverse("liaison:opinion-detail", args=[op.pk])).content.decode()
    empty = client.post(reverse("liaison:opinion-withdraw", args=[op.pk]), {"reason": ""}, follow=True)
    op.refresh_from_db()
    status_after_empty = op.status
    done = client.post(reverse("liaison:opinion-withdraw", args=[op.pk]), {"reason": "转错单位"}, follow=True)
    # then
    assert 'data-testid="withdraw-form"' in page
    assert "请说明撤回转办的原因" in empty.content.decode() and status_after_empty == Status.ROUTED
    assert "已撤回转办" in done.content.decode()
    op.refresh_from_db()
    assert op.status == Status.TRIAGED and op.unit is None


def test_the_drafted_suggestion_links_back_to_its_opinions(client, deputy_user):
    # given a suggestion drafted from an opinion whose title carries a phone number
    from renda.liaison import services

    station = org.LiaisonStationFactory(congress=deputy_user.congress)
    station.deputies.add(deputy_user.deputy)
    op = OpinionFactory(congress=deputy_user.congress, station=station, title="路灯坏了 电话13812345678")
    link = services.suggestion_draft_from_opinions(opinions=[op], actor=deputy_user)
    client.force_login(deputy_user)
    # when the deputy opens the draft
    page = client.get(reverse("proposals:detail", args=[link.proposal.pk])).content.decode()
    # then it lists the opinion with a link to it, the phone masked for a deputy
    assert "来源群众意见" in page and reverse("liaison:opinion-detail", args=[op.pk]) in page
    assert "路灯坏了 电话138****5678" in page and "13812345678" not in page


def test_search_pages_through_more_than_one_page_of_results(client, staff_user):
    # given 53 opinions about parking, newest first by received_at
    now = timezone.now()
    for i in range(53):
        OpinionFactory(
            congress=staff_user.congress,
            title=f"停车难{i}",
            text="小区停车难，车位不足。",
            received_at=now - timedelta(minutes=i),
            content_hash=f"p{i}",
        )
    client.force_login(staff_user)
    # when
    first = client.get(reverse("liaison:search"), {"q": "停车"})
    second = client.get(reverse("liaison:search"), {"q": "停车", "page": "2"})
    # then page 1 holds the 50 newest and links to page 2, which holds the other 3
    assert len(first.context["results"]) == 50 and first.context["page"].has_next
    assert "第 1–50 条" in first.content.decode() and 'data-testid="search-next"' in first.content.decode()
    assert [o.title for o in second.context["results"]] == ["停车难50", "停车难51", "停车难52"]
    assert not second.context["page"].has_next and "第 51–53 条" in second.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"q": "停" * 101}, "检索词不能超过 100 字（现有 101 字）"),
        ({"q": "停车", "page": "²"}, ""),
        ({"q": "停车", "page": "0"}, ""),
    ],
)
def test_search_refuses_an_overlong_query_and_bad_page_numbers_in_chinese(client, staff_user, query, message):
    OpinionFactory(congress=staff_user.congress, title="停车难", text="小区停车难。")
    client.force_login(staff_user)
    resp = client.get(reverse("liaison:search"), query)
    assert resp.status_code == 200 and resp.context["results"] == []
    assert 'data-testid="search-error"' in resp.content.decode() and message in resp.content.decode()


def test_the_admin_shows_an_opinion_but_cannot_edit_it_behind_the_index(admin_client):
    # given
    op = OpinionFactory(title="路灯坏了", text="小区门口路灯坏了。")
    url = reverse("admin:liaison_opinion_change", args=[op.pk])
    # when a superuser opens it and posts a changed text
    page = admin_client.get(url)
    admin_client.post(url, {"title": "独角兽飞船", "text": "独角兽飞船"})
    # then the page is view-only and nothing changed
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    op.refresh_from_db()
    assert (op.title, op.text) == ("路灯坏了", "小区门口路灯坏了。")
    assert admin_client.get(reverse("admin:liaison_opinion_add")).status_code == 403


def test_similar_opinions_leave_out_hits_that_share_only_a_place_or_a_common_word(client, staff_user):
    # given an opinion about parking fees, a related one, and one that shares only "A市" and "问题"
    op = OpinionFactory(congress=staff_user.congress, title="A市停车收费太贵", text="A市小区停车收费标准过高的问题。")
    related = OpinionFactory(
        congress=staff_user.congress, title="A市小区停车收费不合理", text="小区停车收费标准不合理，物业乱收费。"
    )
    unrelated = OpinionFactory(congress=staff_user.congress, title="A市学校招生问题", text="孩子入学难的问题。")
    client.force_login(staff_user)
    # when
    similar = client.get(reverse("liaison:opinion-detail", args=[op.pk])).context["similar"]
    # then the related one is listed with a real similarity, the other is not listed
    assert [o for o, _ in similar] == [related] and similar[0][1] >= 0.1
    assert unrelated not in [o for o, _ in similar]


def test_the_admin_shows_duplicate_groups_and_suggestion_links_without_editing(admin_client):
    from renda.liaison.models import DuplicateGroup

    group = DuplicateGroup.objects.create(congress=org.CongressFactory(), size=2)
    url = reverse("admin:liaison_duplicategroup_change", args=[group.pk])
    admin_client.post(url, {"size": "99", "congress": group.congress_id})
    group.refresh_from_db()
    assert group.size == 2 and 'name="_save"' not in admin_client.get(url).content.decode()
    assert admin_client.get(reverse("admin:liaison_suggestionlink_add")).status_code == 403
