"""Writes of the liaison domain (DESIGN.md house style 1 and 4).

Each status change is one service calling :func:`renda.core.workflow.transition` (or
``transition_bulk``) with :data:`~renda.liaison.workflow.OPINION_FLOW`: the row is locked, the move
checked against ``TRANSITIONS`` and the actor's right (the ``permissions.can_<verb>`` predicate),
``version`` bumped, the typed :class:`~renda.liaison.events.Action` event written and the notice
(:mod:`renda.liaison.notices`) queued on commit. A refused action raises an
:class:`~renda.core.exceptions.ApplicationError` and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image, ImageOps

from renda.core.exceptions import (
    ApplicationError,
    InvalidTransition,
    NotFoundOrForbidden,
    PermissionDeniedError,
    RuleViolation,
)
from renda.core.notifications import notify_on_commit
from renda.core.privacy import redact_text
from renda.core.uploads import BadImage, check_image
from renda.core.workflow import lock, save_versioned, transition, transition_bulk
from renda.liaison import events, intelligence, notices, permissions
from renda.liaison.conf import auto_route_enabled, low_rating_threshold, triage_confidence
from renda.liaison.events import Action
from renda.liaison.models import (
    MAX_OPINION_PHOTOS,
    OPINION_TEXT_MAX,
    OPINION_TITLE_MAX,
    DuplicateGroup,
    HotTopicSnapshot,
    LiaisonSettings,
    Opinion,
    OpinionPhoto,
    Reception,
    SuggestionLink,
    Topic,
    TopicRoute,
    normalize_phone,
)
from renda.liaison.tracking_codes import new_tracking_code
from renda.liaison.workflow import OPINION_FLOW, Status, assert_transition
from renda.organization.models import Congress, Deputy, HandlingUnit, LiaisonPoint, LiaisonStation, User
from renda.proposals.services import proposal_create

MAX_PHOTO_BYTES = 5 * 1024 * 1024
#: Pillow format name → the extension a photo of that format is stored with (the form's accept list).
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png"}
#: Larger images are refused before they are decoded (a small file can unpack into gigabytes).
MAX_PHOTO_PIXELS = 40_000_000


class InvalidPhoto(ApplicationError):
    """An uploaded photo is not a readable JPEG/PNG image, has more than 40 million pixels or is larger than 5 MB."""

    code = "invalid_photo"


# --------------------------------------------------------------------------------------------------
# Taxonomy and routes
# --------------------------------------------------------------------------------------------------
def topic_taxonomy_load(*, rows: Iterable[Sequence[str]]) -> int:
    """Create the 3-level taxonomy from (一级, 二级, 三级) rows; idempotent. Returns topics created."""
    existing = {t.path: t for t in Topic.objects.all()}
    created = 0
    for row in rows:
        parts = [str(p).strip() for p in row if p is not None and str(p).strip()]
        parent: Topic | None = None
        for level, name in enumerate(parts[:3], start=1):
            path = "/".join(parts[:level])
            topic = existing.get(path)
            if topic is None:
                topic = Topic.objects.create(parent=parent, name=name, level=level, path=path)
                existing[path] = topic
                created += 1
            parent = topic
    return created


def topic_taxonomy_load_file(*, path: Path) -> int:
    """Load taxonomy_517.xlsx (header 一级分类, 二级分类, 三级分类)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = [r[:3] for i, r in enumerate(wb.worksheets[0].iter_rows(values_only=True)) if i > 0 and r and r[0]]
    finally:
        wb.close()
    return topic_taxonomy_load(rows=[[str(c or "") for c in r] for r in rows])


def topic_for_label(label: str) -> Topic:
    """The first-level topic named ``label`` (created when the classifier knows a label the taxonomy lacks)."""
    topic, _ = Topic.objects.get_or_create(path=label, defaults={"name": label, "level": 1})
    return topic


def route_for(*, congress_id: int, topic: Topic | None) -> HandlingUnit | None:
    """The handling unit for ``topic``: the most specific :class:`TopicRoute` from it up to its root."""
    node = topic
    while node is not None:
        route = TopicRoute.objects.filter(congress_id=congress_id, topic=node).select_related("unit").first()
        if route is not None:
            return route.unit
        node = node.parent
    return None


def auto_route_set(*, congress_id: int, enabled: bool, actor: User) -> LiaisonSettings:
    """Staff switch their congress's automatic routing on or off (defect 8; off by default).

    The change is kept in the settings' history with the actor (simple-history).

    Raises:
        PermissionDeniedError: the actor is not staff of that congress.
    """
    if not permissions.can_set_auto_route(actor, congress_id):
        raise PermissionDeniedError("只有常委会工作人员可以设置自动转办")
    with transaction.atomic():
        row = LiaisonSettings.objects.select_for_update().filter(congress_id=congress_id).first()
        row = row or LiaisonSettings(congress_id=congress_id)
        row.auto_route = enabled
        row._history_user = actor  # type: ignore[attr-defined]
        row.save()
    return row


# --------------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------------
def _check_photo(photo: UploadedFile) -> str:
    """Validate one uploaded photo by its content and return the extension to store it with.

    Size ≤ ``MAX_PHOTO_BYTES`` (5 MB), then :func:`renda.core.uploads.check_image`: the format Pillow
    detects is JPEG or PNG (a file that merely starts with a JPEG signature, such as
    ``\\xff\\xd8\\xff<html>``, is not one), at most ``MAX_PHOTO_PIXELS``, ``verify()`` and a full decode
    succeed (a truncated or corrupt file fails).

    Returns:
        ``"jpg"`` or ``"png"``.
    Raises:
        InvalidPhoto: with the Chinese reason; the file is left at position 0.
    """
    if photo.size is not None and photo.size > MAX_PHOTO_BYTES:
        raise InvalidPhoto("照片不能超过 5 MB")
    try:
        kind = check_image(photo, formats=list(PHOTO_FORMATS), max_pixels=MAX_PHOTO_PIXELS)
    except BadImage as exc:
        message = {
            "format": "照片须为 JPEG 或 PNG 格式",
            "pixels": f"照片像素过多（不能超过 {MAX_PHOTO_PIXELS // 10_000} 万像素）",
        }.get(exc.reason, "照片文件已损坏或不完整，请重新上传")
        raise InvalidPhoto(message) from exc
    return PHOTO_FORMATS[kind]


def _without_metadata(photo: UploadedFile) -> tuple[bytes, str]:
    """The photo re-encoded without its metadata, and its extension.

    Phone cameras write EXIF data into JPEGs — often the GPS position where the photo was taken,
    the device and the time — and PNGs may carry text chunks: personal information the opinion does
    not need (个人信息保护法 第6条, minimum necessary). The pixels are kept; a JPEG is first turned
    upright by its EXIF orientation (which is dropped with the rest) and saved at quality 90.
    """
    photo.seek(0)
    with Image.open(photo, formats=list(PHOTO_FORMATS)) as image:
        fmt = image.format or "PNG"
        upright = ImageOps.exif_transpose(image)
        if fmt == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        out = BytesIO()
        upright.save(out, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    photo.seek(0)
    return out.getvalue(), PHOTO_FORMATS[fmt]


def _photo_store(*, opinion: Opinion, photo: UploadedFile) -> OpinionPhoto:
    """Store a photo already checked by :func:`_check_photo`: without its metadata
    (:func:`_without_metadata`), under a generated name (``models._photo_path``: a random hex name with
    the extension of the detected format; the client's file name is dropped)."""
    data, kind = _without_metadata(photo)
    return OpinionPhoto.objects.create(opinion=opinion, image=ContentFile(data, name=f"photo.{kind}"))


def reception_record(
    *,
    station: LiaisonStation,
    on: date,
    deputies: Sequence[Deputy],
    visitor_count: int,
    actor: User,
    point: LiaisonPoint | None = None,
    note: str = "",
    today: date | None = None,
) -> Reception:
    """Record (or correct) a reception day (接待) at a station or one of its points: the date, the deputies
    on duty and the number of visitors. One record per (station, point, date): recording the same day
    again corrects it (the earlier values stay in the record's history with the actor).

    Args:
        station: the station; ``actor`` must be allowed to record there (:func:`permissions.can_record_at`).
        on: the reception date (calendar date, not after ``today``).
        deputies: the deputies on duty; each must serve at the station (进站代表) or at the point.
        visitor_count: visitors received that day (people, ≥ 0).
        point: one of the station's points (联络点), or ``None`` for the station itself.
        note: free text (≤ 1,000 characters).
        today: the current date (default: today in Asia/Shanghai).
    Returns:
        The reception record.
    Raises:
        PermissionDeniedError: not a station the actor may record at.
        RuleViolation: a future date, a point of another station, a deputy not serving there, a negative count.
    """
    if not permissions.can_record_at(actor, station):
        raise PermissionDeniedError("只能登记本联络站的接待活动")
    if on > (today or timezone.localdate()):
        raise RuleViolation("接待日期不能晚于今天")
    if point is not None and point.station_id != station.pk:
        raise RuleViolation("联络点不属于该联络站")
    if visitor_count < 0:
        raise RuleViolation("接待群众人数不能为负数")
    serving = set(station.deputies.values_list("pk", flat=True))
    if point is not None:
        serving |= set(point.deputies.values_list("pk", flat=True))
    strangers = [d.name for d in deputies if d.pk not in serving]
    if strangers:
        raise RuleViolation(f"以下代表不在该联络站（点）：{'、'.join(strangers)}")
    with transaction.atomic():
        reception, _ = Reception.objects.update_or_create(
            station=station, point=point, date=on, defaults={"visitor_count": visitor_count, "note": note[:1000]}
        )
        reception.deputies.set(deputies)
    return reception


@transaction.atomic
def opinion_record(
    *,
    congress: Congress,
    title: str,
    text: str,
    source: str,
    actor: User | None,
    station: LiaisonStation | None = None,
    reception: Reception | None = None,
    citizen_name: str = "",
    citizen_phone: str = "",
    district: str = "",
    photos: Sequence[UploadedFile] = (),
    received_at: datetime | None = None,
) -> Opinion:
    """Record one opinion heard at a station (or left on the web form): clean, classify, group, route.

    The opinion is classified by the library; if the prediction's probability is at least
    :func:`triage_confidence` and a :class:`TopicRoute` exists it is classified by the system
    (event ``triage``) and waits in the triage inbox with its suggested unit for staff to confirm
    the routing — or, when its congress turned automatic routing on, is routed at once (event
    ``route``; defect 8). Otherwise it waits in the manual triage queue (已接收).

    Raises:
        PermissionDeniedError: an operator records for another station.
        InvalidPhoto: a photo is not a readable JPEG/PNG image or exceeds 5 MB (nothing is written).
        ApplicationError: the same citizen (phone and name) already sent the same text (code
            ``duplicate_opinion``; another citizen with the same text is recorded and grouped with
            it), or the title/text exceeds ``OPINION_TITLE_MAX``/``OPINION_TEXT_MAX`` characters
            (code ``too_long``).
    """
    if len(title.strip()) > OPINION_TITLE_MAX or len(text) > OPINION_TEXT_MAX:
        raise ApplicationError(
            f"主题不能超过 {OPINION_TITLE_MAX} 字，内容不能超过 {OPINION_TEXT_MAX} 字", code="too_long"
        )
    if source == Opinion.Source.STATION:
        if actor is None or not permissions.can_record(actor):
            raise PermissionDeniedError("无权登记联络站意见")
        if not permissions.can_record_at(actor, station):
            raise PermissionDeniedError("只能登记本联络站收到的意见")
    if len(photos) > MAX_OPINION_PHOTOS:
        raise InvalidPhoto(f"最多上传 {MAX_OPINION_PHOTOS} 张照片（选择了 {len(photos)} 张）")
    for photo in photos:
        _check_photo(photo)
    citizen_phone = normalize_phone(citizen_phone)
    cleaned = intelligence.clean(f"{title}\n{text}")
    digest = intelligence.content_hash(cleaned)
    resubmitted = Opinion.objects.filter(
        congress=congress, external_id="", content_hash=digest, citizen_phone=citizen_phone, citizen_name=citizen_name
    ).exclude(source=Opinion.Source.IMPORT)
    if resubmitted.exists():
        raise _duplicate_submission()
    prediction = intelligence.classify([(title, text)])[0]
    try:
        with transaction.atomic():  # a parallel resubmission hits opinion_unique_recorded_content
            opinion = Opinion.objects.create(
                congress=congress,
                station=station,
                reception=reception,
                source=source,
                citizen_name=citizen_name,
                citizen_phone=citizen_phone,
                district=district or (station.district if station else ""),
                title=title.strip(),
                text=text,
                received_at=received_at or timezone.now(),
                content_hash=digest,
                search_text=intelligence.segment_for_index(redact_text(cleaned)),
                predicted_topic=topic_for_label(prediction.label) if prediction else None,
                confidence=round(prediction.confidence, 4) if prediction else None,
                tracking_code=new_tracking_code(),
            )
    except IntegrityError as exc:
        raise _duplicate_submission() from exc
    for photo in photos:
        _photo_store(opinion=opinion, photo=photo)
    events.opinion_received(opinion, actor=actor, note=opinion.get_source_display())
    _group_similar(opinion, cleaned)
    _auto_triage_and_route(opinion=opinion)
    return opinion


def _duplicate_submission() -> ApplicationError:
    return ApplicationError("同一反映人的相同内容意见已经登记过，无需重复提交", code="duplicate_opinion")


def _group_similar(opinion: Opinion, cleaned: str) -> None:
    """Put ``opinion`` in the duplicate group of its most similar earlier opinion (search + MinHash)."""
    from renda.liaison import search

    words = intelligence.characteristic_words(opinion.title, opinion.text)
    if not words:
        return
    qs = Opinion.objects.filter(congress_id=opinion.congress_id).exclude(pk=opinion.pk)
    ids = search.related_ids(qs, words)
    finder = intelligence.NearDupFinder()
    candidates = list(Opinion.objects.filter(pk__in=ids).only("pk", "title", "text"))
    finder.add_many([c.pk for c in candidates], [intelligence.clean(f"{c.title}\n{c.text}") for c in candidates])
    hits = [(k, s) for k, s in finder.query(cleaned) if s >= intelligence.near_dup_threshold()]
    if not hits:
        return
    best_id, sim = hits[0]
    other = Opinion.objects.select_for_update().get(pk=best_id)
    if other.duplicate_group_id is None:
        group = DuplicateGroup.objects.create(congress_id=opinion.congress_id, size=1)
        other.duplicate_group = group
        other.similarity = 1.0
        other.save(update_fields=["duplicate_group", "similarity", "updated_at"])
    else:
        group = DuplicateGroup.objects.select_for_update().get(pk=other.duplicate_group_id)
    group.size += 1
    group.save(update_fields=["size", "updated_at"])
    opinion.duplicate_group = group
    opinion.similarity = round(sim, 4)
    opinion.save(update_fields=["duplicate_group", "similarity", "updated_at"])


def photos_check(*, photos: Sequence[UploadedFile]) -> None:
    """Validate photos (JPEG/PNG by content with Pillow, ≤ 5 MB) before a form is accepted. Raises InvalidPhoto."""
    for p in photos:
        _check_photo(p)


# --------------------------------------------------------------------------------------------------
# Transitions (each through renda.core.workflow.transition with OPINION_FLOW)
# --------------------------------------------------------------------------------------------------
def _lock(opinion: Opinion, expected_version: int | None = None) -> Opinion:
    """The opinion's row locked for the transaction, fresh (its station is read lazily: PostgreSQL
    refuses ``FOR UPDATE`` on the nullable side of the outer join ``select_related`` would make)."""
    return lock(opinion, expected_version=expected_version)


def _auto_triage_and_route(*, opinion: Opinion, at: datetime | None = None) -> str:
    """Classify a freshly received, confidently predicted opinion without staff and, when its congress
    turned automatic routing on, route it to its topic's unit (defect 8: off by default).

    The opinion must be ``received`` with a prediction of probability ≥ :func:`triage_confidence` and
    a :class:`TopicRoute` for the predicted topic; it then moves received → triaged (event by the
    system, "自动分类（置信度 …）") and stays in the triage inbox with its suggested unit until staff
    confirm the routing (:func:`opinions_route_suggested`), or, with automatic routing on, moves on
    to routed (the station's deputies are notified).

    Returns:
        The opinion's status afterwards (``received`` when nothing applied).
    """
    if opinion.confidence is None or opinion.confidence < triage_confidence() or opinion.predicted_topic is None:
        return opinion.status
    unit = route_for(congress_id=opinion.congress_id, topic=opinion.predicted_topic)
    if unit is None or opinion.status != Status.RECEIVED:
        return opinion.status
    transition(
        opinion,
        workflow=OPINION_FLOW,
        to=Status.TRIAGED,
        action=Action.TRIAGE,
        actor=None,
        note=f"自动分类（置信度 {opinion.confidence:.2f}）",
        at=at,
    )
    if auto_route_enabled(opinion.congress_id):
        _route(opinion, unit, None, note="按分类转办规则自动转办", at=at)
    return opinion.status


def opinion_auto_route(*, opinion: Opinion) -> bool:
    """Route a freshly received opinion without staff, if its congress turned automatic routing on.

    Returns True if routed: :func:`_auto_triage_and_route` moved it received → triaged → routed
    (two events, actor empty). With automatic routing off (the default) a confident opinion is only
    classified and waits for staff to confirm its suggested unit; False is returned.
    """
    with transaction.atomic():
        op = _lock(opinion)
        routed = _auto_triage_and_route(opinion=op) == Status.ROUTED
    opinion.refresh_from_db()
    return routed


@transaction.atomic
def opinion_triage(
    *, opinion: Opinion, actor: User, topic: Topic | None = None, note: str = "", expected_version: int | None = None
) -> Opinion:
    """Staff confirm or choose the topic (any level of the taxonomy): received → triaged.

    A triaged opinion not yet routed (also one whose routing was withdrawn) may be classified again
    with another topic (重新分类: the status stays triaged, an event is logged); the same topic again
    is refused as a repeat.

    Args:
        topic: the manual topic; ``None`` accepts the predicted one (which must then exist).
        expected_version: the opinion's ``version`` the actor saw (optimistic check), or ``None``.
    Raises:
        PermissionDeniedError: the actor is not staff of the opinion's congress.
        InvalidTransition: the opinion is not waiting for triage.
        ApplicationError: no topic chosen and none predicted.
        ConcurrentModification: the opinion changed since the actor loaded it.
    """
    op = _lock(opinion, expected_version)
    allowed = permissions.can_triage(actor, op)
    if not allowed:
        raise PermissionDeniedError("只有常委会工作人员可以分类")
    if op.status == Status.ROUTED:  # routed → triaged is opinion_withdraw_routing's transition
        raise InvalidTransition(
            "该意见已转办：如需重新分类，请先撤回转办", extra={"from": op.status, "to": Status.TRIAGED}
        )
    reclassify = op.status == Status.TRIAGED and topic is not None and topic != op.effective_topic
    if not reclassify:  # triaged → triaged only to change the topic before routing (重新分类)
        assert_transition(op.status, Status.TRIAGED)
    if topic is None and op.predicted_topic_id is None:
        raise ApplicationError("请选择意见分类", code="topic_required")
    op.topic = topic
    note = note or str(topic or op.predicted_topic)
    if reclassify:
        save_versioned(op, ["topic"])
        events.opinion_reclassified(op, actor=actor, note=note)
    else:
        transition(
            op,
            workflow=OPINION_FLOW,
            to=Status.TRIAGED,
            action=Action.TRIAGE,
            actor=actor,
            allowed=allowed,
            note=note,
            fields=["topic"],
        )
    return op


def _assert_routable(op: Opinion) -> None:
    """Routing (转办) starts from 已分类 only; an opinion in follow-up is sent back with 重新交办."""
    if op.status == Status.FOLLOW_UP:
        raise InvalidTransition("该意见正在回访复核：请用“重新交办”", extra={"from": op.status, "to": Status.ROUTED})
    assert_transition(op.status, Status.ROUTED)


def _route(op: Opinion, unit: HandlingUnit, actor: User | None, note: str = "", at: datetime | None = None) -> None:
    op.unit = unit
    transition(
        op,
        workflow=OPINION_FLOW,
        to=Status.ROUTED,
        action=Action.ROUTE,
        actor=actor,
        allowed=actor is None or permissions.can_route(actor, op),
        denied="只有常委会工作人员可以转办",
        note=note or unit.name,
        at=at,
        fields=["unit"],
        notice=notices.opinion_routed(
            opinion_id=op.pk, title=op.title, recipients=notices.station_deputy_ids(op.station_id)
        ),
    )


@transaction.atomic
def opinion_withdraw_routing(
    *, opinion: Opinion, actor: User, reason: str, expected_version: int | None = None
) -> Opinion:
    """Staff withdraw a routing before the unit has answered: routed → triaged (撤回转办).

    For an opinion sent to the wrong unit (the unit said it is not theirs, or the topic was wrong).
    The unit is cleared, so the former unit no longer sees the opinion; the event log keeps its name
    and the reason. The opinion keeps its topic and waits to be routed again (to the right unit).

    Args:
        opinion: a routed opinion.
        actor: staff of the opinion's congress.
        reason: why (required, shown in the event log).
        expected_version: optimistic check, as for :func:`opinion_triage`.
    Raises:
        PermissionDeniedError: the actor is not staff of the opinion's congress.
        InvalidTransition: the opinion is not routed (not yet routed, or already answered).
        ApplicationError: ``reason_required`` for an empty reason.
    """
    op = _lock(opinion, expected_version)
    allowed = permissions.can_withdraw_routing(actor, op)
    if not allowed:
        raise PermissionDeniedError("只有常委会工作人员可以撤回转办")
    if op.status != Status.ROUTED:
        raise InvalidTransition(
            f"只有已转办、尚未答复的意见可以撤回转办（当前：{op.get_status_display()}）",
            extra={"from": op.status, "to": Status.TRIAGED},
        )
    reason = reason.strip()
    if not reason:
        raise ApplicationError("请说明撤回转办的原因", code="reason_required")
    former = op.unit
    op.unit = None
    transition(
        op,
        workflow=OPINION_FLOW,
        to=Status.TRIAGED,
        action=Action.WITHDRAW,
        actor=actor,
        allowed=allowed,
        note=f"撤回转办（原承办单位：{former}）：{reason}",
        fields=["unit"],
    )
    return op


@transaction.atomic
def opinion_route(
    *,
    opinion: Opinion,
    actor: User,
    unit: HandlingUnit | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Opinion:
    """Staff route a triaged opinion to a handling unit: triaged → routed; the station's deputies are notified.

    Args:
        unit: the handling unit; ``None`` uses the :class:`TopicRoute` of the opinion's topic.
        expected_version: optimistic check, as for :func:`opinion_triage`.
    Raises:
        PermissionDeniedError, InvalidTransition, ApplicationError (no unit given and no route).
    """
    op = _lock(opinion, expected_version)
    if not permissions.can_route(actor, op):
        raise PermissionDeniedError("只有常委会工作人员可以转办")
    _assert_routable(op)
    unit = unit or route_for(congress_id=op.congress_id, topic=op.effective_topic)
    if unit is None:
        raise ApplicationError("该分类没有对应的承办单位，请选择承办单位", code="unit_required")
    _route(op, unit, actor, note)
    return op


@transaction.atomic
def opinions_route_suggested(*, opinion_ids: Sequence[int], actor: User) -> int:
    """Staff confirm the suggested routing of the selected classified opinions at once (分诊页“确认转办”).

    Each selected opinion must be classified (已分类), of a congress the actor is staff of, and have a
    suggested unit (the :class:`TopicRoute` of its topic). They are moved triaged → routed with
    :func:`renda.core.workflow.transition_bulk`, one bulk move per suggested unit, one ``route``
    event each (actor: the staff member, note: "确认建议转办：<unit>"); the station's deputies are
    notified per opinion. All or none: a single opinion that may not be routed refuses the batch.

    Args:
        opinion_ids: the selected opinions' ids (duplicates are ignored).
        actor: the staff member confirming.
    Returns:
        How many opinions were routed.
    Raises:
        ApplicationError: nothing selected (``opinions_required``), or an opinion has no suggested
            unit (``unit_required``).
        NotFoundOrForbidden: a selected opinion does not exist.
        PermissionDeniedError: the actor may not route one of them (not staff of its congress).
        InvalidTransition: one of them is not classified (already routed, or still awaiting a topic).
    """
    ids = sorted(set(opinion_ids))
    if not ids:
        raise ApplicationError("请选择要确认转办的意见", code="opinions_required")
    ops = list(Opinion.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk"))
    if len(ops) != len(ids):
        raise NotFoundOrForbidden("意见不存在或无权查看")
    by_unit: dict[int, list[Opinion]] = {}
    units: dict[int, HandlingUnit] = {}
    routes: dict[tuple[int, int | None], HandlingUnit | None] = {}  # one lookup per (congress, topic)
    for op in ops:
        if not permissions.can_route(actor, op):
            raise PermissionDeniedError("只有常委会工作人员可以转办")
        _assert_routable(op)
        key = (op.congress_id, op.topic_id or op.predicted_topic_id)
        if key not in routes:
            routes[key] = route_for(congress_id=op.congress_id, topic=op.effective_topic)
        unit = routes[key]
        if unit is None:
            raise ApplicationError(
                f"意见“{redact_text(op.title)}”没有建议的承办单位，请在详情页选择承办单位", code="unit_required"
            )
        units[unit.pk] = unit
        by_unit.setdefault(unit.pk, []).append(op)
    deputies: dict[int | None, list[int]] = {}
    for unit_id, group in by_unit.items():
        pks = [op.pk for op in group]
        transition_bulk(
            Opinion.objects.filter(pk__in=pks),
            workflow=OPINION_FLOW,
            to=Status.ROUTED,
            action=Action.ROUTE,
            actor=actor,
            allowed=all(permissions.can_route(actor, op) for op in group),
            denied="只有常委会工作人员可以转办",
            note=f"确认建议转办：{units[unit_id].name}",
        )
        Opinion.objects.filter(pk__in=pks).update(unit_id=unit_id)
        for op in group:
            if op.station_id not in deputies:  # one lookup per station
                deputies[op.station_id] = notices.station_deputy_ids(op.station_id)
            notify_on_commit(
                notices.opinion_routed(opinion_id=op.pk, title=op.title, recipients=deputies[op.station_id])
            )
    return len(ops)


@transaction.atomic
def opinion_answer(*, opinion: Opinion, actor: User, answer: str, expected_version: int | None = None) -> Opinion:
    """The unit answers the citizen: routed → answered.

    Raises:
        PermissionDeniedError: the actor is not an officer of the unit it was routed to.
        InvalidTransition: not routed. ApplicationError: empty answer.
        ConcurrentModification: the opinion changed since the actor loaded it (``expected_version``).
    """
    op = _lock(opinion, expected_version)
    allowed = permissions.can_answer(actor, op)
    if not allowed:
        raise PermissionDeniedError("只有承办单位可以答复")
    assert_transition(op.status, Status.ANSWERED)
    if not answer.strip():
        raise ApplicationError("答复内容不能为空", code="answer_required")
    op.answer = answer.strip()
    op.answered_at = timezone.now()
    transition(
        op,
        workflow=OPINION_FLOW,
        to=Status.ANSWERED,
        action=Action.ANSWER,
        actor=actor,
        allowed=allowed,
        at=op.answered_at,
        fields=["answer", "answered_at"],
    )
    return op


@transaction.atomic
def opinion_rate(*, opinion: Opinion, tracking_code: str, rating: int, comment: str = "") -> Opinion:
    """The citizen rates the answer (1–5) with their 查询码.

    A rating above :func:`~renda.liaison.conf.low_rating_threshold` (default 2) closes the opinion:
    answered → closed. A low one sends it to follow-up instead (回访复核, issue 13 item 4): answered →
    follow_up, event ``rate_low``, the congress's staff and the unit that answered are notified; staff
    then re-route it or close it with an explanation (:mod:`renda.liaison.followup`).

    Raises:
        PermissionDeniedError: the 查询码 does not belong to this opinion.
        InvalidTransition: the opinion is not answered (not yet, in follow-up, or already closed).
        ApplicationError: rating outside 1–5.
    """
    op = _lock(opinion)
    allowed = permissions.can_rate(tracking_code, op)
    if not allowed:
        raise PermissionDeniedError("查询码不正确")
    assert_transition(op.status, Status.CLOSED)
    if op.status != Status.ANSWERED:
        raise InvalidTransition("该意见正在回访复核，请等待承办单位重新答复后再评价", extra={"from": op.status})
    if rating not in range(1, 6):
        raise ApplicationError("评价须为 1 至 5 分", code="rating_out_of_range")
    op.rating = rating
    low = rating <= low_rating_threshold()
    transition(
        op,
        workflow=OPINION_FLOW,
        to=Status.FOLLOW_UP if low else Status.CLOSED,
        action=Action.RATE_LOW if low else Action.RATE,
        actor=None,
        allowed=allowed,
        denied="查询码不正确",
        note=f"群众评价 {rating} 分 {comment}".strip(),
        fields=["rating"],
        notice=notices.opinion_rated_low(
            opinion_id=op.pk, title=op.title, rating=rating, congress_id=op.congress_id, unit_id=op.unit_id
        )
        if low
        else None,
    )
    return op


@transaction.atomic
def suggestion_draft_from_opinions(*, opinions: Sequence[Opinion], actor: User, title: str = "") -> SuggestionLink:
    """A deputy turns an opinion (or a group of similar ones) into a draft suggestion, linked back.

    The draft text lists the opinions; the draft suggestion is created in the proposals app (status
    草稿, the actor as lead deputy) through ``renda.proposals.services.proposal_create``, and both
    sides link to each other (代表法 第24条: suggestions must be specific — the deputy edits the draft
    before submitting it).

    Raises:
        PermissionDeniedError: the actor is not a deputy serving at each opinion's station.
        ApplicationError: no opinions, or one is already linked to a suggestion.
    """
    if not opinions:
        raise ApplicationError("请选择意见", code="opinions_required")
    for op in opinions:
        if not permissions.can_draft_suggestion(actor, op):
            raise PermissionDeniedError("只有进站代表可以将本站意见转为建议")
        if op.suggestion_id:
            raise ApplicationError(f"意见“{redact_text(op.title)}”已转为建议", code="already_linked")
    first = opinions[0]
    body = "\n".join(
        f"{i}. {redact_text(op.title)}：{redact_text(intelligence.clean(op.text))[:300]}"
        for i, op in enumerate(opinions, 1)
    )
    assert actor.deputy is not None
    link = SuggestionLink.objects.create(
        deputy=actor.deputy,
        title=(title or f"关于{redact_text(first.title)}的建议")[:200],
        body=f"群众意见{len(opinions)}件：\n{body}",
    )
    link.proposal = proposal_create(
        actor=actor,
        title=link.title,
        body=link.body,
        topic=first.predicted_topic.name if first.predicted_topic else "",
    )
    link.save(update_fields=["proposal"])
    Opinion.objects.filter(pk__in=[o.pk for o in opinions]).update(suggestion=link)
    for op in opinions:
        events.suggestion_drafted(op, actor=actor, title=link.title)
    return link


def hot_topics_compute(*, congress_id: int, since: datetime, until: datetime, top: int = 15) -> HotTopicSnapshot:
    """Rank the hot topics of a congress's opinions in ``[since, until]`` and store them as a snapshot.

    Heavy (clustering all opinions of the window): run it from the task ``compute_hot_topics``,
    ``renda opinions hot``, or the demo loader — not inside a page request.
    """
    from renda.liaison import selectors

    qs = Opinion.objects.filter(
        congress_id=congress_id, received_at__gte=since, received_at__lte=until, received_at_unknown=False
    )  # the snapshot's opinion count is of the opinions ranked (hot_topics_for leaves out unknown times)
    hot = selectors.hot_topics_for(qs, since=since, until=until, top=top)
    data = [
        {
            "keywords": h.keywords,
            "heat": round(h.heat, 3),
            "count": h.count,
            "likes": h.likes,
            "first": h.first.isoformat() if h.first else None,
            "last": h.last.isoformat() if h.last else None,
            "title": redact_text(h.title),
            "opinion_ids": [int(k) for k in h.keys],
        }
        for h in hot
    ]
    return HotTopicSnapshot.objects.create(
        congress_id=congress_id, since=since, until=until, opinion_count=qs.count(), data=data
    )
