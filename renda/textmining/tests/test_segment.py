"""Tests for renda.textmining.lib.segment."""

from __future__ import annotations

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
