"""Hot-topic mining: which specific problems many people raise in a time window.

Method (chosen for the 问政西地省 data, ``messages_with_likes_4326.xlsx``, where "many messages
repeat the same problem in other words" and a hot topic is one place + one problem, e.g. a named
residential compound's noise or a named road's repair):

1. Text = 留言主题 twice (the title names place and problem) + 留言详情, cleaned with
   :func:`clean.clean_text`, segmented with :func:`segment.segment_many`; TF-IDF over word
   unigrams and bigrams (sublinear tf, L2 norm). Words, not characters, so that a shared place
   name like ``A市`` weighs little (high document frequency) while a compound's name weighs a lot.
2. Agglomerative clustering with *average* linkage on cosine distance, cut at
   ``distance_threshold`` (default 0.75, i.e. mean cosine similarity ≥ 0.25 between clusters).
   Average linkage avoids the chaining of single linkage and, unlike k-means, needs no number of
   clusters and leaves unrelated messages alone. Cost is O(n²) memory for the distance matrix,
   so windows above ``max_exact`` messages (default 6,000, ~140 MB) are first split with
   MiniBatchKMeans into parts of about ``max_exact / 2`` and clustered within each part.
3. Per cluster: count, distinct users, first/last time, span, likes (点赞数), dislikes (反对数),
   heat index (below), c-TF-IDF keywords, representative message (closest to the centroid).

Heat index (documented formula, all weights are parameters of :func:`hot_topics`)::

    people   = distinct 留言用户 (messages without a user count as distinct people)
    repeats  = count - people                       # the same person writing again
    support  = ln(1 + Σ 点赞数) ; opposition = ln(1 + Σ 反对数)
    focus    = sqrt(30 / (30 + span_days))          # 1 for a burst, 0.5 over 90 days
    heat     = (people + 0.5·repeats + 2·support + 1·opposition) · focus

It grows with the number of people and with engagement (likes count more than dislikes; both
are log-damped so one viral message does not beat fifty writers) and rewards concentration in
time, which is what makes a topic "hot" rather than chronic.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .clean import clean_text
from .io import parse_time
from .segment import segment_many

__all__ = ["HotTopic", "Record", "hot_topics", "parse_time", "to_records"]


@dataclass(slots=True)
class Record:
    """One message as used by :func:`hot_topics`.

    Attributes:
        id: message id (any hashable).
        title: 留言主题.
        text: 留言详情.
        time: parsed 留言时间 or ``None``.
        likes: 点赞数 (0 when unknown).
        dislikes: 反对数 (0 when unknown).
        user: 留言用户 or ``None``.
    """

    id: Hashable
    title: str
    text: str
    time: dt.datetime | None = None
    likes: int = 0
    dislikes: int = 0
    user: str | None = None


@dataclass(slots=True)
class HotTopic:
    """A cluster of messages about one problem, with its heat.

    Attributes:
        rank: 1 = hottest.
        heat: heat index (see module docstring), dimensionless.
        ids: member message ids, oldest first.
        count: number of messages.
        people: distinct users (messages without a user count as one person each).
        first_time / last_time: earliest and latest 留言时间 (``None`` if no member has one).
        span_days: (last - first) in days (float; 0 for one message or unknown times).
        likes / dislikes: sums of 点赞数 / 反对数.
        keywords: top words by c-TF-IDF, best first.
        representative_id / representative_title: the member closest to the cluster centroid.
    """

    rank: int
    heat: float
    ids: list[Hashable]
    count: int
    people: int
    first_time: dt.datetime | None
    last_time: dt.datetime | None
    span_days: float
    likes: int
    dislikes: int
    keywords: list[str] = field(default_factory=list)
    representative_id: Hashable = None
    representative_title: str = ""


def _int(v: Any) -> int:
    if v is None or v == "":
        return 0
    return int(float(v))


def to_records(records: Iterable[Mapping[str, Any] | Sequence[Any] | Record]) -> list[Record]:
    """Normalise input records.

    Args:
        records: :class:`Record` objects, mappings with keys ``id, title, text, time, likes,
            dislikes`` (optional ``user``; Chinese keys 留言编号, 留言主题, 留言详情, 留言时间,
            点赞数, 反对数, 留言用户 are accepted too), or tuples
            ``(id, title, text, time, likes, dislikes[, user])``. Times go through
            :func:`parse_time`; missing likes/dislikes count as 0.

    Returns:
        A list of :class:`Record`.

    Raises:
        ValueError: for an unparseable time or a malformed tuple.
    """
    alias = {
        "留言编号": "id",
        "留言主题": "title",
        "留言详情": "text",
        "留言时间": "time",
        "点赞数": "likes",
        "反对数": "dislikes",
        "留言用户": "user",
    }
    out: list[Record] = []
    for r in records:
        if isinstance(r, Record):
            out.append(r)
            continue
        if isinstance(r, Mapping):
            d = {alias.get(k, k): v for k, v in r.items()}
        else:
            seq = list(r)
            if len(seq) not in (6, 7):
                raise ValueError(f"record tuple must have 6 or 7 fields, got {len(seq)}")
            keys = ["id", "title", "text", "time", "likes", "dislikes", "user"]
            d = dict(zip(keys, seq, strict=False))
        out.append(
            Record(
                id=d.get("id"),
                title=str(d.get("title") or ""),
                text=str(d.get("text") or ""),
                time=parse_time(d.get("time")),
                likes=_int(d.get("likes")),
                dislikes=_int(d.get("dislikes")),
                user=(str(d["user"]) if d.get("user") not in (None, "") else None),
            )
        )
    return out


def _cluster(x: Any, threshold: float, max_exact: int, seed: int) -> np.ndarray:
    """Average-linkage cosine clustering of L2-normalised sparse rows; returns labels."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    n = x.shape[0]
    if n == 1:
        return np.zeros(1, dtype=np.int64)
    if n > max_exact:
        from sklearn.cluster import MiniBatchKMeans

        parts = math.ceil(n / (max_exact / 2))
        part = MiniBatchKMeans(n_clusters=parts, random_state=seed, n_init=3).fit_predict(x)
        labels = np.empty(n, dtype=np.int64)
        offset = 0
        for p in range(parts):
            idx = np.flatnonzero(part == p)
            if idx.size == 0:
                continue
            sub = _cluster(x[idx], threshold, max(max_exact, idx.size), seed)
            labels[idx] = sub + offset
            offset += int(sub.max()) + 1
        return labels
    sim = (x @ x.T).toarray()
    dist = np.clip(1.0 - sim, 0.0, 2.0)
    np.fill_diagonal(dist, 0.0)
    z = linkage(squareform(dist, checks=False), method="average")
    return fcluster(z, t=threshold, criterion="distance").astype(np.int64) - 1


def hot_topics(
    records: Iterable[Mapping[str, Any] | Sequence[Any] | Record],
    since: Any = None,
    until: Any = None,
    top: int = 20,
    *,
    distance_threshold: float = 0.75,
    min_count: int = 2,
    n_keywords: int = 8,
    repeat_weight: float = 0.5,
    like_weight: float = 2.0,
    dislike_weight: float = 1.0,
    focus_days: float = 30.0,
    max_exact: int = 6000,
    seed: int = 0,
) -> list[HotTopic]:
    """Find the hottest topics among messages in ``[since, until]``.

    Args:
        records: see :func:`to_records`.
        since, until: window bounds (inclusive), anything :func:`parse_time` accepts; ``None``
            = open. With a bound set, messages without a time are left out.
        top: how many topics to return.
        distance_threshold: average-linkage cut on cosine distance (0–1; lower = tighter).
        min_count: smallest cluster size reported (1 to also rank single, much-liked messages).
        n_keywords: keywords per topic.
        repeat_weight, like_weight, dislike_weight, focus_days: heat index weights (see the
            module docstring).
        max_exact: above this many messages, pre-partition with MiniBatchKMeans.
        seed: random seed (only used for the pre-partition).

    Returns:
        Up to ``top`` :class:`HotTopic`, hottest first (ties: more messages, then earlier).

    Raises:
        ValueError: for an unparseable time in a record or a bound.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    recs = to_records(records)
    lo, hi = parse_time(since), parse_time(until)
    if lo is not None or hi is not None:
        recs = [r for r in recs if r.time is not None and (lo is None or r.time >= lo) and (hi is None or r.time <= hi)]
    if not recs:
        return []
    titles = [clean_text(r.title) for r in recs]
    docs = [f"{t}。{t}。{clean_text(r.text)}" for t, r in zip(titles, recs, strict=True)]
    words = segment_many(docs)
    vec = TfidfVectorizer(
        analyzer=lambda ws: ws + [a + " " + b for a, b in itertools.pairwise(ws)],
        sublinear_tf=True,
        min_df=1,
    )
    x = vec.fit_transform(words)
    labels = _cluster(x, distance_threshold, max_exact, seed)

    clusters: dict[int, list[int]] = {}
    for i, lab in enumerate(labels.tolist()):
        clusters.setdefault(lab, []).append(i)
    members = [m for m in clusters.values() if len(m) >= min_count]
    if not members:
        return []

    # c-TF-IDF over unigrams: tf per cluster (normalised) × log(1 + avg words / total freq)
    tf = [Counter(w for i in m for w in words[i]) for m in members]
    total = Counter[str]()
    for c in tf:
        total.update(c)
    avg = sum(sum(c.values()) for c in tf) / len(tf)

    topics: list[HotTopic] = []
    for m, counts in zip(members, tf, strict=True):
        n_words = sum(counts.values()) or 1
        scored = sorted(
            counts.items(),
            key=lambda kv: (-(kv[1] / n_words) * math.log(1 + avg / total[kv[0]]), kv[0]),
        )
        keywords = [w for w, _ in scored if len(w) > 1][:n_keywords]
        sub = x[m]
        centroid = np.asarray(sub.mean(axis=0)).ravel()
        rep = m[int(np.argmax(sub @ centroid))]
        times: list[dt.datetime] = sorted(tm for i in m if (tm := recs[i].time) is not None)
        first, last = (times[0], times[-1]) if times else (None, None)
        span = (last - first).total_seconds() / 86400 if first and last else 0.0
        users = {recs[i].user for i in m if recs[i].user}
        people = len(users) + sum(1 for i in m if not recs[i].user)
        likes = sum(recs[i].likes for i in m)
        dislikes = sum(recs[i].dislikes for i in m)
        focus = math.sqrt(focus_days / (focus_days + span))
        heat = (
            people
            + repeat_weight * (len(m) - people)
            + like_weight * math.log1p(likes)
            + dislike_weight * math.log1p(dislikes)
        ) * focus
        order = sorted(m, key=lambda i: (recs[i].time or dt.datetime.max, i))
        topics.append(
            HotTopic(
                rank=0,
                heat=round(heat, 4),
                ids=[recs[i].id for i in order],
                count=len(m),
                people=people,
                first_time=first,
                last_time=last,
                span_days=round(span, 3),
                likes=likes,
                dislikes=dislikes,
                keywords=keywords,
                representative_id=recs[rep].id,
                representative_title=recs[rep].title,
            )
        )
    topics.sort(key=lambda t: (-t.heat, -t.count, t.first_time or dt.datetime.max))
    for k, t in enumerate(topics[:top], start=1):
        t.rank = k
    return topics[:top]
