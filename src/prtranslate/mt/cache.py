"""The translation cache: n-best lists on disk, so an unchanged sentence is never translated twice."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from prtranslate.mt.base import Hypothesis


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
