"""Pure tally rules V1–V5, L4, L7 (no database), with hypothesis property tests."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.meetings.rules import (
    Counts,
    QuorumRule,
    Satisfaction,
    Threshold,
    decide,
    full_text,
    passes,
    quorum_met,
    quorum_required,
    satisfaction_passes,
    satisfaction_text,
    select_projects,
    yes_required,
)


def test_V1_congress_quorum_two_thirds_of_all_deputies():
    # given 345 deputies: two-thirds is 230
    # then 230 present is a quorum and 229 is not
    assert quorum_met(present=230, total=345, rule=QuorumRule.TWO_THIRDS)
    assert not quorum_met(present=229, total=345, rule=QuorumRule.TWO_THIRDS)
    assert quorum_required(total=345, rule=QuorumRule.TWO_THIRDS) == 230


def test_V2_majority_of_all_deputies_counts_against_full_membership():
    # given 345 deputies of whom only 240 voted, 172 for
    # when decided under majority of all
    result = decide(counts=Counts(172, 10, 58), total=345, present=240, threshold=Threshold.MAJORITY_OF_ALL)
    # then 172 is not more than half of 345, even though it is most of those voting
    assert not result.passed
    assert result.text == "赞成 172 票，未超过全体组成人员 345 人的半数，未通过"
    # and 173 passes
    assert passes(yes=173, total=345, threshold=Threshold.MAJORITY_OF_ALL)
    assert yes_required(total=345, threshold=Threshold.MAJORITY_OF_ALL) == 173


def test_V2_abstentions_never_help_a_motion_pass():
    # given 46 members, 23 for and 23 abstaining (nobody against)
    result = decide(counts=Counts(23, 0, 23), total=46, present=46, threshold=Threshold.MAJORITY_OF_ALL)
    # then exactly half is not more than half
    assert not result.passed


def test_V3_standing_committee_quorum_more_than_half():
    # given 40 members: more than half is 21
    assert quorum_met(present=21, total=40, rule=QuorumRule.MORE_THAN_HALF)
    assert not quorum_met(present=20, total=40, rule=QuorumRule.MORE_THAN_HALF)


def test_V3_two_thirds_of_all_members_includes_the_figure():
    # given 45 members: two-thirds is exactly 30 ("三分之二以上" includes 30)
    assert passes(yes=30, total=45, threshold=Threshold.TWO_THIRDS_OF_ALL)
    assert not passes(yes=29, total=45, threshold=Threshold.TWO_THIRDS_OF_ALL)
    result = decide(counts=Counts(29, 1, 0), total=45, present=30, threshold=Threshold.TWO_THIRDS_OF_ALL)
    assert result.text == "赞成 29 票，未达到全体组成人员 45 人的三分之二，未通过"


def test_V5_presidium_result_text_matches_the_record():
    # given the seed's Presidium: 46 members, all present
    result = decide(
        counts=Counts(30, 6, 10),
        total=46,
        present=46,
        threshold=Threshold.MAJORITY_OF_ALL,
        electorate_label="全体主席团成员",
    )
    # then the drafted text shows its arithmetic
    assert result.passed
    assert result.text == "赞成 30 票，超过全体主席团成员 46 人的半数，通过"
    assert "应到 46 人，实到 46 人" in full_text(result, title="关于计划的决议（草案）")


def test_V5_presidium_quorum_boundary():
    # given 46 Presidium members: > half is 24
    assert quorum_met(present=24, total=46, rule=QuorumRule.MORE_THAN_HALF)
    assert not quorum_met(present=23, total=46, rule=QuorumRule.MORE_THAN_HALF)


def test_decide_refuses_more_votes_than_present():
    # given 25 votes but 24 members present; when decided; then refused as impossible
    with pytest.raises(ValueError):
        decide(counts=Counts(20, 5, 0), total=46, present=24, threshold=Threshold.MAJORITY_OF_ALL)


@given(
    total=st.integers(min_value=1, max_value=1000),
    data=st.data(),
    threshold=st.sampled_from(list(Threshold)),
)
def test_V2_property_a_vote_never_passes_below_the_statutory_denominator(total, data, threshold):
    # given any split of votes among the members present
    present = data.draw(st.integers(min_value=0, max_value=total))
    yes = data.draw(st.integers(min_value=0, max_value=present))
    no = data.draw(st.integers(min_value=0, max_value=present - yes))
    abstain = data.draw(st.integers(min_value=0, max_value=present - yes - no))
    # when decided
    result = decide(counts=Counts(yes, no, abstain), total=total, present=present, threshold=threshold)
    # then it passes exactly when 赞成 reaches the fraction of the FULL membership
    bound = Fraction(1, 2) if threshold is Threshold.MAJORITY_OF_ALL else Fraction(2, 3)
    if result.passed:
        assert Fraction(yes, total) > bound or (
            threshold is Threshold.TWO_THIRDS_OF_ALL and Fraction(yes, total) == bound
        )
    else:
        assert Fraction(yes, total) <= bound
    # and moving abstentions to 反对 never changes the outcome
    moved = decide(counts=Counts(yes, no + abstain, 0), total=total, present=present, threshold=threshold)
    assert moved.passed == result.passed


def test_L4_selects_top_n_with_majority_of_all_deputies():
    # given 345 deputies, 3 seats, and one candidate with only 172 赞成 (not > half)
    yes = {"a": 300, "b": 250, "c": 200, "d": 180, "e": 172}
    # when selected
    sel = select_projects(yes=yes, total=345, seats=3)
    # then the top three are chosen and 172 was never eligible
    assert sel.selected == ["a", "b", "c"]
    assert sel.complete
    assert "e" not in sel.eligible


def test_L4_fewer_eligible_than_seats_leaves_seats_empty():
    # given only two candidates above half of all deputies
    sel = select_projects(yes={"a": 173, "b": 200, "c": 172}, total=345, seats=10)
    # then only those two are chosen (a seat is never filled below the denominator)
    assert sel.selected == ["b", "a"]


def test_L4_tie_at_cut_line_goes_to_revote():
    # given 3 seats and b, c, d tied at the cut line with 250
    sel = select_projects(yes={"a": 300, "b": 250, "c": 250, "d": 250, "e": 200}, total=345, seats=3)
    # then a is chosen, and b, c, d are re-voted for the 2 remaining seats
    assert sel.selected == ["a"]
    assert sel.revote == ["b", "c", "d"]
    assert sel.revote_seats == 2
    assert not sel.complete


def test_L4_tie_that_fits_the_seats_needs_no_revote():
    # given 3 seats and a tie for 2nd/3rd that both fit; when selected
    sel = select_projects(yes={"a": 300, "b": 250, "c": 250, "d": 200}, total=345, seats=3)
    # then both are chosen without a re-vote
    assert sel.selected == ["a", "b", "c"]
    assert sel.complete


@given(
    total=st.integers(min_value=1, max_value=400),
    seats=st.integers(min_value=1, max_value=12),
    data=st.data(),
)
def test_L4_property_selected_projects_satisfy_the_rule(total, seats, data):
    # given any 赞成 counts for up to 20 candidates
    n = data.draw(st.integers(min_value=1, max_value=20))
    yes = {i: data.draw(st.integers(min_value=0, max_value=total)) for i in range(n)}
    # when selected
    sel = select_projects(yes=yes, total=total, seats=seats)
    chosen = set(sel.selected)
    # then every chosen and every re-voted project has 赞成 > half of all deputies
    assert all(yes[k] * 2 > total for k in chosen | set(sel.revote))
    # and never more than N are chosen, counting the seats left for the re-vote
    assert len(chosen) + sel.revote_seats <= seats
    # and anything chosen beats anything eligible that was not chosen nor re-voted
    rest = [k for k in sel.eligible if k not in chosen and k not in sel.revote]
    assert all(yes[c] >= yes[r] for c in chosen for r in rest)
    # and a re-vote is only for a tie: all re-voted candidates have the same count, more than the seats left
    if sel.revote:
        assert len({yes[k] for k in sel.revote}) == 1
        assert len(sel.revote) > sel.revote_seats > 0
        assert all(yes[c] > yes[sel.revote[0]] for c in chosen)
    else:
        assert len(chosen) == min(seats, len(sel.eligible))


def test_L7_satisfaction_default_pass_mark_is_more_than_half_of_valid_votes():
    # given 100 valid votes with 满意 + 基本满意 = 51
    assert satisfaction_passes(Satisfaction(30, 21, 40, 9))
    # and exactly 50 does not pass (strictly greater)
    assert not satisfaction_passes(Satisfaction(30, 20, 40, 10))
    assert satisfaction_text(Satisfaction(30, 21, 40, 9)).endswith("超过 50%，测评满意")


def test_L7_pass_mark_is_configurable():
    # given 70 of 100 满意 or 基本满意
    votes = Satisfaction(50, 20, 30, 0)
    # then it passes a 2/3 mark, not a 7/10 mark; an empty vote never passes
    assert satisfaction_passes(votes, pass_mark=Fraction(2, 3))
    assert not satisfaction_passes(votes, pass_mark=Fraction(7, 10))
    assert not satisfaction_passes(Satisfaction(0, 0, 0, 0))
