"""Who decides a satisfaction option's result: L7 (the livelihood projects' pass mark) unless the app
that owns the option's subject registers its own rule — the oversight app's M10 for a report
(RULES.md M10 vs L7). A registered rule is the single source of both the poll's result text and the
subject's own record, so the two pages cannot disagree."""

from __future__ import annotations

from collections.abc import Callable

from renda.meetings import conf, rules
from renda.meetings.models import PollOption

#: (passed, result text) of one satisfaction option.
Verdict = tuple[bool, str]
_RULES: dict[str, Callable[[PollOption], Verdict]] = {}


def register_satisfaction_rule(model_label: str, rule: Callable[[PollOption], Verdict]) -> None:
    """Decide satisfaction options whose subject is a ``model_label`` ("app_label.model", lower case)
    with ``rule`` (called by the owning app's ``AppConfig.ready``)."""
    _RULES[model_label.lower()] = rule


def satisfaction_verdict(option: PollOption) -> Verdict:
    """(passed, text) of a satisfaction option: the registered rule of its subject's model, else L7
    (满意 + 基本满意 > the pass mark of valid votes)."""
    ct = option.content_type
    rule = _RULES.get(f"{ct.app_label}.{ct.model}") if ct is not None else None
    if rule is not None:
        return rule(option)
    votes = rules.Satisfaction(
        option.count("satisfied"),
        option.count("basically_satisfied"),
        option.count("dissatisfied"),
        option.count("abstain"),
    )
    mark = conf.satisfaction_pass_mark()
    return rules.satisfaction_passes(votes, pass_mark=mark), rules.satisfaction_text(votes, pass_mark=mark)
