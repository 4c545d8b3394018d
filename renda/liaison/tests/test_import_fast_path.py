"""Issue 17: the import's faster text functions store exactly what the previous ones stored.

The 495-message sample is imported twice, inline: once with the current (fast) functions and once
with the pre-issue-17 implementations (``renda.textmining.tests.reference_impl``: the token filters
written out one token at a time, the n-grams hashed with numpy and the count matrices assembled by scipy's ``sum_duplicates``, the
TF-IDF rows selected with boolean masks, the audit hash canonicalising every value per call, the cleaning
pass repeated to its fixed point, the identity maps as dicts), and
everything the import wrote is compared: opinions (search text, content hash, prediction and
confidence, status, duplicates' similarity), near-duplicate groups, events and notifications, the
full-text index's terms; and the events' hash chains pass the audit verifier.
"""

from __future__ import annotations

import importlib

import pytest

from renda.core import audit
from renda.liaison import intelligence, search
from renda.liaison.import_keys import KeyMap
from renda.liaison.importer import opinions_import
from renda.liaison.models import Opinion, OpinionEvent
from renda.liaison.tests.test_import import SAMPLE, _import_state, _needs, _routed_setup
from renda.textmining.tests import reference_impl, reference_neardup

pytestmark = pytest.mark.django_db


class _DictMap(dict[str, int]):
    """The reference identity map: a ``dict``, looked up one key at a time."""

    def get_many(self, keys: list[str]) -> list[int | None]:
        return [self.get(k) for k in keys]


def _use_reference(monkeypatch) -> None:
    """Swap the fast text functions for the reference ones wherever the import reaches them."""
    features = importlib.import_module("renda.textmining.lib.features")
    classify = importlib.import_module("renda.textmining.lib.classify")
    segment = importlib.import_module("renda.textmining.lib.segment")
    words = importlib.import_module("renda.textmining.lib.words")
    worker = importlib.import_module("renda.liaison.import_worker")
    importer = importlib.import_module("renda.liaison.importer")
    monkeypatch.setattr(features, "_char_counts", reference_impl.char_counts)
    monkeypatch.setattr(features, "_word_counts", reference_impl.word_counts)
    monkeypatch.setattr(features.HashedTfidf, "transform", reference_impl.tfidf_transform)
    monkeypatch.setattr(importer, "event_hasher", reference_impl.event_hasher)
    monkeypatch.setattr(importer, "_identity_map", _DictMap)  # the identity maps as plain dicts
    monkeypatch.setattr(words, "clean_text", reference_impl.clean_text)
    monkeypatch.setattr(classify, "segment_many", reference_impl.segment_many)
    monkeypatch.setattr(segment, "segment_many", reference_impl.segment_many)
    monkeypatch.setattr(words, "keep_words", reference_impl.keep_words)
    monkeypatch.setattr(worker, "keep_words", reference_impl.keep_words)
    monkeypatch.setattr(intelligence, "NearDupIndex", reference_neardup.NearDupIndex)
    monkeypatch.setattr(classify.NBLinearSVC, "decision_function", reference_impl.decision_function)


def test_fast_import_stores_what_the_reference_path_stores_on_the_sample(
    topic_model, settings, deputy_user, monkeypatch, django_capture_on_commit_callbacks
):
    # given: the real sample, and two congresses with routes, a station and its deputy
    _needs(SAMPLE)
    fast_congress, fast_station = _routed_setup(settings, deputy_user)
    ref_congress, ref_station = _routed_setup(settings, deputy_user, "990200")
    # when: imported inline with the fast functions (identity maps merged into their sorted arrays every
    # 7 keys, so that look-ups go through them), then with the reference ones
    monkeypatch.setattr(KeyMap, "MERGE_MIN", 7)
    with django_capture_on_commit_callbacks(execute=True):
        fast = opinions_import(
            path=SAMPLE, congress=fast_congress, stations=[fast_station], batch_size=100, parallel=False
        )
        _use_reference(monkeypatch)
        ref = opinions_import(
            path=SAMPLE, congress=ref_congress, stations=[ref_station], batch_size=100, parallel=False
        )
    # then: the same report and the same stored results, row for row
    for name in ("rows", "created", "routed", "grouped", "groups_created", "duplicates", "rejected", "capabilities"):
        assert getattr(fast, name) == getattr(ref, name), name
    assert fast.created == 494 and fast.routed > 0 and fast.grouped > 0
    a, b = _import_state(fast_congress), _import_state(ref_congress)
    assert a["opinions"] == b["opinions"]
    for part in ("groups", "group_sizes", "events"):
        assert a[part] == b[part], part
    assert [n[1:] for n in a["notifications"]] == [n[1:] for n in b["notifications"]]
    assert all(row[6] for row in a["opinions"])  # every opinion has its search text
    assert _fts_terms(fast_congress) == _fts_terms(ref_congress) != {}
    assert list(audit.verify_model(OpinionEvent)) == []  # both imports' hash chains verify


def _fts_terms(congress) -> dict[str, set[str]]:
    """What the full-text index holds for ``congress``'s opinions: term → 留言编号 of the rows holding it
    (SQLite's FTS5 vocabulary table; the generated ``search_vector`` on PostgreSQL)."""
    from django.db import connection

    ext_of = dict(Opinion.objects.filter(congress=congress).values_list("pk", "external_id"))
    terms: dict[str, set[str]] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, {search.FTS_TABLE}, instance)"
            )
            cursor.execute("SELECT term, doc FROM temp.fts_terms")
        else:
            cursor.execute(
                "SELECT lexeme, o.id FROM liaison_opinion o, unnest(o.search_vector) u WHERE o.congress_id = %s",
                [congress.pk],
            )
        for term, pk in cursor.fetchall():
            if pk in ext_of:
                terms.setdefault(term, set()).add(ext_of[pk])
    return terms


def test_the_importing_process_loads_neither_scipy_nor_a_segmenter(tmp_path):
    # given a fresh interpreter with the project set up, doing what the importing process of a large
    # import does (read and check the file, clean and hash, index near-duplicates; the worker process
    # segments and classifies)
    import json
    import os
    import subprocess
    import sys

    code = """
import json, sys, django
django.setup()
from renda.liaison import importer, import_worker, intelligence
batch = import_worker.clean_batch([("小区停车", "小区停车位被占用，请物业处理。")])
finder = intelligence.NearDupFinder()
finder.add_prepared([1], batch.cleaned, finder.prepare(batch.cleaned), [0])
print(json.dumps(sorted(m for m in ("scipy", "sklearn", "rjieba", "rjieba.rjieba") if m in sys.modules)))
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, timeout=120)
    # then none of the worker's libraries is loaded there (issue 17: ~55 MB of the importer's memory)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
