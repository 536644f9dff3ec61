"""Worker processes die with the command; Ctrl-C and SIGTERM stop a batch promptly and cleanly
(issue 10, item 12). Each case runs the real command in its own process group, signals it at one
moment of a batch, and then looks in /proc for any process of that group still alive."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPUS

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

INTERRUPTED, TERMINATED = 130, 143


def _alive_in_group(pgid: int) -> list[int]:
    alive = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        state, _ppid, group = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(group) == pgid and state != "Z":
            alive.append(int(entry))
    return alive


def _children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _signal_at(args: list[str], sig: int, moment: str, tmp_path: Path,
               command: tuple[str, ...] = (sys.executable, "-m", "prtranslate")) -> tuple[int | None, float, str]:
    """Start ``prtranslate ARGS`` (or ``command ARGS``), send ``sig`` at ``moment`` ("workers": as
    soon as the first worker exists; "workers+S": S seconds later); its exit code (None: it hung),
    seconds to exit after the signal, and stderr. Fails when any process of its group survives it."""
    err_path = tmp_path / "stderr.txt"
    with err_path.open("w") as err:
        proc = subprocess.Popen([*command, *args], stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert proc.poll() is None, "the command ended before it started a worker"
        assert _children(proc.pid), "no worker started within 60 s"
        if "+" in moment:
            time.sleep(float(moment.split("+")[1]))
        sent = time.monotonic()
        proc.send_signal(sig)
        try:
            code: int | None = proc.wait(20)
        except subprocess.TimeoutExpired:
            code = None
        took = time.monotonic() - sent
        left: list[int] = []
        for _ in range(40):  # a worker's watchdog looks twice a second
            left = _alive_in_group(proc.pid)
            if not left:
                break
            time.sleep(0.1)
        assert not left, f"processes {left} outlived the command"
    finally:
        if _alive_in_group(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)
    return code, took, err_path.read_text()


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> Path:
    """600 small releases (the bundled samples under many names): a batch that lasts a few seconds."""
    folder = tmp_path_factory.mktemp("releases")
    for path in sorted(CORPUS.glob("*.txt")):
        data = path.read_bytes()
        for copy in range(120):
            (folder / f"2021-{copy // 28 + 1:02d}-{copy % 28 + 1:02d}-{path.name}").write_bytes(data)
    return folder


CASES = [
    (signal.SIGINT, "workers", INTERRUPTED),      # Ctrl-C while the pool starts
    (signal.SIGINT, "workers+0.4", INTERRUPTED),  # Ctrl-C in the middle of the batch
    (signal.SIGTERM, "workers", TERMINATED),
    (signal.SIGTERM, "workers+0.4", TERMINATED),
    (signal.SIGKILL, "workers", -signal.SIGKILL),
    (signal.SIGKILL, "workers+0.4", -signal.SIGKILL),
]


@pytest.mark.parametrize(("sig", "moment", "expected"), CASES,
                         ids=[f"{signal.Signals(s).name}-{m}" for s, m, _ in CASES])
def test_corpus_add_stops_promptly_and_leaves_no_worker(releases, tmp_path, sig, moment, expected):
    db = tmp_path / "store.db"
    code, took, stderr = _signal_at(["corpus", "add", str(releases), "--db", str(db), "--workers", "2",
                                     "--no-check"], sig, moment, tmp_path)
    assert code == expected, stderr
    assert took < 10
    if sig != signal.SIGKILL:
        word = "interrupted" if sig == signal.SIGINT else "terminated"
        assert stderr.endswith("run the same command again to finish\n"), stderr
        assert f"prtranslate: error: {word} with " in stderr
        assert "Traceback" not in stderr


def test_interrupted_batch_finishes_when_run_again(releases, tmp_path):
    db = tmp_path / "store.db"
    code, _, _ = _signal_at(["corpus", "add", str(releases), "--db", str(db), "--workers", "2", "--no-check"],
                            signal.SIGTERM, "workers+0.2", tmp_path)
    assert code == TERMINATED
    again = subprocess.run([sys.executable, "-m", "prtranslate", "corpus", "add", str(releases), "--db", str(db),
                            "--no-check"], capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("600 releases found: ")
    assert " 0 failed" in again.stdout


def _long_pair(tmp_path: Path) -> tuple[Path, Path]:
    """Enough paragraphs (≥ 4,000 in all) for align to find the Korean anchors in a worker."""
    ko = tmp_path / "long.ko.txt"
    en = tmp_path / "long.en.txt"
    name = "2020-11-19-korea-russia-arctic-consultation"
    ko.write_bytes(((CORPUS / f"{name}.ko.txt").read_bytes() + b"\n") * 300)
    en.write_bytes(((CORPUS / f"{name}.en.txt").read_bytes() + b"\n") * 300)
    return ko, en


@pytest.mark.parametrize(("sig", "expected"), [(signal.SIGTERM, TERMINATED), (signal.SIGINT, INTERRUPTED),
                                               (signal.SIGKILL, -signal.SIGKILL)],
                         ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_align_anchor_worker_dies_with_the_command(tmp_path, sig, expected):
    ko, en = _long_pair(tmp_path)
    code, took, stderr = _signal_at(["align", str(ko), str(en), "-f", "jsonl"], sig, "workers+0.1", tmp_path)
    assert code == expected, stderr
    assert took < 10
    if sig != signal.SIGKILL:
        assert stderr == ("prtranslate: error: terminated\n" if sig == signal.SIGTERM
                          else "prtranslate: error: interrupted\n")


POOL_SCRIPT = """
import multiprocessing, sys, time
from prtranslate.workers import WorkerPool

if __name__ == "__main__":
    with WorkerPool(2, multiprocessing.get_context(sys.argv[1])) as pool:
        [pool.submit(time.sleep, 60) for _ in range(4)]
        time.sleep(60)
"""


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_workers_of_other_start_methods_die_with_the_command(tmp_path, method):
    """Workers started by a fork server (used when the command runs other threads) or spawned."""
    script = tmp_path / "pool.py"
    script.write_text(POOL_SCRIPT)
    code, _, stderr = _signal_at([str(script), method], signal.SIGKILL, "workers+1.5", tmp_path,
                                    command=(sys.executable,))
    assert code == -signal.SIGKILL, stderr


def test_a_caller_reading_the_pipes_is_not_left_waiting(releases, tmp_path):
    """kill -9 of a batch: its workers held the caller's pipes open, so a caller reading them hung."""
    proc = subprocess.Popen([sys.executable, "-m", "prtranslate", "corpus", "add", str(releases), "--db",
                             str(tmp_path / "store.db"), "--workers", "2", "--no-check"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not _children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(0.3)
        proc.kill()
        proc.communicate(timeout=15)  # end of file on both pipes: nobody holds them any more
    finally:
        if _alive_in_group(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)
    assert proc.returncode == -signal.SIGKILL
