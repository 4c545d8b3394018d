"""The review assistant: recall/precision on the hand-labelled provisions, similar provisions with the
earlier outcome, cited laws in the register, confirm/dismiss logged."""

from __future__ import annotations

from datetime import date

import pytest

from renda.core.exceptions import RuleViolation
from renda.filing import analyzer, assistant, services
from renda.filing.events import Action
from renda.filing.models import Flag, LawEntry
from renda.filing.tests.conftest import in_review
from renda.filing.tests.provisions import LABELLED


def test_labelled_set_is_large_enough_and_has_hard_negatives():
    assert len(LABELLED) >= 120
    negatives = [s for s, kinds in LABELLED if not kinds]
    assert len(negatives) >= 40
    assert any("依照《中华人民共和国行政处罚法》" in s for s in negatives)
    assert any("不得收取费用" in s for s in negatives)


@pytest.mark.parametrize("kind", ["licence", "penalty", "fee"])
def test_recall_at_least_0_9_for_licence_penalty_fee(kind):
    precision, recall, *_ = analyzer.scores(LABELLED)[kind]
    assert recall >= 0.9
    assert precision >= 0.8


def test_basis_and_negation_are_not_flagged():
    assert analyzer.classify("违反本办法规定的，依照《中华人民共和国行政处罚法》的规定处罚。") == set()
    assert analyzer.classify("有关部门不得收取费用。") == set()
    assert analyzer.classify("违反本办法规定的，处二千元罚款。") == {"penalty"}
    assert analyzer.classify("有关部门收取费用。") == {"fee"}


@pytest.mark.django_db
def test_assistant_flags_sentence_similar_provision_and_repealed_law(staff, organ):
    earlier = in_review(staff, organ, title="早先的办法")
    services.document_step(doc=earlier, actor=staff, step="consult", note="罚款无依据")
    services.document_step(doc=earlier, actor=staff, step="corrected", note="已删除")
    LawEntry.objects.create(title="城市房屋拆迁管理条例", status=LawEntry.Status.REPEALED, note="2011年废止")
    LawEntry.objects.create(title="中华人民共和国行政处罚法", status=LawEntry.Status.CURRENT)
    text = (
        "第二条 依据《城市房屋拆迁管理条例》，做好补偿工作。\n"
        "第五条 未办理登记的，由主管部门处五千元以上一万元以下罚款。\n"
        "第六条 违反本办法规定的，依照《中华人民共和国行政处罚法》处理。"
    )
    doc = in_review(staff, organ, text=text, received=date(2026, 4, 1))
    flags = assistant.document_assist(doc=doc, actor=staff)
    kinds = {(f.kind, f.sentence[:3]) for f in flags}
    assert ("penalty", "第五条") in kinds
    assert ("law", "第二条") in kinds
    similar = next(f for f in flags if f.kind == "similar")
    assert similar.related == earlier and "已纠正" in similar.reason
    assert not any(f.sentence.startswith("第六条") for f in flags)


@pytest.mark.django_db
def test_dismissal_needs_a_reason_and_is_logged(staff, organ):
    doc = in_review(staff, organ)
    flag = assistant.document_assist(doc=doc, actor=staff)[0]
    with pytest.raises(RuleViolation):
        assistant.flag_decide(flag=flag, actor=staff, confirm=False, reason="")
    assistant.flag_decide(flag=flag, actor=staff, confirm=False, reason="上位法已授权")
    flag.refresh_from_db()
    assert flag.decision == Flag.Decision.DISMISSED
    ev = doc.events.last()
    assert ev.action == Action.FLAG_DISMISS and "上位法已授权" in ev.note
    # a rerun keeps the decided flag and does not raise it again
    again = assistant.document_assist(doc=doc, actor=staff)
    assert all(f.sentence != flag.sentence or f.kind != flag.kind for f in again)
