"""factory-boy factories for the liaison domain."""

from __future__ import annotations

import factory
from django.utils import timezone

from renda.core.privacy import redact_text
from renda.liaison import intelligence
from renda.liaison.models import Opinion, Topic, TopicRoute
from renda.liaison.tracking_codes import new_tracking_code
from renda.organization.tests import factories as org


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["path"]

    name = factory.Sequence(lambda n: f"分类{n}")
    level = 1
    path = factory.SelfAttribute("name")


class TopicRouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TopicRoute

    congress = factory.SubFactory(org.CongressFactory)
    topic = factory.SubFactory(TopicFactory)
    unit = factory.SubFactory(org.HandlingUnitFactory, congress=factory.SelfAttribute("..congress"))


class OpinionFactory(factory.django.DjangoModelFactory):
    """An opinion as ``opinion_record`` would store it (cleaned hash and segmented search text)."""

    class Meta:
        model = Opinion

    congress = factory.SubFactory(org.CongressFactory)
    station = factory.SubFactory(org.LiaisonStationFactory, congress=factory.SelfAttribute("..congress"))
    source = Opinion.Source.STATION
    title = factory.Sequence(lambda n: f"小区停车难问题{n}")
    text = factory.Sequence(lambda n: f"我们小区第{n}栋楼下停车位不足，晚上车辆乱停，消防通道被堵，希望增加停车位。")
    citizen_name = "张先生"
    citizen_phone = "13812345678"
    received_at = factory.LazyFunction(timezone.now)
    content_hash = factory.LazyAttribute(
        lambda o: intelligence.content_hash(intelligence.clean(f"{o.title}\n{o.text}"))
    )
    search_text = factory.LazyAttribute(
        lambda o: intelligence.segment_for_index(redact_text(intelligence.clean(f"{o.title}\n{o.text}")))
    )
    tracking_code = factory.LazyFunction(new_tracking_code)


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (3, 2)) -> bytes:
    """A real, decodable image file (photos are checked by decoding them with Pillow)."""
    from io import BytesIO

    from PIL import Image

    buf = BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buf, fmt)
    return buf.getvalue()
