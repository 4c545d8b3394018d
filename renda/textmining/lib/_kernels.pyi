"""Type stub of the compiled kernels (``_kernels.pyx``); see the docstrings there."""

from collections.abc import Sequence

import numpy as np

def word_tokens(words: list[str]) -> list[str]: ...
def keep_words(words: list[str]) -> list[str]: ...
def char_ngram_keys(
    texts: list[str], orders: tuple[int, ...], bits: int, seed: int
) -> tuple[np.ndarray, np.ndarray]: ...
def sorted_keys_csr(keys: np.ndarray, n_docs: int, bits: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...
def word_ngram_keys(
    docs: list[Sequence[str]], bits: int, bigrams: bool, seed: int
) -> tuple[np.ndarray, np.ndarray]: ...
def tfidf_rows(
    indptr: np.ndarray,
    buckets: np.ndarray,
    counts: np.ndarray,
    kept_bits: np.ndarray,
    kept_through: np.ndarray,
    log_table: np.ndarray,
    idf: np.ndarray,
    weight: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None: ...
def shingle_sets(texts: list[str], k: int) -> tuple[np.ndarray, np.ndarray]: ...
def pair_jaccards(
    hashes: np.ndarray, bounds: np.ndarray, a: np.ndarray, b: np.ndarray, floor: float = 0.0
) -> np.ndarray: ...
def stored_shingle_sets(
    buf: bytes | bytearray, ends: Sequence[int] | np.ndarray, which: np.ndarray, odd: dict[int, str], k: int
) -> tuple[np.ndarray, np.ndarray]: ...
