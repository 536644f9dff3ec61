"""The ``prtranslate`` command line: thin commands over the library, errors turned into exit codes here.

Each command lives in its own module of this package and registers itself on :data:`app`;
the library never prints or exits, so every command is: parse options, call one library
function inside :func:`user_errors`, format the result with :func:`emit`.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from prtranslate import __version__
from prtranslate.errors import PrtranslateError
from prtranslate.outputs import write_atomic

app = typer.Typer(
    name="prtranslate",
    help="Align, check, score and machine-translate the Korean and English versions of press releases.",
    no_args_is_help=True,
    add_completion=False,
    # Embargoed press text must never leak into a traceback.
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int) -> typer.Exit:
    """Print one line on stderr and return the :class:`typer.Exit` to raise."""
    sys.stderr.write(f"prtranslate: error: {' '.join(str(message).split())}\n")
    sys.stderr.flush()
    return typer.Exit(code)


def user_errors(func: F) -> F:
    """Turn library errors into one stderr line and the error's exit code (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except PrtranslateError as err:
            raise fail(str(err), err.exit_code) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except BrokenPipeError:
            # `prtranslate align … | head`: the reader left; nothing to report.
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` atomically, or to stdout when no output path is given."""
    if output and output != "-":
        write_atomic(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def emit_bytes(data: bytes, output: str | None) -> None:
    if output and output != "-":
        write_atomic(output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _version(value: bool) -> None:
    if value:
        print(f"prtranslate {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Align, check, score and machine-translate the Korean and English versions of press releases."""


# Each command module registers itself on `app` when imported.
from prtranslate.cli import align as _align  # noqa: E402,F401
from prtranslate.cli import check as _check  # noqa: E402,F401
from prtranslate.cli import corpus as _corpus  # noqa: E402,F401
from prtranslate.cli import glossary as _glossary  # noqa: E402,F401
from prtranslate.cli import report as _report  # noqa: E402,F401
from prtranslate.cli import review as _review  # noqa: E402,F401
from prtranslate.cli import score as _score  # noqa: E402,F401
from prtranslate.cli import tm as _tm  # noqa: E402,F401
from prtranslate.cli import translate as _translate  # noqa: E402,F401


def main() -> None:
    app()
