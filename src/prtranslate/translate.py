"""Machine translation of a release, glossary enforced and marked as machine output.

The engine works on sentences: each content paragraph is split (kiwipiepy for Korean), its list
marker ("1.", "°") kept out of the model, the sentences translated in length-sorted batches and
joined back in order, so the translated release has exactly the paragraphs of the original.
Website boilerplate (``Paragraph.kind == "boilerplate"``: menus, "끝.", page metadata) is dropped,
not translated: it is the site's chrome, not the release.

Stock models do not know the ministry's glossary and transformers 5 has no constrained beam
search, so the glossary is enforced after decoding, sentence by sentence, for each term of the
source sentence:

1. ``kept``: the model's best hypothesis already has the preferred or an accepted form;
2. ``nbest``: else a hypothesis of the n-best list (close enough in score) that has it is taken;
3. ``substituted``: else a forbidden form of the term (English), or the model's own rendering of
   the term on its own, is replaced by the preferred form; in Korean output the particle after it
   is rebuilt with kiwipiepy's ``join`` (북극 회담을 → 북극협의회를);
4. ``missing``: else the sentence is left as the model wrote it and the paragraph is flagged
   ``term_missing:<Korean term>``.

Hypotheses are cached on disk by model fingerprint, backend, settings and sentence, so running
an unchanged paragraph again neither loads the model nor translates anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from prtranslate import __version__
from prtranslate.documents import BOILERPLATE, Document, Paragraph, read_document
from prtranslate.errors import InputError, ModelError
from prtranslate.languages import LANGUAGE_NAMES, has_hangul
from prtranslate.mt.base import Backend, Hypothesis, get_backend
from prtranslate.mt.models import ModelSpec, choose_model, resolve_model

if TYPE_CHECKING:
    from prtranslate.align import Alignment
    from prtranslate.glossary import Glossary, TermEntry
    from prtranslate.tm import TranslationMemory

ORIGIN_MT = "mt"
ORIGIN_TM = "tm"
ORIGIN_HUMAN = "human"
MT_MARK = "[MT]"
#: Translation-memory matches at or above this percentage are reused instead of machine translation.
TM_MIN_MATCH = 95.0

KEPT = "kept"
NBEST = "nbest"
SUBSTITUTED = "substituted"
MISSING = "missing"

#: The model gave nothing for a paragraph that has text.
FLAG_EMPTY = "empty_translation"

#: An n-best hypothesis may replace the best one for a term only this close in score
#: (length-normalised log-probability): further down the list come stutters and garbage.
NBEST_MARGIN = 1.0

Progress = Callable[[int, int], None]


# --- records ---------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class MTSignature:
    """How a machine translation was made: enough to reproduce it."""

    source_lang: str
    target_lang: str
    model: str
    model_fingerprint: str
    backend: str
    glossary: str | None
    glossary_entries: int = 0
    tool: str = f"prtranslate {__version__}"

    def header(self, what: str = "MACHINE TRANSLATION") -> str:
        glossary = f"glossary sha256 {self.glossary}" if self.glossary else "no glossary"
        return (f"# {what} — {self.source_lang}→{self.target_lang}, model {self.model}, "
                f"backend {self.backend}, {glossary}, {self.tool}; a draft for a translator to revise")

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "model_fingerprint": self.model_fingerprint, "backend": self.backend,
                "glossary": self.glossary, "tool": self.tool}


@dataclass(frozen=True)
class TranslatedParagraph:
    """One paragraph of the source and its machine translation (list marker kept)."""

    id: int
    kind: str
    marker: str
    source: str
    translation: str
    terms: tuple[TermEnforcement, ...] = ()
    flags: tuple[str, ...] = ()
    origin: str = ORIGIN_MT
    match: float | None = None          # translation-memory match percentage (origin "tm")
    tm_release: str | None = None       # the release the reused translation comes from

    @property
    def mark(self) -> str:
        """How the paragraph is marked in text output: ``[MT]`` or ``[TM 98%]``."""
        return f"[TM {self.match:.0f}%]" if self.origin == ORIGIN_TM else MT_MARK

    @property
    def enforced(self) -> tuple[TermEnforcement, ...]:
        """The terms the translation was changed for (n-best pick or substitution)."""
        return tuple(t for t in self.terms if t.action in (NBEST, SUBSTITUTED))


def flagged_terms(paragraphs: Iterable[TranslatedParagraph]) -> tuple[int, list[str]]:
    """How many paragraphs carry flags, and the glossary terms that could not be made compliant."""
    flagged = [p for p in paragraphs if p.flags]
    terms = {f.split(":", 1)[1] for p in flagged for f in p.flags if f.startswith("term_missing:")}
    return len(flagged), sorted(terms)


@dataclass(frozen=True)
class TranslatedDocument:
    """A release translated paragraph by paragraph; boilerplate paragraphs left out (see ``dropped``)."""

    path: str
    paragraphs: tuple[TranslatedParagraph, ...]
    signature: MTSignature
    dropped: tuple[int, ...] = ()


@dataclass(frozen=True)
class FilledParagraph:
    """A paragraph of the completed version: the original, or a machine translation of the other side's."""

    text: str
    origin: str
    id: int | None = None
    source_id: int | None = None
    mt: TranslatedParagraph | None = None


@dataclass(frozen=True)
class FilledDocument:
    """One version of a release completed with machine translations of the paragraphs it lacked."""

    language: str
    paragraphs: tuple[FilledParagraph, ...]
    signature: MTSignature | None
    ko_path: str = ""
    en_path: str = ""

    @property
    def filled(self) -> int:
        return sum(1 for p in self.paragraphs if p.origin != ORIGIN_HUMAN)


# --- cache -----------------------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """``$PRTRANSLATE_CACHE_DIR``, else ``$XDG_CACHE_HOME/prtranslate``, else ``~/.cache/prtranslate``."""
    from prtranslate.caches import cache_dir

    return cache_dir()


class HypothesisCache:
    """n-best lists on disk (SQLite), keyed by everything that changes them.

    A cache that cannot be opened or written is switched off rather than failing the translation.
    """

    FILE = "mt-cache.sqlite3"

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.path = Path(folder) / self.FILE
        self._db: sqlite3.Connection | None = None
        self.error: str | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=10)
            self._db.execute("CREATE TABLE IF NOT EXISTS hyp (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.commit()
        except (OSError, sqlite3.Error) as err:
            self._off(err)

    def _off(self, err: Exception) -> None:
        self.error = f"translation cache {self.path} switched off: {err}"
        if self._db is not None:
            self._db.close()
        self._db = None

    def get(self, keys: Sequence[str]) -> dict[str, list[Hypothesis]]:
        if self._db is None or not keys:
            return {}
        found: dict[str, list[Hypothesis]] = {}
        try:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start : start + 500])
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, value FROM hyp WHERE key IN ({marks})"
                for key, value in self._db.execute(query, chunk):
                    found[key] = [Hypothesis(t, s) for t, s in json.loads(value)]
        except (sqlite3.Error, ValueError) as err:
            self._off(err)
            return {}
        return found

    def put(self, items: dict[str, list[Hypothesis]]) -> None:
        if self._db is None or not items:
            return
        rows = [(k, json.dumps([[h.text, h.score] for h in v], ensure_ascii=False)) for k, v in items.items()]
        try:
            self._db.executemany("INSERT OR REPLACE INTO hyp (key, value) VALUES (?, ?)", rows)
            self._db.commit()
        except sqlite3.Error as err:
            self._off(err)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


# --- the translator --------------------------------------------------------------------------------


class Translator:
    """One model in one direction, with its cache and glossary; the model loads on first need."""

    def __init__(self, source_lang: str, target_lang: str, model: str | None = None,
                 backend: str = "transformers", glossary: Glossary | None = None,
                 cache_dir: str | os.PathLike[str] | None = None, use_cache: bool = True, n_best: int = 4,
                 beam_size: int = 4, batch_size: int = 16, threads: int = 0, device: str = "auto") -> None:
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.backend_cls = get_backend(backend)
        name, chosen_by = choose_model(source_lang, target_lang, model)
        self.spec: ModelSpec = resolve_model(name, chosen_by, source_lang, target_lang)
        if self.spec.format != self.backend_cls.model_format:
            if self.backend_cls.model_format == "ctranslate2":
                raise ModelError(f"{self.spec.id} is a transformers model; convert it for --backend "
                                 f"ctranslate2 with: prtranslate model convert {self.spec.id} OUT_DIR, "
                                 "then pass --model OUT_DIR")
            raise ModelError(f"{self.spec.id} is a CTranslate2 model; use it with --backend ctranslate2")
        self.glossary = glossary
        self.enforcer = None if glossary is None else GlossaryEnforcer(
            glossary, source_lang, target_lang, lambda term: self.hypotheses([term])[0])
        self.n_best = max(1, n_best)
        self.beam_size = max(beam_size, self.n_best)
        self.batch_size = max(1, batch_size)
        self.threads = threads
        self.device = device
        self.cache = HypothesisCache(cache_dir or default_cache_dir()) if use_cache else None
        self._backend: Backend | None = None
        #: Sentences sent to the model so far (cache hits are free and not counted).
        self.model_sentences = 0

    @property
    def signature(self) -> MTSignature:
        glossary = self.glossary
        backend = self.backend_cls.name
        if self._backend is not None and self._backend.device != "cpu":
            backend += f" on {self._backend.device}"
        return MTSignature(self.source_lang, self.target_lang, self.spec.label, self.spec.fingerprint,
                           backend, glossary.digest if glossary is not None else None,
                           len(glossary) if glossary is not None else 0)

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = self.backend_cls(self.spec, self.source_lang, self.target_lang, self.threads,
                                             self.device)
        return self._backend

    def _key(self, sentence: str) -> str:
        parts = [self.spec.fingerprint, self.backend_cls.name, self.source_lang, self.target_lang,
                 str(self.n_best), str(self.beam_size), sentence]
        return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()

    def hypotheses(self, sentences: Sequence[str],
                   progress: Progress | None = None) -> list[list[Hypothesis]]:
        """The n-best list of each sentence, from the cache or the model (length-sorted batches)."""
        unique = list(dict.fromkeys(sentences))
        keys = {s: self._key(s) for s in unique}
        known = self.cache.get(list(keys.values())) if self.cache else {}
        result: dict[str, list[Hypothesis]] = {s: known[keys[s]] for s in unique if keys[s] in known}
        todo = sorted((s for s in unique if s not in result), key=len)
        done = len(result)
        if progress:
            progress(done, len(unique))
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            lists = self.backend.translate(batch, n_best=self.n_best, beam_size=self.beam_size)
            self.model_sentences += len(batch)
            fresh = dict(zip(batch, lists, strict=True))
            result.update(fresh)
            if self.cache:
                self.cache.put({keys[s]: v for s, v in fresh.items()})
            done += len(batch)
            if progress:
                progress(done, len(unique))
        return [result[s] for s in sentences]

    # -- paragraphs ----------------------------------------------------------------------------

    def translate_paragraphs(self, paragraphs: Sequence[Paragraph],
                             progress: Progress | None = None) -> list[TranslatedParagraph]:
        """Translate paragraphs (boilerplate included if given: the caller decides what to drop)."""
        from prtranslate.sentences import split_sentences

        split = []
        for para in paragraphs:
            content = para.content.strip()
            split.append(split_sentences(content, self.source_lang) or ([content] if content else []))
        flat = [s for sentences in split for s in sentences]
        lists = iter(self.hypotheses(flat, progress))
        out: list[TranslatedParagraph] = []
        for para, sentences in zip(paragraphs, split, strict=True):
            texts: list[str] = []
            terms: list[TermEnforcement] = []
            for sentence in sentences:
                text, enforced = self.enforce(sentence, next(lists))
                texts.append(text)
                terms.extend(enforced)
            body = " ".join(t for t in texts if t)
            translation = f"{para.marker} {body}".strip() if para.marker else body
            flags = tuple(dict.fromkeys(f"term_missing:{t.ko}" for t in terms if t.action == MISSING))
            if sentences and not body:
                flags += (FLAG_EMPTY,)
            out.append(TranslatedParagraph(para.id, para.kind, para.marker, para.text, translation,
                                           tuple(terms), flags))
        return out

    def enforce(self, source: str, hypotheses: Sequence[Hypothesis]) -> tuple[str, list[TermEnforcement]]:
        """The translation of ``source`` made to follow the glossary, and what was done per term."""
        if self.enforcer is None:
            return (hypotheses[0].text if hypotheses else ""), []
        return self.enforcer.enforce(source, hypotheses)


# --- glossary enforcement --------------------------------------------------------------------------

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

    def substitute(self, text: str, entry: TermEntry, source_form: str) -> tuple[str, str] | None:
        """``text`` with a wrong rendering of ``entry`` replaced by the preferred form, and the old text."""
        preferred = self.preferred(entry)
        english = self.target_lang == "en"
        if english:
            spans = [(m.start, m.end) for m in self.glossary.find_forbidden(text) if m.entry == entry]
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


# --- documents -------------------------------------------------------------------------------------


def other_language(language: str) -> str:
    return "en" if language == "ko" else "ko"


def load_glossary_for(paths: Sequence[str] = (), use_bundled: bool = True,
                      db: str | None = None) -> Glossary | None:
    """The glossary to enforce: the bundled one (unless left out) plus ``paths``, plus the glossary layer
    of the release store ``db`` (the forms editors accepted or forbade); None when none of them."""
    from prtranslate.glossary import Glossary, load_glossary, with_layer

    layer: list[tuple[str, str, str]] = []
    if db is not None:
        from prtranslate.store import Store

        with Store(db, readonly=True) as store:
            layer = store.layer_forms()
    if not paths and not use_bundled:
        return with_layer(Glossary(), layer) if layer else None
    return with_layer(load_glossary(list(paths), bundled=use_bundled), layer)


def translate_paragraphs(paragraphs: Sequence[Paragraph], translator: Translator | None,
                         memory: TranslationMemory | None = None, min_match: float = TM_MIN_MATCH,
                         progress: Progress | None = None) -> list[TranslatedParagraph]:
    """Translate paragraphs, reusing translation-memory matches of at least ``min_match`` percent.

    Only the paragraphs the memory cannot supply reach the model; ``translator`` may be None
    when the memory supplies them all.
    """
    reused: dict[int, TranslatedParagraph] = {}
    if memory is not None:
        for para in paragraphs:
            hit = memory.best(para.content, min_score=min_match)
            if hit is not None:
                body = hit.target_content
                reused[para.id] = TranslatedParagraph(
                    para.id, para.kind, para.marker, para.text, f"{para.marker} {body}".strip() if para.marker
                    else body, origin=ORIGIN_TM, match=hit.score, tm_release=hit.release)
    todo = [p for p in paragraphs if p.id not in reused]
    machine: dict[int, TranslatedParagraph] = {}
    if todo:
        if translator is None:
            raise ValueError("paragraphs to translate but no translator")
        machine = {t.id: t for t in translator.translate_paragraphs(todo, progress)}
    return [reused.get(p.id) or machine[p.id] for p in paragraphs]


def memory_signature(source_lang: str, target_lang: str, glossary: Glossary | None) -> MTSignature:
    """The signature of a translation taken wholly from the translation memory (no model used)."""
    return MTSignature(source_lang, target_lang, "none (translation memory)", "", "tm",
                       glossary.digest if glossary is not None else None, len(glossary) if glossary is not None else 0)


def translate_document(document: Document, translator: Translator | None,
                       progress: Progress | None = None, memory: TranslationMemory | None = None,
                       min_match: float = TM_MIN_MATCH, glossary: Glossary | None = None) -> TranslatedDocument:
    """Translate the content paragraphs of ``document``; boilerplate is dropped (listed in ``dropped``).

    With a ``memory``, matches of at least ``min_match`` percent are reused first (origin ``tm``).
    """
    source_lang = translator.source_lang if translator is not None else document.language
    if document.language != source_lang:
        raise InputError(f"{document.path} is {LANGUAGE_NAMES[document.language]}, but the model translates "
                         f"from {LANGUAGE_NAMES[source_lang]}")
    content = [p for p in document.paragraphs if p.kind != BOILERPLATE]
    dropped = tuple(p.id for p in document.paragraphs if p.kind == BOILERPLATE)
    paragraphs = translate_paragraphs(content, translator, memory, min_match, progress)
    signature = (translator.signature if translator is not None
                 else memory_signature(source_lang, other_language(source_lang), glossary))
    return TranslatedDocument(document.path, tuple(paragraphs), signature, dropped)


def open_memory(db: str | None, source_lang: str) -> TranslationMemory | None:
    """The translation memory of the release store at ``db`` (None when ``db`` is None)."""
    if db is None:
        return None
    from prtranslate.store import Store
    from prtranslate.tm import TranslationMemory

    with Store(db, readonly=True) as store:
        return TranslationMemory.from_store(store, source_lang=source_lang)


def translate_file(path: str, target_lang: str | None = None, glossary_paths: Sequence[str] = (),
                   use_bundled_glossary: bool = True, progress: Progress | None = None,
                   tm_db: str | None = None, min_match: float = TM_MIN_MATCH,
                   **options: Any) -> TranslatedDocument:
    """Read a release and translate it into ``target_lang`` (default: the other language).

    With ``tm_db`` (a release store), translation-memory matches are reused before the model; the
    model is loaded only for what the memory cannot supply. ``options`` go to :class:`Translator`
    (model, backend, cache_dir, use_cache, n_best, …).
    """
    document = read_document(path)
    target = target_lang or other_language(document.language)
    if target == document.language:
        raise InputError(f"{path} is already {LANGUAGE_NAMES[target]}; translate it --to "
                         f"{other_language(target)}")
    glossary = load_glossary_for(glossary_paths, use_bundled_glossary, tm_db)
    memory = open_memory(tm_db, document.language)
    content = [p for p in document.paragraphs if p.kind != BOILERPLATE]
    needs_model = memory is None or any(memory.best(p.content, min_score=min_match) is None for p in content)
    translator = Translator(document.language, target, glossary=glossary, **options) if needs_model else None
    try:
        return translate_document(document, translator, progress, memory, min_match, glossary)
    finally:
        if translator is not None and translator.cache:
            translator.cache.close()


def missing_counts(alignment: Alignment) -> dict[str, int]:
    """How many content paragraphs each version lacks (one-sided beads of the other side)."""
    from prtranslate.align import FLAG_BOILERPLATE

    counts = {"ko": 0, "en": 0}
    for bead in alignment.beads:
        if FLAG_BOILERPLATE in bead.flags or not bead.one_sided:
            continue
        if bead.ko:
            counts["en"] += len(bead.ko)
        else:
            counts["ko"] += len(bead.en)
    return counts


def fill_alignment(alignment: Alignment, target_lang: str, translator: Translator | None,
                   progress: Progress | None = None, memory: TranslationMemory | None = None,
                   min_match: float = TM_MIN_MATCH) -> FilledDocument:
    """The ``target_lang`` version of a release, completed with machine translations, in reading order.

    Content paragraphs of the other version that sit in one-sided beads are translated; the
    version's own paragraphs are kept as written; boilerplate is dropped on both sides.
    """
    from prtranslate.align import FLAG_BOILERPLATE

    own_units = alignment.en_units if target_lang == "en" else alignment.ko_units
    other_units = alignment.ko_units if target_lang == "en" else alignment.en_units
    slots: list[FilledParagraph | Paragraph] = []
    for bead in alignment.beads:
        own = bead.en if target_lang == "en" else bead.ko
        other = bead.ko if target_lang == "en" else bead.en
        if own:
            for i in own:
                unit = own_units[i]
                if unit.kind != BOILERPLATE:
                    slots.append(FilledParagraph(unit.text, ORIGIN_HUMAN, id=i))
        elif other and FLAG_BOILERPLATE not in bead.flags:
            slots.extend(other_units[i] for i in other if other_units[i].kind != BOILERPLATE)  # type: ignore[misc]
    missing = [s for s in slots if isinstance(s, Paragraph)]
    translated = {}
    if missing:
        translated = {t.id: t for t in translate_paragraphs(missing, translator, memory, min_match, progress)}
    out = tuple(
        s if isinstance(s, FilledParagraph)
        else FilledParagraph(translated[s.id].translation, translated[s.id].origin, source_id=s.id,
                             mt=translated[s.id])
        for s in slots
    )
    signature = None
    if missing:
        source_lang = other_language(target_lang)
        signature = (translator.signature if translator is not None
                     else memory_signature(source_lang, target_lang, None))
    return FilledDocument(target_lang, out, signature, alignment.ko_path, alignment.en_path)


def fill_files(ko_path: str, en_path: str, target_lang: str | None = None, glossary_paths: Sequence[str] = (),
               use_bundled_glossary: bool = True, progress: Progress | None = None,
               tm_db: str | None = None, min_match: float = TM_MIN_MATCH, **options: Any) -> FilledDocument:
    """Align a release pair and complete the version that lacks paragraphs (``target_lang``, or the one
    lacking more) with translations of the other's: translation-memory matches first when ``tm_db``
    names a release store, the model for the rest; the model is loaded only if needed."""
    from prtranslate.pipeline import align_files

    alignment = align_files(ko_path, en_path, glossary_paths=glossary_paths)
    counts = missing_counts(alignment)
    target = target_lang or ("ko" if counts["ko"] > counts["en"] else "en")
    source_lang = other_language(target)
    memory = open_memory(tm_db, source_lang) if counts[target] else None
    translator = None
    if counts[target]:
        units = alignment.ko_units if source_lang == "ko" else alignment.en_units
        sides = [b.ko if source_lang == "ko" else b.en for b in alignment.beads
                 if not (b.en if source_lang == "ko" else b.ko)]
        missing = [p for ids in sides for i in ids
                   if isinstance(p := units[i], Paragraph) and p.kind != BOILERPLATE]
        if memory is None or any(memory.best(p.content, min_score=min_match) is None for p in missing):
            glossary = load_glossary_for(glossary_paths, use_bundled_glossary, tm_db)
            translator = Translator(source_lang, target, glossary=glossary, **options)
    try:
        return fill_alignment(alignment, target, translator, progress, memory, min_match)
    finally:
        if translator is not None and translator.cache:
            translator.cache.close()


# --- output formats --------------------------------------------------------------------------------


def _mt_record(para: TranslatedParagraph, signature: MTSignature) -> dict[str, Any]:
    return {
        "id": para.id, "kind": para.kind, "source": para.source, "translation": para.translation,
        "origin": para.origin, **signature.as_dict(),
        **({"tm_match": para.match, "tm_release": para.tm_release} if para.origin == ORIGIN_TM else {}),
        "terms_enforced": [t.as_dict() for t in para.enforced],
        "terms": [t.as_dict() for t in para.terms], "flags": list(para.flags),
    }


def to_text(doc: TranslatedDocument) -> str:
    """A header line marking machine output, then the paragraphs separated by blank lines.

    Paragraphs reused from the translation memory are marked ``[TM 98%]`` (the header says how many).
    """
    reused = sum(1 for p in doc.paragraphs if p.origin == ORIGIN_TM)
    what = "MACHINE TRANSLATION"
    if reused:
        what += f" ({reused} paragraph{'s' if reused != 1 else ''} from the translation memory, marked [TM n%])"
    body = "\n\n".join(f"{p.mark} {p.translation}" if p.origin == ORIGIN_TM else p.translation
                        for p in doc.paragraphs)
    return doc.signature.header(what) + "\n\n" + body + "\n"


def to_jsonl(doc: TranslatedDocument) -> str:
    """One JSON object a paragraph: source, translation, origin, model, backend, glossary, terms, flags."""
    return "".join(json.dumps(_mt_record(p, doc.signature), ensure_ascii=False) + "\n"
                   for p in doc.paragraphs)


def to_tmx(doc: TranslatedDocument) -> bytes:
    """TMX 1.4: one unit a paragraph, marked ``x-origin: mt`` with model, backend and glossary properties."""
    from lxml import etree
    from translate.misc.xml_helpers import safely_set_text
    from translate.storage import tmx

    sig = doc.signature
    store = tmx.tmxfile(sourcelanguage=sig.source_lang, targetlanguage=sig.target_lang)
    header = store.document.getroot().find(store.namespaced("header"))
    for key, value in (("creationtool", "prtranslate"), ("creationtoolversion", __version__),
                       ("segtype", "paragraph"), ("o-tmf", "prtranslate"), ("adminlang", "en"),
                       ("srclang", sig.source_lang), ("datatype", "plaintext")):
        header.set(key, value)
    for para in doc.paragraphs:
        unit = store.addsourceunit(para.source, sig.source_lang)
        unit.settarget(para.translation, sig.target_lang, append=True)
        unit.xmlelement.set("tuid", str(para.id))
        props = {
            "x-origin": para.origin, "x-model": sig.model, "x-model-fingerprint": sig.model_fingerprint,
            "x-backend": sig.backend, "x-glossary-sha256": sig.glossary or "", "x-tool": sig.tool,
            "x-terms-enforced": ",".join(f"{t.ko}:{t.action}" for t in para.enforced),
            "x-flags": ",".join(para.flags), "x-paragraph-id": str(para.id),
        }
        if para.origin == ORIGIN_TM:
            props.update({"x-tm-match": f"{para.match:.0f}", "x-tm-release": para.tm_release or ""})
        for key, value in props.items():
            prop = etree.Element(unit.namespaced("prop"))
            prop.set("type", key)
            safely_set_text(prop, value)
            # TMX DTD order inside <tu>: note*, prop*, tuv+.
            unit._insert_element_before(prop, unit.namespaced("tuv"))
    return bytes(store)


def filled_to_text(doc: FilledDocument) -> str:
    """The completed version: a header line, then paragraphs; machine paragraphs start with ``[MT]``."""
    if doc.signature is not None:
        reused = sum(1 for p in doc.paragraphs if p.origin == ORIGIN_TM)
        marks = f"{MT_MARK} or [TM n%]" if reused else MT_MARK
        count = f"{doc.filled} paragraph{'s' if doc.filled != 1 else ''} marked {marks}"
        header = doc.signature.header(f"COMPLETED WITH MACHINE TRANSLATION ({count})")
    else:
        header = ("# COMPLETED VERSION — nothing was missing; no machine translation "
                  f"(prtranslate {__version__})")
    body = "\n\n".join(f"{p.mt.mark} {p.text}" if p.mt is not None else p.text for p in doc.paragraphs)
    return header + "\n\n" + body + "\n"


def filled_to_jsonl(doc: FilledDocument) -> str:
    """One JSON object a paragraph of the completed version, in reading order, with its origin."""
    lines = []
    for position, para in enumerate(doc.paragraphs):
        if para.mt is not None and doc.signature is not None:
            record = {"position": position, "text": para.text, "source_id": para.source_id,
                      **_mt_record(para.mt, doc.signature)}
            record.pop("id")
        else:
            record = {"position": position, "text": para.text, "id": para.id, "origin": ORIGIN_HUMAN}
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


__all__ = [
    "FilledDocument", "FilledParagraph", "HypothesisCache", "MTSignature", "TermEnforcement",
    "TranslatedDocument", "TranslatedParagraph", "Translator", "fill_alignment", "fill_files",
    "filled_to_jsonl", "filled_to_text", "missing_counts", "to_jsonl", "to_text", "to_tmx",
    "translate_document", "translate_file",
]
