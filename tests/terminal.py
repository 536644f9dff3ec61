"""Run a command with its stdout on a pseudo-terminal, as a person at a terminal would see it."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import termios


def run_on_terminal(args: list[str], env: dict[str, str], columns: int | None = None) -> str:
    """What ``args`` printed on a pseudo-terminal (``columns`` wide when given); it must exit 0."""
    master, slave = pty.openpty()
    if columns is not None:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    chunks = []
    try:
        process = subprocess.Popen(args, stdout=slave, stderr=subprocess.DEVNULL, env=env)
        os.close(slave)
        while True:   # read while it writes: a full terminal buffer would block it
            try:
                chunk = os.read(master, 65536)
            except OSError:   # the other end is closed: all read
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=120) == 0
    finally:
        os.close(master)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
