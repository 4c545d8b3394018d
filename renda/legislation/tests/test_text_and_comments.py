"""The structured text (.docx round trip, comparison), public comment (G11, G19, phone codes,
moderation), campaign detection and the feedback (G12)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.legislation import campaigns, comments, selectors, services
from renda.legislation.docstruct import chinese_number, compare, parse_docx, parse_paragraphs, to_chinese, to_docx
from renda.legislation.models import Comment, ContactPoint, DraftEvent, PhoneCode, Position
from renda.legislation.sms import ConsoleBackend
from renda.legislation.tests import factories as lf
from renda.organization.models import User
from renda.organization.tests import factories as f


@pytest.mark.parametrize(
    ("text", "n"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("一百一十", 110)]
)
def test_chinese_numerals_both_ways(text, n):
    assert chinese_number(text) == n
    assert to_chinese(n) == text


def test_docx_round_trip_keeps_chapters_articles_and_paragraphs():
    doc = parse_paragraphs(lf.TEXT)
    assert doc.title == "某市河流流域保护条例（草案）"
    assert [a.number for a in doc.articles] == [1, 2, 3, 4, 5, 6, 7]
    assert doc.articles[4].paragraphs == [
        "禁止在河道管理范围内倾倒垃圾、渣土和其他废弃物。",
        "违反前款规定的，由有关部门责令改正。",
    ]
    assert doc.articles[4].chapter_title == "规划与管控" and doc.articles[4].chapter_number == 2
    again = parse_docx(to_docx(doc.title, doc.articles))
    assert again.unparsed == []
    assert [(a.number, a.chapter_number, a.paragraphs) for a in again.articles] == [
        (a.number, a.chapter_number, a.paragraphs) for a in doc.articles
    ]


def test_parse_reports_what_it_could_not_parse():
    doc = parse_paragraphs(["标题", "说明：本草案共七条", "第一条　甲。", "第三条　乙。", "第一节　小节"])
    assert [a.number for a in doc.articles] == [1, 2]
    assert any("说明" in u for u in doc.unparsed)
    assert any("编号不连续" in u for u in doc.unparsed)
    assert any("节标题" in u for u in doc.unparsed)
    with pytest.raises(ValueError, match="docx"):
        parse_docx(b"not a zip")


def test_compare_finds_added_removed_and_changed_articles():
    old = parse_paragraphs(lf.TEXT).articles
    new_text = [t for t in lf.TEXT if not t.startswith("第三条")]
    new_text = [t.replace("倾倒垃圾、渣土", "倾倒、堆放垃圾、渣土") for t in new_text]
    new_text.append("第八条　新增条文：市人民政府应当每年向常委会报告流域保护情况。")
    rows = compare(old, parse_paragraphs(new_text).articles)
    kinds = [r.kind for r in rows]
    assert kinds.count("removed") == 1 and kinds.count("added") == 1 and kinds.count("changed") == 1
    changed = next(r for r in rows if r.kind == "changed")
    assert (changed.old, changed.new) == (5, 4)
    assert ("+", "堆放") in changed.ops or any(tag == "+" and "堆放" in t for tag, t in changed.ops)


@pytest.mark.django_db
def test_version_without_articles_is_refused():
    w = lf.world()
    with pytest.raises(RuleViolation) as err:
        services.version_create(draft=w.draft, label="二稿", document=parse_paragraphs(["只有标题"]), actor=w.staff)
    assert err.value.code == "no_articles"


@pytest.mark.django_db
def test_g11_period_defaults_to_thirty_days_and_shorter_needs_a_reason():
    w = lf.world()
    v = comments.period_open(early_reason=lf.EARLY, version=w.version, opens=date(2026, 4, 1), actor=w.staff)
    assert v.comment_closes == date(2026, 5, 1)
    with pytest.raises(RuleViolation) as err:
        comments.period_open(early_reason=lf.EARLY, version=w.version, opens=date(2026, 4, 1), days=20, actor=w.staff)
    assert err.value.code == "short_period"
    v = comments.period_open(
        early_reason=lf.EARLY,
        version=w.version,
        opens=date(2026, 4, 1),
        days=20,
        short_reason="主任会议决定",
        actor=w.staff,
    )
    assert v.comment_closes == date(2026, 4, 21)


@pytest.mark.django_db
def test_g11_comment_on_the_last_day_is_taken_the_day_after_is_refused():
    w = lf.world()
    comments.period_open(early_reason=lf.EARLY, version=w.version, opens=date(2026, 4, 1), actor=w.staff)
    c = comments.comment_submit(
        version=w.version,
        text="建议明确巡河频次。",
        source="public",
        article=5,
        phone="13800000001",
        on=date(2026, 5, 1),
    )
    assert c.article.number == 5
    with pytest.raises(RuleViolation) as err:
        comments.comment_submit(
            version=w.version, text="迟到的意见", source="public", article=5, phone="13800000001", on=date(2026, 5, 2)
        )
    assert err.value.code == "comment_closed"
    assert Comment.objects.filter(version=w.version).count() == 1


@pytest.mark.django_db
def test_phone_code_is_hashed_expires_and_is_rate_limited():
    ConsoleBackend.outbox.clear()
    comments.code_send(phone="138 0000 0002")
    phone, message = ConsoleBackend.outbox[-1]
    code = message.split("验证码 ")[1][:6]
    row = PhoneCode.objects.get(phone="13800000002")
    assert code not in row.code_hash
    with pytest.raises(RuleViolation):
        comments.code_verify(phone=phone, code="000000" if code != "000000" else "111111")
    assert comments.code_verify(phone=phone, code=code) == "13800000002"
    with pytest.raises(RuleViolation):  # spent
        comments.code_verify(phone=phone, code=code)
    comments.code_send(phone=phone)
    late = timezone.now() + timedelta(seconds=601)
    code = ConsoleBackend.outbox[-1][1].split("验证码 ")[1][:6]
    with pytest.raises(RuleViolation):  # expired
        comments.code_verify(phone=phone, code=code, now=late)
    for _ in range(3):
        comments.code_send(phone=phone)
    with pytest.raises(comments.RateLimited):
        comments.code_send(phone=phone)


@pytest.mark.django_db
def test_g19_contact_point_comments_by_operator_or_staff_with_their_point():
    w = lf.world()
    point = ContactPoint.objects.create(
        congress=w.draft.congress, name="某街道基层立法联系点", experts="张教授\n李律师"
    )
    station = f.LiaisonStationFactory()
    operator = f.UserFactory(role=User.Role.STATION_OPERATOR, liaison_station=station, congress=w.draft.congress)
    deputy_user = f.UserFactory(role=User.Role.CITIZEN)
    c = comments.comment_submit(
        version=w.version, text="联系点意见", source="contact_point", contact_point=point, user=operator, article=3
    )
    assert c.entered_by == operator and c.contact_point == point
    with pytest.raises(RuleViolation):
        comments.comment_submit(version=w.version, text="没有联系点", source="contact_point", user=w.staff)
    with pytest.raises(PermissionDeniedError):
        comments.comment_submit(
            version=w.version, text="x", source="contact_point", contact_point=point, user=deputy_user
        )
    with pytest.raises(PermissionDeniedError):  # hearings: staff only
        comments.comment_submit(version=w.version, text="x", source="hearing", hearing="论证会", user=operator)


@pytest.mark.django_db
def test_published_text_masks_personal_data_and_hiding_is_logged():
    w = lf.world()
    comments.period_open(early_reason=lf.EARLY, version=w.version, opens=timezone.localdate(), actor=w.staff)
    c = comments.comment_submit(
        version=w.version, text="我的电话13912345678，请联系", source="public", phone="13800000003"
    )
    assert "13912345678" not in c.published_text
    with pytest.raises(RuleViolation):
        comments.comment_hide(comment=c, reason="", actor=w.staff)
    comments.comment_hide(comment=c, reason="含侮辱性内容", actor=w.staff)
    assert not selectors.public_comments(w.version).filter(pk=c.pk).exists()
    assert DraftEvent.objects.filter(draft=w.draft, action="comment_hide", note__contains="含侮辱性内容").exists()


CAMPAIGN = "坚决反对第五条的规定，河道管理范围内倾倒垃圾应当从重处罚，建议罚款提高到五万元以上，请立法机关采纳！"


def _campaign_text(i: int) -> str:
    return CAMPAIGN.replace("五万元", ["五万元", "五万元", "5万元"][i % 3]) + ("谢谢" if i % 2 else "")


@pytest.mark.django_db
def test_campaign_of_near_identical_comments_is_one_group_with_its_count():
    w = lf.world()
    comments.period_open(early_reason=lf.EARLY, version=w.version, opens=timezone.localdate(), actor=w.staff)
    for i in range(30):
        comments.comment_submit(version=w.version, text=_campaign_text(i), source="public", article=5, user=w.staff)
    distinct = [
        "建议增加对上游城市生态补偿的规定。",
        "第五条应明确渣土的定义。",
        "建议设立河长制考核机制，每年公布结果。",
    ]
    for text in distinct:
        comments.comment_submit(version=w.version, text=text, source="public", article=5, user=w.staff)
    campaigns.analyse(version=w.version, actor=w.staff)
    camps = Position.objects.filter(version=w.version, kind=Position.Kind.CAMPAIGN)
    assert [p.size for p in camps] == [30]
    assert Position.objects.filter(version=w.version, kind=Position.Kind.CLUSTER).count() >= 2
    rep = selectors.report(w.version)
    assert rep.total == 33 and rep.campaign_count == 1
    assert selectors.report_docx(rep)[:2] == b"PK"


def test_detect_campaigns_leaves_distinct_texts_alone():
    texts = [f"关于第{i}条的不同意见：建议修改{i * 7}处表述" for i in range(10)]
    assert campaigns.detect_campaigns(list(range(10)), texts, threshold=0.6, min_size=3) == []


@pytest.mark.django_db
def test_g12_feedback_published_only_when_every_position_has_a_response():
    w = lf.world()
    comments.period_open(early_reason=lf.EARLY, version=w.version, opens=timezone.localdate(), actor=w.staff)
    comments.comment_submit(version=w.version, text="建议明确巡河频次。", source="public", article=5, user=w.staff)
    with pytest.raises(RuleViolation):
        campaigns.feedback_publish(version=w.version, actor=w.staff)
    (pos,) = campaigns.analyse(version=w.version, actor=w.staff)
    with pytest.raises(RuleViolation) as err:
        campaigns.feedback_publish(version=w.version, actor=w.staff)
    assert err.value.code == "unanswered"
    with pytest.raises(RuleViolation):
        campaigns.position_respond(position=pos, response="not_adopted", reason="", actor=w.staff)
    campaigns.position_respond(position=pos, response="partly", reason="巡河频次由实施办法规定", actor=w.staff)
    assert campaigns.feedback_publish(version=w.version, actor=w.staff).feedback_published


@pytest.mark.django_db
def test_g11_deputy_comments_during_the_period_a_citizen_login_may_not_use_the_deputy_source():
    w = lf.world()
    comments.period_open(early_reason=lf.EARLY, version=w.version, opens=date(2026, 4, 1), actor=w.staff)
    deputy = f.UserFactory(role=User.Role.DEPUTY, deputy=f.DeputyFactory(term=w.body.term), congress=w.draft.congress)
    c = comments.comment_submit(
        version=w.version, text="代表意见", source="deputy", article=2, user=deputy, on=date(2026, 4, 2)
    )
    assert c.source == Comment.Source.DEPUTY and c.user == deputy
    citizen = f.UserFactory(role=User.Role.CITIZEN)
    with pytest.raises(PermissionDeniedError):
        comments.comment_submit(version=w.version, text="x", source="deputy", user=citizen, on=date(2026, 4, 2))
    with pytest.raises(RuleViolation):  # after the period, deputies too
        comments.comment_submit(version=w.version, text="x", source="deputy", user=deputy, on=date(2026, 5, 2))
