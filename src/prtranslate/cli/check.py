"""``prtranslate check``: terminology, number and completeness checks on a release pair.

Exit codes: 0 no finding of severity error, 1 findings of severity error exist; otherwise the
codes of :mod:`prtranslate.errors` (3 input, 4 glossary, 7 output).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from prtranslate.cli import app, emit, user_errors
from prtranslate.cli.options import EnFileArgument, GlossaryOption, KoFileArgument, NoGlossaryOption, OutputOption


class CheckFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"
    html = "html"


@app.command()
@user_errors
def check(
    ko_file: KoFileArgument,
    en_file: EnFileArgument,
    glossary: GlossaryOption = None,
    no_glossary: NoGlossaryOption = False,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
    output: OutputOption = None,
    db: Annotated[str | None, typer.Option("--db", metavar="DB", help="A release store whose glossary layer "
                                           "(forms editors accepted or forbade in `prtranslate review`) "
                                           "applies too.")] = None,
) -> None:
    """Check the English version against the Korean: terms, forbidden variants, numbers, dates,
    missing and untranslated paragraphs. Exit code 1 when findings of severity error exist."""
    from prtranslate.check import check_files
    from prtranslate.formats import findings as render

    layer: list[tuple[str, str, str]] = []
    if db is not None:
        from prtranslate.store import Store

        with Store(db, readonly=True) as store:
            layer = store.layer_forms()
    result = check_files(ko_file, en_file, glossary or [], use_bundled=not no_glossary, layer=layer)
    if fmt is CheckFormat.jsonl:
        emit(render.to_jsonl(result.findings, result.alignment), output)
    elif fmt is CheckFormat.html:
        emit(render.to_html(result), output)
    else:
        emit(render.to_text(result), output)
    if result.has_errors:
        raise typer.Exit(1)
