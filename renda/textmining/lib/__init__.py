"""Renda text intelligence: pure-Python functions over citizens' messages (no Django, no ORM).

Modules: :mod:`.clean` (normalisation, personal-data masking), :mod:`.segment` (rjieba with the
Renda user dictionary), :mod:`.classify` (7-topic classifier), :mod:`.neardup` (MinHash LSH
near-duplicates), :mod:`.hot` (hot-topic mining), :mod:`.io` (CSV/xlsx readers of the real data).
Heavy imports (scikit-learn, openpyxl) happen inside the functions that need them.
"""

from .classify import (
    MODEL_VERSION,
    TOPICS,
    CVResult,
    TopicClassifier,
    cross_validate,
    join_message,
    load_labeled,
    train_default_model,
)
from .clean import (
    PersonalMatch,
    clean_text,
    collapse_whitespace,
    find_personal,
    mask_personal,
    normalize_width,
    strip_boilerplate,
)
from .hot import HotTopic, Record, hot_topics, to_records
from .io import COLUMNS, MessageRow, ParsedRow, data_dir, parse_time, read_messages
from .neardup import DupGroup, Match, NearDupIndex, groups, jaccard, shingle_hashes
from .segment import load_stopwords, load_userdict, segment, segment_many

__all__ = [
    "COLUMNS",
    "MODEL_VERSION",
    "TOPICS",
    "CVResult",
    "DupGroup",
    "HotTopic",
    "Match",
    "MessageRow",
    "NearDupIndex",
    "ParsedRow",
    "PersonalMatch",
    "Record",
    "TopicClassifier",
    "clean_text",
    "collapse_whitespace",
    "cross_validate",
    "data_dir",
    "find_personal",
    "groups",
    "hot_topics",
    "jaccard",
    "join_message",
    "load_labeled",
    "load_stopwords",
    "load_userdict",
    "mask_personal",
    "normalize_width",
    "parse_time",
    "read_messages",
    "segment",
    "segment_many",
    "shingle_hashes",
    "strip_boilerplate",
    "to_records",
    "train_default_model",
]
