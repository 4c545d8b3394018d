"""Train a small topic model with the library, for tests (100 real labelled messages per topic)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def train_small_model(path: Path, *, per_topic: int = 100) -> Path | None:
    """Train and save a small model at ``path``; ``None`` when the real data is absent."""
    from renda.textmining.lib.classify import TopicClassifier, load_labeled

    data = Path(settings.DATA_DIR) / "messages_labeled.csv"
    if not data.exists():
        return None
    texts, labels = load_labeled(data)
    picked: dict[str, int] = {}
    xs, ys = [], []
    for t, y in zip(texts, labels, strict=True):
        if picked.get(y, 0) < per_topic:
            picked[y] = picked.get(y, 0) + 1
            xs.append(t)
            ys.append(y)
    TopicClassifier(seed=0, n_jobs=1).fit(xs, ys).save(path)
    return path
