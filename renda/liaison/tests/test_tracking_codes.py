"""查询码 generation (``tracking_codes.new_tracking_code`` / ``new_tracking_codes``)."""

from __future__ import annotations

import pytest

from renda.liaison import tracking_codes
from renda.liaison.tracking_codes import TRACKING_ALPHABET, new_tracking_code, new_tracking_codes


def test_each_random_byte_maps_to_the_alphabet_character_it_always_did(monkeypatch):
    # the batch form must give what the per-code form gave: TRACKING_ALPHABET[b % 32] for each byte b
    drawn = bytes(range(256)) * 10  # every byte value, 2,560 bytes = 256 codes
    monkeypatch.setattr(tracking_codes.secrets, "token_bytes", lambda n: drawn[:n])
    codes = new_tracking_codes(256)
    assert "".join(codes) == "".join(TRACKING_ALPHABET[b % 32] for b in drawn)
    assert all(len(c) == 10 for c in codes)


def test_codes_are_ten_characters_of_the_alphabet_and_differ():
    codes = new_tracking_codes(2_000)
    assert len(codes) == 2_000
    assert all(len(c) == 10 and set(c) <= set(TRACKING_ALPHABET) for c in codes)
    assert len(set(codes)) == 2_000  # 50 bits each: a repeat among 2,000 has probability ~2e-9
    assert not set("01OI") & set("".join(codes))
    single = new_tracking_code()
    assert len(single) == 10 and set(single) <= set(TRACKING_ALPHABET)


@pytest.mark.parametrize("n", [0, 1, 7])
def test_asked_for_n_codes_gives_n(n):
    assert len(new_tracking_codes(n)) == n


def test_every_character_is_used_evenly():
    # 32 divides 256, so a uniform byte gives a uniform character: 320,000 characters, 10,000 expected
    # each; a count outside ±6% (~6 standard deviations) would mean a biased mapping
    text = "".join(new_tracking_codes(32_000))
    counts = [text.count(ch) for ch in TRACKING_ALPHABET]
    assert min(counts) > 9_400 and max(counts) < 10_600
