"""Writes of the liaison domain (DESIGN.md house style 1 and 4).

Each status change is one service: it locks the opinion row (``select_for_update``), checks the
transition (``workflow.assert_transition``) and the actor's right, saves with ``update_fields``, writes
an :class:`OpinionEvent` and schedules notifications with ``transaction.on_commit``. A refused action
raises an :class:`~renda.core.exceptions.ApplicationError` and writes nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageOps

from renda.core.exceptions import ApplicationError, InvalidTransition, PermissionDeniedError
from renda.core.notifications import notify
from renda.core.privacy import redact_text
from renda.liaison import intelligence, permissions
from renda.liaison.models import (
    MAX_OPINION_PHOTOS,
    OPINION_TEXT_MAX,
    OPINION_TITLE_MAX,
    DuplicateGroup,
    HotTopicSnapshot,
    Opinion,
    OpinionEvent,
    OpinionPhoto,
    Reception,
    SuggestionLink,
    Topic,
    TopicRoute,
    normalize_phone,
)
from renda.liaison.workflow import Status, assert_transition
from renda.organization.models import Congress, Deputy, HandlingUnit, LiaisonPoint, LiaisonStation, User
from renda.proposals.services import proposal_create

MAX_PHOTO_BYTES = 5 * 1024 * 1024
#: Pillow format name → the extension a photo of that format is stored with (the form's accept list).
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png"}
#: Larger images are refused before they are decoded (a small file can unpack into gigabytes).
MAX_PHOTO_PIXELS = 40_000_000
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def triage_confidence() -> float:
    """Predictions below this probability (0–1) go to the manual triage queue.

    Setting ``LIAISON_TRIAGE_CONFIDENCE`` (default 0.6); a local choice, not a rule in RULES.md.
    """
    return float(getattr(settings, "LIAISON_TRIAGE_CONFIDENCE", 0.6))


def new_tracking_code() -> str:
    """A random 10-character 查询码 (no 0/O/1/I) the citizen uses to follow and rate their opinion."""
    return "".join(TRACKING_ALPHABET[b % 32] for b in secrets.token_bytes(10))


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


# --------------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------------
def _photo_kind(photo: UploadedFile) -> str:
    """The extension (``jpg``/``png``) of the format Pillow detects in ``photo``'s content (its name is ignored).

    Reads the image header only. Raises InvalidPhoto when the content is not a JPEG or PNG image.
    """
    photo.seek(0)
    try:
        with Image.open(photo, formats=list(PHOTO_FORMATS)) as image:
            kind = PHOTO_FORMATS.get(image.format or "")
    except Exception as exc:  # any failure to parse untrusted bytes means "not a photo"
        raise InvalidPhoto("照片须为 JPEG 或 PNG 格式") from exc
    finally:
        photo.seek(0)
    if kind is None:
        raise InvalidPhoto("照片须为 JPEG 或 PNG 格式")
    return kind


def _check_photo(photo: UploadedFile) -> str:
    """Validate one uploaded photo by its content with Pillow and return the extension to store it with.

    Checks, in order: size ≤ ``MAX_PHOTO_BYTES`` (5 MB); the format Pillow detects is JPEG or PNG
    (``PHOTO_FORMATS``; a file that merely starts with a JPEG signature, such as ``\\xff\\xd8\\xff<html>``,
    is not one); at most ``MAX_PHOTO_PIXELS``; ``Image.verify()`` and a full decode succeed (a truncated
    or corrupt file fails).

    Returns:
        ``"jpg"`` or ``"png"``.
    Raises:
        InvalidPhoto: with the Chinese reason; the file is left at position 0.
    """
    if photo.size is not None and photo.size > MAX_PHOTO_BYTES:
        raise InvalidPhoto("照片不能超过 5 MB")
    kind = _photo_kind(photo)
    try:
        with Image.open(photo, formats=list(PHOTO_FORMATS)) as image:
            if image.width * image.height > MAX_PHOTO_PIXELS:
                raise InvalidPhoto(f"照片像素过多（不能超过 {MAX_PHOTO_PIXELS // 10_000} 万像素）")
            image.verify()
        photo.seek(0)
        with Image.open(photo, formats=list(PHOTO_FORMATS)) as image:  # verify() leaves it unusable: reopen
            image.load()
    except InvalidPhoto:
        raise
    except Exception as exc:  # truncated, corrupt, or a decompression bomb
        raise InvalidPhoto("照片文件已损坏或不完整，请重新上传") from exc
    finally:
        photo.seek(0)
    return kind


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
) -> Reception:
    """Record (or update) a reception day at a station or point: date, deputies present, visitors."""
    if not permissions.can_record(actor) or (
        actor.role == User.Role.STATION_OPERATOR and actor.liaison_station_id != station.pk
    ):
        raise PermissionDeniedError("只能登记本联络站的接待活动")
    with transaction.atomic():
        reception, _ = Reception.objects.update_or_create(
            station=station, point=point, date=on, defaults={"visitor_count": visitor_count, "note": note}
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
    :func:`triage_confidence` and a :class:`TopicRoute` exists it is routed at once (events
    ``triaged`` and ``routed`` by the system), otherwise it waits in the manual triage queue.

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
        if actor.role == User.Role.STATION_OPERATOR and (station is None or actor.liaison_station_id != station.pk):
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
    _event(opinion, actor, "received", "", Status.RECEIVED, note=opinion.get_source_display())
    _group_similar(opinion, cleaned)
    opinion_auto_route(opinion=opinion)
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
# Transitions
# --------------------------------------------------------------------------------------------------
def _event(opinion: Opinion, actor: User | None, action: str, from_status: str, to_status: str, note: str = "") -> None:
    OpinionEvent.objects.create(
        opinion=opinion, actor=actor, action=action, from_status=from_status, to_status=to_status, note=note
    )


def _lock(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update(of=("self",)).select_related("station").get(pk=opinion.pk)


def opinion_auto_route(*, opinion: Opinion) -> bool:
    """Route a freshly received opinion without staff when its prediction is confident enough.

    Returns True if routed: probability ≥ :func:`triage_confidence` and a route exists for the
    predicted topic; the opinion then moves received → triaged → routed (two events, actor empty).
    """
    if opinion.confidence is None or opinion.confidence < triage_confidence() or opinion.predicted_topic is None:
        return False
    unit = route_for(congress_id=opinion.congress_id, topic=opinion.predicted_topic)
    if unit is None:
        return False
    with transaction.atomic():
        op = _lock(opinion)
        if op.status != Status.RECEIVED:
            return False
        op.status = Status.TRIAGED
        op.save(update_fields=["status", "updated_at"])
        _event(op, None, "triage", Status.RECEIVED, Status.TRIAGED, note=f"自动分类（置信度 {op.confidence:.2f}）")
        _route(op, unit, None, note="按分类转办规则自动转办")
    opinion.refresh_from_db()
    return True


@transaction.atomic
def opinion_triage(*, opinion: Opinion, actor: User, topic: Topic | None = None, note: str = "") -> Opinion:
    """Staff confirm or choose the topic (any level of the taxonomy): received → triaged.

    A triaged opinion not yet routed (also one whose routing was withdrawn) may be classified again
    with another topic (重新分类, triaged → triaged); the same topic again is refused as a repeat.

    Args:
        topic: the manual topic; ``None`` accepts the predicted one (which must then exist).
    Raises:
        PermissionDeniedError: the actor is not staff of the opinion's congress.
        InvalidTransition: the opinion is not waiting for triage.
        ApplicationError: no topic chosen and none predicted.
    """
    op = _lock(opinion)
    if not permissions.can_triage(actor, op):
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
    previous = op.status
    op.topic = topic
    op.status = Status.TRIAGED
    op.save(update_fields=["topic", "status", "updated_at"])
    _event(op, actor, "triage", previous, Status.TRIAGED, note=note or str(topic or op.predicted_topic))
    return op


def _route(op: Opinion, unit: HandlingUnit, actor: User | None, note: str = "") -> None:
    previous = op.status
    op.unit = unit
    op.status = Status.ROUTED
    op.save(update_fields=["unit", "status", "updated_at"])
    _event(op, actor, "route", previous, Status.ROUTED, note=note or unit.name)
    opinion_id, station_id, title = op.pk, op.station_id, op.title
    transaction.on_commit(lambda: notify_station_deputies(opinion_id=opinion_id, station_id=station_id, title=title))


@transaction.atomic
def opinion_withdraw_routing(*, opinion: Opinion, actor: User, reason: str) -> Opinion:
    """Staff withdraw a routing before the unit has answered: routed → triaged (撤回转办).

    For an opinion sent to the wrong unit (the unit said it is not theirs, or the topic was wrong).
    The unit is cleared, so the former unit no longer sees the opinion; the event log keeps its name
    and the reason. The opinion keeps its topic and waits to be routed again (to the right unit).

    Args:
        opinion: a routed opinion.
        actor: staff of the opinion's congress.
        reason: why (required, shown in the event log).
    Raises:
        PermissionDeniedError: the actor is not staff of the opinion's congress.
        InvalidTransition: the opinion is not routed (not yet routed, or already answered).
        ApplicationError: ``reason_required`` for an empty reason.
    """
    op = _lock(opinion)
    if not permissions.can_triage(actor, op):
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
    op.status = Status.TRIAGED
    op.save(update_fields=["unit", "status", "updated_at"])
    _event(op, actor, "withdraw", Status.ROUTED, Status.TRIAGED, note=f"撤回转办（原承办单位：{former}）：{reason}")
    return op


@transaction.atomic
def opinion_route(*, opinion: Opinion, actor: User, unit: HandlingUnit | None = None, note: str = "") -> Opinion:
    """Staff route a triaged opinion to a handling unit: triaged → routed; the station's deputies are notified.

    Args:
        unit: the handling unit; ``None`` uses the :class:`TopicRoute` of the opinion's topic.
    Raises:
        PermissionDeniedError, InvalidTransition, ApplicationError (no unit given and no route).
    """
    op = _lock(opinion)
    if not permissions.can_triage(actor, op):
        raise PermissionDeniedError("只有常委会工作人员可以转办")
    assert_transition(op.status, Status.ROUTED)
    unit = unit or route_for(congress_id=op.congress_id, topic=op.effective_topic)
    if unit is None:
        raise ApplicationError("该分类没有对应的承办单位，请选择承办单位", code="unit_required")
    _route(op, unit, actor, note)
    return op


@transaction.atomic
def opinion_answer(*, opinion: Opinion, actor: User, answer: str) -> Opinion:
    """The unit answers the citizen: routed → answered.

    Raises:
        PermissionDeniedError: the actor is not an officer of the unit it was routed to.
        InvalidTransition: not routed. ApplicationError: empty answer.
    """
    op = _lock(opinion)
    if not permissions.can_answer(actor, op):
        raise PermissionDeniedError("只有承办单位可以答复")
    assert_transition(op.status, Status.ANSWERED)
    if not answer.strip():
        raise ApplicationError("答复内容不能为空", code="answer_required")
    op.answer = answer.strip()
    op.answered_at = timezone.now()
    op.status = Status.ANSWERED
    op.save(update_fields=["answer", "answered_at", "status", "updated_at"])
    _event(op, actor, "answer", Status.ROUTED, Status.ANSWERED)
    return op


@transaction.atomic
def opinion_rate(*, opinion: Opinion, tracking_code: str, rating: int, comment: str = "") -> Opinion:
    """The citizen rates the answer (1–5) with their 查询码, which closes the opinion: answered → closed.

    Raises:
        PermissionDeniedError: the 查询码 does not belong to this opinion.
        InvalidTransition: the opinion has not been answered (or is already closed).
        ApplicationError: rating outside 1–5.
    """
    op = _lock(opinion)
    if not secrets.compare_digest(op.tracking_code, tracking_code.strip().upper()):
        raise PermissionDeniedError("查询码不正确")
    assert_transition(op.status, Status.CLOSED)
    if rating not in range(1, 6):
        raise ApplicationError("评价须为 1 至 5 分", code="rating_out_of_range")
    op.rating = rating
    op.status = Status.CLOSED
    op.save(update_fields=["rating", "status", "updated_at"])
    _event(op, None, "rate", Status.ANSWERED, Status.CLOSED, note=f"群众评价 {rating} 分 {comment}".strip())
    return op


def notify_station_deputies(*, opinion_id: int, station_id: int | None, title: str) -> int:
    """In-app notification to each deputy (with a login) serving at the station. Returns how many."""
    if station_id is None:
        return 0
    users = User.objects.filter(deputy__liaison_stations=station_id, is_active=True)
    url = reverse("liaison:opinion-detail", args=[opinion_id])
    return len(notify(users=users, text=f"本站群众意见已转办：{redact_text(title)}", link=url))


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
        _event(op, actor, "draft_suggestion", op.status, op.status, note=link.title)
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
