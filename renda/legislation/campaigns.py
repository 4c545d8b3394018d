"""Seeing through the volume of comments on a version (issue 14 item 3, G12).

* **Campaigns**: near-identical comments (character-5-gram Jaccard ≥ CAMPAIGN_THRESHOLD, found by
  :func:`renda.textmining.lib.neardup.groups`, the library the liaison app uses for duplicate
  opinions) of at least CAMPAIGN_MIN_SIZE members are one campaign with its count, not N opinions.
* **Positions**: the other (distinct) comments of each article are clustered by shared words
  (jieba words, greedy single-pass, word-set overlap ≥ 0.3), each cluster with its keywords and a
  representative quote (the member sharing most words with the rest).
* The drafting office answers each campaign and position (采纳 / 部分采纳 / 不采纳 + reason) and then
  publishes the feedback page (G12).

:func:`detect_campaigns` and :func:`cluster` are pure (no ORM) and used by the benchmark.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from renda.core.constraints import check_text
from renda.core.exceptions import PermissionDeniedError, RuleViolation
from renda.legislation import conf, events, permissions
from renda.legislation.events import Action
from renda.legislation.models import Comment, DraftVersion, Position
from renda.organization.models import User
from renda.textmining.lib.neardup import groups as neardup_groups


def detect_campaigns(
    ids: Sequence[Hashable], texts: Sequence[str], *, threshold: float | None = None, min_size: int | None = None
) -> list[list[Hashable]]:
    """Groups of near-identical texts with at least ``min_size`` members (largest first).

    Args:
        ids, texts: the comments (same length, unique ids).
        threshold: Jaccard threshold on character 5-grams (default CAMPAIGN_THRESHOLD, 0.4).
        min_size: smallest campaign (default CAMPAIGN_MIN_SIZE, 3).
    """
    t = float(conf.get("CAMPAIGN_THRESHOLD")) if threshold is None else threshold
    m = int(conf.get("CAMPAIGN_MIN_SIZE")) if min_size is None else min_size
    if not ids:
        return []
    found = [list(g.ids) for g in neardup_groups(list(ids), list(texts), threshold=t) if len(g.ids) >= m]
    return sorted(found, key=len, reverse=True)


#: Words every comment on a draft uses: not keywords of a position.
GENERIC = frozenset({"建议", "规定", "明确", "条例", "草案", "本条", "应当", "意见", "增加", "希望", "可以"})
_ARTICLE_REF = re.compile(r"^第.+[条款章]$")


def _words(texts: Sequence[str]) -> list[set[str]]:
    from renda.textmining.lib.segment import segment_many

    return [
        {w for w in words if len(w) > 1 and w not in GENERIC and not _ARTICLE_REF.match(w)}
        for words in segment_many(list(texts))
    ]


@dataclass
class Cluster:
    """Distinct comments sharing a point: member indexes, keywords, the representative member."""

    members: list[int]
    keywords: list[str]
    representative: int


def cluster(texts: Sequence[str], *, overlap: float = 0.3) -> list[Cluster]:
    """Greedy single-pass clustering of ``texts`` by word overlap (|A∩B| / min(|A|,|B|) ≥ ``overlap``
    with the cluster's word counts' top words), largest first."""
    sets = _words(texts)
    clusters: list[tuple[list[int], Counter[str]]] = []
    for i, words in enumerate(sets):
        best, score = None, overlap
        for c, (_members, counts) in enumerate(clusters):
            top = {w for w, _n in counts.most_common(12)}
            if not words or not top:
                continue
            s = len(words & top) / min(len(words), len(top))
            if s >= score:
                best, score = c, s
        if best is None:
            clusters.append(([i], Counter(words)))
        else:
            clusters[best][0].append(i)
            clusters[best][1].update(words)
    out = []
    for members, counts in clusters:
        keywords = [w for w, n in counts.most_common(4) if n > 1 or len(members) == 1][:4]
        rep = max(members, key=lambda i: sum(counts[w] for w in sets[i]))
        out.append(Cluster(members, keywords, rep))
    return sorted(out, key=lambda c: len(c.members), reverse=True)


@transaction.atomic
def analyse(*, version: DraftVersion, actor: User) -> list[Position]:
    """(Re)build the campaigns and positions of ``version`` from its visible comments. Responses already
    recorded are kept for a position whose representative quote is unchanged.

    Raises:
        PermissionDeniedError: not staff of the draft's congress.
    """
    if not permissions.can_moderate(actor, version):
        raise PermissionDeniedError("只有常委会法制工作机构的工作人员可以办理")
    comments = list(Comment.objects.filter(version=version, hidden=False).select_related("article"))
    old = {(p.article_id, p.quote): (p.response, p.reason) for p in Position.objects.filter(version=version)}
    Comment.objects.filter(version=version).update(position=None)
    Position.objects.filter(version=version).delete()
    by_id = {c.pk: c for c in comments}
    positions: list[Position] = []
    in_campaign: set[int] = set()
    for ids in detect_campaigns([c.pk for c in comments], [c.text for c in comments]):
        members = [by_id[int(str(i))] for i in ids]
        article = Counter(c.article_id for c in members).most_common(1)[0][0]
        first = members[0]
        response, reason = old.get((article, first.published_text), ("", ""))
        pos = Position.objects.create(
            version=version,
            article_id=article,
            kind=Position.Kind.CAMPAIGN,
            quote=first.published_text,
            size=len(members),
            response=response,
            reason=reason,
        )
        Comment.objects.filter(pk__in=[c.pk for c in members]).update(position=pos)
        in_campaign.update(c.pk for c in members)
        positions.append(pos)
    rest: dict[int | None, list[Comment]] = {}
    for c in comments:
        if c.pk not in in_campaign:
            rest.setdefault(c.article_id, []).append(c)
    for article_id, items in rest.items():
        for cl in cluster([c.text for c in items]):
            quote = items[cl.representative].published_text
            response, reason = old.get((article_id, quote), ("", ""))
            pos = Position.objects.create(
                version=version,
                article_id=article_id,
                kind=Position.Kind.CLUSTER,
                keywords="、".join(cl.keywords)[:120],
                quote=quote,
                size=len(cl.members),
                response=response,
                reason=reason,
            )
            Comment.objects.filter(pk__in=[items[i].pk for i in cl.members]).update(position=pos)
            positions.append(pos)
    return positions


def position_respond(*, position: Position, response: str, reason: str, actor: User) -> Position:
    """Record the drafting office's response to a position (采纳 / 部分采纳 / 不采纳); partly or not
    adopted needs its reason.

    Raises:
        PermissionDeniedError: not staff. RuleViolation: ``invalid_choice``, ``reason_required``, ``too_long``.
    """
    if not permissions.can_moderate(actor, position.version):
        raise PermissionDeniedError("只有常委会法制工作机构的工作人员可以办理")
    if response not in Position.Response.values:
        raise RuleViolation("请选择采纳情况", code="invalid_choice")
    if response != Position.Response.ADOPTED and not reason.strip():
        raise RuleViolation("部分采纳或不采纳的，请写明理由", code="reason_required", extra={"rule": "G12"})
    check_text(reason, label="理由", max_length=1000)
    position.response = response
    position.reason = reason.strip()
    position.save(update_fields=["response", "reason"])
    return position


@transaction.atomic
def feedback_publish(*, version: DraftVersion, actor: User, at: datetime | None = None) -> DraftVersion:
    """Publish the feedback page (征求意见情况反馈, G12): every campaign and position must have a response.
    The event is stamped ``at`` (aware datetime, default now).

    Raises:
        PermissionDeniedError: not staff. RuleViolation: ``no_positions`` (not analysed), ``unanswered``.
    """
    if not permissions.can_moderate(actor, version):
        raise PermissionDeniedError("只有常委会法制工作机构的工作人员可以办理")
    positions = Position.objects.filter(version=version)
    if not positions.exists():
        raise RuleViolation("请先汇总分析意见", code="no_positions")
    open_count = positions.filter(response="").count()
    if open_count:
        raise RuleViolation(f"还有{open_count}项意见未填写采纳情况", code="unanswered", extra={"rule": "G12"})
    version.feedback_published = True
    version.save(update_fields=["feedback_published", "updated_at"])
    events.record(version.draft, action=Action.FEEDBACK, actor=actor, note=version.label, at=at)
    return version
