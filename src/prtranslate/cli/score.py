"""``prtranslate score``: BLEU, chrF and TER of a draft against a reference in the same language."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from prtranslate.cli import app, emit, user_errors
from prtranslate.cli.options import OutputOption
from prtranslate.outputs import write_stdout


class Lang(StrEnum):
    en = "en"
    ko = "ko"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    html = "html"


@app.command()
@user_errors
def score(
    hyp_file: Annotated[str, typer.Argument(
        metavar="HYP_FILE", help="The draft to score (e.g. a machine translation).")],
    ref_file: Annotated[str, typer.Argument(metavar="REF_FILE", help="The reference version in the same language.")],
    lang: Annotated[Lang | None, typer.Option("--lang", help="Language of both (default: detected).")] = None,
    against: Annotated[str | None, typer.Option(
        "--against", metavar="DRAFT", help="A second draft: paired bootstrap test of HYP_FILE against it.")] = None,
    samples: Annotated[int, typer.Option(
        "--samples", metavar="N", min=1, help="Bootstrap resamples (--against).")] = 1000,
    limit: Annotated[int, typer.Option("--limit", metavar="N", min=0, help="Lowest paragraphs shown as text.")] = 10,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.text,
    output: OutputOption = None,
) -> None:
    """Score a draft against a reference: BLEU, chrF, chrF++, TER with signatures, lowest paragraphs first."""
    from prtranslate.score import format_text, score_files

    result = score_files(hyp_file, ref_file, language=lang.value if lang else None, against=against,
                         n_samples=samples)
    if fmt is ReportFormat.json:
        emit(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n", output)
    elif fmt is ReportFormat.html:
        from prtranslate.formats.report_html import score_html

        emit(score_html(result), output)
    else:
        import os
        import sys

        # Colours only when the text goes to a terminal (and NO_COLOR is unset); the [-…-]{+…+}
        # marks are there either way.
        color = (output in (None, "-") and sys.stdout is not None and sys.stdout.isatty()
                 and not os.environ.get("NO_COLOR"))
        if color:
            # format_text made every text from the files printable itself; emit would drop the colours.
            write_stdout(format_text(result, limit=limit, color=True))
        else:
            emit(format_text(result, limit=limit), output)
