"""The review assistant's rules (审查辅助), pure functions without the ORM.

For each sentence of a normative document, :func:`classify` names the kinds of content a normative
document may not create without a basis in law (行政许可 / 行政处罚 / 行政强制 / 收费 / 减损权利、增加
义务; 立法法 2023 第93条第6款, 行政许可法 第17条, 行政处罚法 第16条, 行政强制法 第10条). A sentence
that names its basis (依照《……》/ 依据法律、法规) or negates the act (不得收取、免收) is not flagged.
:func:`cited_laws` lists the 《…》 titles cited; :func:`similar` compares sentences by the Jaccard
index of their character 5-grams (``renda.textmining.lib.neardup``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext_noop

from renda.textmining.lib.neardup import jaccard, shingle_hashes

LICENCE, PENALTY, COMPULSORY, FEE, RIGHTS = "licence", "penalty", "compulsory", "fee", "rights"
KINDS = (LICENCE, PENALTY, COMPULSORY, FEE, RIGHTS)

_SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
#: A stated basis in law makes the provision a restatement, not a creation.
_BASIS = re.compile(
    r"(依照|依据|按照|根据|适用)[^，。；]{0,12}(《[^》]+》|法律|行政法规|有关法律|法律、法规|法律法规)"
    r"|由[^，。；]{0,20}依法(予以|给予|处理|处罚|查处)"
)
_NEG = r"(不得|禁止|严禁|不再|一律不|免|不予|无需|不需|不|停止)"

_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    LICENCE: [
        re.compile(r"(须|需|应当|必须|应)(先|事先)?(经|向)[^，。；]{0,20}(审批|批准|许可|核准|同意|审核同意)"),
        re.compile(r"未经[^，。；]{0,20}(审批|批准|许可|核准|同意)"),
        re.compile(r"(取得|领取|办理|申领)[^，。；]{0,12}(许可证|许可|准入证|经营证|资格证|审批手续|准予)"),
        re.compile(r"实行[^，。；]{0,10}(审批|许可|准入|核准)制"),
    ],
    PENALTY: [
        re.compile(r"(处|并处|处以)[^，。；]{0,14}罚款"),
        re.compile(r"罚款[^，。；]{0,6}元"),
        re.compile(r"(没收|吊销|暂扣|降低资质等级|责令停产停业|责令关闭|行政拘留|通报批评并)"),
        re.compile(r"给予[^，。；]{0,6}警告"),
    ],
    COMPULSORY: [
        re.compile(r"(查封|扣押|冻结|强制拆除|强制清除|强制执行|代履行|强制隔离|强行|暂扣车辆|拖移)"),
    ],
    FEE: [
        re.compile(r"(收取|缴纳|交纳|缴交|征收|加收|预交|预缴)[^，。；]{0,20}(费|金|款)"),
        re.compile(r"(收费|服务费|管理费|押金|保证金|工本费|手续费|占用费)"),
    ],
    RIGHTS: [
        re.compile(r"(不予|不得)(办理|受理|享受|参加|报名|入学|申请|落户|录用|发放)"),
        re.compile(r"(取消|暂停|限制)[^，。；]{0,12}(资格|权利|待遇|出行|就业|入学|消费|补贴)"),
        re.compile(r"(列入|纳入)[^，。；]{0,8}(黑名单|失信名单|失信联合惩戒)"),
        re.compile(r"(应当|必须|须)(无偿|义务|自费|签订承诺|提供[^，。；]{0,10}(证明|担保))"),
    ],
}
#: Words that negate the act right before it ("不得收取费用", "免收", "不得设定行政许可").
_NEGATED: dict[str, re.Pattern[str]] = {
    LICENCE: re.compile(_NEG + r"[^，。；]{0,6}(设定|设立|实行|要求)?[^，。；]{0,4}(审批|许可|核准|前置)"),
    PENALTY: re.compile(_NEG + r"[^，。；]{0,6}(罚款|处罚|没收)"),
    COMPULSORY: re.compile(_NEG + r"[^，。；]{0,6}(查封|扣押|冻结|强制|拆除|强行)"),
    FEE: re.compile(_NEG + r"[^，。；]{0,4}(收取|收|缴纳|交纳|征收|加收|预交)|(免费|免收|不收费|减免)"),
    RIGHTS: re.compile(r"不得以[^，。；]{0,20}为由"),
}
_REASONS = {
    LICENCE: gettext_noop("设定了行政许可（审批、许可、核准），未写明法律、法规依据"),
    PENALTY: gettext_noop("设定了行政处罚（罚款、没收、吊销等），未写明法律、法规依据"),
    COMPULSORY: gettext_noop("设定了行政强制措施（查封、扣押、强制执行等），未写明法律、法规依据"),
    FEE: gettext_noop("设定了收费或缴纳义务，未写明法律、法规依据"),
    RIGHTS: gettext_noop("减损公民、法人和其他组织的权利或者增加其义务，未写明法律、法规依据"),
}
_CITED = re.compile(r"《([^》]{2,60})》")


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (split at 。；！？ and line breaks), stripped, empty ones dropped."""
    return [s.strip() for s in _SENTENCE.findall(text or "") if s.strip() and len(s.strip()) > 3]


def has_basis(sentence: str) -> bool:
    """True when the sentence names its basis in law (依照《……》, 依据法律、法规, 由…依法处罚)."""
    return bool(_BASIS.search(sentence))


def classify(sentence: str) -> set[str]:
    """The kinds (:data:`KINDS`) the sentence creates without a basis in law; empty when none."""
    if has_basis(sentence):
        return set()
    found: set[str] = set()
    for kind, patterns in _PATTERNS.items():
        for pat in patterns:
            m = pat.search(sentence)
            if m and not _negated(kind, sentence, m.start()):
                found.add(kind)
                break
    return found


def _negated(kind: str, sentence: str, start: int) -> bool:
    neg = _NEGATED[kind].search(sentence)
    if neg is None:
        return False
    if kind == RIGHTS:
        return True
    # the negation governs the match when it starts at or shortly before it
    return (neg.start() <= start + 2 and start - neg.start() <= 12) or (
        kind == FEE and neg.group(0) in ("免费", "免收", "不收费", "减免")
    )


def reason(kind: str) -> str:
    """The Chinese reason shown with a flag of ``kind``."""
    return _REASONS[kind]


def cited_laws(text: str) -> list[str]:
    """The distinct 《…》 titles cited in ``text``, in order of appearance."""
    return list(dict.fromkeys(_CITED.findall(text or "")))


def similar(
    sentence: str, earlier: Iterable[tuple[object, str]], *, threshold: float = 0.6
) -> list[tuple[object, str, float]]:
    """Earlier sentences near-identical to ``sentence``: ``(key, sentence, Jaccard)`` with Jaccard of
    character 5-grams ≥ ``threshold``, best first."""
    a = shingle_hashes(sentence)
    out = [(key, s, jaccard(a, shingle_hashes(s))) for key, s in earlier]
    return sorted([o for o in out if o[2] >= threshold], key=lambda o: -o[2])


def scores(labelled: Sequence[tuple[str, set[str]]]) -> dict[str, tuple[float, float, int, int, int]]:
    """Precision, recall, tp, fp, fn per kind of :func:`classify` on ``labelled`` (sentence, kinds)."""
    out = {}
    for kind in KINDS:
        tp = fp = fn = 0
        for sentence, gold in labelled:
            got = kind in classify(sentence)
            want = kind in gold
            tp += got and want
            fp += got and not want
            fn += want and not got
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        out[kind] = (p, r, tp, fp, fn)
    return out
