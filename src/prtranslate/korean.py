"""The one kiwipiepy analyser of the process (building one takes seconds, so every module shares it)."""

from __future__ import annotations

import threading

_LOCK = threading.Lock()
_KIWI = None


def analyser():
    """The shared ``kiwipiepy.Kiwi`` (morphemes, sentence splitting, ``join``), built on first use."""
    global _KIWI
    with _LOCK:
        if _KIWI is None:
            from kiwipiepy import Kiwi

            _KIWI = Kiwi()
        return _KIWI
