"""Tests for renda.textmining.lib.clean."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import renda.textmining.lib.clean as clean_mod
from renda.textmining.lib.clean import (
    clean_text,
    collapse_whitespace,
    find_personal,
    mask_personal,
    normalize_width,
    strip_boilerplate,
)

# text made of the characters that matter here: CJK, full-width forms, whitespace, digits, marks
_alphabet = st.sampled_from(
    list("尊敬的领导您好谢谢此致敬礼市区县路小区噪音扰民投诉")
    + list("ＡＢＣ１２３！（），：；？　\t\n \u00a0\u200b")
    + list("0123456789-+：:，。！!")
)
texts = st.text(alphabet=_alphabet, max_size=80) | st.text(max_size=40)


def test_normalize_width_converts_fullwidth_ascii_but_keeps_chinese_punctuation():
    # given a text with full-width letters, digits, symbols and Chinese punctuation
    text = "Ａ３区１２号＃，请问（急）：噪音？！"
    # when
    out = normalize_width(text)
    # then
    assert out == "A3区12号#，请问（急）：噪音？！"


def test_collapse_whitespace_removes_spaces_next_to_cjk_and_keeps_latin_word_spaces():
    # given the organisers' style: tabs, newlines and full-width spaces inside 留言详情
    text = "\n\t\t\t\t\t\n\t\t\t\t\tA3区大道\u3000西行便道，\t未管所路口 hello   world\n"
    # when
    out = collapse_whitespace(text)
    # then
    assert out == "A3区大道西行便道，未管所路口hello world"


def test_strip_boilerplate_removes_greeting_and_closing_only_at_the_ends():
    # given
    text = "尊敬的领导：您好！小区门口道路破损，这里谢谢大家的关注。盼回复！谢谢！"
    # when
    out = strip_boilerplate(text)
    # then
    assert out == "小区门口道路破损，这里谢谢大家的关注。"


def test_strip_boilerplate_handles_named_addressee_and_salutation():
    # given
    assert strip_boilerplate("尊敬的A市住建局领导：你们好！请修路。此致敬礼！") == "请修路。"
    assert strip_boilerplate("您好，我是A市居民此致敬礼") == "我是A市居民"


def test_strip_boilerplate_keeps_a_message_that_is_only_a_greeting():
    # given a message with nothing but thanks
    # when / then it is returned as it is, not emptied
    assert strip_boilerplate("谢谢！") == "谢谢！"


def test_clean_text_full_pipeline_with_masking():
    # given
    raw = "尊敬的领导：您好！\tＡ３区　道路 破损，电话13812345678。谢谢！"
    # when
    out = clean_text(raw, mask=True)
    # then
    assert out == "A3区道路破损，电话138****5678。"


def test_find_personal_finds_id_mobile_and_landline_in_order():
    # given
    text = "身份证430102199001011234，手机+86 13987654321，座机0731-84561234，金额12345678元"
    # when
    found = find_personal(text)
    # then
    assert [(m.kind, m.text) for m in found] == [
        ("id_card", "430102199001011234"),
        ("mobile", "+86 13987654321"),
        ("landline", "0731-84561234"),
    ]


def test_mask_personal_keeps_length_and_the_documented_digits():
    # given
    text = "证430102199001011234号13812345678座0731-84561234"
    # when
    out = mask_personal(text)
    # then
    assert out == "证430102********1234号138****5678座0731-****1234"
    assert len(out) == len(text)


def test_mask_personal_leaves_ordinary_numbers_alone():
    # given numbers that are not phone or ID numbers
    text = "2019年投资20000万元，编号12345，门牌188号，电话10086"
    # when / then
    assert mask_personal(text) == text
    assert find_personal(text) == []


@given(texts)
def test_clean_text_is_idempotent(text):
    # given any text; when cleaned twice; then the second pass changes nothing
    once = clean_text(text)
    assert clean_text(once) == once


@given(texts)
def test_clean_text_never_lengthens(text):
    assert len(clean_text(text)) <= len(text)
    assert len(clean_text(text, mask=True)) <= len(text)


@given(st.text(alphabet=st.sampled_from(list("0123456789 -+，号电话")), max_size=60))
def test_mask_personal_keeps_length_and_is_idempotent(text):
    masked = mask_personal(text)
    assert len(masked) == len(text)
    assert mask_personal(masked) == masked
    assert find_personal(masked) == []


# -- the fast paths (a regex pre-check before str.translate, an end-of-text check before _TRAILING) must
# -- give exactly what the plain regex/translate implementation gives
def _reference_normalize_width(text: str) -> str:
    return text.translate(clean_mod._FULLWIDTH_TABLE)


def _reference_strip_boilerplate(text: str) -> str:
    out = text
    while True:
        new = clean_mod._LEADING.sub("", out, count=1)
        new = clean_mod._TRAILING.sub("", new, count=1)
        if new == out:
            break
        out = new
    return out if out.strip() else text


_closing_alphabet = st.sampled_from(
    [
        *("谢谢", "多谢", "感谢", "非常感谢", "先行谢过", "在此感谢", "您", "你", "各位", "领导", "政府", "大家", "们"),
        *("的关注", "的支持", "的帮助", "的回复", "的关心", "盼", "期待", "恳请", "您的", "回复", "答复", "辛苦了"),
        *(
            "此致",
            "敬礼",
            "尊敬的",
            "您好",
            "路灯",
            "坏了",
            "。",
            "！",
            "!",
            "，",
            ",",
            "：",
            "~",
            "～",
            "、",
            ".",
            "…",
        ),
        *(" ", "\n", "\t", "\u3000", "\u00a0", "\x1c", "？", "；"),
    ]
)
closings = st.lists(_closing_alphabet, max_size=14).map("".join)


def test_every_character_the_width_table_maps_is_caught_by_the_pre_check():
    # given every key of the translation table
    keys = [chr(cp) for cp in clean_mod._FULLWIDTH_TABLE]
    # when / then: each is found by the pre-check, so normalize_width translates it
    assert all(clean_mod._WIDTH_CHARS.search(f"路灯{k}坏了") for k in keys)
    assert all(normalize_width(f"路{k}") == _reference_normalize_width(f"路{k}") for k in keys)


@given(texts)
def test_normalize_width_equals_the_plain_translation(text):
    assert normalize_width(text) == _reference_normalize_width(text)


@given(closings | texts)
def test_strip_boilerplate_equals_the_plain_regex_loop(text):
    # given text made of closings, greetings and punctuation; when stripped; then as the regex loop strips it
    assert strip_boilerplate(text) == _reference_strip_boilerplate(text)
    assert strip_boilerplate(collapse_whitespace(text)) == _reference_strip_boilerplate(collapse_whitespace(text))


@given(texts)
def test_collapse_whitespace_equals_the_two_regexes(text):
    expected = clean_mod._SPACE_NEAR_CJK.sub("", clean_mod._WS_RUN.sub(" ", text).strip())
    assert collapse_whitespace(text) == expected


@settings(max_examples=3000, deadline=None)
@given(closings | texts | st.tuples(closings, texts, closings).map("".join))
def test_one_cleaning_pass_is_already_the_fixed_point(text):
    # given text made of greetings, closings, punctuation, whitespace kinds, full-width and CJK characters
    # when cleaned by one pass (issue 17: clean_text stops there), and by passes repeated to a fixed point
    once = clean_mod._clean_once(text)
    fixed = text
    while (nxt := clean_mod._clean_once(fixed)) != fixed:
        fixed = nxt
    # then the same text: a second pass never changes anything
    assert once == fixed
