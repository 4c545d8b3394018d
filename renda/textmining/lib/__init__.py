"""Renda text intelligence: pure-Python functions over citizens' messages (no Django, no ORM).

Modules: :mod:`.clean` (normalisation, personal-data masking), :mod:`.segment` (rjieba with the
Renda user dictionary), :mod:`.classify` (7-topic classifier), :mod:`.neardup` (MinHash LSH
near-duplicates), :mod:`.hot` (hot-topic mining), :mod:`.io` (CSV/xlsx readers of the real data).
Heavy imports (scikit-learn, openpyxl) happen inside the functions that need them, and the names
below are imported from their module on first use (issue 17: a process that only reads and
de-duplicates messages, as the import's database process, does not load scipy or the segmenter).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_MODULE_OF = {
    "MODEL_VERSION": "classify",
    "TOPICS": "classify",
    "CVResult": "classify",
    "TopicClassifier": "classify",
    "cross_validate": "classify",
    "join_message": "classify",
    "load_labeled": "classify",
    "train_default_model": "classify",
    "PersonalMatch": "clean",
    "clean_text": "clean",
    "collapse_whitespace": "clean",
    "find_personal": "clean",
    "mask_personal": "clean",
    "normalize_width": "clean",
    "strip_boilerplate": "clean",
    "HotTopic": "hot",
    "Record": "hot",
    "hot_topics": "hot",
    "to_records": "hot",
    "COLUMNS": "io",
    "MessageRow": "io",
    "ParsedRow": "io",
    "data_dir": "io",
    "parse_time": "io",
    "read_messages": "io",
    "DupGroup": "neardup",
    "Match": "neardup",
    "NearDupIndex": "neardup",
    "groups": "neardup",
    "jaccard": "neardup",
    "shingle_hashes": "neardup",
    "load_stopwords": "segment",
    "load_userdict": "segment",
    "segment": "segment",
    "segment_many": "segment",
}


def __getattr__(name: str) -> Any:
    """The re-exported ``name`` from its module, imported on first use (PEP 562).

    Raises:
        AttributeError: ``name`` is not one of this package's names.
    """
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


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
