"""``prtranslate tm export|import|lookup|learn``: the store's translation memory and learned lexicon."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from enum import StrEnum
from typing import Annotated

import typer

from prtranslate.cli import app, emit, user_errors
from prtranslate.cli.options import DbOption, Language, LinesFormat
from prtranslate.outputs import printable

tm_app = typer.Typer(help="The translation memory: export, import, look up; learn the lexicon.",
                     no_args_is_help=True, rich_markup_mode=None)
app.add_typer(tm_app, name="tm")



class TmFormat(StrEnum):
    tmx = "tmx"
    xliff = "xliff"
    csv = "csv"


@tm_app.command("export")
@user_errors
def tm_export(
    output: Annotated[str, typer.Argument(help="OUT.tmx, OUT.xlf or OUT.csv (the suffix picks the format).")],
    db: DbOption = "prtranslate.db",
    fmt: Annotated[TmFormat | None, typer.Option("--format", "-f", help="Format, when the suffix does not "
                                                 "say.")] = None,
    source: Annotated[Language, typer.Option("--source", help="Source language of the units.")] = (
        Language.ko
    ),
    min_score: Annotated[float, typer.Option(help="Leave out pairs the aligner scored lower (0–1).")] = 0.0,
    imported: Annotated[bool, typer.Option("--imported/--no-imported",
                                           help="Include imported TM units.")] = True,
    include_flagged: Annotated[bool, typer.Option(
        "--include-flagged", help="Also write pairs with open error findings or rejected by an editor, "
        "as units not approved with a note saying why.")] = False,
) -> None:
    """Export the aligned pairs (and imported units) with release, date, score and origin properties.

    Pairs with an open error finding (`corpus show`) or rejected by an editor (`corpus decide`) are
    left out unless --include-flagged.
    """
    from prtranslate.store import Store
    from prtranslate.tm import export_tm

    with Store(db, readonly=True) as store:
        count = export_tm(store, output, fmt.value if fmt else None, source.value, min_score, imported,
                          include_flagged=include_flagged)
    line = f"{count.units} units written to {'standard output' if output == '-' else output}"
    if count.flagged:
        line += f" ({count.flagged} flagged: open error findings or rejected by an editor, not approved)"
    if count.left_out:
        line += (f"; {count.left_out} pair{'s' if count.left_out != 1 else ''} left out (open error findings "
                 "or rejected by an editor; --include-flagged writes them, flagged)")
    if output == "-":   # the memory went to standard output: the summary goes beside it, to stderr
        sys.stderr.write(printable(f"prtranslate: {line}\n"))
        return
    emit(line + "\n", None)


@tm_app.command("import")
@user_errors
def tm_import(
    tmx_file: Annotated[str, typer.Argument(
        help="A TMX file from a CAT tool (Korean and English segments).")],
    db: DbOption = "prtranslate.db",
) -> None:
    """Import a TMX file's Korean–English units into the store's translation memory."""
    from prtranslate.store import Store
    from prtranslate.tm import import_tmx

    with Store(db) as store:
        added, skipped = import_tmx(store, tmx_file)
    emit(f"{added} units imported, {skipped} already there\n", None)


@tm_app.command("lookup")
@user_errors
def tm_lookup(
    text: Annotated[str, typer.Argument(help="The segment to look up (Korean or English).")],
    db: DbOption = "prtranslate.db",
    source: Annotated[Language | None, typer.Option("--source", help="Language of TEXT (detected when "
                                                    "left out).")] = None,
    min_score: Annotated[float, typer.Option("--min", min=0, max=100, help="Lowest match percentage "
                                             "shown.")] = 75.0,
    limit: Annotated[int, typer.Option(min=1, help="Most matches shown.")] = 5,
    fmt: Annotated[LinesFormat, typer.Option("--format", "-f", help="Output format.")] = LinesFormat.text,
) -> None:
    """Exact and fuzzy TM matches for TEXT, with match percentage, best first."""
    from prtranslate.errors import InputError, UsageError
    from prtranslate.languages import detect_language
    from prtranslate.store import Store
    from prtranslate.tm import TranslationMemory

    if not text.strip():
        raise UsageError("tm lookup: TEXT is empty; give the segment to look up")
    language = source.value if source else detect_language(text)
    if language not in ("ko", "en"):
        raise InputError("cannot tell whether the text is Korean or English; give --source ko or --source en")
    with Store(db, readonly=True) as store:
        memory = TranslationMemory.from_store(store, source_lang=language)
    matches = memory.lookup(text, min_score=min_score, limit=limit)
    if fmt is LinesFormat.jsonl:
        emit("".join(json.dumps(asdict(m), ensure_ascii=False) + "\n" for m in matches), None)
        return
    if not matches:
        emit(f"no match of {min_score:g}% or more in {len(memory)} units\n", None)
        return
    out = []
    for m in matches:
        where = ", ".join(x for x in (m.release, m.date, m.origin) if x)
        out += [f"{m.score:>3.0f}%  {m.source}", f"      {m.target}", f"      ({where})"]
    emit("\n".join(out) + "\n", None)


@tm_app.command("learn")
@user_errors
def tm_learn(
    db: DbOption = "prtranslate.db",
    min_count: Annotated[int, typer.Option(min=1, help="Pairs a word pair must be seen in.")] = 3,
    min_dice: Annotated[float, typer.Option(min=0, max=1, help="Lowest Dice association kept.")] = 0.5,
    min_score: Annotated[float, typer.Option(min=0, max=1, help="Learn only from pairs the aligner scored "
                                             "at least this.")] = 0.5,
    show: Annotated[int, typer.Option(min=0, help="Print this many entries.")] = 0,
) -> None:
    """Learn Korean–English word associations from the stored pairs (for `corpus add --lexicon`)."""
    from prtranslate.lexicon import learn_from_store
    from prtranslate.store import Store

    with Store(db, create=False) as store:
        lexicon = learn_from_store(store, min_score=min_score, min_count=min_count, min_dice=min_dice, top=1)
    out = [f"{len(lexicon)} word pairs learned"]
    rows = sorted(lexicon.rows(), key=lambda r: (-r[3], -r[2], r[0]))[:show]
    out += [f"  {ko}\t{en}\t{score:.2f}\t{count}" for ko, en, score, count in rows]
    emit("\n".join(out) + "\n", None)
