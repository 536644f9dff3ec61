"""``prtranslate glossary import|export|lookup``: manage the terminology glossary.

Exit codes: 0 success; 1 ``lookup`` found no entry; 4 malformed or unreadable glossary or
termbase; 7 the output could not be written.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from prtranslate.cli import app, emit, emit_bytes, user_errors
from prtranslate.cli.options import GlossaryOption, LinesFormat, OutputOption
from prtranslate.cli.options import NoGlossaryOption as NoBundledOption

glossary_app = typer.Typer(
    help="Manage the terminology glossary: import a termbase, export, look up a term.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(glossary_app, name="glossary")



class TermbaseFormat(StrEnum):
    tsv = "tsv"
    csv = "csv"
    tbx = "tbx"


def _write(entries, fmt: TermbaseFormat, output: str | None) -> None:
    from prtranslate.formats import termbase
    from prtranslate.glossary import to_tsv

    if fmt is TermbaseFormat.tbx:
        emit_bytes(termbase.write_tbx(entries), output)
    elif fmt is TermbaseFormat.csv:
        emit(termbase.write_csv(entries), output)
    else:
        emit(to_tsv(entries), output)


@glossary_app.command("import")
@user_errors
def import_(
    termbase: Annotated[list[str], typer.Argument(help="TBX, CSV or TSV termbase file(s) to read.")],
    merge: Annotated[
        str | None,
        typer.Option("--merge", "-m", help="Add the entries to this glossary file and rewrite it "
                                             "(imported entries win; -o writes elsewhere instead)."),
    ] = None,
    fmt: Annotated[TermbaseFormat, typer.Option("--format", "-f", help="Output format.")] = (
        TermbaseFormat.tsv
    ),
    output: OutputOption = None,
) -> None:
    """Convert termbases (memoQ/Trados/MultiTerm TBX, CSV) into a glossary TSV usable with --glossary."""
    from pathlib import Path

    from prtranslate.glossary import Glossary, read_glossary_file

    entries = [e for path in termbase for e in read_glossary_file(path)]
    before = 0
    if merge:
        existing = read_glossary_file(merge) if Path(merge).exists() else []
        before = len(existing)
        entries = existing + entries
        output = output or merge
    glossary = Glossary(entries)   # merges repeated Korean terms, later ones winning
    _write(glossary.entries, fmt, output)
    added = f" ({len(glossary) - before} new)" if merge else ""
    sys.stderr.write(f"prtranslate: {len(glossary)} entries{added}\n")


@glossary_app.command("export")
@user_errors
def export(
    glossary: GlossaryOption = None,
    no_glossary: NoBundledOption = False,
    fmt: Annotated[TermbaseFormat, typer.Option("--format", "-f", help="Output format.")] = (
        TermbaseFormat.tbx
    ),
    output: OutputOption = None,
    db: Annotated[str | None, typer.Option("--db", metavar="DB", help="Include this release store's glossary "
                                           "layer (forms editors accepted or forbade in `prtranslate review`).")
                  ] = None,
) -> None:
    """Write the glossary (bundled plus --glossary files, plus a store's layer) as TBX, CSV or TSV."""
    from prtranslate.glossary import load_glossary, with_layer

    terms = load_glossary(glossary or [], bundled=not no_glossary)
    if db is not None:
        from prtranslate.store import Store

        with Store(db, readonly=True) as store:
            terms = with_layer(terms, store.layer_forms())
    _write(terms.entries, fmt, output)


@glossary_app.command("lookup")
@user_errors
def lookup(
    term: Annotated[str, typer.Argument(help="A Korean term or an English form (any: preferred, accepted, "
                                              "forbidden).")],
    glossary: GlossaryOption = None,
    no_glossary: NoBundledOption = False,
    fmt: Annotated[LinesFormat, typer.Option("--format", "-f", help="Output format.")] = LinesFormat.text,
) -> None:
    """Show the entries for a term: exact matches first, then entries containing it. Exit 1 if none."""
    from prtranslate.glossary import load_glossary

    entries = load_glossary(glossary or [], bundled=not no_glossary).lookup(term)
    if not entries:
        sys.stderr.write(f"prtranslate: no glossary entry for {term!r}\n")
        raise typer.Exit(1)
    if fmt is LinesFormat.jsonl:
        emit("".join(json.dumps({"ko": e.ko, "en": e.en, "accepted": list(e.accepted),
                                 "forbidden": list(e.forbidden), "note": e.note, "domain": e.domain},
                                ensure_ascii=False) + "\n" for e in entries), None)
        return
    lines = []
    for e in entries:
        lines.append(f"{e.ko}\t{e.en}")
        if e.accepted:
            lines.append(f"  accepted:  {', '.join(e.accepted)}")
        if e.forbidden:
            lines.append(f"  forbidden: {', '.join(e.forbidden)}")
        if e.note:
            lines.append(f"  note:      {e.note}")
        if e.domain:
            lines.append(f"  domain:    {e.domain}")
    emit("\n".join(lines) + "\n", None)
