"""Worker processes that never outlive the command, and SIGTERM handled like Ctrl-C.

Every process pool of prtranslate (``corpus add --workers N``, the anchor worker of a long
``align``) is a :class:`WorkerPool`:

- a worker dies with the command: on Linux the kernel sends it SIGKILL when its parent goes
  (``prctl(PR_SET_PDEATHSIG)``), and a watchdog thread in the worker checks twice a second
  that its parent and the command are still there (other systems; a fork server's workers,
  whose parent is the server; a command that died before the worker started);
- workers ignore Ctrl-C (the command alone decides what to do with it) and die on SIGTERM;
- leaving the pool, however it is left (done, an error, Ctrl-C, SIGTERM), cancels the work not
  started and stops the workers, so exiting never waits on a worker that waits for work;
- signals are blocked while workers are forked, so a Ctrl-C at that moment reaches the command
  alone, after the workers have set their own handlers.

:func:`handle_termination` makes SIGTERM raise :class:`Terminated`, a ``KeyboardInterrupt``:
every clean-up that Ctrl-C runs also runs for SIGTERM. The command line exits 130 after
Ctrl-C and 143 after SIGTERM (:func:`interrupt_exit_code`).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 0.5
_STOP_SECONDS = 2.0
_terminated = False


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: stop as Ctrl-C stops (it is a ``KeyboardInterrupt``)."""


def _on_sigterm(signum: int, frame: object) -> None:
    global _terminated
    _terminated = True
    raise Terminated()


def handle_termination() -> None:
    """In the main thread of a command: SIGTERM raises :class:`Terminated` (clean shutdown)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)


def interrupt_exit_code() -> int:
    """The exit code of an interrupted command: 143 after SIGTERM, 130 after Ctrl-C."""
    return 143 if _terminated else 130


def interrupt_message() -> str:
    return "terminated" if _terminated else "interrupted"


def _started(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from /proc), None if it is gone; tells a
    reused pid from the process that had it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat[stat.rindex(")") + 2 :].split()[19]
    except (OSError, IndexError):
        return None


def _alive(owner: tuple[int, str | None]) -> bool:
    pid, started = owner
    if started is not None:
        return _started(pid) == started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def die_with_parent(owner: tuple[int, str | None]) -> None:
    """Make this process die when ``owner`` (the command's pid and start time) goes away.

    The kernel kills it when its parent goes (Linux); a watchdog thread also checks, twice a
    second, that its parent is the same and that the command still runs: a worker started by a
    fork server has the server as parent, and the server outlives the command while any of its
    workers does.
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the watchdog remains
            pass
    if not _alive(owner) or (owner[0] == parent and os.getppid() != parent):
        os._exit(1)  # the command died before this process was ready

    def watch() -> None:
        while True:
            time.sleep(_WATCH_SECONDS)
            if os.getppid() != parent or not _alive(owner):
                os._exit(1)

    threading.Thread(target=watch, name="prtranslate-parent-watchdog", daemon=True).start()


def _init_worker(owner: tuple[int, str | None], initializer: Callable[..., object] | None,
                 initargs: tuple[Any, ...]) -> None:
    """Pool initializer: die with the command, ignore Ctrl-C, die on SIGTERM, then the caller's own."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    die_with_parent(owner)
    if initializer is not None:
        initializer(*initargs)


@contextmanager
def _signals_blocked() -> Iterator[None]:
    """SIGINT and SIGTERM held back (in this thread) while workers are forked; delivered after."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class WorkerPool:
    """A ``ProcessPoolExecutor`` whose workers die with the command and are stopped on every way out.

    Use it as a context manager; :meth:`submit` as the executor's. On leaving, normally or not,
    pending work is cancelled and the workers are stopped (SIGTERM, then SIGKILL after
    :data:`_STOP_SECONDS`); a normal exit first lets the workers finish what they hold.
    """

    def __init__(self, max_workers: int, mp_context: Any, initializer: Callable[..., object] | None = None,
                 initargs: tuple[Any, ...] = ()) -> None:
        owner = (os.getpid(), _started(os.getpid()))
        self.executor = ProcessPoolExecutor(max_workers=max_workers, mp_context=mp_context,
                                            initializer=_init_worker, initargs=(owner, initializer, initargs))

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with _signals_blocked():  # the first submit forks the workers
            return self.executor.submit(fn, *args, **kwargs)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: object) -> None:
        self.stop(wait=kind is None)

    def pids(self) -> list[int]:
        return [p.pid for p in self._processes() if p.pid is not None]

    def _processes(self) -> list[Any]:
        # The executor keeps its processes in a private mapping; it is the only handle on them.
        return list((getattr(self.executor, "_processes", None) or {}).values())

    def stop(self, wait: bool = False) -> None:
        """Cancel pending work and stop the workers (``wait``: let them finish their tasks first)."""
        processes = self._processes()
        if wait:
            try:
                self.executor.shutdown(wait=True, cancel_futures=True)
                return
            except BaseException:  # Ctrl-C or SIGTERM while waiting: stop them now
                self.stop(wait=False)
                raise
        manager = getattr(self.executor, "_executor_manager_thread", None)
        self.executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        deadline = time.monotonic() + _STOP_SECONDS
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(1.0)
        # The executor's thread notices its workers gone and closes its pipes; let it finish now, or
        # the interpreter's exit handler may write to a pipe it is closing (a traceback at exit).
        if manager is not None and manager is not threading.current_thread():
            manager.join(_STOP_SECONDS)
