"""Options that several commands share, so each reads and is documented the same everywhere."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

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


# --- help in one style ------------------------------------------------------------------------------

def metavar(param: Any) -> str:
    """The name a value stands under in help: the declared metavar, else the option's long name
    (``--format`` → ``FORMAT``) or the argument's name in capitals."""
    longest = max(getattr(param, "opts", None) or [param.name or "value"], key=len)
    name = param.metavar or longest.lstrip("-").replace("-", "_").upper()
    return f"{name}..." if param.nargs != 1 and param.param_type_name == "argument" else name


def _choices(param: Any) -> list[str]:
    described = getattr(param, "type_descriptor", None)
    if described is None or not described.is_choice:
        return []
    return [str(getattr(c, "value", c)) for c in described.choices or ()]


class HelpCommand(TyperCommand):
    """A command whose help reads the same everywhere: values as capitalised metavars (KO_FILE, PATH,
    FORMAT), required arguments bare and optional ones in brackets, choices listed in the help text.

    typer's own help mixes ``{KO_FILE}``, ``KO_FILE <str>``, ``-g <list[str]>`` and lowercase names.
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(metavar(param) if param.required else f"[{metavar(param)}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            names, text = record
            choices = _choices(param)
            if choices:
                own = getattr(param, "help", None) or ""
                text = f"{own} One of: {', '.join(choices)}.{text[len(own):]}".lstrip()
            if param.param_type_name == "argument":
                arguments.append((metavar(param), text))
            elif getattr(param, "is_flag", False) or getattr(param, "count", False):
                options.append((names, text))
            else:
                short_first = sorted(param.opts, key=lambda o: o.startswith("--"))
                options.append((", ".join(short_first) + f" {metavar(param)}", text))
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


def use_uniform_help(app: typer.Typer) -> None:
    """Give every command of ``app`` and of its sub-apps :class:`HelpCommand` (unless it chose a class)."""
    for info in app.registered_commands:
        if info.cls in (None, TyperCommand):
            info.cls = HelpCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            use_uniform_help(group.typer_instance)


def editor_name(name: str | None) -> str | None:
    """``--editor``: a name on one line. It is recorded with every decision and shown in `corpus show`,
    the review pages and their history, so a newline or a control character is a usage error."""
    import unicodedata

    from prtranslate.errors import UsageError

    if name is not None and any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in name):
        raise UsageError("--editor must be a name on one line, without control characters")
    return name
