"""The main job end to end: read a release pair, build the anchor sources, align."""

from __future__ import annotations

from collections.abc import Sequence

from prtranslate.align import Alignment, align_documents, align_sentences
from prtranslate.anchors import AnchorSource, default_anchor_sources
from prtranslate.documents import read_pair
from prtranslate.scorers import make_scorer


def anchor_sources_for(glossary_paths: Sequence[str] = (), lexicon_db: str | None = None) -> list[AnchorSource]:
    """The default anchor sources, plus the glossary's term pairs when glossary files are given, plus the
    word pairs learned from a release store (``prtranslate tm learn``) when ``lexicon_db`` names one."""
    sources = default_anchor_sources()
    if glossary_paths:
        from prtranslate.glossary import load_glossary

        sources.append(load_glossary(glossary_paths, bundled=False))
    if lexicon_db:
        from prtranslate.errors import InputError
        from prtranslate.lexicon import Lexicon, LexiconAnchors
        from prtranslate.store import Store

        with Store(lexicon_db, readonly=True) as store:
            rows = store.load_lexicon()
        if not rows:
            raise InputError(f"{lexicon_db} has no learned lexicon yet; learn one with `prtranslate tm learn`")
        sources.append(LexiconAnchors(Lexicon.from_entries(rows)))
    return sources


def align_files(ko_path: str, en_path: str, level: str = "paragraph",
                glossary_paths: Sequence[str] = (), scorer_names: Sequence[str] = (),
                lexicon_db: str | None = None) -> Alignment:
    """Align the Korean and the English version of a release (``level``: paragraph or sentence).

    ``scorer_names`` adds registered similarity scorers (see :mod:`prtranslate.scorers`).
    """
    ko, en = read_pair(ko_path, en_path)
    sources = anchor_sources_for(glossary_paths, lexicon_db)
    scorers = [make_scorer(name) for name in scorer_names]
    alignment = align_documents(ko, en, anchor_sources=sources, scorers=scorers)
    if level == "sentence":
        alignment = align_sentences(alignment, anchor_sources=sources, scorers=scorers)
    return alignment
