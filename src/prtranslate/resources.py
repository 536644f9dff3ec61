"""What this machine can hold: the memory an alignment needs, and the limit it must stay under.

The aligner's memory grows linearly with its input (see :mod:`prtranslate.align`): about
:data:`BYTES_PER_CHAR` bytes per character of text, plus one byte per band cell of back
pointers, plus a fixed base. An input whose estimate is over the limit is refused before any
work starts, with one line, instead of being killed by the system half-way. The limit is the
memory available now (``MemAvailable``, or a cgroup's limit when lower), or
``PRTRANSLATE_MAX_MEMORY`` (bytes, or with a ``K``/``M``/``G`` suffix) when set.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from prtranslate.errors import InputError, UsageError

MAX_MEMORY_VARIABLE = "PRTRANSLATE_MAX_MEMORY"
#: Measured: the 5, 10 and 50 MB drifting pairs of the benchmark peak at 40–56 bytes a character, base
#: included (the margin keeps the estimate above what is used).
BYTES_PER_CHAR = 48
BASE_BYTES = 128 << 20

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B?|B)?\s*$", re.IGNORECASE)


def parse_size(value: str, variable: str) -> int:
    """``200M``, ``1.5G``, ``500000`` → bytes; a :class:`UsageError` naming ``variable`` otherwise."""
    match = _SIZE.match(value)
    if not match:
        raise UsageError(f"{variable}={value!r} is not a size (write e.g. 500M, 8G or 500000000)")
    unit = (match[2] or "B")[0].upper()
    return int(float(match[1]) * {"B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}[unit])


def available_memory() -> int | None:
    """Bytes this process may still use: MemAvailable, or less under a cgroup limit; None when unknown."""
    found: list[int] = []
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                found.append(int(line.split()[1]) * 1024)
    except (OSError, ValueError, IndexError):
        pass
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = Path("/sys/fs/cgroup/memory.current").read_text().strip()
        if limit != "max":
            found.append(int(limit) - int(used))
    except (OSError, ValueError):
        pass
    return max(0, min(found)) if found else None


#: Without PRTRANSLATE_MAX_MEMORY, estimates under this are not checked (no need to read /proc for
#: each paragraph of a sentence-level alignment).
UNCHECKED_BYTES = 256 << 20


def memory_limit(need: int = UNCHECKED_BYTES + 1) -> tuple[int | None, str]:
    """The limit in bytes (None: unknown or not worth checking for ``need``) and what it is."""
    value = os.environ.get(MAX_MEMORY_VARIABLE, "").strip()
    if value:
        return parse_size(value, MAX_MEMORY_VARIABLE), f"the limit {MAX_MEMORY_VARIABLE}={value}"
    if need <= UNCHECKED_BYTES:
        return None, ""
    return available_memory(), "the memory available now"


def alignment_memory(units: int, rows: int, characters: int, band: int) -> int:
    """Estimated peak bytes of aligning ``units`` units (both sides, ``rows`` on the Korean side)
    holding ``characters`` characters, with a band of at most ``band`` cells a row."""
    return BASE_BYTES + BYTES_PER_CHAR * characters + 512 * units + (rows + 1) * band


def _gib(size: int) -> str:
    return f"{size / (1 << 30):.1f} GiB" if size >= 1 << 30 else f"{size / (1 << 20):.0f} MiB"


def check_alignment_memory(ko_units: int, en_units: int, characters: int, band: int) -> None:
    """Refuse, with one line, an alignment whose estimated memory is over :func:`memory_limit`."""
    need = alignment_memory(ko_units + en_units, ko_units, characters, band)
    limit, what = memory_limit(need)
    if limit is not None and need > limit:
        raise InputError(
            f"too large to align: {ko_units:,} + {en_units:,} units ({characters:,} characters) need about"
            f" {_gib(need)} of memory, over {what} ({_gib(limit)}); split the input, or set"
            f" {MAX_MEMORY_VARIABLE}=SIZE (e.g. 16G) to try anyway"
        )
