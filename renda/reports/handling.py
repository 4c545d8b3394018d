"""The office's report on the handling of deputies' suggestions (S5, S20): per handling unit, what it
received, replied on time, the reply classes A/B/C/D, the consultation rate, the deputies' satisfaction
and the commitments still open, for the suggestions of a period; as rows and as a GB/T 9704 .docx.

Read from the proposals selectors the metric dictionary uses (``metrics``' suggestions of the period),
so the totals agree with the 工作统计 figures (replies on time, ratings, satisfaction).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from renda.proposals import selectors as proposals
from renda.reports import metrics
from renda.reports.document import Block
from renda.reports.periods import Period

CLASSES = ("A", "B", "C", "D")


@dataclass(frozen=True)
class UnitRow:
    """One handling unit's figures: assignments received (件次), replies on time (件次), latest replies
    by class, assignments with a consultation, deputies' ratings and how many were 满意/基本满意, and
    open commitments (S19) made in replies to these suggestions."""

    unit: str
    received: int
    on_time: int
    classes: tuple[int, int, int, int]
    consulted: int
    evaluations: int
    satisfied: int
    commitments_open: int
    unit_id: int = 0

    @property
    def consultation_rate(self) -> float:
        """Assignments with a consultation (S4) as % of those received, one decimal place."""
        return round(100 * self.consulted / self.received, 1) if self.received else 0.0

    @property
    def satisfaction_rate(self) -> float:
        """满意 and 基本满意 ratings as % of all ratings, one decimal place (0.0 when none)."""
        return round(100 * self.satisfied / self.evaluations, 1) if self.evaluations else 0.0


def unit_rows(congress_id: int, period: Period) -> list[UnitRow]:
    """One row per handling unit that received a suggestion of the period, by unit name (eight queries).
    Classes count each assignment's latest reply (a re-handled one whose new reply is pending keeps its
    earlier class)."""
    suggestions = metrics.get("suggestions").records(congress_id, period)  # type: ignore[union-attr]
    received: Counter[int] = Counter()
    names: dict[int, str] = {}
    consulted: set[int] = set()
    for a in proposals.assignments_of(suggestions).prefetch_related("consultations"):
        received[a.unit_id] += 1
        names[a.unit_id] = a.unit.name
        if a.consultations.all():
            consulted.add(a.pk)
    consulted_by: Counter[int] = Counter(
        a.unit_id for a in proposals.assignments_of(suggestions).filter(pk__in=consulted).only("unit_id")
    )
    on_time = Counter(proposals.replies_on_time(suggestions).values_list("assignment__unit_id", flat=True))
    latest: dict[int, tuple[int, str]] = {}  # assignment → (unit, class) of its latest reply (replies oldest first)
    for assignment_id, unit_id, reply_class in proposals.replies_of(suggestions).values_list(
        "assignment_id", "assignment__unit_id", "reply_class"
    ):
        latest[assignment_id] = (unit_id, reply_class)
    classes = Counter(latest.values())
    ratings = Counter(proposals.evaluations_of(suggestions).values_list("reply__assignment__unit_id", flat=True))
    satisfied = Counter(
        proposals.evaluations_of(suggestions, satisfied_only=True).values_list("reply__assignment__unit_id", flat=True)
    )
    open_ = Counter(
        proposals.open_commitments()
        .filter(reply__assignment__proposal__in=suggestions.values("pk"))
        .values_list("unit_id", flat=True)
    )
    return sorted(
        (
            UnitRow(
                names[u],
                received[u],
                on_time[u],
                (classes[(u, "A")], classes[(u, "B")], classes[(u, "C")], classes[(u, "D")]),
                consulted_by[u],
                ratings[u],
                satisfied[u],
                open_[u],
                u,
            )
            for u in received
        ),
        key=lambda r: r.unit,
    )


HEADER = ["承办单位", "交办件次", "按期答复", "A类", "B类", "C类", "D类", "沟通率", "满意率", "未兑现承诺"]


def compose_handling(rows: list[UnitRow], *, period_label: str) -> list[Block]:
    """The office's report (统计部分): the totals in a paragraph and the per-unit table (a Chinese
    official document, not interface text; see ``renda.reports.document``)."""
    total = UnitRow(
        "合计",
        sum(r.received for r in rows),
        sum(r.on_time for r in rows),
        tuple(sum(r.classes[i] for r in rows) for i in range(4)),  # type: ignore[arg-type]
        sum(r.consulted for r in rows),
        sum(r.evaluations for r in rows),
        sum(r.satisfied for r in rows),
        sum(r.commitments_open for r in rows),
    )
    a, b, c, d = total.classes
    table = [HEADER] + [
        [r.unit, str(r.received), str(r.on_time), *map(str, r.classes), f"{r.consultation_rate:.1f}%",
         f"{r.satisfaction_rate:.1f}%", str(r.commitments_open)]
        for r in [*rows, total]
    ]  # fmt: skip
    summary = (
        f"{len(rows)}个承办单位共收到交办的代表建议{total.received}件次，按期答复{total.on_time}件次。"
        f"答复类别：A类{a}件、B类{b}件、C类{c}件、D类{d}件。"
        f"办理前与代表沟通的占{total.consultation_rate:.1f}%，代表评价{total.evaluations}人次，"
        f"满意和基本满意的占{total.satisfaction_rate:.1f}%，尚未兑现并告知代表的答复承诺{total.commitments_open}项。"
    )
    return [
        Block(0, "", [f"关于{period_label}代表建议办理情况的报告（统计部分）"]),
        Block(1, "一、", ["总体情况"]),
        Block(5, "", [summary]),
        Block(1, "二、", ["各承办单位办理情况"]),
        Block(6, "", [], table),
    ]
