"""Shared fixtures: the bundled corpus, ../shared data (skipped when absent), and a CLI runner."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

# Property tests draw the same examples on every run (the suite must be deterministic); set
# HYPOTHESIS_PROFILE=explore to search with fresh random examples.
settings.register_profile("deterministic", derandomize=True, print_blob=True)
settings.register_profile("explore", max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("PRTRANSLATE_SHARED", ROOT.parent / "shared"))
ARCTIC = "2020-11-19-korea-russia-arctic-consultation"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory):
    """Every cache (translations, embeddings: prtranslate.caches) in a temporary folder, never the user's
    ~/.cache/prtranslate; subprocesses inherit it."""
    folder = tmp_path_factory.mktemp("prtranslate-cache")
    saved = os.environ.get("PRTRANSLATE_CACHE_DIR")
    os.environ["PRTRANSLATE_CACHE_DIR"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("PRTRANSLATE_CACHE_DIR", None)
    else:
        os.environ["PRTRANSLATE_CACHE_DIR"] = saved


@pytest.fixture
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture
def arctic() -> tuple[Path, Path]:
    """The Korea–Russia Arctic consultation release: (Korean file, English file)."""
    return CORPUS / f"{ARCTIC}.ko.txt", CORPUS / f"{ARCTIC}.en.txt"


@pytest.fixture
def shared_dir() -> Path:
    if not (SHARED / "data").is_dir():
        pytest.skip(f"../shared is not beside the project (looked in {SHARED})")
    return SHARED


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch):
    """Run ``prtranslate ARGS`` in-process; returns exit code, stdout and stderr separately."""
    from prtranslate.cli import app

    def run(*args: str | os.PathLike[str], input: str | None = None) -> CliResult:
        result = CliRunner().invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run
