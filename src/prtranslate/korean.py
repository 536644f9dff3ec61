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

            # Without the multi-word dictionary (proper nouns written with spaces, "콴타스 항공"): a third of
            # the memory (330 instead of 520 MB) and a third of the start-up time; on the bundled releases
            # and 16,000 words of news, 5 words are cut differently and no sentence is split differently.
            _KIWI = Kiwi(load_multi_dict=False)
        return _KIWI
