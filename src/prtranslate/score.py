"""Consistency scores between two versions in one language: sacrebleu's BLEU, chrF, chrF++ and TER.

A machine draft (the hypothesis) is scored against a published version (the reference)
paragraph by paragraph. Paragraphs are paired by position when both versions have as many
content paragraphs, otherwise by :func:`align_same_language`. A paragraph left without a
counterpart is scored against an empty string, so missing or extra text lowers the scores.

Corpus scores are sacrebleu's own, with its signature; Korean references are tokenized
with ``ko-mecab`` (``sacrebleu[ko]``). Every signature starts with prtranslate's version,
the language and the pairing, and always names the tokenizer (chrF works on characters,
which sacrebleu leaves out of its signature, so prtranslate adds ``tok:char``).
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from prtranslate import __version__
from prtranslate.documents import Document, read_document
from prtranslate.errors import InputError, LanguageError, MissingDependencyError
from prtranslate.inputs import check_one_stdin
from prtranslate.languages import LANGUAGE_NAMES

BLEU = "bleu"
CHRF = "chrf"
CHRF_PP = "chrf++"
TER = "ter"
METRICS = (BLEU, CHRF, CHRF_PP, TER)
# Higher is better for every metric except TER (an edit rate).
LOWER_IS_BETTER = frozenset({TER})

POSITION = "position"
ALIGNMENT = "alignment"

DEFAULT_SAMPLES = 1000


# --- metrics -----------------------------------------------------------------------------------


def bleu_tokenizer(language: str) -> str:
    """sacrebleu's tokenizer for references in ``language``: ``ko-mecab`` for Korean, ``13a`` otherwise."""
    return "ko-mecab" if language == "ko" else "13a"


def make_metrics(language: str, sentence: bool = False) -> dict[str, Any]:
    """Fresh sacrebleu metric objects for references in ``language``.

    ``sentence`` turns on BLEU's effective order, as sacrebleu recommends for one segment.
    """
    from sacrebleu.metrics import BLEU as SacreBLEU
    from sacrebleu.metrics import CHRF as SacreCHRF
    from sacrebleu.metrics import TER as SacreTER

    try:
        bleu = SacreBLEU(tokenize=bleu_tokenizer(language), effective_order=sentence)
    except RuntimeError as err:
        # sacrebleu raises RuntimeError when mecab-ko is missing.
        raise MissingDependencyError(
            "Korean scoring needs mecab-ko; install it with: pip install 'sacrebleu[ko]'"
        ) from err
    return {BLEU: bleu, CHRF: SacreCHRF(), CHRF_PP: SacreCHRF(word_order=2), TER: SacreTER()}


@lru_cache(maxsize=4)
def _sentence_metrics(language: str) -> dict[str, Any]:
    return make_metrics(language, sentence=True)


@dataclass(frozen=True)
class MetricScore:
    """One corpus-level score with sacrebleu's signature and prtranslate's reproducibility signature."""

    metric: str
    score: float
    signature: str
    sacrebleu_signature: str
    detail: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"score": round(self.score, 2), "signature": self.signature,
                "sacrebleu_signature": self.sacrebleu_signature, "detail": self.detail}


def signature_prefix(language: str, pairing: str) -> str:
    return f"prtranslate:{__version__}|lang:{language}|pair:{pairing}"


def _signature(metric: str, sacre: str, language: str, pairing: str) -> str:
    # sacrebleu names the tokenizer for BLEU and TER; chrF reads characters and says nothing.
    tok = "" if "tok:" in sacre else "|tok:char"
    return f"{signature_prefix(language, pairing)}{tok}|{sacre}"


def score_segments(hypotheses: Sequence[str], references: Sequence[str], language: str,
                   pairing: str = POSITION) -> tuple[dict[str, MetricScore], list[dict[str, float]]]:
    """Corpus scores and sentence-level scores of aligned segments, as sacrebleu computes them.

    Each segment's statistics are extracted once (TER's shift search is slow on long
    paragraphs) and aggregated the way sacrebleu's ``corpus_score`` and ``sentence_score`` do.
    """
    if len(hypotheses) != len(references):
        raise ValueError("hypotheses and references must have the same number of segments")
    corpus: dict[str, MetricScore] = {}
    segments: list[dict[str, float]] = [{} for _ in hypotheses]
    sentence = _sentence_metrics(language)
    for name, metric in make_metrics(language).items():
        stats = metric._extract_corpus_statistics(list(hypotheses), [list(references)])
        result = metric._aggregate_and_compute(stats)
        sacre = str(metric.get_signature())
        signature = _signature(name, sacre, language, pairing)
        detail = result.format(score_only=False)
        corpus[name] = MetricScore(name, float(result.score), signature, sacre, detail)
        # sentence_score is _aggregate_and_compute over one segment's statistics; BLEU on one
        # segment uses effective order, as sacrebleu recommends.
        for k, stat in enumerate(stats):
            segments[k][name] = float(sentence[name]._aggregate_and_compute([stat]).score)
    return corpus, segments


def corpus_scores(hypotheses: Sequence[str], references: Sequence[str], language: str,
                  pairing: str = POSITION) -> dict[str, MetricScore]:
    """BLEU, chrF, chrF++ and TER of aligned segments, exactly as sacrebleu computes them."""
    return score_segments(hypotheses, references, language, pairing)[0]


def sentence_scores(hypothesis: str, reference: str, language: str) -> dict[str, float]:
    """Sentence-level scores of one segment (BLEU with effective order)."""
    return {name: float(metric.sentence_score(hypothesis, [reference]).score)
            for name, metric in _sentence_metrics(language).items()}


# --- pairing -----------------------------------------------------------------------------------


def _grams(text: str, language: str) -> Counter[str]:
    # Character n-grams without spaces: bigrams suit Hangul syllables, trigrams Latin letters.
    chars = "".join(text.lower().split())
    n = 2 if language == "ko" else 3
    if len(chars) < n:
        return Counter([chars]) if chars else Counter()
    return Counter(chars[i : i + n] for i in range(len(chars) - n + 1))


def similarity(a: Counter[str], b: Counter[str]) -> float:
    """Dice coefficient of two n-gram multisets (0 to 1)."""
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


# Costs of the same-language alignment: a pair costs 1 - similarity, leaving a paragraph out
# SKIP, so two paragraphs are paired when they share more than 1 - 2 * SKIP of their n-grams;
# a merge costs MERGE more, and each merged paragraph must share n-grams with the other side.
_SKIP = 0.4
_MERGE = 0.15
# A paraphrasing draft shares few n-grams even where it follows the reference; lengths keep it
# from swallowing a neighbour: each pair also costs LENGTH * |log(length ratio)|.
_LENGTH = 0.3


def align_same_language(hypotheses: Sequence[str], references: Sequence[str],
                        language: str) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Monotone pairing of two versions in one language (beads 1-1, 1-0, 0-1, 2-1, 1-2).

    Returns ``(hypothesis positions, reference positions)`` beads covering every position once.
    """
    import numpy as np

    n, m = len(hypotheses), len(references)
    grams = [_grams(t, language) for t in (*hypotheses, *references)]
    vocabulary = {g: k for k, g in enumerate(dict.fromkeys(g for c in grams for g in c))}
    counts = np.zeros((n + m, max(1, len(vocabulary))), dtype=np.float32)
    for row, c in enumerate(grams):
        for g, k in c.items():
            counts[row, vocabulary[g]] = k
    hyp, ref = counts[:n], counts[n:]

    def sim(h: np.ndarray, r: np.ndarray) -> float:
        total = float(h.sum() + r.sum())
        return 2.0 * float(np.minimum(h, r).sum()) / total if total else 0.0

    def contained(part: np.ndarray, other: np.ndarray) -> float:
        total = float(part.sum())
        return float(np.minimum(part, other).sum()) / total if total else 0.0

    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    # Drafts follow their reference: stay near the diagonal, wide enough for every count difference.
    band = max(20, abs(n - m) + 10)
    for i in range(n + 1):
        for j in range(m + 1):
            if abs(i * m - j * n) > band * max(n, m):
                continue
            here = cost[i][j]
            if here == inf:
                continue
            for a, b in ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2)):
                if i + a > n or j + b > m:
                    continue
                if a and b:
                    h, r = hyp[i : i + a].sum(0), ref[j : j + b].sum(0)
                    similar = sim(h, r)
                    if a + b > 2:
                        # Each merged paragraph must belong there, not only the pair as a whole.
                        parts, other = (hyp[i : i + a], r) if a > 1 else (ref[j : j + b], h)
                        similar = min(similar, *(contained(part, other) for part in parts)) - _MERGE
                    lengths = _LENGTH * abs(math.log((float(h.sum()) + 1.0) / (float(r.sum()) + 1.0)))
                    step = 1.0 - similar + lengths
                else:
                    step = _SKIP
                if here + step < cost[i + a][j + b]:
                    cost[i + a][j + b] = here + step
                    back[i + a][j + b] = (a, b)
    beads = []
    i, j = n, m
    while i or j:
        a, b = back[i][j]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    beads.reverse()
    return beads


def pair_paragraphs(hypotheses: Sequence[str], references: Sequence[str],
                    language: str) -> tuple[str, list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """``(pairing, beads)``: by position when the counts match, else by :func:`align_same_language`."""
    if len(hypotheses) == len(references):
        return POSITION, [((i,), (i,)) for i in range(len(hypotheses))]
    return ALIGNMENT, align_same_language(hypotheses, references, language)


# --- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParagraphScore:
    """Sentence-level scores of one paired segment; ids are paragraph ids in the files."""

    hyp: tuple[int, ...]
    ref: tuple[int, ...]
    hyp_text: str
    ref_text: str
    scores: dict[str, float]
    hyp_labels: tuple[str, ...] = ()   # the paragraphs as the reader sees them (prtranslate.labels)
    ref_labels: tuple[str, ...] = ()

    @property
    def one_sided(self) -> bool:
        return not self.hyp or not self.ref

    def to_dict(self) -> dict[str, object]:
        record: dict[str, object] = {"hyp": list(self.hyp), "ref": list(self.ref),
                                     "hyp_labels": list(self.hyp_labels), "ref_labels": list(self.ref_labels)}
        record.update({name: round(value, 2) for name, value in self.scores.items()})
        record.update({"hyp_text": self.hyp_text, "ref_text": self.ref_text})
        return record


@dataclass(frozen=True)
class ComparedMetric:
    """One metric of a paired bootstrap test: the draft against the other draft (the baseline)."""

    metric: str
    score: float
    mean: float
    ci: float
    baseline_score: float
    baseline_mean: float
    baseline_ci: float
    p_value: float
    signature: str

    @property
    def delta(self) -> float:
        return self.score - self.baseline_score

    @property
    def better(self) -> bool:
        return self.delta < 0 if self.metric in LOWER_IS_BETTER else self.delta > 0

    def to_dict(self) -> dict[str, object]:
        return {
            "score": round(self.score, 2), "mean": round(self.mean, 2), "ci": round(self.ci, 2),
            "baseline": {"score": round(self.baseline_score, 2), "mean": round(self.baseline_mean, 2),
                         "ci": round(self.baseline_ci, 2)},
            "delta": round(self.delta, 2), "p_value": round(self.p_value, 4), "signature": self.signature,
        }


@dataclass(frozen=True)
class Comparison:
    """Paired bootstrap resampling (sacrebleu's significance API) of two drafts of one reference."""

    baseline_path: str
    n_samples: int
    seed: int | None
    segments: int
    metrics: dict[str, ComparedMetric]

    def significant(self, metric: str, alpha: float = 0.05) -> bool:
        return self.metrics[metric].p_value < alpha

    def to_dict(self) -> dict[str, object]:
        return {"baseline": self.baseline_path, "test": "paired-bootstrap", "samples": self.n_samples,
                "seed": self.seed, "segments": self.segments,
                "metrics": {name: m.to_dict() for name, m in self.metrics.items()}}


@dataclass(frozen=True)
class ScoreResult:
    """Scores of a draft against a reference, in one language."""

    hyp_path: str
    ref_path: str
    language: str
    pairing: str
    corpus: dict[str, MetricScore]
    paragraphs: tuple[ParagraphScore, ...]   # in reading order
    comparison: Comparison | None = None
    meta: dict[str, object] = field(default_factory=dict, compare=False)

    def lowest(self, metric: str = CHRF) -> list[ParagraphScore]:
        """Paragraphs worst first (by ``metric``, then by BLEU), ties in reading order."""
        sign = -1.0 if metric in LOWER_IS_BETTER else 1.0
        scores = [p.scores for p in self.paragraphs]
        order = sorted(range(len(scores)), key=lambda k: (sign * scores[k][metric], scores[k][BLEU], k))
        return [self.paragraphs[k] for k in order]

    @property
    def signature(self) -> str:
        """The reproducibility signature of the whole run (prtranslate and sacrebleu versions, tokenizer)."""
        return self.corpus[BLEU].signature

    def to_dict(self) -> dict[str, object]:
        """The JSON contract: ``{"bleu": {"score", "signature"}, "chrf": …, "ter": …, "paragraphs": […]}``."""
        record: dict[str, object] = {name: self.corpus[name].to_dict() for name in METRICS}
        record["paragraphs"] = [p.to_dict() for p in self.lowest()]
        record.update({
            "hyp": self.hyp_path, "ref": self.ref_path, "language": self.language, "pairing": self.pairing,
            "prtranslate": __version__,
        })
        if self.comparison is not None:
            record["comparison"] = self.comparison.to_dict()
        return record


# --- documents ---------------------------------------------------------------------------------


def _read(path: str | Path, language: str | None) -> Document:
    doc = read_document(path, language=language)
    if not doc.content:
        raise InputError(f"{path} has no paragraphs to score")
    return doc


def read_versions(hyp_path: str | Path, ref_path: str | Path,
                  language: str | None = None) -> tuple[Document, Document]:
    """Read the draft and the reference, checking both are in the same language."""
    if language is not None and language not in LANGUAGE_NAMES:
        raise LanguageError(f"unknown language {language!r}; use en or ko")
    check_one_stdin(hyp_path, ref_path)
    ref = _read(ref_path, language)
    hyp = _read(hyp_path, language)
    if hyp.language != ref.language:
        raise LanguageError(
            f"{hyp.path} is {LANGUAGE_NAMES[hyp.language]} but {ref.path} is {LANGUAGE_NAMES[ref.language]}; "
            "score two versions in the same language"
        )
    return hyp, ref


def _join(doc: Document, ids: Sequence[int]) -> str:
    return " ".join(doc.paragraphs[i].text for i in ids)


def score_documents(hyp: Document, ref: Document) -> ScoreResult:
    """Score a draft against a reference of the same language (see the module docstring)."""
    hyp_content, ref_content = hyp.content, ref.content
    pairing, local = pair_paragraphs([p.text for p in hyp_content], [p.text for p in ref_content],
                                     ref.language)
    ids = [(tuple(hyp_content[k].id for k in h), tuple(ref_content[k].id for k in r)) for h, r in local]
    texts = [(_join(hyp, h), _join(ref, r)) for h, r in ids]
    corpus, segments = score_segments([h for h, _ in texts], [r for _, r in texts], ref.language, pairing)
    from prtranslate.labels import label

    paragraphs = [ParagraphScore(h, r, ht, rt, scores, tuple(label(hyp.paragraphs[i]) for i in h),
                                 tuple(label(ref.paragraphs[i]) for i in r))
                  for (h, r), (ht, rt), scores in zip(ids, texts, segments, strict=True)]
    return ScoreResult(hyp.path, ref.path, ref.language, pairing, corpus, tuple(paragraphs))


def common_segments(ref: Document, *drafts: Document) -> list[list[str]]:
    """Segment texts shared by several drafts of one reference, for a paired test.

    Returns ``[reference segments, draft 1 segments, …]``, all of one length. Each draft is
    paired with the reference on its own; reference paragraphs that any pairing merges stay
    in one segment, and a draft paragraph with no reference joins the segment before it.
    """
    ref_content = ref.content
    pairings = [pair_paragraphs([p.text for p in d.content], [p.text for p in ref_content], ref.language)[1]
                for d in drafts]
    # Reference positions that some bead groups together share a segment (beads are monotone,
    # so each segment is a run of consecutive positions).
    group = list(range(len(ref_content)))
    for beads in pairings:
        for _, ref_pos in beads:
            for k in ref_pos[1:]:
                group[k] = group[ref_pos[0]]
    for k in range(1, len(group)):
        if group[k] != k:
            group[k] = group[k - 1]
    starts = sorted(set(group))
    index = {start: s for s, start in enumerate(starts)}
    segments = [[" ".join(ref_content[k].text for k in range(len(group)) if group[k] == start)
                 for start in starts]]
    for doc, beads in zip(drafts, pairings, strict=True):
        parts: list[list[str]] = [[] for _ in starts]
        current = 0
        for hyp_pos, ref_pos in beads:
            if ref_pos:
                current = index[group[ref_pos[0]]]
            parts[current].extend(doc.content[k].text for k in hyp_pos)
        segments.append([" ".join(p) for p in parts])
    return segments


def _seed() -> int | None:
    # sacrebleu's own convention: SACREBLEU_SEED, 12345 by default, "none" for entropy.
    seed = os.environ.get("SACREBLEU_SEED", "12345")
    return None if seed.lower() == "none" else int(seed)


def compare_drafts(hyp: Document, baseline: Document, ref: Document,
                   n_samples: int = DEFAULT_SAMPLES) -> Comparison:
    """Paired bootstrap test of ``hyp`` against ``baseline`` on ``ref`` (sacrebleu's significance API)."""
    from sacrebleu.significance import PairedTest, Result

    if baseline.language != ref.language:
        raise LanguageError(
            f"{baseline.path} is {LANGUAGE_NAMES[baseline.language]} but {ref.path} is "
            f"{LANGUAGE_NAMES[ref.language]}; compare drafts in the reference's language"
        )
    refs, base_segments, hyp_segments = common_segments(ref, baseline, hyp)
    metrics = make_metrics(ref.language)
    # PairedTest keys its results by the metric's display name (BLEU, chrF2, chrF2++, TER).
    names = {metric.corpus_score(["x"], [["x"]]).name: name
             for name, metric in make_metrics(ref.language).items()}
    test = PairedTest([("baseline", base_segments), ("draft", hyp_segments)], metrics, [refs],
                      test_type="bs", n_samples=n_samples)
    signatures, results = test()
    compared: dict[str, ComparedMetric] = {}
    for display, name in names.items():
        base, draft = results[display]
        # A paired bootstrap test fills in both systems' mean and interval, and the draft's p-value.
        assert isinstance(base, Result) and isinstance(draft, Result)
        assert base.mean is not None and base.ci is not None
        assert draft.mean is not None and draft.ci is not None and draft.p_value is not None
        sacre = str(signatures[display])
        compared[name] = ComparedMetric(
            name, float(draft.score), float(draft.mean), float(draft.ci), float(base.score), float(base.mean),
            float(base.ci), float(draft.p_value), _signature(name, sacre, ref.language, "common"),
        )
    return Comparison(baseline.path, test.n_samples, _seed(), len(refs), compared)


def score_files(hyp_path: str | Path, ref_path: str | Path, language: str | None = None,
                against: str | Path | None = None, n_samples: int = DEFAULT_SAMPLES) -> ScoreResult:
    """Score a draft file against a reference; ``against``: a second draft for a paired bootstrap test."""
    hyp, ref = read_versions(hyp_path, ref_path, language)
    result = score_documents(hyp, ref)
    if against is not None:
        check_one_stdin(hyp_path, ref_path, against)
        if n_samples < 1:
            raise InputError("the number of bootstrap samples must be at least 1")
        baseline = _read(against, language)
        if baseline.language != ref.language:
            raise LanguageError(
                f"{baseline.path} (--against) is {LANGUAGE_NAMES[baseline.language]} but {ref.path} is "
                f"{LANGUAGE_NAMES[ref.language]}; compare two drafts in the reference's language"
            )
        comparison = compare_drafts(hyp, baseline, ref, n_samples)
        result = ScoreResult(result.hyp_path, result.ref_path, result.language, result.pairing, result.corpus,
                             result.paragraphs, comparison)
    return result


# --- text --------------------------------------------------------------------------------------


def format_text(result: ScoreResult, limit: int = 10, color: bool = False) -> str:
    """A terminal summary: corpus scores with signatures, then the lowest paragraphs, each in full
    with the words the draft changed marked (``[-reference words-]{+draft words+}``; coloured on a
    terminal with ``color``). The text is printable (:func:`prtranslate.outputs.printable`) but for
    the colours it adds: no terminal control from a file gets through."""
    from prtranslate.outputs import printable
    from prtranslate.worddiff import diff_text

    lines = [f"# {result.hyp_path} vs {result.ref_path} ({LANGUAGE_NAMES[result.language]}, "
             f"{len(result.paragraphs)} segments paired by {result.pairing})"]
    labels = {BLEU: "BLEU", CHRF: "chrF", CHRF_PP: "chrF++", TER: "TER"}
    for name in METRICS:
        score = result.corpus[name]
        lines.append(f"{labels[name]:<7} {score.score:6.2f}  {score.signature}")
    if result.comparison is not None:
        comp = result.comparison
        lines.append(f"\nPaired bootstrap against {comp.baseline_path} ({comp.n_samples} samples, "
                     f"seed {comp.seed}, {comp.segments} segments):")
        for name in METRICS:
            m = comp.metrics[name]
            verdict = ("better" if m.better else "worse") if m.p_value < 0.05 else "no significant difference"
            lines.append(f"{labels[name]:<7} {m.baseline_score:6.2f} -> {m.score:6.2f} ({m.delta:+.2f}, "
                         f"p = {m.p_value:.4f}): {verdict}")
    shown = result.lowest()[:limit]
    if shown:
        lines.append(f"\nLowest paragraphs (by chrF, {len(shown)} of {len(result.paragraphs)}), the draft against "
                     "the reference: [-reference only-]{+draft only+}")
    lines = [printable(line) for line in lines]
    for p in shown:
        where = " | ".join(f"{side} {' + '.join(names)}" for side, names in
                           (("ref", p.ref_labels), ("draft", p.hyp_labels)) if names)
        lines.append(printable(f"\nchrF {p.scores[CHRF]:.1f}  BLEU {p.scores[BLEU]:.1f}  TER {p.scores[TER]:.1f}  "
                               f"{where}"))
        lines.append(f"  {diff_text(printable(p.ref_text), printable(p.hyp_text), color)}")
    return "\n".join(lines) + "\n"
