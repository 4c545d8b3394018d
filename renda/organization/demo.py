"""The demo congress, built from the seed's figures (RULES.md §7).

The 16th Municipal People's Congress, 3rd session (cutoff 12:00 on 21 March); a Presidium of 46 with
10 executive chairs; 345 deputies with synthetic names in delegations by district and 7 professional
groups, 110 of them first-term; the Standing Committee with its chair and vice-chairs; the Council of
Chairpersons; special committees; the session's Bill Review Committee; 40+ handling units including
the intermediate people's court and the procuratorate; vice-mayors with portfolios; 143 liaison
stations and 389 liaison points; one login per role.

The seed names no year: the demo places the 3rd session in ``DEMO_YEAR`` so that its suggestions
sit at every stage of the handling clock today. Every record is keyed by a natural key and written
with ``update_or_create``/``get_or_create``: loading twice creates no duplicates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction

from renda.organization import services
from renda.organization.models import (
    Body,
    Congress,
    Delegation,
    Deputy,
    HandlingUnit,
    LiaisonPoint,
    LiaisonStation,
    Membership,
    Official,
    ProfessionalGroup,
    Session,
    Term,
    User,
)

DEMO_YEAR = 2026
DEMO_PASSWORD = "Renda-Demo-2026"
SHANGHAI = ZoneInfo("Asia/Shanghai")

DEPUTY_COUNT = 345
FIRST_TERM_COUNT = 110
PRESIDIUM_SIZE = 46
EXECUTIVE_CHAIRS = 10
STATION_COUNT = 143
POINT_COUNT = 389

DISTRICTS = ["平城区", "云冈区", "新荣区", "云州区", "阳高县", "天镇县", "广灵县", "灵丘县", "浑源县", "左云县"]
PROFESSIONAL_GROUPS = ["法制", "财政经济", "城建环保", "农业农村", "教科文卫", "社会建设", "民族宗教侨务"]
SPECIAL_COMMITTEES = [
    "法制委员会",
    "财政经济委员会",
    "教育科学文化卫生委员会",
    "城乡建设环境保护委员会",
    "农业农村委员会",
    "社会建设委员会",
]
WORKING_COMMITTEES = ["代表人事选举工作委员会", "法制工作委员会", "预算工作委员会"]

GOVERNMENT_DEPARTMENTS = [
    "市发展和改革委员会",
    "市教育局",
    "市科学技术局",
    "市工业和信息化局",
    "市公安局",
    "市民政局",
    "市司法局",
    "市财政局",
    "市人力资源和社会保障局",
    "市规划和自然资源局",
    "市生态环境局",
    "市住房和城乡建设局",
    "市交通运输局",
    "市水务局",
    "市农业农村局",
    "市商务局",
    "市文化和旅游局",
    "市卫生健康委员会",
    "市退役军人事务局",
    "市应急管理局",
    "市审计局",
    "市市场监督管理局",
    "市体育局",
    "市统计局",
    "市医疗保障局",
    "市城市管理局",
    "市行政审批服务管理局",
    "市能源局",
    "市林业和草原局",
    "市乡村振兴局",
    "市地方金融监督管理局",
    "市政府办公室",
    "市信访局",
    "市数据局",
    "市消防救援支队",
]
OTHER_UNITS = [
    ("市中级人民法院", HandlingUnit.Kind.COURT),
    ("市人民检察院", HandlingUnit.Kind.PROCURATORATE),
    ("市总工会", HandlingUnit.Kind.PEOPLES_ORGANISATION),
    ("共青团市委", HandlingUnit.Kind.PEOPLES_ORGANISATION),
    ("市妇女联合会", HandlingUnit.Kind.PEOPLES_ORGANISATION),
    ("市残疾人联合会", HandlingUnit.Kind.PEOPLES_ORGANISATION),
    ("国网市供电公司", HandlingUnit.Kind.ENTERPRISE),
    ("市公交集团有限公司", HandlingUnit.Kind.ENTERPRISE),
    ("市燃气集团有限公司", HandlingUnit.Kind.ENTERPRISE),
    ("市气象局", HandlingUnit.Kind.OTHER),
]
VICE_MAYOR_PORTFOLIOS = {
    "常务副市长": ["市发展和改革委员会", "市财政局", "市审计局", "市统计局", "市地方金融监督管理局", "市政府办公室"],
    "副市长（城建）": ["市住房和城乡建设局", "市规划和自然资源局", "市城市管理局", "市交通运输局", "市水务局"],
    "副市长（农业）": ["市农业农村局", "市乡村振兴局", "市林业和草原局", "市生态环境局"],
    "副市长（社会）": [
        "市教育局",
        "市卫生健康委员会",
        "市医疗保障局",
        "市文化和旅游局",
        "市体育局",
        "市民政局",
        "市人力资源和社会保障局",
    ],
    "副市长（公安）": ["市公安局", "市司法局", "市应急管理局", "市信访局", "市消防救援支队"],
    "副市长（经济）": [
        "市工业和信息化局",
        "市商务局",
        "市科学技术局",
        "市能源局",
        "市市场监督管理局",
        "市行政审批服务管理局",
        "市数据局",
    ],
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建国志宏海燕晓东文斌鹏辉丹宇浩凯婷雪琳欣怡子涵梓萱俊杰思远佳慧嘉怡雨轩博文一鸣振华立新卫东永刚淑珍春梅玉兰桂芳"
OCCUPATIONS = [
    "社区党委书记",
    "中学教师",
    "主任医师",
    "农民专业合作社理事长",
    "企业董事长",
    "律师事务所主任",
    "街道办事处主任",
    "工程师",
    "村党支部书记",
    "大学教授",
    "个体工商户",
    "区人民政府区长",
    "护士长",
    "环卫工人",
    "技术工人",
    "公司总经理",
]


@dataclass(frozen=True)
class DemoLogin:
    """A printed demo login: username, password, role label and what it links to."""

    username: str
    password: str
    role: str
    acts_for: str


def _names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct synthetic Chinese names, deterministic for a given ``rng`` seed."""
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def _phone(rng: random.Random) -> str:
    return f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"


@transaction.atomic
def load(*, year: int = DEMO_YEAR, stdout=None) -> list[DemoLogin]:
    """Load (or refresh) the demo congress; returns the demo logins.

    Args:
        year: calendar year of the 3rd session (the seed names none).
        stdout: optional writable for progress lines.
    Returns:
        One :class:`DemoLogin` per role (plus an administrator).
    """
    rng = random.Random(16)
    congress, _ = Congress.objects.update_or_create(
        region_code="140200",
        defaults={"name": "大同市人民代表大会", "level": Congress.Level.CITY, "region_name": "大同市"},
    )
    term, _ = Term.objects.update_or_create(
        congress=congress, ordinal=16, defaults={"start_year": year - 2, "end_year": year + 2}
    )
    session, _ = Session.objects.update_or_create(
        term=term,
        ordinal=3,
        defaults={
            "opening_date": date(year, 3, 18),
            "closing_date": date(year, 3, 23),
            "submission_cutoff": datetime.combine(date(year, 3, 21), time(12, 0), tzinfo=SHANGHAI),
        },
    )
    delegations = [
        Delegation.objects.update_or_create(term=term, name=f"{d}代表团", defaults={"district": d})[0]
        for d in DISTRICTS
    ]
    delegations.append(
        Delegation.objects.update_or_create(term=term, name="驻同部队代表团", defaults={"district": "驻同部队"})[0]
    )
    groups = [ProfessionalGroup.objects.get_or_create(term=term, name=f"{g}专业小组")[0] for g in PROFESSIONAL_GROUPS]

    deputies = _load_deputies(rng, term, delegations, groups)
    _load_bodies(rng, term, session, deputies, year)
    units = _load_units(congress)
    _load_officials(congress, units)
    stations = _load_stations(rng, congress, deputies)
    logins = _load_logins(congress, deputies, units, stations, term)
    ensure_deputy_logins(term)
    if stdout is not None:
        stdout.write(
            f"demo congress: {congress.name} {session} — {len(deputies)} deputies, {len(units)} handling units, {len(stations)} liaison stations"
        )
    return logins


def app_logins(*, known: list[DemoLogin]) -> list[DemoLogin]:
    """The logins the apps' demo loaders made beyond ``known`` (e.g. ``organ`` for filing review, ``gov``
    for appointments), by username; deputies' ``d<code>`` logins are left out (printed as one line)."""
    congress = Congress.objects.filter(region_code="140200").first()
    if congress is None:
        return []
    users = (
        User.objects.filter(congress=congress)
        .exclude(username__in=[k.username for k in known])
        .exclude(username__regex=r"^(d[0-9]+|unit-officer-[0-9]+)$")
        .select_related("deputy", "handling_unit", "liaison_station")
        .order_by("username")
    )
    out = []
    for user in users:  # the deputies' and the other units' numbered logins are printed as one line each
        linked = user.deputy or user.handling_unit or user.liaison_station
        out.append(DemoLogin(user.username, DEMO_PASSWORD, str(User.Role(user.role).label), str(linked or "—")))
    return out


def ensure_deputy_logins(term: Term) -> int:
    """Give each serving deputy without a login one (``d<code>``, demo password); returns how many were made.

    A deputy who already has an account under another name (``supervisor``, ``deputy``) keeps it, and
    ``d<code>`` logs into that account too (:class:`renda.organization.backends.DeputyCardBackend`), so
    every serving deputy answers to ``d<code>`` as the README's login table says.

    The password is hashed once and shared, so 345 logins take a moment, not minutes.
    """
    have = set(User.objects.filter(deputy__term=term).values_list("deputy_id", flat=True))
    missing = list(Deputy.objects.filter(term=term, status=Deputy.Status.SERVING).exclude(pk__in=have))
    if not missing:
        return 0
    hashed = make_password(DEMO_PASSWORD)
    User.objects.bulk_create(
        [
            User(
                username=f"d{d.code}",
                password=hashed,
                role=User.Role.DEPUTY,
                deputy=d,
                congress=term.congress,
                display_name=f"{d.name}代表",
            )
            for d in missing
        ],
        ignore_conflicts=True,
    )
    return len(missing)


def _load_deputies(
    rng: random.Random, term: Term, delegations: list[Delegation], groups: list[ProfessionalGroup]
) -> list[Deputy]:
    names = _names(rng, DEPUTY_COUNT)
    first_term = set(rng.sample(range(DEPUTY_COUNT), FIRST_TERM_COUNT))
    deputies = []
    for i, name in enumerate(names):
        deputy, _ = Deputy.objects.update_or_create(
            term=term,
            code=f"16{i + 1:04d}",
            defaults={
                "name": name,
                "gender": Deputy.Gender.FEMALE if rng.random() < 0.3 else Deputy.Gender.MALE,
                "ethnicity": "回族" if rng.random() < 0.03 else "汉族",
                "birth_year": rng.randrange(1962, 1995),
                "occupation": rng.choice(OCCUPATIONS),
                "delegation": delegations[i % len(delegations)],
                "is_first_term": i in first_term,
                "phone": _phone(rng),
            },
        )
        deputy.professional_groups.set([groups[i % len(groups)]])
        deputies.append(deputy)
    return deputies


def _seat(body: Body, deputy: Deputy, role: str, started_on: date) -> None:
    Membership.objects.update_or_create(body=body, deputy=deputy, started_on=started_on, defaults={"role": role})


def _load_bodies(rng: random.Random, term: Term, session: Session, deputies: list[Deputy], year: int) -> None:
    start = date(term.start_year, 1, 10)
    sc = Body.objects.update_or_create(
        term=term, name="常务委员会", defaults={"kind": Body.Kind.STANDING_COMMITTEE, "session": None}
    )[0]
    council = Body.objects.update_or_create(
        term=term, name="主任会议", defaults={"kind": Body.Kind.COUNCIL_OF_CHAIRPERSONS, "session": None}
    )[0]
    chair, vice_chairs, sec_gen = deputies[0], deputies[1:7], deputies[7]
    members = deputies[8:40]
    _seat(sc, chair, Membership.Role.CHAIR, start)
    _seat(council, chair, Membership.Role.CHAIR, start)
    for vc in vice_chairs:
        _seat(sc, vc, Membership.Role.VICE_CHAIR, start)
        _seat(council, vc, Membership.Role.VICE_CHAIR, start)
    _seat(sc, sec_gen, Membership.Role.SECRETARY_GENERAL, start)
    _seat(council, sec_gen, Membership.Role.SECRETARY_GENERAL, start)
    for m in members:
        _seat(sc, m, Membership.Role.MEMBER, start)
    for i, name in enumerate(SPECIAL_COMMITTEES):
        body = Body.objects.update_or_create(
            term=term, name=name, defaults={"kind": Body.Kind.SPECIAL_COMMITTEE, "session": None}
        )[0]
        _seat(body, members[i], Membership.Role.DIRECTOR, start)
        for d in deputies[40 + i * 6 : 46 + i * 6]:
            _seat(body, d, Membership.Role.MEMBER, start)
    for name in WORKING_COMMITTEES:
        Body.objects.update_or_create(
            term=term, name=name, defaults={"kind": Body.Kind.WORKING_COMMITTEE, "session": None}
        )
    session_start = session.opening_date
    presidium = Body.objects.update_or_create(
        term=term, name=f"{session}主席团", defaults={"kind": Body.Kind.PRESIDIUM, "session": session}
    )[0]
    presidium_members = [chair, *vice_chairs, sec_gen, *deputies[80 : 80 + PRESIDIUM_SIZE - 8]]
    for i, d in enumerate(presidium_members):
        _seat(
            presidium,
            d,
            Membership.Role.EXECUTIVE_CHAIR if i < EXECUTIVE_CHAIRS else Membership.Role.MEMBER,
            session_start,
        )
    review = Body.objects.update_or_create(
        term=term,
        name=f"{session}议案审查委员会",
        defaults={"kind": Body.Kind.BILL_REVIEW_COMMITTEE, "session": session},
    )[0]
    _seat(review, vice_chairs[1], Membership.Role.DIRECTOR, session_start)
    for d in deputies[130:142]:
        _seat(review, d, Membership.Role.MEMBER, session_start)


def _load_units(congress: Congress) -> list[HandlingUnit]:
    rng = random.Random(40)
    units = []
    for name in GOVERNMENT_DEPARTMENTS:
        units.append(
            HandlingUnit.objects.update_or_create(
                congress=congress,
                name=name,
                defaults={
                    "kind": HandlingUnit.Kind.GOVERNMENT_DEPARTMENT,
                    "short_name": name.removeprefix("市"),
                    "contact_name": _names(rng, 1)[0],
                    "contact_phone": _phone(rng),
                },
            )[0]
        )
    for name, kind in OTHER_UNITS:
        units.append(
            HandlingUnit.objects.update_or_create(
                congress=congress,
                name=name,
                defaults={
                    "kind": kind,
                    "short_name": name.removeprefix("市"),
                    "contact_name": _names(rng, 1)[0],
                    "contact_phone": _phone(rng),
                },
            )[0]
        )
    return units


def _load_officials(congress: Congress, units: list[HandlingUnit]) -> None:
    by_name = {u.name: u for u in units}
    rng = random.Random(7)
    names = _names(rng, len(VICE_MAYOR_PORTFOLIOS) + 1)
    Official.objects.update_or_create(congress=congress, title="市长", defaults={"name": names[-1]})
    for (title, portfolio), name in zip(VICE_MAYOR_PORTFOLIOS.items(), names, strict=False):
        official, _ = Official.objects.update_or_create(congress=congress, title=title, defaults={"name": name})
        official.portfolio.set([by_name[u] for u in portfolio])


def _load_stations(rng: random.Random, congress: Congress, deputies: list[Deputy]) -> list[LiaisonStation]:
    stations = []
    per_district = [
        STATION_COUNT // len(DISTRICTS) + (1 if i < STATION_COUNT % len(DISTRICTS) else 0)
        for i in range(len(DISTRICTS))
    ]
    n = 0
    for district, count in zip(DISTRICTS, per_district, strict=True):
        for k in range(count):
            n += 1
            station, _ = LiaisonStation.objects.update_or_create(
                congress=congress,
                name=f"{district}第{k + 1}人大代表联络站",
                defaults={
                    "district": district,
                    "address": f"{district}{rng.choice('东西南北')}街{rng.randrange(1, 300)}号",
                },
            )
            station.deputies.set([deputies[(n * 3 + j) % len(deputies)] for j in range(3)])
            stations.append(station)
    for i in range(POINT_COUNT):
        station = stations[i % len(stations)]
        point, _ = LiaisonPoint.objects.update_or_create(
            station=station,
            name=f"{station.name}第{i // len(stations) + 1}联络点",
            defaults={"address": f"{station.district}{i + 1}号社区"},
        )
        point.deputies.set([deputies[(i * 7) % len(deputies)]])
    return stations


def _load_logins(
    congress: Congress, deputies: list[Deputy], units: list[HandlingUnit], stations: list[LiaisonStation], term: Term
) -> list[DemoLogin]:
    unit = next(u for u in units if u.name == "市住房和城乡建设局")
    vice_chair = (
        Membership.objects.filter(
            body__term=term, body__kind=Body.Kind.STANDING_COMMITTEE, role=Membership.Role.VICE_CHAIR
        )
        .select_related("deputy")
        .order_by("deputy__code")
        .first()
    )
    assert vice_chair is not None
    deputy = deputies[200]
    specs: list[tuple[str, str, str, dict[str, Any]]] = [
        ("admin", User.Role.STAFF, "系统管理员", {"is_staff": True, "is_superuser": True}),
        # Staff keep accounts and reference data from Renda's own pages (基础数据); only ``admin`` reaches /admin/.
        ("staff", User.Role.STAFF, "代表工作室 刘干事", {}),
        ("deputy", User.Role.DEPUTY, f"{deputy.name}代表", {"deputy": deputy}),
        ("unit", User.Role.UNIT_OFFICER, f"{unit.name} 经办人", {"handling_unit": unit}),
        ("supervisor", User.Role.SUPERVISOR, f"{vice_chair.deputy.name}副主任", {"deputy": vice_chair.deputy}),
        ("station", User.Role.STATION_OPERATOR, f"{stations[0].name} 工作人员", {"liaison_station": stations[0]}),
        ("citizen", User.Role.CITIZEN, "市民 张先生", {}),
        ("auditor", User.Role.AUDITOR, "审计管理员 周工", {}),
        ("security", User.Role.SECURITY_ADMIN, "安全管理员 吴工", {}),
    ]
    logins = []
    for username, role, display, extra in specs:
        user = services.user_upsert(
            username=username, password=DEMO_PASSWORD, role=role, display_name=display, congress=congress, **extra
        )
        linked = user.deputy or user.handling_unit or user.liaison_station
        office = role == User.Role.STAFF and not user.is_superuser
        acts_for = str(linked) if linked else (str(congress) if office else "—")
        label = "系统管理员" if user.is_superuser else str(User.Role(role).label)
        logins.append(DemoLogin(username, DEMO_PASSWORD, label, acts_for))
    return logins
