"""Opening input files safely: regular files of bounded size, or standard input (``-``).

Every file prtranslate reads (a release, a glossary or termbase, a TMX file) is opened here, without
blocking (a FIFO is refused, not waited on), checked to be a regular file and no larger than the input
limit *before* it is read, and then read with that limit (a file that grows while read is cut off and
refused). The limit is 64 MiB, raised or lowered with ``PRTRANSLATE_MAX_INPUT`` (bytes, or with a
``K``/``M``/``G`` suffix); standard input is read up to the same limit.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys

from prtranslate.errors import InputError, PrtranslateError, UsageError
from prtranslate.outputs import display_name, protect_input

STDIN = "-"
STDIN_NAME = "<stdin>"
DEFAULT_MAX_INPUT = 64 * 1024 * 1024
MAX_INPUT_VARIABLE = "PRTRANSLATE_MAX_INPUT"

_SIZE = re.compile(r"^\s*(\d+)\s*([KMG]i?B?|B)?\s*$", re.IGNORECASE)


def max_input_size() -> int:
    """The input size limit in bytes: ``$PRTRANSLATE_MAX_INPUT`` (``200M``, ``1G``, ``500000``) or 64 MiB."""
    value = os.environ.get(MAX_INPUT_VARIABLE, "").strip()
    if not value:
        return DEFAULT_MAX_INPUT
    match = _SIZE.match(value)
    if not match:
        raise UsageError(f"{MAX_INPUT_VARIABLE}={value!r} is not a size (write e.g. 200M, 1G or 500000)")
    unit = (match[2] or "B")[0].upper()
    return int(match[1]) * {"B": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[unit]


def _mib(size: int) -> str:
    return f"{size / (1 << 20):.1f} MiB" if size >= 1 << 20 else f"{size:,} bytes"


def read_input(path: str | os.PathLike[str], what: str = "input file",
               error: type[PrtranslateError] = InputError) -> bytes:
    """The bytes of ``path`` (``-``: standard input), or ``error`` with one line saying why not.

    Refused before reading: a missing file, a dangling symbolic link or a link loop, a folder, anything
    that is not a regular file (a FIFO, a device, a socket), a file over :func:`max_input_size`.
    """
    limit = max_input_size()
    if os.fspath(path) == STDIN:
        return _read_stdin(limit, what, error)
    name = display_name(path)

    def refused(reason: str) -> PrtranslateError:
        # A release file: "x.ko.txt does not exist"; a glossary: "cannot read glossary g.tsv: it does not exist".
        if what == "release file":
            return error(f"{name} {reason}")
        return error(f"cannot read {what} {name}: it {reason}")

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as err:
        if os.path.islink(path):
            raise refused("is a symbolic link to a missing file") from err
        raise refused("does not exist") from err
    except IsADirectoryError as err:
        raise refused(f"is a folder, not a {what}") from err
    except OSError as err:
        raise error(f"cannot read {name}: {err.strerror or err}") from err
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise refused(f"is a folder, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise refused(f"is {_kind(info.st_mode)}, not a regular file; refused"
                          " (give a file, or - for standard input)")
        if what == "release file":
            protect_input(info)
        if info.st_size > limit:
            raise refused(f"is {_mib(info.st_size)}, over the input limit of {_mib(limit)}"
                          f" (raise it with {MAX_INPUT_VARIABLE}=SIZE, e.g. 200M)")
        os.set_blocking(fd, True)
        data = _read_bounded(fd, limit)
    except OSError as err:
        raise error(f"cannot read {name}: {err.strerror or err}") from err
    finally:
        os.close(fd)
    if len(data) > limit:
        raise error(f"{name} grew over the input limit of {_mib(limit)} while it was read"
                    f" (raise it with {MAX_INPUT_VARIABLE}=SIZE)")
    return data


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "a special file"


def _read_bounded(fd: int, limit: int) -> bytes:
    """Up to ``limit + 1`` bytes: one more than allowed tells that the input is too large."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _read_stdin(limit: int, what: str, error: type[PrtranslateError]) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise error("standard input is closed; give a file instead of -")
    if what == "release file":   # "- < en.txt -o en.txt": the file behind standard input is an input too
        try:
            info = os.fstat(stream.fileno())
        except (OSError, ValueError, AttributeError):   # not a file descriptor (a test's stream)
            info = None
        if info is not None and stat.S_ISREG(info.st_mode):
            protect_input(info)
    try:
        data = stream.read(limit + 1)
    except OSError as err:
        raise error(f"cannot read standard input: {err.strerror or err}") from err
    if len(data) > limit:
        raise error(f"standard input is over the input limit of {_mib(limit)}"
                    f" (raise it with {MAX_INPUT_VARIABLE}=SIZE)")
    return data


def unusable(path: str | os.PathLike[str]) -> str | None:
    """Why a file found in a folder cannot be read as an input (checked without opening it), or None:
    a name that is not UTF-8, a dangling link or a link loop, a folder, a FIFO or device, a file over
    the input limit."""
    try:
        os.fsdecode(path).encode("utf-8")
    except UnicodeEncodeError:
        return "the file name is not valid UTF-8; rename it"
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "a symbolic link to a missing file"
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "a symbolic link loop"
        return f"cannot read: {err.strerror or err}"
    if stat.S_ISDIR(info.st_mode):
        return "a folder, not a release file"
    if not stat.S_ISREG(info.st_mode):
        return f"{_kind(info.st_mode)}, not a regular file"
    if info.st_size > max_input_size():
        return f"{info.st_size:,} bytes, over the input limit (raise it with {MAX_INPUT_VARIABLE}=SIZE)"
    return None


def check_one_stdin(*paths: str | os.PathLike[str] | None) -> None:
    """A usage error when more than one of ``paths`` is ``-``: standard input can be read once."""
    if sum(1 for p in paths if p is not None and os.fspath(p) == STDIN) > 1:
        raise UsageError("standard input (-) can be given for one file only")
