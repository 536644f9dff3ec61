"""Alignments as JSON lines, TSV and a readable side-by-side listing."""

from __future__ import annotations

import json

from prtranslate.align import Alignment, Bead


def bead_record(alignment: Alignment, bead: Bead) -> dict[str, object]:
    """The JSONL contract: ``{"ko": [ids], "en": [ids], "ko_text", "en_text", "score", "flags"}``."""
    record: dict[str, object] = {
        "ko": list(bead.ko),
        "en": list(bead.en),
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


def _ids(ids: tuple[int, ...]) -> str:
    return ",".join(map(str, ids)) if ids else "-"


def to_listing(alignment: Alignment) -> str:
    """Plain side-by-side listing: one block per bead, flags in brackets."""
    out = [f"# {alignment.ko_path} <-> {alignment.en_path} ({alignment.level} level, {len(alignment.beads)} beads)"]
    for b in alignment.beads:
        flags = f"  [{', '.join(b.flags)}]" if b.flags else ""
        out.append(f"\n[ko {_ids(b.ko)} | en {_ids(b.en)}] score {b.score:.2f}{flags}")
        out.append(f"  KO: {alignment.ko_text(b) or '—'}")
        out.append(f"  EN: {alignment.en_text(b) or '—'}")
    return "\n".join(out) + "\n"


def print_listing(alignment: Alignment) -> None:
    """The listing on a terminal: rich table when stdout is a terminal, plain text otherwise."""
    import sys

    from prtranslate.outputs import printable, write_stdout

    if sys.stdout is None or not sys.stdout.isatty():
        write_stdout(printable(to_listing(alignment)))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(printable(f"{alignment.ko_path} ↔ {alignment.en_path}")), show_lines=True, expand=True)
    table.add_column("ko", no_wrap=True)
    table.add_column("Korean", ratio=1)
    table.add_column("English", ratio=1)
    table.add_column("en", no_wrap=True)
    table.add_column("score", no_wrap=True)
    for b in alignment.beads:
        style = "dim" if "boilerplate" in b.flags else ("yellow" if b.flags and "title" not in b.flags else None)
        flags = "\n" + ", ".join(b.flags) if b.flags else ""
        # Text(), not a str: rich would read "[…]" in a release as markup.
        table.add_row(_ids(b.ko), Text(printable(alignment.ko_text(b))), Text(printable(alignment.en_text(b))),
                      _ids(b.en), f"{b.score:.2f}{flags}", style=style)
    Console().print(table)
