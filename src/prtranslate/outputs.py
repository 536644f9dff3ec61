"""Writing results safely.

- :func:`write_atomic`: a ``-o`` path gets the whole result or keeps what it held; only a regular
  file or a new name is ever replaced (by a temp file in the same folder and a rename), a symbolic
  link has its target written that way, a device or FIFO is written into, a folder is refused;
- :func:`write_stdout`: standard output is flushed and checked, so a full disk or a closed stdout is
  an :class:`OutputError` (exit 7), not a silent truncation; a reader that left (``| head``) is a
  :class:`BrokenPipeError` the CLI ends on quietly;
- :func:`printable`: text for a terminal without the control characters and escape sequences an
  untrusted release could carry.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from prtranslate.errors import OutputError

# ESC sequences: CSI (colours, cursor moves), OSC/DCS/SOS/PM/APC strings (window titles, hyperlinks,
# clipboard writes) ended by BEL or ST, or by the end of the line when never ended; then any other
# two-character escape.
# The same with the 8-bit introducers (CSI U+009B; DCS, SOS, OSC, PM, APC strings when ended by BEL or ST).
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)"
)
# C0 controls but tab and newline, DEL, and C1 controls (U+0080–U+009F: 8-bit CSI, OSC …).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` without terminal control: escape sequences and C0/C1 control characters are removed,
    tab and newline kept. Applied to every text result and message the command line shows."""
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def display_name(path: str | os.PathLike[str]) -> str:
    """A file name as one printable line: bytes that are not UTF-8 as ``\\xNN``, controls (newline
    included) as ``\\n``/``\\xNN``."""
    name = os.fsencode(path).decode("utf-8", "backslashreplace")
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", name.replace("\n", "\\n").replace("\t", "\\t"))


# The release files the running command read (device, inode): ``-o`` never replaces one of them, so
# that ``align ko.txt en.txt -o en.txt`` cannot destroy the release it was given. Kept only while a
# command runs (:func:`inputs_protected`, entered by the CLI), so library callers are not affected.
_INPUT_RELEASES: set[tuple[int, int]] | None = None


@contextlib.contextmanager
def inputs_protected() -> Iterator[None]:
    """While a command runs, the release files it reads cannot be written by :func:`write_atomic`."""
    global _INPUT_RELEASES
    outer, _INPUT_RELEASES = _INPUT_RELEASES, set()
    try:
        yield
    finally:
        _INPUT_RELEASES = outer


def protect_input(info: os.stat_result) -> None:
    """Remember a release file read by the running command: :func:`write_atomic` refuses to replace it."""
    if _INPUT_RELEASES is not None:
        _INPUT_RELEASES.add((info.st_dev, info.st_ino))


def write_atomic(path: str | os.PathLike[str], data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one.

    Only a regular file or a new name is replaced; a symbolic link keeps being a link (its target is
    written atomically, in the target's folder); a device or FIFO (``/dev/null``) is written into;
    a folder, or a name ending in ``/``, is refused.
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    raw = os.fspath(path)
    shown = display_name(raw)
    if raw.endswith(("/", os.sep)):
        raise OutputError(f"cannot write {shown}: it names a folder; give a file name")
    target = Path(raw)
    try:
        if target.is_symlink():
            target = Path(os.path.realpath(target))
        info = target.stat()
    except FileNotFoundError:
        info = None
    except OSError as err:  # a symlink loop, a folder we may not search
        raise OutputError(f"cannot write {shown}: {err.strerror or err}") from err
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {shown}: it is a folder; give a file name")
    if info is not None and stat.S_ISREG(info.st_mode) and (info.st_dev, info.st_ino) in (_INPUT_RELEASES or ()):
        raise OutputError(f"cannot write {shown}: it is a release file this command read; write the result"
                          " elsewhere")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into(target, payload, shown)
        return target
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as err:
        raise OutputError(f"cannot write {shown}: {err.strerror or err}") from err
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        os.chmod(tmp, info.st_mode & 0o777 if info is not None else 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {shown}: {err.strerror or err}") from err
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _write_into(target: Path, payload: bytes, shown: str) -> None:
    """A device, FIFO or socket at the path: write into it as a shell redirection would."""
    try:
        with open(target, "wb", buffering=0) as handle:
            view = memoryview(payload)
            while view:
                view = view[handle.write(view) or 0:]
    except OSError as err:
        raise OutputError(f"cannot write {shown}: {err.strerror or err}") from err


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_stdout(data: str | bytes) -> None:
    """Write ``data`` to standard output, every byte of it, or raise :class:`OutputError`.

    The bytes go to the file descriptor in a loop of ``os.write`` (Python's buffered stdout drops what
    a short write to a nearly full disk left over, and exits 0). ``BrokenPipeError`` (the reader left)
    propagates for the caller to end quietly; standard output is then pointed at ``/dev/null`` so that
    the interpreter's last flush finds nothing to complain of.
    """
    stream = sys.stdout
    if stream is None:
        raise OutputError("cannot write to standard output: it is closed")
    try:
        fd: int | None = stream.fileno()
    except (AttributeError, OSError, ValueError):  # a test runner's stream: no descriptor
        fd = None
    try:
        if isinstance(data, bytes):
            payload = data
        else:
            payload = data.encode(getattr(stream, "encoding", None) or "utf-8", getattr(stream, "errors", None)
                                  or "strict")
    except UnicodeEncodeError as err:
        raise OutputError(f"cannot write to standard output: its encoding ({err.encoding}) cannot hold"
                          " the text; set PYTHONIOENCODING=utf-8") from err
    try:
        stream.flush()
        if fd is None:
            if isinstance(data, bytes):
                stream.buffer.write(data)
            else:
                stream.write(data)
            stream.flush()
            return
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
    except OSError as err:
        silence_stdout()
        if err.errno == errno.EPIPE:
            raise BrokenPipeError(errno.EPIPE, "broken pipe") from None
        raise OutputError(f"cannot write to standard output: {err.strerror or err}") from err
    except ValueError as err:  # "I/O operation on closed file"
        raise OutputError("cannot write to standard output: it is closed") from err


def silence_stdout() -> None:
    """Point file descriptor 1 at ``/dev/null``: what is left in the buffer then flushes harmlessly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:  # pragma: no cover - no /dev/null: nothing better to do
        pass
