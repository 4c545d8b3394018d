"""The adapter over the text-mining library: classification, routing on confidence, near-duplicates."""

from __future__ import annotations

from io import StringIO

import hypothesis
import hypothesis.strategies
import pytest
from django.core.management import call_command

from renda.liaison import import_worker, intelligence, services
from renda.liaison.models import LiaisonSettings, Opinion, OpinionEvent
from renda.liaison.tests.factories import OpinionFactory, TopicRouteFactory
from renda.liaison.workflow import Status
from renda.organization.tests import factories as org
from renda.textmining.lib.words import WORD, keep_words

pytestmark = pytest.mark.django_db

SCHOOL = ("孩子上学难", "我家孩子今年小学入学，学区划分不合理，学校学位不足，老师说要择校费，希望教育局解决入学问题。")


def test_without_a_model_nothing_is_predicted():
    assert intelligence.classify([SCHOOL]) == [None]


def test_classify_with_the_library_model(topic_model):
    # when
    [pred] = intelligence.classify([SCHOOL])
    # then
    assert pred is not None and pred.label == "教育文体" and 0 < pred.confidence <= 1


def test_recorded_opinion_gets_a_predicted_topic_and_is_auto_routed_when_confident(
    topic_model, operator_user, settings
):
    # given: a route for 教育文体, a low threshold, and automatic routing turned on for the congress
    settings.LIAISON_TRIAGE_CONFIDENCE = 0.3
    station = operator_user.liaison_station
    route = TopicRouteFactory(congress=station.congress, topic=services.topic_for_label("教育文体"))
    LiaisonSettings.objects.create(congress=station.congress, auto_route=True)
    # when
    op = services.opinion_record(
        congress=station.congress,
        station=station,
        title=SCHOOL[0],
        text=SCHOOL[1],
        source=Opinion.Source.STATION,
        actor=operator_user,
    )
    # then
    op.refresh_from_db()
    assert op.predicted_topic.name == "教育文体" and op.confidence >= 0.3
    assert op.status == Status.ROUTED and op.unit == route.unit
    assert list(OpinionEvent.objects.filter(opinion=op).values_list("action", flat=True)) == [
        "received",
        "triage",
        "route",
    ]


def test_recorded_opinion_below_threshold_waits_for_manual_triage(topic_model, operator_user, settings):
    # given: a threshold no prediction reaches
    settings.LIAISON_TRIAGE_CONFIDENCE = 1.01
    station = operator_user.liaison_station
    TopicRouteFactory(congress=station.congress, topic=services.topic_for_label("教育文体"))
    # when
    op = services.opinion_record(
        congress=station.congress,
        station=station,
        title=SCHOOL[0],
        text=SCHOOL[1],
        source=Opinion.Source.STATION,
        actor=operator_user,
    )
    # then
    op.refresh_from_db()
    assert op.status == Status.RECEIVED and op.predicted_topic is not None and op.unit is None


def test_near_duplicate_recorded_opinion_joins_the_group(operator_user):
    # given: an earlier opinion; the new one differs by a few characters
    station = operator_user.liaison_station
    body = "幸福小区东门外的下水道已经堵塞半个月了，每逢下雨路面积水没过脚踝，老人孩子出行非常不便，请有关部门尽快疏通维修。"
    first = OpinionFactory(congress=station.congress, station=station, title="下水道堵塞", text=body)
    # when
    op = services.opinion_record(
        congress=station.congress,
        station=station,
        title="下水道堵塞",
        text=body.replace("东门", "北门"),
        source=Opinion.Source.STATION,
        actor=operator_user,
    )
    # then
    first.refresh_from_db()
    op.refresh_from_db()
    assert op.duplicate_group_id is not None and op.duplicate_group_id == first.duplicate_group_id
    assert 0.8 <= op.similarity < 1.0 and op.duplicate_group.size == 2


def test_the_same_citizen_recording_the_same_text_twice_is_refused():
    # given
    station = org.LiaisonStationFactory()
    record = {
        "congress": station.congress,
        "title": "路灯坏了",
        "text": "小区门口路灯坏了，晚上很黑。",
        "source": Opinion.Source.WEB,
        "actor": None,
        "citizen_name": "王五",
        "citizen_phone": "13800001111",
    }
    services.opinion_record(**record)
    # when / then: the same citizen again, with other whitespace
    with pytest.raises(services.ApplicationError) as exc:
        services.opinion_record(**{**record, "text": "小区门口路灯坏了， 晚上很黑。 "})
    assert exc.value.code == "duplicate_opinion" and "同一反映人" in exc.value.message
    assert Opinion.objects.count() == 1


def test_another_citizen_with_the_same_text_is_recorded_and_grouped_with_the_first():
    # given a citizen's opinion
    station = org.LiaisonStationFactory()
    record = {
        "congress": station.congress,
        "title": "路灯坏了",
        "text": "小区门口路灯坏了，晚上很黑，希望尽快修复。",
        "source": Opinion.Source.WEB,
        "actor": None,
    }
    first = services.opinion_record(**record, citizen_name="王五", citizen_phone="13800001111")
    # when another citizen says the same
    second = services.opinion_record(**record, citizen_name="赵六", citizen_phone="13900002222")
    # then both are kept, in one duplicate group
    first.refresh_from_db()
    assert second.pk != first.pk and second.content_hash == first.content_hash
    assert second.duplicate_group_id is not None and second.duplicate_group_id == first.duplicate_group_id
    assert second.similarity == 1.0


def test_an_imported_text_stays_unique_without_a_message_id():
    # given an imported opinion without 留言编号
    op = OpinionFactory(source=Opinion.Source.IMPORT, external_id="", content_hash="h1")
    # when / then the database refuses a second imported row with the same text
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        OpinionFactory(congress=op.congress, source=Opinion.Source.IMPORT, external_id="", content_hash="h1")


def test_evaluate_command_reports_metrics(topic_model, tmp_path):
    # given: a labelled file of 4 messages
    f = tmp_path / "l.csv"
    f.write_text(
        "留言编号,留言用户,留言主题,留言时间,留言详情,一级分类\n"
        f",,{SCHOOL[0]},,{SCHOOL[1]},教育文体\n"
        ",,公交车太少,,我们村到县城的公交车一天只有两班，希望增加公交班次，方便群众出行。,交通运输\n"
        ",,工地噪音,,附近工地夜间施工，噪音扰民严重，环保部门应该查处。,环境保护\n"
        ",,医院排队,,市医院挂号排队时间太长，看病难，希望增加医生和窗口。,卫生计生\n",
        encoding="utf-8",
    )
    out = StringIO()
    # when
    call_command("textmining", "evaluate", "--model", str(topic_model), "--data", str(f), "--json", stdout=out)
    # then
    import json

    data = json.loads(out.getvalue())
    assert data["n"] == 4 and 0 <= data["accuracy"] <= 1
    assert sum(map(sum, data["confusion_matrix"])) == 4
    assert set(data["per_topic_f1"]) >= {"教育文体", "交通运输", "环境保护", "卫生计生"}


def _words_one_by_one(words: list[str]) -> list[str]:
    return [w.lower() for w in (w.strip() for w in words) if w and WORD.search(w)]


@hypothesis.given(
    hypothesis.strategies.lists(
        hypothesis.strategies.text(
            alphabet=hypothesis.strategies.sampled_from(list("路灯ABCabcΣσΑİ12 \t\n\u3000\u00a0，。！!-_·…")),
            max_size=6,
        ),
        max_size=30,
    )
)
def test_index_words_kept_on_the_joined_string_equal_the_word_by_word_filter(words):
    # given any tokens (whitespace around or inside, punctuation-only, mixed case, Greek sigma)
    # when filtered the fast way; then exactly as word by word
    assert keep_words(words) == _words_one_by_one(words)


def test_segment_for_index_of_real_messages_is_unchanged():
    # given real messages (cleaned, as the importer indexes them)
    from renda.textmining.lib.segment import segmenter

    texts = [
        "尊敬的领导：A1区住建局对幸福小区 Wi-Fi 改造，电话 0731-84561234！ΣΑΣ 谢谢",
        "西地省A市K8县学校门口交通拥堵，需要交警疏导。",
    ]
    # when / then
    for text in texts:
        words = segmenter().cut_for_search(text, True)
        assert intelligence.segment_for_index(text) == " ".join(_words_one_by_one(words))


@hypothesis.given(
    hypothesis.strategies.text(
        alphabet=hypothesis.strategies.sampled_from(
            list("0123456789-+. X路灯电话号码，（）()－．１３８\u0660\u0661١٢")
        ),
        max_size=40,
    )
)
@hypothesis.example("电话13812345678，座机0731-84561234，身份证430102199001011234")
@hypothesis.example("座机073-1234567")
@hypothesis.example("电话138-1234-5679，138 1234 5670，+8613812345671，１３８１２３４５６７２")
def test_redaction_is_skipped_only_where_it_changes_nothing(text):
    # given digit-heavy text; when redacted through the 7-digit pre-check; then as redact_text does it
    from renda.core.privacy import redact_text

    assert import_worker._redacted(text, redact_text) == redact_text(text)


def test_batch_analysis_segments_once_for_classifier_and_index(topic_model):
    # given messages, one with a mobile number in its body
    messages = [
        ("A1区小区物业乱收费", "尊敬的领导：您好！我们小区物业公司乱收停车费，业主多次反映无果。谢谢！"),
        ("K8县学校学位不足", "孩子上学难，联系电话13812345678，希望教育局增加学位。"),
    ]
    # when analysed as the import does (cleaned text and shared words)
    analysis = import_worker.analyse_batch(messages, model=None, threshold=0.8)
    # then the predictions are exactly those of the one-by-one classifier path on the raw text
    alone = intelligence.classify(messages)
    assert [(p.label, round(p.confidence, 9)) for p in analysis.predictions] == [
        (p.label, round(p.confidence, 9)) for p in alone
    ]
    # and the index text is the classifier's words, lowercased, for the message without numbers
    assert analysis.search_texts[0].split()[:3] == ["a1区", "小区", "物业"]
    assert "停车" in analysis.search_texts[0].split()
    # while the message with a phone number is indexed from its redacted text: no number in the index
    assert "13812345678" not in analysis.search_texts[1]
    assert "12345678" not in analysis.search_texts[1]
    assert "学位" in analysis.search_texts[1].split()


def test_worker_that_cleans_gives_the_same_analysis_as_cleaning_in_the_caller(topic_model):
    """issue 17: the importer hands cleaning and hashing to the worker when the worker is the idler one;
    the batch's analysis must not depend on which process cleaned it."""
    # given raw messages with the organisers' tabs, full-width spaces and a phone number
    messages = [
        ("A1区小区物业乱收费\t", "尊敬的领导：您好！\u3000我们小区物业公司乱收停车费，业主多次反映无果。谢谢！"),
        ("K8县学校学位不足", "孩子上学难，联系电话13812345678，希望教育局增加学位。"),
        ("", ""),
    ]
    # when analysed in a worker process once cleaned here and once cleaned there
    with import_worker.TextWorker(parallel=True) as worker:
        here = worker.submit(messages, clean_here=True)
        there = worker.submit(messages, clean_here=False)
        a, b = here.result(), there.result()
    # then everything but the timings is the same, and the cleaning time is the worker's in the second
    for part in ("cleaned", "digests", "search_texts", "classifier"):
        assert getattr(a, part) == getattr(b, part), part
    assert [(p.label, p.confidence) if p else None for p in a.predictions] == [
        (p.label, p.confidence) if p else None for p in b.predictions
    ]
    assert a.near is not None and b.near is not None
    assert a.near.sigs.tolist() == b.near.sigs.tolist() and a.near.keys.tolist() == b.near.keys.tolist()
    assert a.near.texts == b.near.texts and len(a.near) == 3
    assert here.clean_seconds > 0 and there.clean_seconds == 0
    assert "clean+hash" in b.seconds and "clean+hash" not in a.seconds


@pytest.mark.parametrize("with_model", [False, True])
@pytest.mark.parametrize("written", ["138-1234-5679", "138 1234 5670", "+8613812345671", "１３８１２３４５６７２"])
def test_batch_analysis_never_indexes_the_middle_of_a_phone_number(written, with_model, request):
    # given a message with a mobile number written with separators, a prefix or full-width digits
    if with_model:  # the classifier's words would otherwise be reused for the index
        request.getfixturevalue("topic_model")
    messages = [("请回电", f"路灯坏了，我的电话{written}，谢谢")]
    # when analysed for the index
    analysis = import_worker.analyse_batch(messages, model=None, threshold=0.8)
    # then the searchable words do not contain the middle digits
    assert "1234" not in analysis.search_texts[0] and "路灯" in analysis.search_texts[0].split()


def test_an_exact_copy_of_an_old_opinion_is_grouped_and_listed_despite_many_newer_ones_sharing_common_words(
    staff_user,
):
    # given an old opinion, then 60 newer ones that share its common words (小区, 业主) but not its subject
    from datetime import timedelta

    from django.utils import timezone

    from renda.liaison import selectors

    station = org.LiaisonStationFactory(congress=staff_user.congress)
    now = timezone.now()
    old = services.opinion_record(
        congress=station.congress,
        title="万国城小区新建养老院是否违规",
        text="万国城小区业主反映，开发商在小区绿地上新建养老院，业主要求查处。",
        source=Opinion.Source.WEB,
        actor=None,
        citizen_name="甲",
        received_at=now - timedelta(days=300),
    )
    for i in range(60):
        OpinionFactory(
            congress=station.congress,
            title=f"小区业主要求{i}",
            text=f"小区业主要求物业公开第{i}项收支。",
            received_at=now - timedelta(days=i),
        )
    # when another citizen sends the same text
    copy = services.opinion_record(
        congress=station.congress,
        title=old.title,
        text=old.text,
        source=Opinion.Source.WEB,
        actor=None,
        citizen_name="乙",
    )
    # then it is grouped with the old one at similarity 1, and each lists the other first
    old.refresh_from_db()
    assert copy.duplicate_group_id is not None and copy.duplicate_group_id == old.duplicate_group_id
    assert copy.similarity == 1.0
    assert selectors.similar_opinions(viewer=staff_user, opinion=copy)[0][0] == old


def test_a_phone_is_stored_without_separators_so_a_resubmission_with_spaces_is_refused(staff_user):
    from renda.liaison import selectors

    station = org.LiaisonStationFactory(congress=staff_user.congress)
    record = {"congress": station.congress, "title": "路灯坏了", "text": "小区路灯坏了。", "source": Opinion.Source.WEB}
    first = services.opinion_record(**record, actor=None, citizen_name="王五", citizen_phone="137 0000-0001")
    assert first.citizen_phone == "13700000001"
    with pytest.raises(services.ApplicationError, match="同一反映人"):
        services.opinion_record(**record, actor=None, citizen_name="王五", citizen_phone="13700000001")
    assert list(selectors.opinion_search(viewer=staff_user, query="", phone="137-0000-0001")) == [first]


def test_a_related_opinion_written_differently_is_listed_despite_newer_ones_sharing_common_words(staff_user):
    # given an old opinion about one estate, many newer ones sharing only its common words
    from datetime import timedelta

    from django.utils import timezone

    from renda.liaison import selectors

    now = timezone.now()
    op = OpinionFactory(
        congress=staff_user.congress,
        title="A市半山壹号五次延期交房了",
        text="半山壹号一再延期交房，老百姓辛苦一辈子的钱。",
        received_at=now - timedelta(days=200),
    )
    related = OpinionFactory(
        congress=staff_user.congress,
        title="A5区半山一号期期延迟，没办法管吗？",
        text="半山一号一直延期交房，老百姓投诉无门。",
        received_at=now - timedelta(days=190),
    )
    for i in range(60):
        OpinionFactory(
            congress=staff_user.congress,
            title=f"老百姓反映{i}",
            text="老百姓反映物业问题。",
            received_at=now - timedelta(days=i),
        )
    # when / then
    assert related in [o for o, _ in selectors.similar_opinions(viewer=staff_user, opinion=op)]
