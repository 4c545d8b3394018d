"""Tests for renda.textmining.lib.segment."""

from __future__ import annotations

import importlib

from renda.textmining.lib.segment import (
    generated_place_names,
    load_stopwords,
    load_userdict,
    segment,
    segment_many,
)


def test_user_dictionary_keeps_anonymised_places_and_institutions_whole():
    # given a text where plain jieba would cut "A1区住建局" into "A1 / 区住 / 建局"
    text = "A市A1区住建局对K8县的二胎政策不理睬，西地省人大常委会"
    # when
    words = segment(text, drop_stopwords=False)
    # then
    for w in ["A市", "A1区", "住建局", "K8县", "二胎", "西地省", "人大常委会"]:
        assert w in words


def test_stopwords_and_punctuation_are_dropped_by_default():
    # given
    text = "我们的小区噪音非常严重！"
    # when
    words = segment(text)
    kept = segment(text, drop_stopwords=False, drop_punct=False)
    # then
    assert words == ["小区", "噪音"]
    assert "！" in kept and "我们" in kept


def test_segment_many_returns_one_list_per_text_in_order():
    # given
    texts = ["A2区道路破损", "", "教育局学位不足"]
    # when
    out = segment_many(texts)
    # then
    assert len(out) == 3
    assert out[0][0] == "A2区" and out[1] == [] and "教育局" in out[2]


def test_bundled_word_lists_load():
    # when
    stop = load_stopwords()
    userdict = load_userdict()
    places = generated_place_names()
    # then
    assert "的" in stop and "，" in stop
    assert ("住建局", 100000, "nt") in userdict
    assert len(places) == 26 * 31 * 5 and "Z30乡" in places


def test_custom_stopword_file(tmp_path):
    # given a custom stopword list
    path = tmp_path / "stop.txt"
    path.write_text("# comment\n噪音\n", encoding="utf-8")
    # when
    words = segment("小区噪音", stopwords=load_stopwords(path))
    # then
    assert words == ["小区"]


def test_token_filters_equal_their_definition():
    # given: texts with punctuation, spaces, Latin and digits
    seg = importlib.import_module("renda.textmining.lib.segment")
    from renda.textmining.lib import words as lib_words
    from renda.textmining.tests import reference_impl

    texts = [
        "市住建局：请尽快维修 3 号楼的电梯！！ ABC",
        "  \u3000路灯　不亮……Road Light 坏了",
        "",
        "。。。",
        "12345 热线 12345 热线",
    ] * 3
    for search_mode in (False, True):
        # when: segmented and kept by the fast filters and by their definitions
        fast = seg.segment_many(texts, drop_stopwords=False, search_mode=search_mode)
        ref = reference_impl.segment_many(texts, drop_stopwords=False, search_mode=search_mode)
        raw = seg.segment_many(texts, drop_stopwords=False, drop_punct=False, search_mode=search_mode)
        # then: the same words, and keep_words agrees with its definition on the raw tokens
        assert fast == ref
        assert [lib_words.keep_words(w) for w in raw] == [reference_impl.keep_words(w) for w in raw]
    assert any(" " in w or "　" in w for ws in raw for w in ws) or any("！" in w for ws in raw for w in ws)


def test_segmenter_needs_no_rjieba_package_default_instance_and_segments_the_same():
    # given a fresh interpreter (rjieba not imported yet), where segmenter() loads rjieba's compiled
    # module without the package __init__ that builds an unused default dictionary (issue 17: ~25 MB)
    import json
    import subprocess
    import sys

    texts = ["A市A1区住建局对K8县的二胎政策不理睬，西地省人大常委会", "小区物业乱收停车费，请住建部门查处。"]
    code = """
import importlib, json, sys
s = importlib.import_module("renda.textmining.lib.segment")
texts = json.loads(sys.argv[1])
s.segmenter()
lean = "rjieba" in sys.modules, [s.segment_many(texts, search_mode=m) for m in (False, True)]
import rjieba  # then the usual way: the package, its class, the same user words
s._INSTANCE, s._jieba_class = None, lambda: rjieba.Jieba
print(json.dumps([lean, [s.segment_many(texts, search_mode=m) for m in (False, True)]]))
"""
    out = subprocess.run(
        [sys.executable, "-c", code, json.dumps(texts)], capture_output=True, text=True, check=True, timeout=120
    )
    (package_imported, lean_words), usual_words = json.loads(out.stdout)
    # then the package was not imported, and the words are those of the package's class
    assert package_imported is False
    assert lean_words == usual_words and lean_words[0][0][:2] == ["A市", "A1区"]
