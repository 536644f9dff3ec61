"""Where prtranslate keeps its caches (machine translations, embeddings): one folder, one rule.

``$PRTRANSLATE_CACHE_DIR``, else ``$XDG_CACHE_HOME/prtranslate``, else ``~/.cache/prtranslate``. The test
suite points ``PRTRANSLATE_CACHE_DIR`` at a temporary folder, so tests never touch the user's cache.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_DIR_VARIABLE = "PRTRANSLATE_CACHE_DIR"


def cache_dir() -> Path:
    """The cache folder, read from the environment at call time."""
    if os.environ.get(CACHE_DIR_VARIABLE):
        return Path(os.environ[CACHE_DIR_VARIABLE])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return Path(base) / "prtranslate"
