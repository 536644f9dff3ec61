"""``prtranslate align``: pair the Korean and English versions of a release."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from prtranslate.cli import app, emit, emit_bytes, user_errors
from prtranslate.cli.options import EnFileArgument, KoFileArgument, OutputOption


class Level(StrEnum):
    paragraph = "paragraph"
    sentence = "sentence"


class AlignFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"
    tsv = "tsv"
    tmx = "tmx"


@app.command()
@user_errors
def align(
    ko_file: KoFileArgument,
    en_file: EnFileArgument,
    level: Annotated[Level, typer.Option(help="Pair paragraphs, or sentences inside paired paragraphs.")] = (
        Level.paragraph
    ),
    glossary: Annotated[
        list[str] | None,
        typer.Option("--glossary", "-g", metavar="PATH",
                     help="Glossary (TSV/CSV/TBX) whose term pairs anchor the alignment."),
    ] = None,
    lexicon_db: Annotated[
        str | None,
        typer.Option("--lexicon-db", metavar="DB",
                     help="Also anchor on the word pairs learned in this release store (prtranslate tm learn)."),
    ] = None,
    scorer: Annotated[
        list[str] | None,
        typer.Option("--scorer", metavar="NAME",
                     help="Add a model-based similarity scorer: 'embedding' (needs prtranslate[embed])."),
    ] = None,
    fmt: Annotated[AlignFormat, typer.Option("--format", "-f", help="Output format.")] = AlignFormat.text,
    output: OutputOption = None,
) -> None:
    """Pair the paragraphs (or sentences) of the Korean and English versions of a release."""
    from prtranslate.pipeline import align_files

    alignment = align_files(ko_file, en_file, level=level.value, glossary_paths=glossary or [],
                            scorer_names=scorer or [], lexicon_db=lexicon_db)
    if fmt is AlignFormat.tmx:
        from prtranslate.formats.tmx import alignment_to_tmx

        emit_bytes(alignment_to_tmx(alignment), output)
        return
    from prtranslate.formats import alignment_text

    if fmt is AlignFormat.jsonl:
        emit(alignment_text.to_jsonl(alignment), output)
    elif fmt is AlignFormat.tsv:
        emit(alignment_text.to_tsv(alignment), output)
    elif output:
        emit(alignment_text.to_listing(alignment), output)
    else:
        alignment_text.print_listing(alignment)
