"""Pure tally rules for meetings and votes (RULES.md §3 V1–V5, §4 L4 and L7). No ORM here.

Every count is a whole number of people; every denominator is the FULL membership of the body
(全体代表 / 全体组成人员 / 全体主席团成员), never the members present and never the votes cast.
Abstentions (弃权) and members who did not vote never help a motion pass.

Sources: 地方组织法 第14条第4款 (V1 quorum of a congress session), 第25条 (V2 majority of all
deputies), 第51条 (V3 Standing Committee quorum and majority); NPC 全国人民代表大会议事规则 第9条 (V5
Presidium). L4 (livelihood selection) is UNCONFIRMED and follows V2; the L7 pass mark is UNCONFIRMED
and configurable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Generic, TypeVar

K = TypeVar("K")


class Threshold(StrEnum):
    """How many 赞成 votes a motion needs, always counted against the full membership."""

    MAJORITY_OF_ALL = "majority_of_all"
    """More than half of all members/deputies (过半数): yes × 2 > total (V2, V3, V5)."""
    TWO_THIRDS_OF_ALL = "two_thirds_of_all"
    """Two-thirds of all members or more (三分之二以上, "以上" includes the figure): yes × 3 ≥ total × 2."""


class QuorumRule(StrEnum):
    """How many members must be present for the meeting to act."""

    TWO_THIRDS = "two_thirds"
    """At least two-thirds of all deputies (V1, congress plenary): present × 3 ≥ total × 2."""
    MORE_THAN_HALF = "more_than_half"
    """More than half of all members (V3 Standing Committee; V5 Presidium default): present × 2 > total."""


class Outcome(StrEnum):
    """A poll's result: passed or not, with its arithmetic text (V2–V5)."""

    PASSED = "passed"
    FAILED = "failed"


def quorum_met(*, present: int, total: int, rule: QuorumRule) -> bool:
    """True if ``present`` members out of the body's ``total`` (full membership) form a quorum.

    Args:
        present: members checked in (people; those on leave or absent are not present).
        total: full membership of the body (the statutory denominator), > 0.
        rule: the body's quorum rule (V1 for a congress plenary, V3/V5 otherwise).
    Raises:
        ValueError: ``total`` ≤ 0, or ``present`` outside 0…total.
    """
    _check_counts(total=total, counts=(present,))
    if rule is QuorumRule.TWO_THIRDS:
        return present * 3 >= total * 2
    return present * 2 > total


def quorum_required(*, total: int, rule: QuorumRule) -> int:
    """The smallest number of members present that forms a quorum of ``total``."""
    return next(n for n in range(total + 1) if quorum_met(present=n, total=total, rule=rule))


def passes(*, yes: int, total: int, threshold: Threshold) -> bool:
    """True if ``yes`` votes carry a motion in a body of ``total`` members (V2/V3/V5).

    Only 赞成 counts: 反对, 弃权 and not voting all count against. The denominator is ``total``,
    the full membership of the body, not those present.
    """
    _check_counts(total=total, counts=(yes,))
    if threshold is Threshold.TWO_THIRDS_OF_ALL:
        return yes * 3 >= total * 2
    return yes * 2 > total


def yes_required(*, total: int, threshold: Threshold) -> int:
    """The smallest number of 赞成 votes that carries a motion in a body of ``total`` members."""
    return next(n for n in range(total + 1) if passes(yes=n, total=total, threshold=threshold))


@dataclass(frozen=True)
class Counts:
    """Votes on one motion: 赞成 / 反对 / 弃权 (people). Members present who pressed nothing are
    ``present - yes - no - abstain``."""

    yes: int
    no: int
    abstain: int

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain


@dataclass(frozen=True)
class Result:
    """The outcome of one motion with its arithmetic, as printed in the record."""

    outcome: Outcome
    counts: Counts
    total: int
    present: int
    threshold: Threshold
    text: str

    @property
    def passed(self) -> bool:
        return self.outcome is Outcome.PASSED


THRESHOLD_PHRASE = {Threshold.MAJORITY_OF_ALL: "半数", Threshold.TWO_THIRDS_OF_ALL: "三分之二"}


def decide(
    *, counts: Counts, total: int, present: int, threshold: Threshold, electorate_label: str = "全体组成人员"
) -> Result:
    """Decide a motion and draft its result text.

    Args:
        counts: 赞成/反对/弃权 as counted (people).
        total: full membership (the statutory denominator).
        present: members present when the vote was taken (应到 ``total``, 实到 ``present``).
        threshold: the item's rule template (V2–V5).
        electorate_label: how the record names the denominator, e.g. "全体主席团成员", "全体代表".
    Returns:
        :class:`Result` with a text such as
        "赞成 30 票，超过全体主席团成员 46 人的半数，通过".
    Raises:
        ValueError: negative counts, more votes than members present, or present > total.
    """
    _check_counts(total=total, counts=(present, counts.yes, counts.no, counts.abstain))
    if counts.cast > present:
        raise ValueError(f"votes cast ({counts.cast}) exceed members present ({present})")
    ok = passes(yes=counts.yes, total=total, threshold=threshold)
    phrase = THRESHOLD_PHRASE[threshold]
    verb = ("超过" if ok else "未超过") if threshold is Threshold.MAJORITY_OF_ALL else ("达到" if ok else "未达到")
    text = f"赞成 {counts.yes} 票，{verb}{electorate_label} {total} 人的{phrase}，{'通过' if ok else '未通过'}"
    return Result(
        outcome=Outcome.PASSED if ok else Outcome.FAILED,
        counts=counts,
        total=total,
        present=present,
        threshold=threshold,
        text=text,
    )


def full_text(result: Result, *, title: str) -> str:
    """The drafted result paragraph for the record: attendance, counts, then the decision."""
    c = result.counts
    return (
        f"{title}：应到 {result.total} 人，实到 {result.present} 人。"
        f"表决结果：赞成 {c.yes} 票，反对 {c.no} 票，弃权 {c.abstain} 票，未按表决器 {result.present - c.cast} 人。"
        f"{result.text}。"
    )


# --- V4: who may put a bill to the Standing Committee --------------------------------------------------

SC_BILL_INSTITUTIONAL_PROPOSERS = frozenset({"council_of_chairpersons", "government", "special_committee"})
SC_BILL_MIN_MEMBERS = 5


def standing_committee_bill_allowed(*, proposer: str, co_signers: int = 0) -> bool:
    """V4 (地方组织法 第52条, 设区的市): a bill to the Standing Committee comes from the Council of
    Chairpersons, the people's government, a special committee, or at least 5 members jointly
    (``proposer="members"`` with ``co_signers`` ≥ 5)."""
    if proposer in SC_BILL_INSTITUTIONAL_PROPOSERS:
        return True
    return proposer == "members" and co_signers >= SC_BILL_MIN_MEMBERS


# --- B2: who may put a bill to the congress ----------------------------------------------------------

CONGRESS_BILL_INSTITUTIONAL_PROPOSERS = frozenset(
    {"presidium", "standing_committee", "special_committee", "government", "delegation"}
)
CONGRESS_BILL_MIN_DEPUTIES = 10


BILL_PROPOSERS: list[tuple[str, str]] = [
    ("council_of_chairpersons", "主任会议"),
    ("government", "人民政府"),
    ("special_committee", "专门委员会"),
    ("members", "常委会组成人员联名"),
    ("presidium", "大会主席团"),
    ("standing_committee", "常务委员会"),
    ("delegation", "代表团"),
    ("deputies", "代表联名"),
]
"""Proposers of a bill (V4 for the Standing Committee, B2 for the congress), value and Chinese label."""


def congress_bill_allowed(*, proposer: str, co_signers: int = 0) -> bool:
    """B2 (地方组织法 第22条第2款, county level and above): a bill to the congress comes from the
    presidium, the Standing Committee, a special committee, the people's government, a delegation, or
    at least 10 deputies jointly (``proposer="deputies"`` with ``co_signers`` ≥ 10)."""
    if proposer in CONGRESS_BILL_INSTITUTIONAL_PROPOSERS:
        return True
    return proposer == "deputies" and co_signers >= CONGRESS_BILL_MIN_DEPUTIES


# --- L4: livelihood projects chosen by the deputies' vote -------------------------------------------


@dataclass(frozen=True)
class Selection(Generic[K]):
    """The outcome of a livelihood vote under L4.

    Attributes:
        selected: candidates chosen outright, by 赞成 descending.
        revote: candidates tied at the cut line that must be voted again (empty when none).
        revote_seats: how many of ``revote`` the re-vote may still choose.
        eligible: candidates with 赞成 > half of ALL deputies (the rest can never be chosen).
    """

    selected: list[K]
    revote: list[K] = field(default_factory=list)
    revote_seats: int = 0
    eligible: list[K] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.revote


def select_projects(*, yes: Mapping[K, int], total: int, seats: int) -> Selection[K]:
    """Choose livelihood projects by L4.

    A candidate is eligible only with 赞成 > half of ALL deputies (``total``, not those voting).
    The eligible candidates are ranked by 赞成; the top ``seats`` are chosen. When candidates tie on
    赞成 at the cut line so that choosing all of them would exceed ``seats``, those above the tie
    are chosen and the tied ones go to a re-vote for the remaining seats.

    Args:
        yes: 赞成 per candidate (people).
        total: all deputies (the statutory denominator).
        seats: N, how many projects the programme chooses (> 0).
    Returns:
        :class:`Selection`; ``selected`` is ordered by 赞成 descending, then by the key's order in ``yes``.
    Raises:
        ValueError: ``seats`` < 1 or counts outside 0…total.
    """
    if seats < 1:
        raise ValueError("seats must be at least 1")
    _check_counts(total=total, counts=tuple(yes.values()))
    order = {k: i for i, k in enumerate(yes)}
    eligible = sorted(
        (k for k, v in yes.items() if passes(yes=v, total=total, threshold=Threshold.MAJORITY_OF_ALL)),
        key=lambda k: (-yes[k], order[k]),
    )
    if len(eligible) <= seats:
        return Selection(selected=eligible, eligible=eligible)
    cut = yes[eligible[seats - 1]]
    above = [k for k in eligible if yes[k] > cut]
    at_cut = [k for k in eligible if yes[k] == cut]
    if len(above) + len(at_cut) <= seats:
        return Selection(selected=above + at_cut, eligible=eligible)
    return Selection(selected=above, revote=at_cut, revote_seats=seats - len(above), eligible=eligible)


# --- L7: the year-end satisfaction evaluation ---------------------------------------------------------


@dataclass(frozen=True)
class Satisfaction:
    """Votes on one project's delivery: 满意 / 基本满意 / 不满意 / 弃权 (people)."""

    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    abstain: int = 0

    @property
    def valid(self) -> int:
        """Valid votes: every ballot cast, abstentions included (they are valid but approve nothing)."""
        return self.satisfied + self.basically_satisfied + self.dissatisfied + self.abstain

    @property
    def approval(self) -> Fraction:
        """(满意 + 基本满意) / valid votes; 0 when nobody voted."""
        if not self.valid:
            return Fraction(0)
        return Fraction(self.satisfied + self.basically_satisfied, self.valid)


DEFAULT_SATISFACTION_PASS_MARK = Fraction(1, 2)


def satisfaction_passes(votes: Satisfaction, *, pass_mark: Fraction = DEFAULT_SATISFACTION_PASS_MARK) -> bool:
    """L7: the project is rated satisfactory when (满意 + 基本满意) > ``pass_mark`` of valid votes.

    ``pass_mark`` is a setting (UNCONFIRMED, default 1/2, strictly greater). No votes never passes.
    """
    if any(v < 0 for v in (votes.satisfied, votes.basically_satisfied, votes.dissatisfied, votes.abstain)):
        raise ValueError("counts must not be negative")
    return votes.valid > 0 and votes.approval > pass_mark


def satisfaction_text(votes: Satisfaction, *, pass_mark: Fraction = DEFAULT_SATISFACTION_PASS_MARK) -> str:
    """ "满意 120 票、基本满意 150 票，占有效票 300 票的 90.0%，超过 50%，测评满意"."""
    ok = satisfaction_passes(votes, pass_mark=pass_mark)
    share = float(votes.approval) * 100
    return (
        f"满意 {votes.satisfied} 票、基本满意 {votes.basically_satisfied} 票，"
        f"占有效票 {votes.valid} 票的 {share:.1f}%，{'超过' if ok else '未超过'} {float(pass_mark) * 100:g}%，"
        f"{'测评满意' if ok else '测评不满意'}"
    )


def _check_counts(*, total: int, counts: Sequence[int]) -> None:
    if total <= 0:
        raise ValueError("the membership must have at least one member")
    for c in counts:
        if c < 0 or c > total:
            raise ValueError(f"count {c} outside 0…{total}")
