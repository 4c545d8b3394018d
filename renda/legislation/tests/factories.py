"""Builders for legislation tests: a congress with staff, a Standing Committee of 10 members and its
meetings, a draft with an imported version."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from renda.legislation import services
from renda.legislation.docstruct import parse_paragraphs
from renda.legislation.models import Draft, DraftVersion
from renda.meetings.models import Meeting
from renda.meetings.tests import factories as mf
from renda.organization.models import Body, User
from renda.organization.tests import factories as f

TEXT = [
    "某市河流流域保护条例（草案）",
    "第一章　总则",
    "第一条　为了保护本市河流流域生态环境，根据有关法律、法规，结合本市实际，制定本条例。",
    "第二条　本市行政区域内河流流域的保护、治理和利用，适用本条例。",
    "第三条　流域保护坚持生态优先、统筹规划、协同治理的原则。",
    "第二章　规划与管控",
    "第四条　市人民政府应当组织编制流域保护规划，报同级人大常委会备案。",
    "第五条　禁止在河道管理范围内倾倒垃圾、渣土和其他废弃物。",
    "违反前款规定的，由有关部门责令改正。",
    "第六条　县级以上人民政府应当建立流域生态补偿机制。",
    "第三章　附则",
    "第七条　本条例自公布之日起施行。",
]


#: G11: the 主任会议's decision to publish a draft before its first reading (tests open periods early).
EARLY = "第10次主任会议决定一审前公开征求意见"


@dataclass
class World:
    """A congress's staff, its Standing Committee (10 members) and a draft with one version."""

    staff: User
    body: Body
    draft: Draft
    version: DraftVersion

    def meeting(self, number: int, *, start: bool = True) -> Meeting:
        """A Standing Committee meeting (2026-03-21) of the body."""
        return mf.meeting_of(self.body, actor=self.staff, number=number, start=start)


def world(*, subject: str = Draft.Subject.ECOLOGY, **kw: Any) -> World:
    """A world with a draft 起草中 and its first version."""
    term: Any = f.TermFactory()
    staff: Any = f.UserFactory(role=User.Role.STAFF, congress=term.congress, is_staff=True)
    body = mf.body_with_members(kind=Body.Kind.STANDING_COMMITTEE, size=10, term=term)
    draft = services.draft_create(
        congress=term.congress, title="某市河流流域保护条例", subject=subject, actor=staff, **kw
    )
    version = services.version_create(draft=draft, label="草案", document=parse_paragraphs(TEXT), actor=staff)
    return World(staff, body, draft, version)


def submitted(w: World, *, proposer: str = Draft.Proposer.COUNCIL, on: date = date(2026, 1, 10)) -> Draft:
    """The world's draft submitted by ``proposer``."""
    return services.draft_submit(draft=w.draft, proposer=proposer, actor=w.staff, submitted_on=on)


def read(w: World, times: int) -> None:
    """Hold ``times`` readings at meetings numbered 1…times."""
    for n in range(1, times + 1):
        report = "法制委员会关于审议结果的报告" if n == times and n >= 2 else ""
        services.reading_schedule(
            draft=w.draft, version=w.version, meeting=w.meeting(n), actor=w.staff, results_report=report
        )
        w.draft.refresh_from_db()
