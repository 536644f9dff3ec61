"""The ``prtranslate`` command line: thin commands over the library, errors turned into exit codes here.

Each command lives in its own module of this package and registers itself on :data:`app`;
the library never prints or exits, so every command is: parse options, call one library
function inside :func:`user_errors`, format the result with :func:`emit`.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from prtranslate import __version__
from prtranslate.errors import PrtranslateError
from prtranslate.outputs import inputs_protected, printable, silence_stdout, write_atomic, write_stdout

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
    if sys.stderr is not None:
        try:
            sys.stderr.write(f"prtranslate: error: {' '.join(printable(str(message)).split())}\n")
            sys.stderr.flush()
        except OSError:  # stderr gone too: the exit code still tells
            pass
    return typer.Exit(code)


def user_errors(func: F) -> F:
    """Turn library errors into one stderr line and the error's exit code (no traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with inputs_protected():   # -o never replaces a release file the command read
                return func(*args, **kwargs)
        except PrtranslateError as err:
            raise fail(str(err), err.exit_code) from None
        except KeyboardInterrupt:  # Ctrl-C (130), or SIGTERM (143: prtranslate.workers.Terminated)
            from prtranslate.workers import interrupt_exit_code, interrupt_message

            raise fail(interrupt_message(), interrupt_exit_code()) from None
        except BrokenPipeError:
            # `prtranslate align … | head`: the reader left; nothing to report.
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def emit(text: str, output: str | None) -> None:
    """Write ``text`` to ``output`` atomically, or to stdout when no output path (or ``-``) is given.

    Every text result goes through :func:`printable`: no escape sequence from a release reaches a
    terminal (JSON stays valid: it never holds a raw control character but DEL and C1, dropped here).
    """
    text = printable(text)
    if output and output != "-":
        write_atomic(output, text)
    else:
        write_stdout(text)


def emit_bytes(data: bytes, output: str | None) -> None:
    """Write an XML result (TMX, TBX) to ``output`` atomically, or to stdout."""
    if output and output != "-":
        write_atomic(output, data)
    else:
        write_stdout(data)


def _version(value: bool) -> None:
    if value:
        write_stdout(f"prtranslate {__version__}\n")
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
from prtranslate.cli.options import use_uniform_help  # noqa: E402

# After every command module above: their help in one style (tests/test_cli_help.py walks them all).
use_uniform_help(app)


def _usage_line(err: typer.TyperException) -> str:
    """A usage error as one line: the command, what is wrong (the option and its allowed values)."""
    ctx = getattr(err, "ctx", None)
    command = " ".join(ctx.command_path.split()[1:]) if ctx is not None else ""
    message = err.format_message()
    if message[:2].istitle():
        message = message[0].lower() + message[1:]
    # typer reports an enum choice as "Value error, 'x' is not one of …"
    message = message.replace(": Value error, ", ": ")
    hint = f" (see prtranslate {command} --help)" if command else " (see prtranslate --help)"
    return (f"{command}: " if command else "") + message.rstrip(".") + hint


def main() -> None:
    """The ``prtranslate`` command: usage errors as one line (exit 2), stdout failures as exit 7."""
    from prtranslate.workers import handle_termination, interrupt_exit_code, interrupt_message

    handle_termination()  # SIGTERM stops a command as Ctrl-C does (exit 143)
    if sys.stdout is None:
        # Started with stdout closed (`>&-`): keep descriptor 1 taken, so no file opened later gets it;
        # writing a result still fails (sys.stdout stays None), with one line and exit 7.
        try:
            fd = os.open(os.devnull, os.O_WRONLY)
            if fd != 1:
                os.dup2(fd, 1)
                os.close(fd)
        except OSError:  # pragma: no cover
            pass
    try:
        code = app(prog_name="prtranslate", standalone_mode=False)
    except typer.TyperException as err:  # a usage error (typer's vendored click's UsageError)
        ctx = getattr(err, "ctx", None)
        if ctx is not None and err.format_message() == ctx.get_help():
            # `prtranslate corpus` with no sub-command: the help is the answer.
            sys.stderr.write(err.format_message() + "\n")
            sys.exit(2)
        raise SystemExit(fail(_usage_line(err), getattr(err, "exit_code", 2)).exit_code) from None
    except PrtranslateError as err:  # raised outside a command (--version on a full disk)
        raise SystemExit(fail(str(err), err.exit_code).exit_code) from None
    except typer.Abort:
        raise SystemExit(fail("aborted", 1).exit_code) from None
    except KeyboardInterrupt:  # Ctrl-C (130), or SIGTERM (143: prtranslate.workers.Terminated)
        raise SystemExit(fail(interrupt_message(), interrupt_exit_code()).exit_code) from None
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()
    except OSError as err:
        silence_stdout()
        raise SystemExit(fail(f"cannot write to standard output: {err.strerror or err}", 7).exit_code) from None
    sys.exit(code if isinstance(code, int) else 0)
