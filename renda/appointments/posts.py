"""The post-type table of appointments by the Standing Committee (RULES.md §10, A1–A7, A9–A11, A18).

Each :class:`PostType` names the post, the organ it belongs to, who nominates it (the one organ head or
body the A rules name), whether one person holds it at a time (an appointment then ends the previous
holder's tenure in the register), and the pre-appointment steps (任前程序) it requires. The steps are
configurable: ``settings.RENDA_APPOINTMENTS["steps"]`` maps a post-type code to the list of step codes
that replaces the default below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as _n


class Organ(models.TextChoices):
    """The state organ a post belongs to."""

    GOVERNMENT = "government", _("市人民政府")
    SUPERVISION = "supervision", _("市监察委员会")
    COURT = "court", _("市中级人民法院")
    PROCURATORATE = "procuratorate", _("市人民检察院")
    CONGRESS = "congress", _("市人大常委会")


class Nominator(models.TextChoices):
    """Who may nominate (提请) an appointment or removal (A1–A6, A18, M26)."""

    MAYOR = "mayor", _("市长")
    SUPERVISION_DIRECTOR = "supervision_director", _("监察委员会主任")
    COURT_PRESIDENT = "court_president", _("中级人民法院院长")
    CHIEF_PROCURATOR = "chief_procurator", _("人民检察院检察长")
    COUNCIL = "council", _("主任会议")
    MEMBERS = "members", _("常委会组成人员五分之一以上联名")


#: The organ whose head is each nominator (the council stands for the Standing Committee itself).
NOMINATOR_ORGAN = {
    Nominator.MAYOR: Organ.GOVERNMENT,
    Nominator.SUPERVISION_DIRECTOR: Organ.SUPERVISION,
    Nominator.COURT_PRESIDENT: Organ.COURT,
    Nominator.CHIEF_PROCURATOR: Organ.PROCURATORATE,
    Nominator.COUNCIL: Organ.CONGRESS,
}
#: Nominators no organ's officer files for: the members' joint removal (M26) has its own route.
JOINT_NOMINATORS = (Nominator.MEMBERS,)


class Step(models.TextChoices):
    """Pre-appointment steps (A9 law exam, A10 statement, A11 public notice)."""

    LAW_EXAM = "law_exam", _("任前法律知识考试")
    STATEMENT = "statement", _("任前发言")
    PUBLICITY = "publicity", _("任前公示")
    DEFENCE = "defence", _("被提请撤职人申辩")


@dataclass(frozen=True)
class PostType:
    """One kind of post the city Standing Committee appoints (or refuses to, ``blocked``).

    Attributes:
        code: identifier stored on posts.
        label: Chinese name.
        organ: the organ of the post.
        nominator: who nominates (A1–A6).
        rule: the RULES.md id.
        single: one holder at a time (副市长 and deputy heads are several: False).
        steps: default pre-appointment steps (A9 all posts; A10 department heads, 监委副主任, 副院长,
            副检察长; A11 court and procuratorate nominees).
        blocked: a reason when the city Standing Committee may not appoint this post (A7).
        approval: the appointment is an approval (批准) of another level's act (A5 lower 检察长).
        elected: a reason when the congress elects the post (the Standing Committee only accepts the
            holder's resignation, A20, and names an acting head, A18).
        upper_approval: the Standing Committee's decision takes effect only after the upper-level
            Standing Committee approves it (A20: a 检察长's resignation).
        acting_from: for an acting Standing Committee post (A19), the membership roles the person must
            hold on the Standing Committee (``Membership.Role`` values).
    """

    code: str
    label: str
    organ: str
    nominator: str
    rule: str
    single: bool = True
    steps: tuple[str, ...] = (Step.LAW_EXAM,)
    blocked: str = ""
    approval: bool = False
    elected: str = ""
    upper_approval: bool = False
    acting_from: tuple[str, ...] = ()


_ELECTED = "由本级人民代表大会选举产生，常委会不任命，只可接受其辞职或决定代理人选"
_EXAM = (Step.LAW_EXAM,)
_EXAM_STATEMENT = (Step.LAW_EXAM, Step.STATEMENT)
_JUDICIAL = (Step.LAW_EXAM, Step.PUBLICITY)
_JUDICIAL_STATEMENT = (Step.LAW_EXAM, Step.STATEMENT, Step.PUBLICITY)

POST_TYPES: dict[str, PostType] = {
    p.code: p
    for p in (
        PostType("vice_mayor", _n("副市长"), Organ.GOVERNMENT, Nominator.MAYOR, "A1", single=False, steps=_EXAM_STATEMENT),
        PostType("gov_secretary_general", _n("市人民政府秘书长"), Organ.GOVERNMENT, Nominator.MAYOR, "A2", steps=_EXAM_STATEMENT),
        PostType("bureau_head", _n("市政府组成部门主任、局长"), Organ.GOVERNMENT, Nominator.MAYOR, "A2", steps=_EXAM_STATEMENT),
        PostType("supervision_deputy", _n("市监察委员会副主任"), Organ.SUPERVISION, Nominator.SUPERVISION_DIRECTOR, "A3",
            single=False, steps=_EXAM_STATEMENT,
        ),
        PostType("supervision_member", _n("市监察委员会委员"), Organ.SUPERVISION, Nominator.SUPERVISION_DIRECTOR, "A3",
            single=False,
        ),
        PostType("court_vice_president", _n("市中级人民法院副院长"), Organ.COURT, Nominator.COURT_PRESIDENT, "A4", single=False,
            steps=_JUDICIAL_STATEMENT,
        ),
        PostType("court_committee_member", _n("市中级人民法院审判委员会委员"), Organ.COURT, Nominator.COURT_PRESIDENT, "A4",
            single=False, steps=_JUDICIAL,
        ),
        PostType("court_division_head", _n("市中级人民法院庭长"), Organ.COURT, Nominator.COURT_PRESIDENT, "A4", steps=_JUDICIAL),
        PostType("court_division_deputy", _n("市中级人民法院副庭长"), Organ.COURT, Nominator.COURT_PRESIDENT, "A4", single=False,
            steps=_JUDICIAL,
        ),
        PostType("judge", _n("市中级人民法院审判员"), Organ.COURT, Nominator.COURT_PRESIDENT, "A4", single=False, steps=_JUDICIAL),
        PostType("deputy_procurator_general", _n("市人民检察院副检察长"), Organ.PROCURATORATE, Nominator.CHIEF_PROCURATOR, "A5",
            single=False, steps=_JUDICIAL_STATEMENT,
        ),
        PostType("procuratorial_committee_member", _n("市人民检察院检察委员会委员"), Organ.PROCURATORATE,
            Nominator.CHIEF_PROCURATOR, "A5", single=False, steps=_JUDICIAL,
        ),
        PostType("procurator", _n("市人民检察院检察员"), Organ.PROCURATORATE, Nominator.CHIEF_PROCURATOR, "A5", single=False,
            steps=_JUDICIAL,
        ),
        PostType("lower_chief_procurator", _n("区县人民检察院检察长（批准任免）"), Organ.PROCURATORATE,
            Nominator.CHIEF_PROCURATOR, "A5", steps=(), approval=True,
        ),
        PostType("committee_member", _n("专门委员会副主任委员、委员"), Organ.CONGRESS, Nominator.COUNCIL, "A6", single=False,
            steps=_EXAM,
        ),
        PostType("deputy_secretary_general", _n("常委会副秘书长"), Organ.CONGRESS, Nominator.COUNCIL, "A6", single=False),
        PostType("working_committee_head", _n("常委会工作委员会主任"), Organ.CONGRESS, Nominator.COUNCIL, "A6"),
        PostType("acting_head", _n("代理市长、监委主任、院长或检察长"), Organ.CONGRESS, Nominator.COUNCIL, "A18", steps=(),
        ),
        PostType("mayor", _n("市长"), Organ.GOVERNMENT, Nominator.COUNCIL, "A20", steps=(), elected=_ELECTED),
        PostType("supervision_director", _n("市监察委员会主任"), Organ.SUPERVISION, Nominator.COUNCIL, "A20", steps=(),
            elected=_ELECTED,
        ),
        PostType("court_president", _n("市中级人民法院院长"), Organ.COURT, Nominator.COUNCIL, "A20", steps=(),
            elected=_ELECTED,
        ),
        PostType("chief_procurator", _n("市人民检察院检察长"), Organ.PROCURATORATE, Nominator.COUNCIL, "A20", steps=(),
            elected=_ELECTED, upper_approval=True,
        ),
        PostType("acting_sc_director", _n("代理常委会主任"), Organ.CONGRESS, Nominator.COUNCIL, "A19", steps=(),
            acting_from=("vice_chair",),
        ),
        PostType("acting_sc_secretary_general", _n("代理常委会秘书长"), Organ.CONGRESS, Nominator.COUNCIL, "A19",
            steps=(), acting_from=("chair", "vice_chair", "secretary_general", "member"),
        ),
        PostType("peoples_assessor", _n("人民陪审员"), Organ.COURT, Nominator.COURT_PRESIDENT, "A7", single=False, steps=(),
            blocked="人民陪审员由基层人民法院所在地的人大常委会任命，市人大常委会不任命（人民陪审员法第十条）",
        ),
    )
}  # fmt: skip


def post_type(code: str) -> PostType:
    """The post type ``code``; raises ``KeyError`` for an unknown one."""
    return POST_TYPES[code]


def post_type_choices(*, include_blocked: bool = False) -> list[tuple[str, Any]]:
    """(code, label) pairs for forms; blocked types (A7) only when ``include_blocked``."""
    return [(p.code, _(p.label)) for p in POST_TYPES.values() if include_blocked or not p.blocked]


def _conf() -> dict:
    return dict(getattr(settings, "RENDA_APPOINTMENTS", {}) or {})


def steps_for(code: str) -> tuple[str, ...]:
    """The pre-appointment steps of a post type: the setting's override, else the table's default."""
    override = _conf().get("steps", {}).get(code)
    return tuple(override) if override is not None else POST_TYPES[code].steps


def filing_days() -> int:
    """A8: calendar days a 任免案 must be filed before the meeting (DEFAULT 10; Chongqing 7)."""
    return int(_conf().get("filing_days", 10))


def oath_days() -> int:
    """A17: calendar days after adoption within which the oath is due before the overdue board shows
    it (the rules say "on taking office" and give no number: DEFAULT 30, a setting)."""
    return int(_conf().get("oath_days", 30))


def notify_days() -> int:
    """A15: calendar days after adoption within which the organs get the formal notice (Beijing 2023
    第21条: 3), a setting."""
    return int(_conf().get("notify_days", 3))


def reelection_months() -> int:
    """A2: months after a new government is elected within which the mayor submits the appointments of
    the 秘书长 and the heads of bureaus and commissions (2)."""
    return int(_conf().get("reelection_months", 2))


#: A2, A22: posts nominated by the mayor, re-appointed after each election of a new government.
MAYOR_POSTS = ("gov_secretary_general", "bureau_head")


def retry_months() -> int:
    """A14: months before a person who failed the vote may be nominated for the same post again (6)."""
    return int(_conf().get("retry_months", 6))


#: A17: the oath, verbatim (决定 2018 point 二); 75 Chinese characters, 85 with punctuation.
OATH_TEXT_2018 = (
    "我宣誓：忠于中华人民共和国宪法，维护宪法权威，履行法定职责，忠于祖国、忠于人民，恪尽职守、廉洁奉公，"
    "接受人民监督，为建设富强民主文明和谐美丽的社会主义现代化强国努力奋斗！"
)
OATH_VERSIONS = {"2018": OATH_TEXT_2018}
