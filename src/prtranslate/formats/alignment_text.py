"""Alignments as JSON lines, TSV and a readable side-by-side listing."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from prtranslate.align import Alignment, Bead
from prtranslate.labels import unit_labels
from prtranslate.outputs import printable, write_stdout

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def bead_record(alignment: Alignment, bead: Bead) -> dict[str, object]:
    """The JSONL contract: ``{"ko": [ids], "en": [ids], "ko_labels", "en_labels", "ko_text", "en_text",
    "score", "flags"}``; labels name the units as the reader sees them (``4. 양측은 북극항로…``)."""
    record: dict[str, object] = {
        "ko": list(bead.ko),
        "en": list(bead.en),
        "ko_labels": unit_labels(alignment.ko_units, bead.ko),
        "en_labels": unit_labels(alignment.en_units, bead.en),
        "ko_text": alignment.ko_text(bead),
        "en_text": alignment.en_text(bead),
        "score": bead.score,
        "flags": list(bead.flags),
    }
    if alignment.level == "sentence":
        record["ko_paragraphs"] = sorted({alignment.ko_units[i].paragraph for i in bead.ko})  # type: ignore[attr-defined]
        record["en_paragraphs"] = sorted({alignment.en_units[j].paragraph for j in bead.en})  # type: ignore[attr-defined]
    return record


def to_jsonl(alignment: Alignment) -> str:
    return "".join(json.dumps(bead_record(alignment, b), ensure_ascii=False) + "\n" for b in alignment.beads)


def _cell(text: str) -> str:
    return " ".join(text.split())


def to_tsv(alignment: Alignment) -> str:
    lines = ["ko_ids\ten_ids\tscore\tflags\tko_text\ten_text"]
    for b in alignment.beads:
        lines.append("\t".join([
            ",".join(map(str, b.ko)), ",".join(map(str, b.en)), f"{b.score:.2f}", ",".join(b.flags),
            _cell(alignment.ko_text(b)), _cell(alignment.en_text(b)),
        ]))
    return "\n".join(lines) + "\n"


def to_listing(alignment: Alignment) -> str:
    """Plain side-by-side listing: one block per bead, flags in brackets. Paragraphs show as they
    read (their own list number or marker first); the ids are in the JSONL and TSV formats."""
    out = [f"# {alignment.ko_path} <-> {alignment.en_path} ({alignment.level} level, {len(alignment.beads)} beads)"]
    for b in alignment.beads:
        flags = f"  [{', '.join(b.flags)}]" if b.flags else ""
        out.append(f"\nscore {b.score:.2f}{flags}")
        out.append(f"  KO: {alignment.ko_text(b) or '—'}")
        out.append(f"  EN: {alignment.en_text(b) or '—'}")
    return "\n".join(out) + "\n"


def listing_table(alignment: Alignment) -> Table:
    """The side-by-side table for a terminal: each paragraph's whole text, wrapped, never cropped.

    The text starts with what the reader sees in the release (its list number or marker), so the
    table needs no id column; wide (Korean) characters count two columns, and a word wider than its
    column is folded onto the next line rather than cut with an ellipsis.
    """
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(printable(f"{alignment.ko_path} ↔ {alignment.en_path}")), show_lines=True,
                  expand=True)
    table.add_column("Korean", ratio=1, overflow="fold")
    table.add_column("English", ratio=1, overflow="fold")
    table.add_column("score", no_wrap=True)
    for b in alignment.beads:
        style = "dim" if "boilerplate" in b.flags else ("yellow" if b.flags and "title" not in b.flags else None)
        flags = "\n" + "\n".join(b.flags) if b.flags else ""
        # Text, not str: release text is never read as rich markup ("[1]", "[TM 100%]"); printable:
        # no terminal control from a release reaches the terminal.
        table.add_row(Text(printable(alignment.ko_text(b)) or "—"), Text(printable(alignment.en_text(b)) or "—"),
                      Text(f"{b.score:.2f}{flags}"), style=style)
    return table


def print_listing(alignment: Alignment, console: Console | None = None) -> None:
    """The listing on a terminal: the rich table when stdout is a terminal, plain text otherwise.

    rich decides what a terminal is (``TTY_COMPATIBLE=1`` or ``FORCE_COLOR`` force one, ``COLUMNS``
    sets its width).
    """
    import sys

    from rich.console import Console

    console = console or Console()
    if sys.stdout is None or not console.is_terminal:   # write_stdout says when stdout is closed
        write_stdout(printable(to_listing(alignment)))
        return
    console.print(listing_table(alignment))
