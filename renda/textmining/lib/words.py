"""Words of citizens' messages for identity, search and relatedness: cleaning, hashing, segmentation
for the full-text index, characteristic words, word overlap, query terms (pure Python, no Django)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from ._kernels import keep_words
from .clean import clean_text
from .segment import load_stopwords, segment, segmenter


def clean(text: str) -> str:
    """Normalise a message (whitespace, full-width characters, greetings/closings): :func:`.clean.clean_text`.

    Args:
        text: raw 留言详情 or an operator's note.
    Returns:
        The cleaned text.
    """
    return str(clean_text(text or ""))


def content_hash(cleaned: str) -> str:
    """SHA-256 (hex) of the cleaned text: the identity of an opinion without a 留言编号."""
    return hashlib.sha256(cleaned.encode("utf-8")).hexdigest()


WORD = re.compile(r"\w", re.UNICODE)

__all__ = [
    "WORD",
    "characteristic_words",
    "clean",
    "content_hash",
    "keep_words",
    "query_terms",
    "segment_for_index",
    "tokens",
    "word_overlap",
]


def tokens(text: str, *, for_search: bool) -> list[str]:
    """The words of ``text`` (search mode: long words also yield their sub-words), stripped, lowercased."""
    # the library's rjieba instance carries the user dictionary of place and institution names
    words: Iterable[str] = segmenter().cut_for_search(text, True) if for_search else segment(text)
    if isinstance(words, list):
        return keep_words(words)
    return [w.lower() for w in (w.strip() for w in words) if w and WORD.search(w)]


def segment_for_index(text: str) -> str:
    """Words of ``text`` (search mode: a long word also yields its sub-words), space-separated, lowercased.

    This is what the full-text index stores (``Opinion.search_text``).
    """
    return " ".join(tokens(text, for_search=True))


_PLACE_CODE = re.compile(r"^[a-z]\d*[省市区县镇乡]$")
"""The anonymised place codes of the real data (a市, a1区, …): in most messages, so they say nothing."""


def characteristic_words(title: str, text: str, *, limit: int = 8) -> list[str]:
    """The words that say what an opinion is about, for finding related ones: the title's first.

    Words of the cleaned title, then of the body (search mode, as indexed), each once, at least two
    characters, without the library's stopwords and the anonymised place codes (``a市``, ``a1区``).

    Args:
        title, text: the opinion's 主题 and 内容, raw.
        limit: at most this many words.
    Returns:
        Lowercased words, title words first, in order of appearance.
    """
    stop = load_stopwords()
    seen: dict[str, None] = {}
    for part in (clean(title), clean(text)):
        for w in tokens(part, for_search=True):
            if len(w) > 1 and w not in stop and not _PLACE_CODE.match(w):
                seen.setdefault(w, None)
                if len(seen) >= limit:
                    return list(seen)
    return list(seen)


def word_overlap(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard similarity of two word sets (0–1; 0 when both are empty)."""
    sa, sb = set(a), set(b)
    union = len(sa | sb)
    return len(sa & sb) / union if union else 0.0


def query_terms(query: str) -> list[str]:
    """The words of a search query (default segmentation, punctuation dropped, deduplicated, in order)."""
    return list(dict.fromkeys(tokens(query, for_search=False)))
