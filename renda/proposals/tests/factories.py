"""Builders for proposal tests: a congress with a session, deputies, units and users per role."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core.documents import blank_pdf
from renda.organization.models import Body, Deputy, HandlingUnit, Membership, Session, User
from renda.organization.tests import factories as f
from renda.proposals import services
from renda.proposals.models import Assignment, Consultation, Proposal, Reply

SH = ZoneInfo("Asia/Shanghai")
BODY = "建议在城区主干道增设非机动车专用道，完善交通标志标线，保障市民出行安全，并同步建设停车设施。"


def at(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, 0, tzinfo=SH)


def pdf(name: str = "reply.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, blank_pdf("盖章答复"), content_type="application/pdf")


@dataclass
class World:
    session: Session
    staff: User
    deputies: list[Deputy]
    deputy_users: list[User]
    units: list[HandlingUnit]
    unit_users: list[User]
    vice_chair: Deputy
    committee: Body
    extra: dict = field(default_factory=dict)


def world(n_deputies: int = 4, n_units: int = 3) -> World:
    session: Any = f.SessionFactory()
    term = session.term
    congress = term.congress
    staff = f.UserFactory(role=User.Role.STAFF, username="w_staff", congress=congress, is_staff=True)
    deputies = [f.DeputyFactory(term=term) for _ in range(n_deputies)]
    deputy_users = [
        f.UserFactory(role=User.Role.DEPUTY, username=f"w_dep{i}", deputy=d, congress=congress)
        for i, d in enumerate(deputies)
    ]
    units = [f.HandlingUnitFactory(congress=congress) for _ in range(n_units)]
    unit_users = [
        f.UserFactory(role=User.Role.UNIT_OFFICER, username=f"w_unit{i}", handling_unit=u, congress=congress)
        for i, u in enumerate(units)
    ]
    sc = f.BodyFactory(term=term, kind=Body.Kind.STANDING_COMMITTEE, name="常务委员会")
    f.BodyFactory(term=term, kind=Body.Kind.COUNCIL_OF_CHAIRPERSONS, name="主任会议")
    committee = f.BodyFactory(term=term, kind=Body.Kind.SPECIAL_COMMITTEE, name="城乡建设环境保护委员会")
    vice_chair = f.DeputyFactory(term=term)
    f.MembershipFactory(body=sc, deputy=vice_chair, role=Membership.Role.VICE_CHAIR)
    return World(
        *[cast_any(x) for x in (session, staff, deputies, deputy_users, units, unit_users, vice_chair, committee)]
    )


def cast_any(x: object) -> Any:
    return x


def registered(
    w: World,
    *,
    when: datetime | None = None,
    cosign: int = 0,
    title: str = "关于增设非机动车道的建议",
    lead: int = 0,
) -> Proposal:
    """A suggestion by deputy ``lead`` with ``cosign`` confirmed co-signers (the next deputies), registered."""
    when = when or at(2026, 3, 19)
    p = services.proposal_create(
        actor=w.deputy_users[lead],
        title=title,
        body=BODY,
        topic="交通运输",
        cosigners=w.deputies[lead + 1 : lead + 1 + cosign],
        at=when,
    )
    for i in range(cosign):
        services.cosigner_respond(proposal=p, actor=w.deputy_users[lead + 1 + i], accept=True, at=when)
    p = services.proposal_submit(proposal=p, actor=w.deputy_users[lead], at=when)
    return services.proposal_register(proposal=p, actor=w.staff, at=when)


def assigned(
    w: World, *, when: datetime | None = None, cosign: int = 0, co: bool = False, title: str | None = None
) -> tuple[Proposal, Assignment]:
    p = registered(w, cosign=cosign, title=title) if title else registered(w, cosign=cosign)
    made = services.suggestion_assign(
        proposal=p, actor=w.staff, leads=[w.units[0]], cohandlers=[w.units[1]] if co else [], at=when or at(2026, 4, 10)
    )
    return Proposal.objects.get(pk=p.pk), made[0]


def received(w: World, **kw) -> tuple[Proposal, Assignment]:
    p, a = assigned(w, **kw)
    a = services.assignment_receive(assignment=a, actor=w.unit_users[0], at=at(2026, 4, 13))
    services.consultation_record(
        assignment=a,
        actor=w.unit_users[0],
        method=Consultation.Method.FACE_TO_FACE,
        held_on=date(2026, 4, 20),
        deputy_views="代表希望尽快实施",
    )
    return p, a


def submit_reply(
    w: World,
    a: Assignment,
    *,
    reply_class: str = "A",
    when: datetime | None = None,
    unit: int = 0,
    text: str = "经研究，已纳入计划。",
    **kw: Any,
) -> Reply:
    """The one ``reply_submit`` set-up of the tests: officer ``unit`` replies on ``a`` with a signed PDF (and
    a commitment for B/C replies), at ``when`` (default now). Extra keywords go to the service."""
    commitments = [services.CommitmentInput("年内完成施工", date(2026, 12, 31))] if reply_class in "BC" else []
    kw.setdefault("commitments", commitments)
    kw.setdefault("document", pdf())
    kw.setdefault("signer_name", "张局长")
    kw.setdefault("signer_title", "局长")
    return services.reply_submit(
        assignment=a,
        actor=w.unit_users[unit],
        text=text,
        reply_class=reply_class,
        at=when,
        **kw,
    )


def replied(w: World, reply_class: str = "A", **kw):
    p, a = received(w, **kw)
    r = submit_reply(w, a, reply_class=reply_class, when=at(2026, 6, 1))
    return Proposal.objects.get(pk=p.pk), Assignment.objects.get(pk=a.pk), r


def merged_group(w: World, reply_at: datetime | None = at(2026, 6, 1)) -> tuple[Proposal, Proposal, Assignment, Reply]:
    """Two suggestions with the same content merged (S10): the primary by deputy 0, a member by deputy 2;
    assigned to unit 0, received, consulted and replied at ``reply_at`` (default 2026-06-01)."""
    primary = registered(w)
    member = registered(w, lead=2, title="关于增设自行车道的建议")
    services.proposals_merge(primary=primary, others=[member], actor=w.staff)
    a = services.suggestion_assign(proposal=primary, actor=w.staff, leads=[w.units[0]], at=at(2026, 4, 10))[0]
    a = services.assignment_receive(assignment=a, actor=w.unit_users[0], at=at(2026, 4, 13))
    services.consultation_record(
        assignment=a,
        actor=w.unit_users[0],
        method=Consultation.Method.FACE_TO_FACE,
        held_on=date(2026, 4, 20),
        deputy_views="代表希望尽快实施",
    )
    r = submit_reply(w, a, when=reply_at)
    return Proposal.objects.get(pk=primary.pk), Proposal.objects.get(pk=member.pk), a, r


def stale_public_copies() -> list[tuple[str, int, str]]:
    """(model, pk, field) of every stored public copy that differs from the masking of its current
    original (S21, :mod:`renda.proposals.publication`); ``[]`` when every copy is current."""
    from renda.proposals.publication import PUBLIC_FIELDS, mask

    out = []
    for model in (Proposal, Reply):
        pairs = PUBLIC_FIELDS[model._meta.label]
        names = [n for pair in pairs for n in pair]
        for row in model.objects.values("pk", *names).iterator():
            out += [(model.__name__, row["pk"], dst) for src, dst in pairs if row[dst] != mask(row[src])]
    return out
