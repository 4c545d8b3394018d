"""Public comment on a draft version (征求意见, RULES.md G11, G12, G19): the comment period, phone
identity by one-time code, comments from the public, deputies, contact points and hearings, and
moderation.

The period is ``comment_opens`` – ``comment_closes`` inclusive (Asia/Shanghai dates): opened on day D
for N days (D1: the start day is not counted), the last day to comment is D + N. A comment after that
day is refused (``comment_closed``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from renda.core.constraints import check_text
from renda.core.exceptions import ApplicationError, PermissionDeniedError, RuleViolation
from renda.core.privacy import redact_public
from renda.core.ratelimit import rate_limit_release, rate_limit_take
from renda.core.workflow import lock
from renda.legislation import conf, events, permissions, sms
from renda.legislation.events import Action
from renda.legislation.models import Article, Comment, ContactPoint, DraftVersion, PhoneCode
from renda.legislation.workflow import BEFORE_VOTE
from renda.organization.models import User

PHONE = re.compile(r"^1[3-9]\d{9}$")
COMMENT_MAX = 2000


class RateLimited(ApplicationError):
    """Too many codes or comments from one phone or address in the hour (HTTP 429)."""

    code = "rate_limited"
    http_status = 429


def period_open(
    *,
    version: DraftVersion,
    opens: date,
    actor: User,
    days: int | None = None,
    short_reason: str = "",
    early_reason: str = "",
    at: datetime | None = None,
) -> DraftVersion:
    """Open ``version`` for public comment from ``opens`` for ``days`` days (G11, default COMMENT_DAYS = 30).

    A shorter period needs the 主任会议's decision (``short_reason``). The draft must be before the vote.
    G11 (立法法 第40条 by analogy, G5): the draft is published for comment after its first reading, so
    ``opens`` must fall on or after the day of the first reading's meeting; opening earlier needs the
    主任会议's decision (``early_reason``), kept on the version and written on the event.
    ``at`` stamps the event (aware datetime, default now: the demo dates its past acts).
    Raises:
        PermissionDeniedError: not staff. RuleViolation: ``invalid_days`` (not 1–180), ``short_period``
        (shorter than the default without a reason), ``before_first_reading`` (G11: no reading held by
        ``opens`` and no 主任会议 decision), ``voted``, ``too_long``.
    """
    with transaction.atomic():
        draft = lock(version.draft)
        if not permissions.can_manage(actor, draft):
            raise PermissionDeniedError("只有常委会法制工作机构的工作人员可以办理")
        if draft.status not in BEFORE_VOTE:
            raise RuleViolation("草案已经表决，不能再征求意见", code="voted")
        minimum = conf.value("COMMENT_DAYS", draft.congress)
        longest = conf.value("COMMENT_MAX_DAYS", draft.congress)
        days = minimum if days is None else days
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= longest:
            raise RuleViolation(f"征求意见期限须为1至{longest}日", code="invalid_days", extra={"rule": "G11"})
        if days < minimum and not short_reason.strip():
            raise RuleViolation(
                f"征求意见的时间一般不少于{minimum}日；缩短期限须有主任会议决定并写明理由",
                code="short_period",
                extra={"rule": "G11"},
            )
        first = draft.readings.select_related("agenda_item__meeting").order_by("number").first()
        read = first is not None and timezone.localdate(first.agenda_item.meeting.starts_at) <= opens
        early = "" if read else early_reason.strip()
        if not read and not early:
            raise RuleViolation(
                "法规草案一般在常委会会议第一次审议后公开征求意见；一审前公开须有主任会议决定，请填写决定及理由",
                code="before_first_reading",
                extra={"rule": "G11"},
            )
        check_text(early, label="一审前公开征求意见的主任会议决定", max_length=200)
        version.comment_opens = opens
        version.comment_closes = opens + timedelta(days=days)
        version.comment_short_reason = short_reason.strip()[:200]
        version.comment_early_reason = early
        version.save(
            update_fields=[
                "comment_opens",
                "comment_closes",
                "comment_short_reason",
                "comment_early_reason",
                "updated_at",
            ]
        )
        note = f"{version.label}：{version.comment_opens:%Y-%m-%d} 至 {version.comment_closes:%Y-%m-%d}"
        events.record(
            draft,
            action=Action.COMMENT_OPEN,
            actor=actor,
            note=note + (f"（一审前公开：{early}）" if early else ""),
            at=at,
        )
    return version


def is_open(version: DraftVersion, *, on: date | None = None) -> bool:
    """Whether ``version`` takes public comments on day ``on`` (default today, Asia/Shanghai)."""
    day = on or timezone.localdate()
    return bool(
        version.comment_opens and version.comment_closes and version.comment_opens <= day <= version.comment_closes
    )


def _code_hash(phone: str, code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def normalise_phone(phone: str) -> str:
    """A mainland mobile number as 11 digits (spaces, dashes and +86 removed).

    Raises:
        RuleViolation: ``invalid_phone``.
    """
    digits = re.sub(r"[\s\-]", "", phone or "")
    digits = digits.removeprefix("+86")
    if not PHONE.match(digits):
        raise RuleViolation("请填写11位手机号码", code="invalid_phone")
    return digits


def code_send(*, phone: str, ip: str = "", now: datetime | None = None) -> None:
    """Send a 6-digit one-time code to ``phone`` through the configured SMS backend; only its keyed hash
    is stored, valid CODE_TTL_SECONDS (600 s), CODE_ATTEMPTS tries.

    Raises:
        RuleViolation: ``invalid_phone``. RateLimited: more than CODES_PER_PHONE_PER_HOUR codes for the
        phone (or the address) in the hour.
    """
    number = normalise_phone(phone)
    limit = int(conf.get("CODES_PER_PHONE_PER_HOUR"))
    slot = rate_limit_take(scope="leg-code", ident=number, limit=limit)
    if slot is None:
        raise RateLimited("验证码发送过于频繁，请一小时后再试")
    if ip and rate_limit_take(scope="leg-code-ip", ident=ip, limit=limit * 4) is None:
        rate_limit_release(slot)
        raise RateLimited("验证码发送过于频繁，请一小时后再试")
    code = f"{secrets.randbelow(10**6):06d}"
    moment = now or timezone.now()
    PhoneCode.objects.filter(phone=number, used=False).update(used=True)
    PhoneCode.objects.create(
        phone=number,
        code_hash=_code_hash(number, code),
        expires_at=moment + timedelta(seconds=int(conf.get("CODE_TTL_SECONDS"))),
    )
    sms.backend().send(number, f"您正在参与法规草案征求意见，验证码 {code}，10分钟内有效。")


def code_verify(*, phone: str, code: str, now: datetime | None = None) -> str:
    """Check the code sent to ``phone``; on success the code is spent and the normalised phone returned.

    Raises:
        RuleViolation: ``invalid_phone``; ``code_invalid`` (wrong, expired, used, or too many tries).
    """
    number = normalise_phone(phone)
    moment = now or timezone.now()
    with transaction.atomic():
        row = PhoneCode.objects.select_for_update().filter(phone=number, used=False).order_by("-pk").first()
        if row is None or row.expires_at < moment or row.attempts >= int(conf.get("CODE_ATTEMPTS")):
            raise RuleViolation("验证码无效或已过期，请重新获取", code="code_invalid")
        if not hmac.compare_digest(row.code_hash, _code_hash(number, str(code).strip())):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            raise RuleViolation("验证码不正确", code="code_invalid")
        row.used = True
        row.save(update_fields=["used"])
    return number


def _article(version: DraftVersion, article: Article | int | None) -> Article | None:
    if article is None or article == "":
        return None
    if isinstance(article, Article):
        if article.version_id != version.pk:
            raise RuleViolation("所选条文不属于该草案文本", code="wrong_article")
        return article
    found = Article.objects.filter(version=version, number=article).first()
    if found is None:
        raise RuleViolation("没有这一条", code="wrong_article")
    return found


def comment_submit(
    *,
    version: DraftVersion,
    text: str,
    source: str,
    article: Article | int | None = None,
    phone: str = "",
    user: User | None = None,
    contact_point: ContactPoint | None = None,
    hearing: str = "",
    author: str = "",
    on: date | None = None,
) -> Comment:
    """Store one comment on ``version`` (on an article, or on the whole when ``article`` is empty).

    Sources: ``public`` (a verified ``phone`` or a logged-in ``user``) and ``deputy`` (a deputy's login)
    only within the period (G11); ``contact_point`` (G19, entered by staff or a station operator, with the
    point) and ``hearing`` (staff, with the hearing's name) while the draft is before the vote.
    Raises:
        RuleViolation: ``comment_closed`` (outside the period), ``required``, ``too_long``,
        ``wrong_article``, ``source_required``. PermissionDeniedError: the user may not enter that source.
        RateLimited: COMMENTS_PER_PHONE_PER_HOUR exceeded.
    """
    version = DraftVersion.objects.select_related("draft").get(pk=version.pk)  # never trust a stale copy
    body = (text or "").strip()
    if not body:
        raise RuleViolation("请填写意见", code="required")
    check_text(body, label="意见", max_length=COMMENT_MAX)
    check_text(author, label="提出人", max_length=40)
    check_text(hearing, label="会议名称", max_length=80)
    target = _article(version, article)
    draft = version.draft
    if source in (Comment.Source.PUBLIC, Comment.Source.DEPUTY):
        if not is_open(version, on=on):
            raise RuleViolation(
                "该草案的征求意见期限已经截止或尚未开始，不能提交意见", code="comment_closed", extra={"rule": "G11"}
            )
        if source == Comment.Source.DEPUTY and not (user and permissions.can_comment_as_deputy(user, version)):
            raise PermissionDeniedError("只有人大代表可以以代表身份提出意见")
        if source == Comment.Source.PUBLIC and not phone and not (user and user.is_authenticated):
            raise RuleViolation("请先验证手机号码或登录", code="identity_required")
        if phone:
            phone = normalise_phone(phone)
            if (
                rate_limit_take(scope="leg-comment", ident=phone, limit=int(conf.get("COMMENTS_PER_PHONE_PER_HOUR")))
                is None
            ):
                raise RateLimited("提交意见过于频繁，请稍后再试")
    elif source == Comment.Source.CONTACT_POINT:
        if not (user and permissions.can_enter_contact_point_comment(user, version)):
            raise PermissionDeniedError("只有常委会工作人员或联络站工作人员可以录入联系点意见")
        if contact_point is None or contact_point.congress_id != draft.congress_id:
            raise RuleViolation("请选择基层立法联系点", code="source_required", extra={"rule": "G19"})
    elif source == Comment.Source.HEARING:
        if not (user and permissions.can_enter_hearing_comment(user, version)):
            raise PermissionDeniedError("只有常委会工作人员可以录入论证会、协商会意见")
        if not hearing.strip():
            raise RuleViolation("请填写论证会或协商会的名称", code="source_required")
    else:
        raise RuleViolation("意见来源不存在", code="invalid_choice")
    if source in (Comment.Source.CONTACT_POINT, Comment.Source.HEARING) and draft.status not in BEFORE_VOTE:
        raise RuleViolation("草案已经表决，不再录入意见", code="comment_closed")
    staff_entered = source in (Comment.Source.CONTACT_POINT, Comment.Source.HEARING)
    return Comment.objects.create(
        version=version,
        article=target,
        source=source,
        contact_point=contact_point if source == Comment.Source.CONTACT_POINT else None,
        hearing=hearing.strip() if source == Comment.Source.HEARING else "",
        author=author.strip(),
        phone=phone,
        user=None if staff_entered else user,
        entered_by=user if staff_entered else None,
        text=body,
        published_text=redact_public(body),
    )


def comment_hide(*, comment: Comment, reason: str, actor: User, at: datetime | None = None) -> Comment:
    """Hide an abusive comment from the public pages with a reason (logged on the draft's trail, the
    event stamped ``at``, default now); it stays in the record and out of the analysis.

    Raises:
        PermissionDeniedError: not staff. RuleViolation: ``reason_required``, ``too_long``.
    """
    if not permissions.can_moderate(actor, comment.version):
        raise PermissionDeniedError("只有常委会法制工作机构的工作人员可以屏蔽意见")
    if not reason.strip():
        raise RuleViolation("请写明屏蔽理由", code="reason_required")
    check_text(reason.strip(), label="屏蔽理由", max_length=120)
    with transaction.atomic():
        comment.hidden = True
        comment.hidden_reason = reason.strip()
        comment.save(update_fields=["hidden", "hidden_reason", "updated_at"])
        events.record(
            comment.version.draft,
            action=Action.COMMENT_HIDE,
            actor=actor,
            note=f"意见 {comment.pk}：{comment.hidden_reason}",
            at=at,
        )
    return comment
