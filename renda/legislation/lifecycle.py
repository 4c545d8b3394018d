"""Writes of a draft's kind and higher-law basis (G2), its termination after two years set aside
(G14) and the publication of the announced text (G17).

Like :mod:`renda.legislation.services`: each function runs in a transaction, refuses with an
:class:`~renda.core.exceptions.ApplicationError` subclass and a Chinese message writing nothing, moves the
status only through :func:`renda.core.workflow.transition` and writes its event on the draft's trail.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction

from renda.core.constraints import check_text
from renda.core.exceptions import InvalidTransition, PermissionDeniedError, RuleViolation
from renda.core.workflow import lock, transition
from renda.legislation import conf, events, notices, permissions, selectors
from renda.legislation.events import Action
from renda.legislation.models import Draft, Publication
from renda.legislation.workflow import BEFORE_VOTE, DRAFT_FLOW, Status
from renda.organization.models import User

STAFF_ONLY = "只有常委会法制工作机构的工作人员可以办理"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDeniedError(STAFF_ONLY)


def check_kind(kind: str, higher_law: str) -> None:
    """G2: the kind is one of :class:`Draft.Kind`; an implementing regulation (实施性) names the higher
    law it implements. The G1 subject limit (:func:`services.check_subject`) applies to every kind.

    Raises:
        RuleViolation: ``invalid_kind``, ``higher_law_required``.
    """
    if kind not in Draft.Kind.values:
        raise RuleViolation("请选择立法类型", code="invalid_kind", extra={"rule": "G2"})
    if kind == Draft.Kind.IMPLEMENTING and not higher_law.strip():
        raise RuleViolation(
            "实施性法规须写明所实施的法律、行政法规或省的地方性法规", code="higher_law_required", extra={"rule": "G2"}
        )


@transaction.atomic
def draft_basis_set(*, draft: Draft, kind: str, actor: User, higher_law: str = "", higher_law_text: str = "") -> Draft:
    """Set a draft's kind (自主性 / 实施性 / 先行性) and its higher-law basis before the vote (G2).

    Args:
        higher_law: the law implemented (required for 实施性, ≤ 120 characters).
        higher_law_text: its relevant provisions (≤ 20,000 characters) against which the version's
            articles are checked for repetition (:func:`selectors.repetitions`).
    Raises:
        PermissionDeniedError: not staff. InvalidTransition: past the vote. RuleViolation: see
        :func:`check_kind`, ``too_long``.
    """
    locked = lock(draft)
    _require(permissions.can_manage(actor, locked))
    if locked.status not in BEFORE_VOTE:
        raise InvalidTransition("草案已经表决，不能再修改立法类型")
    check_kind(kind, higher_law)
    check_text(higher_law, label="所实施的上位法", max_length=120)
    check_text(higher_law_text, label="上位法相关条文", max_length=20000)
    locked.kind = kind
    locked.higher_law = higher_law.strip()
    locked.higher_law_text = higher_law_text.strip()
    locked.save(update_fields=["kind", "higher_law", "higher_law_text", "updated_at"])
    return locked


@transaction.atomic
def draft_terminate(*, draft: Draft, on: date, report: str, actor: User, at: datetime | None = None) -> Draft:
    """审议中 → 已终止审议 (G14): a bill set aside (搁置审议) since its last reading without a vote for two
    years ends on ``on`` (≥ :func:`selectors.termination_due`), with the report to the Standing Committee
    (``report``: the meeting and the 主任会议's report). The Council of Chairpersons' members are notified.

    Raises:
        PermissionDeniedError: not staff. InvalidTransition: not 审议中. RuleViolation: ``vote_exists``
        (put to the vote), ``not_yet_due`` (before the two years are complete), ``report_required``.
    """
    locked = lock(draft)
    _require(permissions.can_manage(actor, locked))
    DRAFT_FLOW.check(locked.status, Status.TERMINATED)
    if locked.poll_id:
        raise RuleViolation("法规案已经交付表决，不能终止审议", code="vote_exists", extra={"rule": "G14"})
    due = selectors.termination_due(locked)
    months = conf.value("TERMINATION_MONTHS", locked.congress)  # G5: two years unless the congress's rules differ
    span = "两年" if months == 24 else f"{months}个月"
    if due is None or on < due:
        raise RuleViolation(
            f"法规案搁置审议满{span}的方可终止审议；本法规案最后一次审议后满{span}之日为{due:%Y-%m-%d}"
            if due
            else "法规案尚未审议，不能终止审议",
            code="not_yet_due",
            extra={"rule": "G14"},
        )
    if not report.strip():
        raise RuleViolation(
            "终止审议须由主任会议向常委会报告，请填写报告情况", code="report_required", extra={"rule": "G14"}
        )
    check_text(report.strip(), label="报告情况", max_length=300)
    locked.terminated_on = on
    transition(
        locked,
        workflow=DRAFT_FLOW,
        to=Status.TERMINATED,
        action=Action.TERMINATE,
        actor=actor,
        allowed=permissions.can_manage(actor, locked),
        note=f"搁置审议满{span}（{due:%Y-%m-%d}），{on:%Y-%m-%d} 终止审议；{report.strip()}",
        at=at,
        fields=["terminated_on"],
        notice=notices.terminated(locked),
    )
    return locked


@transaction.atomic
def publication_record(
    *,
    draft: Draft,
    channel: str,
    published_on: date,
    actor: User,
    reference: str = "",
    with_explanation: bool = False,
    with_results_report: bool = False,
    at: datetime | None = None,
) -> Publication:
    """Record that the announced regulation was published in ``channel`` (G17: the 公报, 中国人大网, the
    local 人大 website, a local newspaper). The 公报 carries the standard text with the explanation and
    the 审议结果报告, so a 公报 entry must include both.

    Raises:
        PermissionDeniedError: not staff. InvalidTransition: not yet announced (已公布 or 已报送备案 only).
        RuleViolation: ``invalid_channel``, ``before_promulgation``, ``materials_incomplete`` (公报 without
        the explanation or the report), ``already_published`` (the channel is recorded), ``too_long``.
    """
    locked = lock(draft)
    _require(permissions.can_manage(actor, locked))
    if locked.status not in (Status.PROMULGATED, Status.FILED):
        raise InvalidTransition("法规公布后才能登记刊登情况")
    if channel not in Publication.Channel.values:
        raise RuleViolation("请选择刊载渠道", code="invalid_channel", extra={"rule": "G17"})
    if locked.promulgated_on and published_on < locked.promulgated_on:
        raise RuleViolation("刊登日期不能早于公告公布日期", code="before_promulgation", extra={"rule": "G17"})
    if channel == Publication.Channel.GAZETTE and not (with_explanation and with_results_report):
        raise RuleViolation(
            "常委会公报应当同时刊登法规文本、草案说明和审议结果报告（公报文本为标准文本）",
            code="materials_incomplete",
            extra={"rule": "G17"},
        )
    if locked.publications.filter(channel=channel).exists():
        raise RuleViolation("该渠道的刊登情况已经登记", code="already_published", extra={"rule": "G17"})
    check_text(reference, label="期号或网址", max_length=200)
    pub = Publication.objects.create(
        draft=locked,
        channel=channel,
        published_on=published_on,
        reference=reference.strip(),
        with_explanation=with_explanation,
        with_results_report=with_results_report,
    )
    events.record(
        locked,
        action=Action.PUBLISH_TEXT,
        actor=actor,
        note=f"{pub.get_channel_display()} {published_on:%Y-%m-%d} {pub.reference}".strip(),
        at=at,
    )
    return pub
