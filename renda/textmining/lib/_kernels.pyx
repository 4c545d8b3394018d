# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled kernels of the import's text work (issue 17): token filtering and hashed n-gram counting.

Each function gives exactly what the numpy / pure-Python code it replaces gave (same words, same
arrays, same dtypes); the reference implementations are kept in
``renda/textmining/tests/reference_impl.py`` and the tests compare the two on real messages and on
generated text. Built by ``pip install -e .`` (``setup.py``); there is no fallback.
"""

from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISSPACE, Py_UNICODE_TOLOWER
from libc.stdint cimport int32_t, int64_t, uint32_t, uint64_t
from libc.math cimport sqrt
from libc.string cimport memset

import numpy as np

cdef uint64_t _BASE = 0x100000001B3ULL
cdef uint64_t _K_CHAR = 0x9E3779B97F4A7C15ULL
cdef uint64_t _K_POS = 0xC2B2AE3D27D4EB4FULL
cdef uint64_t _K_PAIR = 0x165667B19E3779F9ULL


cdef inline uint64_t _mix64(uint64_t x) noexcept nogil:
    x = x ^ (x >> 30)
    x = x * 0xBF58476D1CE4E5B9ULL
    x = x ^ (x >> 27)
    x = x * 0x94D049BB133111EBULL
    return x ^ (x >> 31)


cdef inline Py_ssize_t _code_points(str t, uint64_t* cps) noexcept:
    # ``t``'s code points into ``cps`` (room for ``len(t)``); returns how many
    cdef Py_ssize_t length = 0
    cdef Py_UCS4 c
    for c in t:
        cps[length] = c
        length += 1
    return length


cdef inline bint _is_word_char(Py_UCS4 c) noexcept:
    # re's ``\w`` on str (SRE_UNI_IS_WORD): Py_UNICODE_ISALNUM or '_'
    return c == 95 or Py_UNICODE_ISALNUM(c)


def word_tokens(list words):
    """The tokens that have a letter, digit, ``_`` or CJK character and are not all whitespace.

    ``[w for w in words if re.search(r"[\\w\\u4e00-\\u9fff]", w) and not w.isspace()]`` (the
    segmenter's punctuation filter), one pass over each token's code points.

    Args:
        words (list[str]): tokens (rjieba's output).

    Returns:
        list[str]: the kept tokens (the same objects), in order.

    Raises:
        TypeError: if ``words`` is not a list or holds a non-``str``.
    """
    # a token with a word character is never all whitespace (no word character is whitespace), so
    # "has a word character" is the whole test
    cdef list out = []
    cdef str w
    cdef Py_UCS4 c
    for item in words:
        w = <str?>item
        for c in w:
            if _is_word_char(c):
                out.append(w)
                break
    return out


def keep_words(list words):
    """``[w.strip().lower() for w in words if w.strip() has a word character (re's \\w)]``.

    A token without whitespace whose every character lowercases to itself is kept as it is (no
    new string); any other token with a word character goes through ``str.strip``/``str.lower``.

    Args:
        words (list[str]): tokens.

    Returns:
        list[str]: stripped, lowercased tokens that have a word character, in order.

    Raises:
        TypeError: if ``words`` is not a list or holds a non-``str``.
    """
    cdef list out = []
    cdef str w
    cdef Py_UCS4 c
    cdef bint word, plain
    for item in words:
        w = <str?>item
        word = False
        plain = True
        for c in w:
            if _is_word_char(c):
                word = True
            if Py_UNICODE_ISSPACE(c) or Py_UNICODE_TOLOWER(c) != c:
                plain = False
        if not word:
            continue  # whitespace is never a word character: the stripped token has none either
        out.append(w if plain else w.strip().lower())
    return out


cdef inline Py_ssize_t _n_grams(Py_ssize_t length, Py_ssize_t n) noexcept:
    return length - n + 1 if length >= n else 0


def char_ngram_keys(list texts, tuple orders, int bits, uint64_t seed):
    """The hashed character n-grams of ``texts`` as keys ``row << bits | bucket`` (unsorted within a row).

    For each text and order ``n`` every window of ``n`` code points is hashed
    ``h = mix64(seed * 1000 + n)``, then ``h = h * 0x100000001B3 + cp + 1`` per code point, then
    ``mix64(h)`` (uint64, wrapping); its bucket is the top ``bits`` bits of ``h``. Keys come text
    after text, and within a text order after order, window after window.

    Args:
        texts (list[str]): the texts (row ``i`` is ``texts[i]``).
        orders (tuple[int, ...]): n-gram lengths, each ≥ 1.
        bits (int): 1..31.
        seed (int): hash seed (≥ 0).

    Returns:
        tuple[numpy.ndarray, numpy.ndarray]: the keys (uint64) and each text's number of keys (int64).

    Raises:
        TypeError: if a text is not a ``str``.
        ValueError: if ``bits`` is not in 1..31 or an order is < 1.
    """
    if not 1 <= bits <= 31:
        raise ValueError(f"bits must be in 1..31, got {bits}")
    cdef Py_ssize_t n_orders = len(orders)
    cdef int64_t[::1] ords = np.asarray(orders, dtype=np.int64).reshape(-1)
    cdef uint64_t[::1] starts = np.empty(max(n_orders, 1), dtype=np.uint64)
    cdef Py_ssize_t k, n_docs = len(texts), d, i, j, n, length, total = 0, longest = 0, row
    for k in range(n_orders):
        if ords[k] < 1:
            raise ValueError(f"n-gram orders must be ≥ 1, got {tuple(orders)}")
        starts[k] = _mix64(seed * 1000ULL + <uint64_t>ords[k])
    counts_arr = np.zeros(n_docs, dtype=np.int64)
    cdef int64_t[::1] counts = counts_arr
    for d in range(n_docs):
        length = len(<str?>texts[d])
        row = 0
        for k in range(n_orders):
            row += _n_grams(length, ords[k])
        counts[d] = row
        total += row
        longest = max(longest, length)
    keys_arr = np.empty(total, dtype=np.uint64)
    cdef uint64_t[::1] keys = keys_arr
    cdef uint64_t[::1] cps = np.empty(max(longest, 1), dtype=np.uint64)
    cdef uint64_t h, h0, doc
    cdef unsigned shift = 64 - bits
    cdef Py_ssize_t out = 0
    for d in range(n_docs):
        length = _code_points(<str>texts[d], &cps[0])
        doc = (<uint64_t>d) << bits
        for k in range(n_orders):
            n = ords[k]
            h0 = starts[k]
            for i in range(_n_grams(length, n)):
                h = h0
                for j in range(n):
                    h = h * _BASE + cps[i + j] + 1ULL
                keys[out] = doc | (_mix64(h) >> shift)
                out += 1
    return keys_arr, counts_arr


def sorted_keys_csr(const uint64_t[::1] keys, Py_ssize_t n_docs, int bits):
    """CSR arrays of sorted keys ``row << bits | bucket``: each run of equal keys is one entry.

    Args:
        keys (numpy.ndarray): uint64, sorted ascending, every row < ``n_docs``.
        n_docs (int): number of rows.
        bits (int): 1..63, the width of the bucket part.

    Returns:
        tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]: ``data`` (float64 run lengths),
        ``indices`` (int32 buckets when ``bits`` < 31, else int64), ``indptr`` (int64, ``n_docs + 1``).

    Raises:
        ValueError: if ``bits`` is not in 1..63, a key's row is ≥ ``n_docs`` or the keys are not sorted.
    """
    if not 1 <= bits <= 63:
        raise ValueError(f"bits must be in 1..63, got {bits}")
    cdef Py_ssize_t size = keys.shape[0], r, out = 0, e
    cdef uint64_t key, prev = 0, unsorted = 0, mask = ((<uint64_t>1) << bits) - 1
    if size:  # first pass: the number of distinct keys (branch-free), so that the outputs are exact
        prev = keys[0]
        for r in range(1, size):
            key = keys[r]
            unsorted |= key < prev
            out += key != prev
            prev = key
        out += 1
    if unsorted or (size and (prev >> bits) >= <uint64_t>n_docs):
        raise ValueError("keys not sorted or row out of range")
    data_arr = np.zeros(out, dtype=np.float64)
    wide = bits >= 31
    cols_arr = np.empty(out, dtype=np.int64 if wide else np.int32)
    per_row = np.zeros(n_docs + 1, dtype=np.int64)
    cdef double[::1] data = data_arr
    cdef int32_t[::1] cols32
    cdef int64_t[::1] cols64
    cdef int64_t[::1] rows = per_row
    cdef uint64_t step
    if size:
        if wide:
            cols64 = cols_arr
        else:
            cols32 = cols_arr
        prev = keys[0]
        e = 0
        rows[(prev >> bits) + 1] = 1
        for r in range(size):  # second pass: entry e is the run of key; rows counts each row's entries
            key = keys[r]
            step = key != prev
            e += step
            rows[(key >> bits) + 1] += step
            if wide:
                cols64[e] = <int64_t>(key & mask)
            else:
                cols32[e] = <int32_t>(key & mask)
            data[e] += 1.0
            prev = key
    np.cumsum(per_row, out=per_row)
    return data_arr, cols_arr, per_row


cdef extern from *:
    int popcount64 "__builtin_popcountll"(unsigned long long) nogil


def tfidf_rows(
    const int64_t[::1] indptr,
    const int32_t[::1] buckets,
    const double[::1] counts,
    const uint64_t[::1] kept_bits,
    const int64_t[::1] kept_through,
    const double[::1] log_table,
    const double[::1] idf,
    double weight,
):
    """``HashedTfidf.transform``'s arithmetic on a canonical count matrix, row by row.

    For each entry whose bucket is kept (bit set in ``kept_bits``), its column is the number of
    kept buckets before it (``kept_through`` of its 64-bucket word minus the set bits at and above
    it) and its value ``(1 + log_table[count]) * idf[column]``; each row's values are divided by the
    row's L2 norm (squares summed in storage order, as ``np.bincount`` does; a zero norm counts
    as 1), then multiplied by ``weight`` when it is not 1. The same IEEE operations in the same
    order as the numpy code (compiled without FMA contraction), so the same floats.

    Args:
        indptr (numpy.ndarray): int64 row pointers of the counts, ``n_rows + 1``.
        buckets (numpy.ndarray): int32 bucket of each entry, every one < ``64 * len(kept_bits)``.
        counts (numpy.ndarray): float64 count of each entry.
        kept_bits (numpy.ndarray): uint64 bitmap of the kept buckets (bit ``b % 64`` of word ``b // 64``).
        kept_through (numpy.ndarray): int64, per word, the kept buckets up to and including it.
        log_table (numpy.ndarray): float64, ``log_table[k] = np.log(k)`` (numpy's log, so that the
            floats are numpy's).
        idf (numpy.ndarray): float64 idf of each output column.
        weight (float): multiplies every value after normalisation (skipped when 1.0).

    Returns:
        tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray] | None: ``values`` (float64), ``columns``
        (int64) and ``indptr`` (int64) of the weighted matrix; ``None`` if a kept entry's count is
        not a whole number in ``1 .. len(log_table) - 1``.

    Raises:
        IndexError: if a bucket or column is outside its table.
    """
    cdef Py_ssize_t n_rows = indptr.shape[0] - 1, row, e, lo, hi, out = 0, start, k, n_words = kept_bits.shape[0]
    cdef Py_ssize_t n_table = log_table.shape[0], n_idf = idf.shape[0]
    cdef Py_ssize_t nnz = buckets.shape[0]
    vals_arr = np.empty(nnz, dtype=np.float64)
    cols_arr = np.empty(nnz, dtype=np.int64)
    out_ptr = np.zeros(n_rows + 1, dtype=np.int64)
    cdef double[::1] vals = vals_arr
    cdef int64_t[::1] cols = cols_arr
    cdef int64_t[::1] optr = out_ptr
    cdef int64_t b, col, c
    cdef uint64_t above
    cdef double v, sq, norm
    cdef bint scale = weight != 1.0
    for row in range(n_rows):
        lo = indptr[row]
        hi = indptr[row + 1]
        start = out
        sq = 0.0
        for e in range(lo, hi):
            b = buckets[e]
            if b < 0 or (b >> 6) >= n_words:
                raise IndexError(f"bucket {b} outside the fitted bucket space")
            above = kept_bits[b >> 6] >> (b & 63)
            if (above & 1) == 0:
                continue
            col = kept_through[b >> 6] - popcount64(above)
            if not (1.0 <= counts[e] < <double>n_table) or <double><int64_t>counts[e] != counts[e]:
                return None  # not a whole number in the table: the caller's numpy passes handle it
            c = <int64_t>counts[e]
            if col < 0 or col >= n_idf:
                raise IndexError(f"count {counts[e]} or column {col} outside its table")
            v = (1.0 + log_table[c]) * idf[col]
            sq = sq + v * v
            vals[out] = v
            cols[out] = col
            out += 1
        norm = sqrt(sq)
        if norm == 0.0:
            norm = 1.0
        for k in range(start, out):
            vals[k] = vals[k] / norm
            if scale:
                vals[k] = vals[k] * weight
        optr[row + 1] = out
    return vals_arr[:out], cols_arr[:out], out_ptr


def word_ngram_keys(list docs, int bits, bint bigrams, uint64_t seed):
    """The hashed words (and adjacent word pairs) of segmented texts as keys ``row << bits | bucket``.

    A word's hash is ``mix64(Σ_p mix64(cp_p * K_CHAR + (p + 1) * K_POS + seed) + len * K_PAIR)``
    over its code points ``cp_p`` at positions ``p`` (sums and products uint64, wrapping; an
    empty word hashes ``mix64(0)``); a pair of adjacent words ``(a, b)`` of one text hashes
    ``mix64(h_a * K_PAIR + h_b + seed + 1)``. The bucket is the top ``bits`` bits. Keys come text
    after text (a text's words, then its pairs).

    Args:
        docs (list[Sequence[str]]): one word sequence per text (row ``i`` is ``docs[i]``).
        bits (int): 1..31.
        bigrams (bool): also hash each pair of adjacent words.
        seed (int): hash seed (≥ 0, < 2**64 - 1).

    Returns:
        tuple[numpy.ndarray, numpy.ndarray]: the keys (uint64) and each text's number of keys (int64).

    Raises:
        TypeError: if a word is not a ``str``.
        ValueError: if ``bits`` is not in 1..31 or a word contains NUL (``"\\x00"``: the numpy
            version used it as the separator, see ``word_ngram_counts``).
    """
    if not 1 <= bits <= 31:
        raise ValueError(f"bits must be in 1..31, got {bits}")
    cdef Py_ssize_t n_docs = len(docs), d, n, total = 0, out = 0, p, k, longest = 0
    counts_arr = np.zeros(n_docs, dtype=np.int64)
    cdef int64_t[::1] counts = counts_arr
    seqs = [d_ if isinstance(d_, (list, tuple)) else list(d_) for d_ in docs]
    for d in range(n_docs):
        n = len(seqs[d])
        counts[d] = n + (n - 1 if bigrams and n > 1 else 0)
        total += counts[d]
        longest = max(longest, n)
    keys_arr = np.empty(total, dtype=np.uint64)
    cdef uint64_t[::1] keys = keys_arr
    cdef uint64_t[::1] hashes = np.empty(max(longest, 1), dtype=np.uint64)
    cdef uint64_t h, s, row, pair_seed = seed + 1
    cdef unsigned shift = 64 - bits
    cdef Py_UCS4 c
    cdef str w
    for d in range(n_docs):
        row = (<uint64_t>d) << bits
        n = 0
        for item in seqs[d]:
            w = <str?>item
            s = 0
            p = 0
            for c in w:
                if c == 0:
                    raise ValueError("a word contains NUL")
                s += _mix64(<uint64_t>c * _K_CHAR + <uint64_t>(p + 1) * _K_POS + seed)
                p += 1
            h = _mix64(s + <uint64_t>p * _K_PAIR)
            hashes[n] = h
            n += 1
            keys[out] = row | (h >> shift)
            out += 1
        if bigrams:
            for k in range(n - 1):
                keys[out] = row | (_mix64(hashes[k] * _K_PAIR + hashes[k + 1] + pair_seed) >> shift)
                out += 1
    return keys_arr, counts_arr


# -- near-duplicate verification -------------------------------------------------------------------
cdef uint64_t _SHORT_SEED = 0x9E3779B97F4A7C15ULL


cdef inline void _insertion_sort(uint64_t* a, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i, j
    cdef uint64_t v
    for i in range(1, n):
        v = a[i]
        j = i - 1
        while j >= 0 and a[j] > v:
            a[j + 1] = a[j]
            j -= 1
        a[j + 1] = v


cdef void _sift_down(uint64_t* a, Py_ssize_t root, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t child
    cdef uint64_t v = a[root]
    while True:
        child = 2 * root + 1
        if child >= n:
            break
        if child + 1 < n and a[child + 1] > a[child]:
            child += 1
        if a[child] <= v:
            break
        a[root] = a[child]
        root = child
    a[root] = v


cdef void _heap_sort(uint64_t* a, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i
    cdef uint64_t v
    i = n // 2 - 1
    while i >= 0:
        _sift_down(a, i, n)
        i -= 1
    i = n - 1
    while i > 0:
        v = a[0]
        a[0] = a[i]
        a[i] = v
        _sift_down(a, 0, i)
        i -= 1


cdef void _sort_u64(uint64_t* a, Py_ssize_t n, int depth) noexcept nogil:
    """Introsort: quicksort (median of three, Hoare partition: runs of equal values split evenly),
    insertion sort below 24 values, heapsort past the depth limit."""
    cdef Py_ssize_t i, j
    cdef uint64_t p, x, y, z, v
    while n > 24:
        if depth == 0:
            _heap_sort(a, n)
            return
        depth -= 1
        x = a[0]
        y = a[n // 2]
        z = a[n - 1]
        if x > y:
            x, y = y, x
        if y > z:
            y = z
        if x > y:
            y = x
        p = y
        i = -1
        j = n
        while True:
            i += 1
            while a[i] < p:
                i += 1
            j -= 1
            while a[j] > p:
                j -= 1
            if i >= j:
                break
            v = a[i]
            a[i] = a[j]
            a[j] = v
        # a[0..j] <= p <= a[j+1..n-1]; recurse on the smaller side
        if j + 1 < n - j - 1:
            _sort_u64(a, j + 1, depth)
            a += j + 1
            n -= j + 1
        else:
            _sort_u64(a + j + 1, n - j - 1, depth)
            n = j + 1
    _insertion_sort(a, n)


cdef void _bucket_sort_u64(uint64_t* a, uint64_t* tmp, int64_t* heads, Py_ssize_t n) noexcept nogil:
    """Sort ``a[:n]`` ascending: one counting pass on the top bits (about one value per bucket for
    evenly spread values such as mixed hashes), the values placed bucket after bucket, then one
    insertion sort over the whole array (a value moves only within its bucket: no branch per bucket)
    or, when a bucket is crowded, each bucket on its own (:func:`_sort_u64` for the crowded ones).
    ``tmp`` holds ``n`` values, ``heads`` ``2n + 1``."""
    cdef int bits = 0, depth
    cdef Py_ssize_t i, nb, lo, hi, m, crowd = 0
    if n <= 24:
        _insertion_sort(a, n)
        return
    while (<Py_ssize_t>1 << bits) < n:
        bits += 1
    nb = <Py_ssize_t>1 << bits
    cdef unsigned shift = 64 - bits
    memset(heads, 0, (nb + 1) * sizeof(int64_t))
    for i in range(n):
        tmp[i] = a[i]
        heads[(a[i] >> shift) + 1] += 1
    for i in range(nb):
        crowd = max(crowd, heads[i + 1])
        heads[i + 1] += heads[i]
    for i in range(n):  # heads[b] ends as the end of bucket b
        a[heads[tmp[i] >> shift]] = tmp[i]
        heads[tmp[i] >> shift] += 1
    if crowd <= 24:
        _insertion_sort(a, n)
        return
    lo = 0
    for i in range(nb):
        hi = heads[i]
        m = hi - lo
        if m > 24:
            depth = 0
            while (<Py_ssize_t>1 << depth) < m:
                depth += 1
            _sort_u64(a + lo, m, 2 * depth)
        elif m > 1:
            _insertion_sort(a + lo, m)
        lo = hi


cdef Py_ssize_t _shingle_set(
    const uint64_t* cps, Py_ssize_t length, int k, uint64_t* out, uint64_t* tmp, int64_t* heads
) noexcept nogil:
    # the sorted distinct k-gram hashes of the code points ``cps[:length]`` into ``out`` (room for
    # ``max(length - k + 1, 1)``); returns how many (``tmp``/``heads`` as :func:`_bucket_sort_u64`'s)
    cdef Py_ssize_t i, j, m
    cdef uint64_t h, top
    if length < k:
        h = _SHORT_SEED ^ <uint64_t>length
        for i in range(length):
            h = h * _BASE + cps[i] + 1ULL
        out[0] = h
        return 1
    m = length - k + 1
    # the window's polynomial rolls: drop the first code point's term (weight _BASE ** (k - 1)), shift,
    # add the next one; the same value modulo 2^64 as computing it from 0
    top = 1
    for j in range(k - 1):
        top *= _BASE
    h = 0
    for j in range(k - 1):
        h = h * _BASE + cps[j] + 1ULL
    for i in range(m):
        h = h * _BASE + cps[i + k - 1] + 1ULL
        out[i] = _mix64(h)
        h -= (cps[i] + 1ULL) * top
    _bucket_sort_u64(out, tmp, heads, m)
    j = 1  # drop repeats in place
    for i in range(1, m):
        if out[i] != out[j - 1]:
            out[j] = out[i]
            j += 1
    return j


def shingle_sets(list texts, int k):
    """Each text's sorted, distinct character ``k``-gram hashes, all in one array.

    The same values as ``neardup.shingle_hashes`` of an already :func:`shingle_text`-normalised text:
    every window of ``k`` code points hashed ``h = 0``, ``h = h * 0x100000001B3 + cp + 1`` per code
    point, then ``mix64(h)``; a text shorter than ``k`` has one hash,
    ``0x9E3779B97F4A7C15 ^ length`` then ``h = h * 0x100000001B3 + cp + 1`` per code point (not mixed).

    Args:
        texts (list[str]): normalised texts.
        k (int): shingle length in code points, ≥ 1.

    Returns:
        tuple[numpy.ndarray, numpy.ndarray]: ``hashes`` (uint64, text after text, each text's
        sorted ascending without repeats) and ``bounds`` (int64, ``len(texts) + 1``: text ``i``'s
        hashes are ``hashes[bounds[i]:bounds[i + 1]]``, at least one each).

    Raises:
        TypeError: if a text is not a ``str``.
        ValueError: if ``k`` < 1.
    """
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    cdef Py_ssize_t n_docs = len(texts), d, length, total = 0, longest = 0, out
    for d in range(n_docs):
        length = len(<str?>texts[d])
        total += length - k + 1 if length >= k else 1
        longest = max(longest, length)
    hashes_arr = np.empty(total, dtype=np.uint64)
    bounds_arr = np.zeros(n_docs + 1, dtype=np.int64)
    cdef uint64_t[::1] hashes = hashes_arr
    cdef int64_t[::1] bounds = bounds_arr
    cdef uint64_t[::1] cps = np.empty(max(longest, 1), dtype=np.uint64)
    cdef uint64_t[::1] tmp = np.empty(max(longest, 1), dtype=np.uint64)
    cdef int64_t[::1] heads = np.empty(2 * max(longest, 1) + 1, dtype=np.int64)
    out = 0
    for d in range(n_docs):
        length = _code_points(<str>texts[d], &cps[0])
        out += _shingle_set(&cps[0], length, k, &hashes[out], &tmp[0], &heads[0])
        bounds[d + 1] = out
    return hashes_arr[:out], bounds_arr


def stored_shingle_sets(const unsigned char[::1] buf, const int64_t[::1] ends, const int64_t[::1] which, dict odd, int k):
    """:func:`shingle_sets` of stored texts, read straight from their UTF-16 buffer (no ``str`` made).

    Text ``i`` of the store is ``buf[ends[i - 1]:ends[i]]`` (``0`` for ``i = 0``), UTF-16-LE; a
    surrogate pair is one code point, as ``bytes.decode("utf-16-le")`` makes it. A text in ``odd``
    (one that UTF-16 cannot hold, such as a lone surrogate; its byte range is ignored) is read from
    that ``str`` instead. The hashes are exactly :func:`shingle_sets` ``([store[i] for i in which], k)``.

    Args:
        buf (bytearray | bytes): the texts' UTF-16-LE code units, one text after the other.
        ends (array.array | numpy.ndarray): int64 byte offset where each stored text ends.
        which (numpy.ndarray): int64 numbers of the texts wanted (indexes into ``ends``), in output order.
        odd (dict[int, str]): texts kept apart, by number.
        k (int): shingle length in code points, ≥ 1.

    Returns:
        tuple[numpy.ndarray, numpy.ndarray]: ``hashes`` (uint64) and ``bounds`` (int64,
        ``len(which) + 1``), as :func:`shingle_sets` returns them.

    Raises:
        ValueError: if ``k`` < 1, a text number is out of range, a byte range is not an even-sized
            slice of ``buf``, or a text is not valid UTF-16 (a lone surrogate, as the decoder would).
        TypeError: if a text in ``odd`` is not a ``str``.
    """
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")
    cdef Py_ssize_t n_docs = which.shape[0], n_ends = ends.shape[0], d, i, units, length, total = 0, longest = 0, out
    cdef int64_t t, lo, hi
    cdef bint any_odd = bool(odd)
    for d in range(n_docs):
        t = which[d]
        if not 0 <= t < n_ends:
            raise ValueError(f"text number {t} out of range")
        if any_odd and t in odd:
            units = len(<str?>odd[t])
        else:
            lo = ends[t - 1] if t else 0
            hi = ends[t]
            if not 0 <= lo <= hi <= buf.shape[0] or (hi - lo) & 1:
                raise ValueError(f"text {t}: byte range {lo}..{hi} is not UTF-16 in the buffer")
            units = (hi - lo) >> 1  # code points ≤ code units
        total += units - k + 1 if units >= k else 1
        longest = max(longest, units)
    hashes_arr = np.empty(total, dtype=np.uint64)
    bounds_arr = np.zeros(n_docs + 1, dtype=np.int64)
    cdef uint64_t[::1] hashes = hashes_arr
    cdef int64_t[::1] bounds = bounds_arr
    cdef uint64_t[::1] cps = np.empty(max(longest, 1), dtype=np.uint64)
    cdef uint64_t[::1] tmp = np.empty(max(longest, 1), dtype=np.uint64)
    cdef int64_t[::1] heads = np.empty(2 * max(longest, 1) + 1, dtype=np.int64)
    cdef uint64_t u, v
    out = 0
    for d in range(n_docs):
        t = which[d]
        if any_odd and t in odd:
            length = _code_points(<str>odd[t], &cps[0])
        else:
            lo = ends[t - 1] if t else 0
            hi = ends[t]
            length = 0
            i = lo
            while i < hi:
                u = buf[i] | (<uint64_t>buf[i + 1] << 8)
                i += 2
                if 0xD800 <= u <= 0xDFFF:  # a high surrogate followed by a low one, or invalid
                    if u >= 0xDC00 or i >= hi:
                        raise ValueError(f"text {t} is not valid UTF-16 (lone surrogate)")
                    v = buf[i] | (<uint64_t>buf[i + 1] << 8)
                    if not 0xDC00 <= v <= 0xDFFF:
                        raise ValueError(f"text {t} is not valid UTF-16 (lone surrogate)")
                    i += 2
                    u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00)
                cps[length] = u
                length += 1
        out += _shingle_set(&cps[0], length, k, &hashes[out], &tmp[0], &heads[0])
        bounds[d + 1] = out
    return hashes_arr[:out], bounds_arr


cdef inline double _jaccard_of(Py_ssize_t inter, Py_ssize_t total) noexcept nogil:
    return <double>inter / <double>(total - inter)


def pair_jaccards(
    const uint64_t[::1] hashes, const int64_t[::1] bounds, const int64_t[::1] a, const int64_t[::1] b, double floor=0.0
):
    """Exact Jaccard index of the hash sets of texts ``a[p]`` and ``b[p]``, for every pair ``p``.

    ``inter / (|A| + |B| - inter)`` as ``neardup.jaccard`` computes it (1.0 when both sets are
    empty), by one merge of the two sorted arrays. With a ``floor``, a pair's merge stops as soon as
    even a match of every remaining element of the shorter side would leave its Jaccard (as that
    float) below ``floor``; the pair then gets -1.0. The float division is monotone in the
    intersection, so every pair whose Jaccard is ≥ ``floor`` still gets its exact value.

    Args:
        hashes (numpy.ndarray): uint64, from :func:`shingle_sets`.
        bounds (numpy.ndarray): int64, from :func:`shingle_sets`.
        a, b (numpy.ndarray): int64 text numbers (indexes into ``bounds[:-1]``), same length.
        floor (float): similarities below it are not needed exactly (0.0, the default: all are).

    Returns:
        numpy.ndarray: float64, one similarity per pair (exact when ≥ ``floor``, else below it).

    Raises:
        ValueError: if ``a`` and ``b`` differ in length or a text number is out of range.
    """
    cdef Py_ssize_t n = a.shape[0], p, n_docs = bounds.shape[0] - 1
    if b.shape[0] != n:
        raise ValueError(f"{n} first texts but {b.shape[0]} second texts")
    for p in range(n):
        if not (0 <= a[p] < n_docs and 0 <= b[p] < n_docs):
            raise ValueError("text number out of range")
    if floor > 2.0:
        floor = 2.0  # (no Jaccard reaches it either way; keeps the estimate of ``need`` finite)
    out_arr = np.empty(n, dtype=np.float64)
    cdef double[::1] out = out_arr
    cdef Py_ssize_t i, i_end, j, j_end, na, nb, inter, need, most, rest, _
    cdef uint64_t x, y
    with nogil:
        for p in range(n):
            i = bounds[a[p]]
            i_end = bounds[a[p] + 1]
            j = bounds[b[p]]
            j_end = bounds[b[p] + 1]
            na = i_end - i
            nb = j_end - j
            if na == 0 and nb == 0:
                out[p] = 1.0
                continue
            # need: the least intersection whose Jaccard (as computed below) is >= floor; above
            # ``most`` (the shorter side's size) when none is
            most = min(na, nb)
            need = 0
            if floor > 0.0:
                need = min(max(<Py_ssize_t>(floor * (na + nb) / (1.0 + floor)), 0), most + 1)
                while need > 0 and _jaccard_of(need - 1, na + nb) >= floor:
                    need -= 1
                while need <= most and _jaccard_of(need, na + nb) < floor:
                    need += 1
            if need > most:
                out[p] = -1.0
                continue
            inter = 0
            rest = most
            while rest > 0:
                # up to 32 branch-free merge steps (each advances the smaller side, both on a match, so
                # ``rest`` = the shorter remainder of the two steps never runs past an end), then the bound
                for _ in range(min(rest, 32)):
                    x = hashes[i]
                    y = hashes[j]
                    inter += x == y
                    i += x <= y
                    j += y <= x
                rest = min(i_end - i, j_end - j)
                if inter + rest < need:
                    break
            else:
                out[p] = _jaccard_of(inter, na + nb)
                continue
            out[p] = -1.0
    return out_arr
