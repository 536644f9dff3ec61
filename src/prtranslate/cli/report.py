"""``prtranslate report``: consistency report of a release pair, or of a folder of releases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from prtranslate.cli import app, emit, user_errors
from prtranslate.cli.options import OutputOption
from prtranslate.cli.score import ReportFormat


@app.command()
@user_errors
def report(
    ko_file: Annotated[str, typer.Argument(
        help="The Korean version of a release, or a folder of NAME.ko.txt + NAME.en.txt releases.")],
    en_file: Annotated[str | None, typer.Argument(help="The English version (omit for a folder).")] = None,
    glossary: Annotated[list[str] | None, typer.Option(
        "--glossary", "-g", metavar="PATH",
        help="Glossary (TSV/CSV/TBX) to check terms against, besides the bundled one.")
    ] = None,
    bundled: Annotated[bool, typer.Option(
        "--bundled-glossary/--no-bundled-glossary", help="Use the bundled ministry glossary.")] = True,
    model: Annotated[str | None, typer.Option(
        "--model", help="Translation model for round-trip agreement (a note, not an error, if unavailable).")
    ] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.text,
    output: OutputOption = None,
) -> None:
    """Alignment coverage, terminology compliance, number agreement and findings of releases."""
    from prtranslate import report as reports
    from prtranslate.errors import InputError

    if en_file is None:
        if not Path(ko_file).is_dir():
            raise InputError(f"{ko_file}: give the English version too, or a folder of releases")
        corpus = reports.report_corpus(ko_file, glossary or [], bundled, model)
        if fmt is ReportFormat.json:
            emit(json.dumps(corpus.to_dict(), ensure_ascii=False, indent=2) + "\n", output)
        elif fmt is ReportFormat.html:
            from prtranslate.formats.report_html import corpus_html

            emit(corpus_html(corpus), output)
        else:
            emit(reports.format_corpus_text(corpus), output)
        return
    release = reports.report_release(ko_file, en_file, glossary or [], bundled, model)
    if fmt is ReportFormat.json:
        emit(json.dumps(release.to_dict(), ensure_ascii=False, indent=2) + "\n", output)
    elif fmt is ReportFormat.html:
        from prtranslate.formats.report_html import release_html

        emit(release_html(release), output)
    else:
        emit(reports.format_release_text(release), output)
