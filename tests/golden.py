"""Golden-file CLI testing shared by the command test tables (translate-toolkit's snapshot style).

A case runs one command in a temporary folder holding its inputs; its expectations live in
``tests/data/<case>/``: ``expected_exit_code``, ``expected_stdout``, ``expected_stderr`` and
``expected_files/`` (every file the command wrote). ``PRTRANSLATE_UPDATE_GOLDEN=1`` rewrites them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
UPDATE = os.environ.get("PRTRANSLATE_UPDATE_GOLDEN") == "1"


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def prepare(folder: Path, releases: Iterable[str] = (), inputs: Path | None = None) -> dict[str, bytes]:
    """Copy corpus releases (``NAME.ko.txt``/``NAME.en.txt``) and a case's ``input/`` files into ``folder``."""
    for release in releases:
        for name in (f"{release}.ko.txt", f"{release}.en.txt"):
            shutil.copyfile(CORPUS / name, folder / name)
    if inputs is not None and inputs.is_dir():
        for path in inputs.iterdir():
            shutil.copyfile(path, folder / path.name)
    return files(folder)


def compare(expected: Path, actual: bytes, test_file: str) -> None:
    """Assert ``actual`` equals the golden file (or rewrite it when updating)."""
    if UPDATE:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_bytes(actual)
        return
    if not expected.exists():
        pytest.fail(f"{expected} is missing; run: PRTRANSLATE_UPDATE_GOLDEN=1 python -m pytest {test_file}")
    assert actual.decode("utf-8") == expected.read_bytes().decode("utf-8"), f"differs from {expected}"


def check_run(result, written: dict[str, bytes], golden: Path, test_file: str,
              normalise: Callable[[bytes], bytes] = lambda data: data) -> None:
    """Compare a command's exit code, stdout, stderr and written files with the case's golden files."""
    compare(golden / "expected_exit_code", f"{result.exit_code}\n".encode(), test_file)
    compare(golden / "expected_stdout", normalise(result.stdout.encode("utf-8")), test_file)
    compare(golden / "expected_stderr", result.stderr.encode("utf-8"), test_file)
    files_dir = golden / "expected_files"
    if UPDATE and files_dir.exists():
        shutil.rmtree(files_dir)
    for name, data in written.items():
        compare(files_dir / name, normalise(data), test_file)
    expected_names = (sorted(str(p.relative_to(files_dir)) for p in files_dir.rglob("*") if p.is_file())
                      if files_dir.exists() else [])
    assert sorted(written) == expected_names


def assert_clean_failure(result, written: dict[str, bytes], folder: Path) -> None:
    """A failed command: one stderr line, nothing on stdout, no file left behind (not even a temp file)."""
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("prtranslate: error: ")
    assert written == {}, "a failed run left a file behind"
    assert not any(p.name.endswith(".part") for p in folder.rglob("*"))


def stale_folders(prefix: str, names: Iterable[str]) -> set[str]:
    """Golden folders named ``prefix*`` that no case uses any more."""
    return {p.name for p in DATA.glob(f"{prefix}*") if p.is_dir()} - set(names)
