"""Glossary enforcement: a machine translation made to follow the ministry's glossary.

Stock models do not know the glossary and transformers 5 has no constrained beam search, so the
glossary is enforced after decoding, sentence by sentence, for each term of the source sentence:

1. ``kept``: the model's best hypothesis already has the preferred or an accepted form;
2. ``nbest``: else a hypothesis of the n-best list (close enough in score) that has it is taken;
3. ``substituted``: else a forbidden form of the term (English), a near miss of it ("Northern Sea
   Road" for "Northern Sea Route", found as ``check`` finds it), or the model's own rendering of
   the term on its own, is replaced by the preferred form; in Korean output the particle after it
   is rebuilt with kiwipiepy's ``join`` (북극 회담을 → 북극협의회를);
4. ``missing``: else the sentence is left as the model wrote it and the paragraph is flagged
   ``term_missing:<Korean term>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from prtranslate.languages import has_hangul
from prtranslate.mt.base import Hypothesis

if TYPE_CHECKING:
    from prtranslate.glossary import Glossary, TermEntry, TermMatch

KEPT = "kept"
NBEST = "nbest"
SUBSTITUTED = "substituted"
MISSING = "missing"

#: An n-best hypothesis may replace the best one for a term only this close in score
#: (length-normalised log-probability): further down the list come stutters and garbage.
NBEST_MARGIN = 1.0


@dataclass(frozen=True)
class TermEnforcement:
    """What happened to one glossary term of the source in the translation."""

    ko: str
    preferred: str
    action: str
    replaced: str = ""

    def as_dict(self) -> dict[str, str]:
        record = {"ko": self.ko, "preferred": self.preferred, "action": self.action}
        if self.replaced:
            record["replaced"] = self.replaced
        return record



_EN_STOPWORDS = frozenset({
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "at", "for", "with", "by", "from", "as", "is",
    "are",
    "was", "were", "be", "been", "its", "it", "this", "that", "these", "those", "their", "his", "her", "our",
    "two", "both", "side",
})


def _plausible_rendering(text: str, language: str) -> bool:
    """Whether a model's translation of a term on its own could stand for the term inside a sentence."""
    if language == "ko":
        return sum(1 for c in text if "가" <= c <= "힣") >= 2 and len(text.split()) <= 4
    words = re.findall(r"[A-Za-z]+", text)
    content = [w for w in words if w.lower() not in _EN_STOPWORDS and len(w) > 2]
    return bool(content) and len(words) <= 6


class GlossaryEnforcer:
    """Makes a sentence's translation follow the glossary: n-best pick, substitution, or a flag.

    ``render_term`` translates a term on its own (the model's own rendering, looked for in the
    sentence when the glossary lists no forbidden form); None turns that step off.
    """

    def __init__(self, glossary: Glossary, source_lang: str, target_lang: str,
                 render_term: Callable[[str], Sequence[Hypothesis]] | None = None,
                 nbest_margin: float = NBEST_MARGIN) -> None:
        self.glossary = glossary
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.render_term = render_term
        self.nbest_margin = nbest_margin

    def enforce(self, source: str, hypotheses: Sequence[Hypothesis]) -> tuple[str, list[TermEnforcement]]:
        """The translation of ``source`` made to follow the glossary, and what was done per term."""
        if not hypotheses:
            return "", []
        required = self.source_terms(source)
        if not required:
            return hypotheses[0].text, []
        floor = hypotheses[0].score - self.nbest_margin
        candidates = [h for h in hypotheses if h.score >= floor] or [hypotheses[0]]
        rendered = [self.rendered(h.text, required) for h in candidates]
        pick = max(range(len(candidates)), key=lambda i: (len(rendered[i]), -i))
        text = candidates[pick].text
        report: list[TermEnforcement] = []
        for entry, source_form in required.items():
            preferred = self.preferred(entry)
            if entry in rendered[pick]:
                action = KEPT if entry in rendered[0] else NBEST
                report.append(TermEnforcement(entry.ko, preferred, action))
                continue
            substituted = self.substitute(text, entry, source_form)
            if substituted is not None:
                text, replaced = substituted
                report.append(TermEnforcement(entry.ko, preferred, SUBSTITUTED, replaced))
            else:
                report.append(TermEnforcement(entry.ko, preferred, MISSING))
        return text, report

    def preferred(self, entry: TermEntry) -> str:
        return entry.en if self.target_lang == "en" else entry.ko

    def source_terms(self, source: str) -> dict[TermEntry, str]:
        """The glossary entries whose term stands in the source sentence, with the form found there.

        Korean terms inside a longer compound (``partial``) are left alone: the compound may
        rightly translate as a whole.
        """
        if self.source_lang == "ko":
            matches = [m for m in self.glossary.find_ko(source) if not m.partial]
        else:
            matches = self.glossary.find_en(source) + self.glossary.find_forbidden(source)
        found: dict[TermEntry, str] = {}
        for m in sorted(matches, key=lambda m: m.start):
            found.setdefault(m.entry, m.text)
        return found

    def rendered(self, text: str, required: Iterable[TermEntry]) -> set[TermEntry]:
        """The required entries whose preferred or accepted form is in the translation ``text``."""
        if self.target_lang == "en":
            present = set(self.glossary.en_forms(text))
        else:
            present = {m.entry for m in self.glossary.find_ko(text)}
            squeezed = "".join(text.split())
            present |= {e for e in required if "".join(e.ko.split()) in squeezed}
        return present & set(required)

    def _near_miss(self, text: str, entry: TermEntry) -> list[tuple[int, int]]:
        """Where the English has a near miss of the term ("Northern Sea Road"), as ``check`` finds it;
        never words that are another term's right form."""
        from prtranslate.glossary import near_miss

        found = near_miss(entry, text)
        if found is None or not _unused((found.start, found.end), self.glossary.find_en(text)):
            return []
        return [(found.start, found.end)]

    def substitute(self, text: str, entry: TermEntry, source_form: str) -> tuple[str, str] | None:
        """``text`` with a wrong rendering of ``entry`` replaced by the preferred form, and the old text."""
        preferred = self.preferred(entry)
        english = self.target_lang == "en"
        if english:
            spans = [(m.start, m.end) for m in self.glossary.find_forbidden(text) if m.entry == entry]
            if not spans:
                spans = self._near_miss(text, entry)
        else:
            spans = _find_all(text, [f for f in entry.forbidden if has_hangul(f)])
        if not spans and self.render_term is not None:
            # The model's own rendering of the term on its own, where the sentence has it.
            acceptable = {"".join(f.lower().split()) for f in (preferred, *entry.accepted)}
            own = [h.text.strip().rstrip(".。").strip() for h in self.render_term(source_form)]
            own = [o for o in own if "".join(o.lower().split()) not in acceptable
                   and _plausible_rendering(o, self.target_lang)]
            spans = _find_all(text, own, words=english)
        if not spans:
            return None
        start, end = min(spans)
        replaced = text[start:end]
        if not english:
            return _replace_korean(text, start, end, preferred), replaced
        if start == 0 and preferred[:1].islower():
            preferred = preferred[:1].upper() + preferred[1:]
        return text[:start] + preferred + text[end:], replaced


def _unused(span: tuple[int, int], taken: Iterable[TermMatch]) -> bool:
    return not any(m.start < span[1] and span[0] < m.end for m in taken)


def _find_all(text: str, forms: Iterable[str], words: bool = False) -> list[tuple[int, int]]:
    """Spans of ``forms`` in ``text`` (case-insensitive; whole words when ``words``), longest form first."""
    spans: list[tuple[int, int]] = []
    for form in sorted({f for f in forms if f}, key=len, reverse=True):
        pattern = re.escape(form)
        if words:
            pattern = rf"(?<![\w]){pattern}(?![\w])"
        for m in re.finditer(pattern, text, flags=re.IGNORECASE):
            if not any(s < m.end() and m.start() < e for s, e in spans):
                spans.append((m.start(), m.end()))
    return spans


def _replace_korean(text: str, start: int, end: int, term: str) -> str:
    """Put ``term`` over ``text[start:end]`` and rebuild the particle after it for the new final syllable."""
    from prtranslate.sentences import _kiwi

    kiwi = _kiwi()
    particle = next((t for t in kiwi.tokenize(text) if t.start == end and t.tag.startswith("J")), None)
    if particle is None:
        return text[:start] + term + text[end:]
    last = term.split()[-1]
    joined = kiwi.join([(last, "NNG"), (particle.form, particle.tag)])
    suffix = joined[len(last) :] if joined.startswith(last) else text[end : end + particle.len]
    return text[:start] + term + suffix + text[end + particle.len :]
