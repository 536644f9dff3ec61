"""Options that several commands share, so each reads and is documented the same everywhere."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

OutputOption = Annotated[
    str | None, typer.Option("--output", "-o", metavar="PATH", help="Write here (atomically) instead of stdout.")
]
GlossaryOption = Annotated[
    list[str] | None,
    typer.Option("--glossary", "-g", metavar="PATH",
                 help="Glossary file (TSV/CSV/TBX) to add to the bundled one; repeatable, later files win."),
]
NoGlossaryOption = Annotated[
    bool, typer.Option("--no-glossary", help="Leave the bundled glossary out (--glossary files still apply).")
]
DbOption = Annotated[
    str, typer.Option("--db", metavar="DB", help="The release store (SQLite file).", envvar="PRTRANSLATE_DB")
]
KoFileArgument = Annotated[str, typer.Argument(metavar="KO_FILE", help="The Korean version of the release.")]
EnFileArgument = Annotated[str, typer.Argument(metavar="EN_FILE", help="The English version of the release.")]


class Language(StrEnum):
    ko = "ko"
    en = "en"


class LinesFormat(StrEnum):
    """Output of listing commands: readable text, or one JSON object a line."""

    text = "text"
    jsonl = "jsonl"
