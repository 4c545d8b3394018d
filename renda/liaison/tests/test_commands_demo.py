"""Taxonomy loading, reception days, `renda opinions hot`, and the demo loader's synthetic fallback."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from renda.core.exceptions import PermissionDeniedError
from renda.liaison import demo, services
from renda.liaison.models import Opinion, Reception, Topic
from renda.liaison.tests.factories import OpinionFactory
from renda.organization.tests import factories as org

pytestmark = pytest.mark.django_db


def test_taxonomy_517_loads_three_levels_idempotently():
    # given
    path = Path(settings.DATA_DIR) / "taxonomy_517.xlsx"
    if not path.exists():
        pytest.skip(f"real data not found at {path}")
    # when
    created = services.topic_taxonomy_load_file(path=path)
    again = services.topic_taxonomy_load_file(path=path)
    # then: 15 first-level topics, 517 distinct third-level paths at most (some rows may repeat)
    assert again == 0 and created == Topic.objects.count()
    assert Topic.objects.filter(level=1).count() == 15
    assert Topic.objects.filter(level=3).count() > 400
    leaf = Topic.objects.filter(level=3).select_related("parent__parent").first()
    assert leaf.parent.level == 2 and leaf.parent.parent.level == 1 and leaf.root_name == leaf.parent.parent.name


def test_reception_recorded_by_the_station_operator_only_for_their_station(operator_user):
    # given
    station = operator_user.liaison_station
    deputy = org.DeputyFactory()
    station.deputies.add(deputy)
    other = org.LiaisonStationFactory()
    # when
    rec = services.reception_record(
        station=station, on=date(2026, 5, 8), deputies=[deputy], visitor_count=23, actor=operator_user
    )
    again = services.reception_record(
        station=station, on=date(2026, 5, 8), deputies=[deputy], visitor_count=25, actor=operator_user
    )
    # then
    assert rec.pk == again.pk and Reception.objects.get().visitor_count == 25
    assert list(rec.deputies.all()) == [deputy]
    with pytest.raises(PermissionDeniedError):
        services.reception_record(station=other, on=date(2026, 5, 8), deputies=[], visitor_count=1, actor=operator_user)


def test_hot_command_json_ranks_repeated_problems():
    # given: three near-identical opinions this week and one unrelated
    now = timezone.now()
    body = "滨河苑小区开发商捆绑销售车位，购房者被迫高价购买车位，请住建部门调查处理。"
    for i in range(3):
        OpinionFactory(title="捆绑销售车位", text=body + "！" * i, received_at=now - timedelta(days=i))
    OpinionFactory(title="公园路灯", text="公园夜间路灯不亮。", received_at=now)
    out = StringIO()
    # when
    call_command("opinions", "hot", "--since", f"{(now - timedelta(days=7)).date():%Y-%m-%d}", "--json", stdout=out)
    # then
    data = json.loads(out.getvalue())
    assert data[0]["count"] == 3 and data[0]["rank"] == 1
    assert len(data[0]["opinion_ids"]) == 3


def test_demo_loader_falls_back_to_synthetic_data_and_is_idempotent(settings, tmp_path):
    # given: no real data, a congress with two stations
    settings.DATA_DIR = tmp_path
    congress = org.CongressFactory()
    org.LiaisonStationFactory(congress=congress)
    org.LiaisonStationFactory(congress=congress)
    out = StringIO()
    # when
    demo.load(stdout=out)
    first = Opinion.objects.count()
    demo.load(stdout=out)
    # then
    assert "synthetic" in out.getvalue()
    assert first == 60 and Opinion.objects.count() == 60
    assert Opinion.objects.filter(station__isnull=True).count() == 0
    assert Topic.objects.filter(level=1).count() == len(demo.ROUTES)


def test_demo_staff_confirm_the_suggested_routing_of_older_classified_opinions_only(staff_user):
    # given: the demo staff login, two classified opinions with a route — one old, one recent
    from renda.liaison.models import OpinionEvent
    from renda.liaison.tests.factories import TopicRouteFactory
    from renda.liaison.workflow import Status
    from renda.organization.models import User

    staff = org.UserFactory(username="staff", role=User.Role.STAFF, congress=staff_user.congress)
    route = TopicRouteFactory(congress=staff_user.congress)
    now = timezone.now()
    old = OpinionFactory(
        congress=staff_user.congress, status=Status.TRIAGED, topic=route.topic, received_at=now - timedelta(days=90)
    )
    recent = OpinionFactory(congress=staff_user.congress, status=Status.TRIAGED, topic=route.topic, received_at=now)
    # when
    done = demo._confirm_older_routings(staff_user.congress)
    # then: the old one is routed by the demo staff member, the recent one waits in the triage inbox
    old.refresh_from_db()
    recent.refresh_from_db()
    assert done == 1 and old.status == Status.ROUTED and old.unit == route.unit
    assert recent.status == Status.TRIAGED
    assert OpinionEvent.objects.get(opinion=old).actor == staff
