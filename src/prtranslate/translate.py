"""Machine translation of a release, glossary enforced and marked as machine output.

The engine works on sentences: each content paragraph is split (kiwipiepy for Korean), its list
marker ("1.", "°") kept out of the model, the sentences translated in length-sorted batches and
joined back in order, so the translated release has exactly the paragraphs of the original.
Website boilerplate (``Paragraph.kind == "boilerplate"``: menus, "끝.", page metadata) is dropped,
not translated: it is the site's chrome, not the release.

This module orchestrates: translation memory first, then the model (:mod:`prtranslate.mt`) with
its cache (:mod:`prtranslate.mt.cache`), then glossary enforcement
(:mod:`prtranslate.glossary_enforcement`). The results are the records of
:mod:`prtranslate.translation`, written by ``formats/translation_text|jsonl|tmx.py``; all of
these names are re-exported here.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from prtranslate.documents import BOILERPLATE, Document, Paragraph, read_document
from prtranslate.errors import InputError, ModelError
from prtranslate.formats.translation_jsonl import filled_to_jsonl, to_jsonl
from prtranslate.formats.translation_text import filled_to_text, to_text
from prtranslate.formats.translation_tmx import to_tmx
from prtranslate.glossary_enforcement import (
    KEPT,
    MISSING,
    NBEST,
    NBEST_MARGIN,
    SUBSTITUTED,
    GlossaryEnforcer,
    TermEnforcement,
)
from prtranslate.languages import LANGUAGE_NAMES
from prtranslate.mt.base import Backend, Hypothesis, get_backend
from prtranslate.mt.cache import HypothesisCache, default_cache_dir
from prtranslate.mt.models import ModelSpec, choose_model, resolve_model
from prtranslate.translation import (
    FLAG_EMPTY,
    FLAG_TERM_MISSING,
    MT_MARK,
    ORIGIN_HUMAN,
    ORIGIN_MT,
    ORIGIN_NONE,
    ORIGIN_TM,
    FilledDocument,
    FilledParagraph,
    MTSignature,
    TranslatedDocument,
    TranslatedParagraph,
    flagged_terms,
)

if TYPE_CHECKING:
    from prtranslate.align import Alignment
    from prtranslate.glossary import Glossary
    from prtranslate.tm import TranslationMemory

#: Translation-memory matches at or above this percentage are reused instead of machine translation.
TM_MIN_MATCH = 95.0

Progress = Callable[[int, int], None]


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
        self.backend_cls.check_installed()
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
            flags = tuple(dict.fromkeys(f"{FLAG_TERM_MISSING}{t.ko}" for t in terms if t.action == MISSING))
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


def memory_matches(paragraphs: Sequence[Paragraph], memory: TranslationMemory | None,
                   min_match: float = TM_MIN_MATCH) -> dict[int, TranslatedParagraph]:
    """The paragraphs the translation memory supplies (matches of at least ``min_match`` percent), by id."""
    reused: dict[int, TranslatedParagraph] = {}
    if memory is None:
        return reused
    for para in paragraphs:
        hit = memory.best(para.content, min_score=min_match)
        if hit is not None:
            body = hit.target_content
            reused[para.id] = TranslatedParagraph(
                para.id, para.kind, para.marker, para.text, f"{para.marker} {body}".strip() if para.marker
                else body, origin=ORIGIN_TM, match=hit.score, tm_release=hit.release)
    return reused


def untranslated(para: Paragraph) -> TranslatedParagraph:
    """A paragraph left as its source (origin ``none``, marked ``[NO MT]``): no model was usable."""
    return TranslatedParagraph(para.id, para.kind, para.marker, para.text, para.text, origin=ORIGIN_NONE)


@dataclass(frozen=True)
class _Pass:
    """One pass over paragraphs: their translations, the translator made for them, and why none could be."""

    paragraphs: list[TranslatedParagraph]
    translator: Translator | None = None
    unavailable: ModelError | None = None
    made_here: bool = False

    def signature(self, source_lang: str, target_lang: str, glossary: Glossary | None) -> MTSignature:
        """The model's signature, or the memory's when no model was used; closes a cache opened here."""
        try:
            if self.translator is not None and self.unavailable is None:
                return self.translator.signature
            return memory_signature(source_lang, target_lang, glossary)
        finally:
            if self.made_here and self.translator is not None and self.translator.cache:
                self.translator.cache.close()


def _translate(paragraphs: Sequence[Paragraph], translator: Translator | Callable[[], Translator] | None,
               memory: TranslationMemory | None, min_match: float, progress: Progress | None,
               keep_partial: bool = False) -> _Pass:
    """Memory first, then the model for the rest (made only then when ``translator`` is a function).

    With ``keep_partial``, a model that cannot be used after the memory supplied something leaves
    the rest as their source (origin ``none``) and the error in ``unavailable``; else it is raised.
    """
    reused = memory_matches(paragraphs, memory, min_match)
    todo = [p for p in paragraphs if p.id not in reused]
    made = translator if isinstance(translator, Translator) else None
    machine: dict[int, TranslatedParagraph] = {}
    unavailable = None
    if todo:
        try:
            if made is None:
                if translator is None or isinstance(translator, Translator):
                    raise ValueError("paragraphs to translate but no translator")
                made = translator()
            machine = {t.id: t for t in made.translate_paragraphs(todo, progress)}
        except ModelError as err:
            if not (keep_partial and reused):
                if made is not None and made is not translator and made.cache:
                    made.cache.close()
                raise
            unavailable = err
            machine = {p.id: untranslated(p) for p in todo}
    return _Pass([reused.get(p.id) or machine[p.id] for p in paragraphs], made, unavailable,
                 made_here=made is not None and made is not translator)


def translate_paragraphs(paragraphs: Sequence[Paragraph], translator: Translator | None,
                         memory: TranslationMemory | None = None, min_match: float = TM_MIN_MATCH,
                         progress: Progress | None = None) -> list[TranslatedParagraph]:
    """Translate paragraphs, reusing translation-memory matches of at least ``min_match`` percent.

    Only the paragraphs the memory cannot supply reach the model; ``translator`` may be None
    when the memory supplies them all.
    """
    return _translate(paragraphs, translator, memory, min_match, progress).paragraphs


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
    if translator is not None:
        _check_language(document, translator.source_lang)
    return _translate_document(document, other_language(document.language), translator, progress, memory,
                               min_match, glossary)


def _check_language(document: Document, source_lang: str) -> None:
    if document.language != source_lang:
        raise InputError(f"{document.path} is {LANGUAGE_NAMES[document.language]}, but the model translates "
                         f"from {LANGUAGE_NAMES[source_lang]}")


def _translate_document(document: Document, target_lang: str,
                        translator: Translator | Callable[[], Translator] | None, progress: Progress | None,
                        memory: TranslationMemory | None, min_match: float, glossary: Glossary | None,
                        keep_partial: bool = False) -> TranslatedDocument:
    content = [p for p in document.paragraphs if p.kind != BOILERPLATE]
    dropped = tuple(p.id for p in document.paragraphs if p.kind == BOILERPLATE)
    done = _translate(content, translator, memory, min_match, progress, keep_partial)
    signature = done.signature(document.language, target_lang, glossary)
    return TranslatedDocument(document.path, tuple(done.paragraphs), signature, dropped, done.unavailable)


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
    model is loaded only for what the memory cannot supply. When no model can be used for that,
    the memory's part is still returned, the rest kept as source (origin ``none``) and the model
    error in ``unavailable`` (raised instead when the memory supplied nothing). ``options`` go to
    :class:`Translator` (model, backend, cache_dir, use_cache, n_best, …).
    """
    document = read_document(path)
    target = target_lang or other_language(document.language)
    if target == document.language:
        raise InputError(f"{path} is already {LANGUAGE_NAMES[target]}; translate it --to "
                         f"{other_language(target)}")
    glossary = load_glossary_for(glossary_paths, use_bundled_glossary, tm_db)
    memory = open_memory(tm_db, document.language)

    def make() -> Translator:
        return Translator(document.language, target, glossary=glossary, **options)

    return _translate_document(document, target, make, progress, memory, min_match, glossary, keep_partial=True)


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


def fill_alignment(alignment: Alignment, target_lang: str,
                   translator: Translator | Callable[[], Translator] | None,
                   progress: Progress | None = None, memory: TranslationMemory | None = None,
                   min_match: float = TM_MIN_MATCH, keep_partial: bool = False) -> FilledDocument:
    """The ``target_lang`` version of a release, completed with machine translations, in reading order.

    Content paragraphs of the other version that sit in one-sided beads are translated; the
    version's own paragraphs are kept as written; boilerplate is dropped on both sides.
    ``translator`` may be a function that makes one (called only when the memory leaves something);
    ``keep_partial`` as in :func:`translate_file`.
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
    done = _Pass([])
    if missing:
        done = _translate(missing, translator, memory, min_match, progress, keep_partial)
    translated = {t.id: t for t in done.paragraphs}
    out = tuple(
        s if isinstance(s, FilledParagraph)
        else FilledParagraph(translated[s.id].translation, translated[s.id].origin, source_id=s.id,
                             mt=translated[s.id])
        for s in slots
    )
    signature = done.signature(other_language(target_lang), target_lang, None) if missing else None
    return FilledDocument(target_lang, out, signature, alignment.ko_path, alignment.en_path, done.unavailable)


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

    def make() -> Translator:
        glossary = load_glossary_for(glossary_paths, use_bundled_glossary, tm_db)
        return Translator(source_lang, target, glossary=glossary, **options)

    return fill_alignment(alignment, target, make, progress, memory, min_match, keep_partial=True)


__all__ = [
    "FLAG_EMPTY", "KEPT", "MISSING", "MT_MARK", "NBEST", "NBEST_MARGIN", "ORIGIN_HUMAN", "ORIGIN_MT",
    "ORIGIN_NONE", "ORIGIN_TM", "SUBSTITUTED", "TM_MIN_MATCH", "FilledDocument", "FilledParagraph", "GlossaryEnforcer",
    "HypothesisCache", "MTSignature", "TermEnforcement", "TranslatedDocument", "TranslatedParagraph",
    "Translator", "default_cache_dir", "fill_alignment", "fill_files", "filled_to_jsonl", "filled_to_text",
    "flagged_terms", "memory_matches", "missing_counts", "to_jsonl", "to_text", "to_tmx", "translate_document",
    "translate_file", "untranslated",
]
