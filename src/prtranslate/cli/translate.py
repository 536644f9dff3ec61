"""``prtranslate translate``, ``prtranslate fill`` and ``prtranslate model convert``: machine translation.

Exit codes: 0 success; otherwise those of :mod:`prtranslate.errors` (3 input, 4 glossary,
5 no usable model or the ``mt`` extra missing, 7 output).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

import typer

from prtranslate.cli import app, emit, emit_bytes, user_errors
from prtranslate.cli.options import (
    EnFileArgument,
    GlossaryOption,
    KoFileArgument,
    Language,
    NoGlossaryOption,
    OutputOption,
)


class Backend(StrEnum):
    transformers = "transformers"
    ctranslate2 = "ctranslate2"


class TranslateFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"
    tmx = "tmx"


class FillFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"


ModelOption = Annotated[str | None, typer.Option(
    "--model", "-m", help="Model folder or Hugging Face id (default: $PRTRANSLATE_MODEL_KO_EN / "
    "$PRTRANSLATE_MODEL_EN_KO, else Helsinki-NLP/opus-mt-tc-big-ko-en / -en-ko).")]
BackendOption = Annotated[Backend, typer.Option(
    "--backend", "-b", help="transformers, or ctranslate2 for a model made by `prtranslate model convert`.")]
CacheDirOption = Annotated[str | None, typer.Option(
    "--cache-dir", help="Translation cache folder (default: $XDG_CACHE_HOME/prtranslate).")]
NoCacheOption = Annotated[bool, typer.Option(
    "--no-cache", help="Neither read nor write the translation cache.")]
NBestOption = Annotated[int, typer.Option(
    "--n-best", min=1, max=16, help="Hypotheses per sentence to pick a glossary-compliant one from.")]
BatchOption = Annotated[int, typer.Option("--batch-size", min=1, help="Sentences per model call.")]
ThreadsOption = Annotated[int, typer.Option(
    "--threads", min=0, help="CPU threads for the model (0: default).")]


class Device(StrEnum):
    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"


DeviceOption = Annotated[Device, typer.Option(
    "--device", help="Where the model runs: auto (a CUDA GPU when there is one), cpu or cuda.")]
TmOption = Annotated[str | None, typer.Option(
    "--tm", envvar="PRTRANSLATE_DB", metavar="DB",
    help="Release store whose translation memory is consulted first (default: ./prtranslate.db if present).")]
NoTmOption = Annotated[bool, typer.Option("--no-tm", help="Do not consult a translation memory.")]
TmMinOption = Annotated[float, typer.Option(
    "--tm-min", min=50, max=100, help="Reuse translation-memory matches of at least this percentage.")]

#: Inputs with at least this many sentences get a progress bar (on a terminal only).
PROGRESS_MIN = 20


@contextlib.contextmanager
def _progress() -> Iterator[Any]:
    """A progress callback drawing a rich bar on stderr, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task: list[Any] = []

        def update(done: int, total: int) -> None:
            if total < PROGRESS_MIN:
                return
            if not task:
                task.append(bar.add_task("translating sentences", total=total))
            bar.update(task[0], completed=done)

        yield update


def _note_flags(paragraphs) -> None:
    from prtranslate.translate import flagged_terms

    count, terms = flagged_terms(paragraphs)
    if count:
        missing = f"; glossary terms not rendered: {', '.join(terms)}" if terms else ""
        sys.stderr.write(f"prtranslate: note: {count} paragraph{'s' if count != 1 else ''} flagged{missing} "
                         "(details: --format jsonl)\n")


def _tm_db(tm: str | None, no_tm: bool) -> str | None:
    """The store to consult: --tm (or $PRTRANSLATE_DB), else ./prtranslate.db when it exists."""
    from pathlib import Path

    from prtranslate.store import DEFAULT_PATH

    if no_tm:
        return None
    if tm:
        return tm
    return DEFAULT_PATH if Path(DEFAULT_PATH).is_file() else None


def _options(model: str | None, backend: Backend, cache_dir: str | None, no_cache: bool, n_best: int,
             batch_size: int, threads: int, device: Device = Device.auto) -> dict[str, Any]:
    return {"model": model, "backend": backend.value, "cache_dir": cache_dir, "use_cache": not no_cache,
            "n_best": n_best, "beam_size": max(4, n_best), "batch_size": batch_size, "threads": threads,
            "device": device.value}


@app.command()
@user_errors
def translate(
    input_file: Annotated[str, typer.Argument(help="The release to translate (Korean or English).")],
    to: Annotated[Language | None, typer.Option(
        "--to", "-t", help="Target language (default: the other one).")] = None,
    model: ModelOption = None,
    backend: BackendOption = Backend.transformers,
    glossary: GlossaryOption = None,
    no_glossary: NoGlossaryOption = False,
    fmt: Annotated[TranslateFormat, typer.Option(
        "--format", "-f", help="Output format.")] = TranslateFormat.text,
    output: OutputOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    n_best: NBestOption = 4,
    batch_size: BatchOption = 16,
    threads: ThreadsOption = 0,
    device: DeviceOption = Device.auto,
    tm: TmOption = None,
    no_tm: NoTmOption = False,
    tm_min: TmMinOption = 95.0,
) -> None:
    """Machine-translate a release into the other language, glossary enforced, marked as machine output.

    Website boilerplate is dropped; every other paragraph is translated, in order, list markers kept.
    Translation-memory matches (release store, --tm) are reused first, marked [TM n%].
    """
    from prtranslate import translate as mt

    with _progress() as progress:
        doc = mt.translate_file(
            input_file, to.value if to else None, glossary_paths=glossary or [],
            use_bundled_glossary=not no_glossary, progress=progress, tm_db=_tm_db(tm, no_tm), min_match=tm_min,
            **_options(model, backend, cache_dir, no_cache, n_best, batch_size, threads, device),
        )
    if fmt is TranslateFormat.tmx:
        emit_bytes(mt.to_tmx(doc), output)
    elif fmt is TranslateFormat.jsonl:
        emit(mt.to_jsonl(doc), output)
    else:
        emit(mt.to_text(doc), output)
    _note_flags(doc.paragraphs)
    if doc.unavailable is not None:
        # What the memory gave is written; the rest is marked [NO MT]: now say why (exit 5).
        raise doc.unavailable


@app.command()
@user_errors
def fill(
    ko_file: KoFileArgument,
    en_file: EnFileArgument,
    to: Annotated[Language | None, typer.Option(
        "--to", "-t", help="The version to complete (default: the one lacking more paragraphs).")] = None,
    model: ModelOption = None,
    backend: BackendOption = Backend.transformers,
    glossary: GlossaryOption = None,
    no_glossary: NoGlossaryOption = False,
    fmt: Annotated[FillFormat, typer.Option("--format", "-f", help="Output format.")] = FillFormat.text,
    output: OutputOption = None,
    cache_dir: CacheDirOption = None,
    no_cache: NoCacheOption = False,
    n_best: NBestOption = 4,
    batch_size: BatchOption = 16,
    threads: ThreadsOption = 0,
    device: DeviceOption = Device.auto,
    tm: TmOption = None,
    no_tm: NoTmOption = False,
    tm_min: TmMinOption = 95.0,
) -> None:
    """Complete the version that lacks paragraphs with machine translations of the other's, marked [MT].

    Paragraphs are paired by the aligner; those of the other version left without a partner
    are translated and put in reading order. Website boilerplate is dropped.
    """
    from prtranslate import translate as mt

    with _progress() as progress:
        doc = mt.fill_files(
            ko_file, en_file, to.value if to else None, glossary_paths=glossary or [],
            use_bundled_glossary=not no_glossary, progress=progress, tm_db=_tm_db(tm, no_tm), min_match=tm_min,
            **_options(model, backend, cache_dir, no_cache, n_best, batch_size, threads, device),
        )
    emit(mt.filled_to_jsonl(doc) if fmt is FillFormat.jsonl else mt.filled_to_text(doc), output)
    _note_flags(p.mt for p in doc.paragraphs if p.mt is not None)
    if doc.unavailable is not None:
        raise doc.unavailable
    if not doc.filled:
        sys.stderr.write("prtranslate: nothing to fill: every paragraph has a counterpart\n")


model_app = typer.Typer(help="Prepare translation models: convert to CTranslate2.", no_args_is_help=True)
app.add_typer(model_app, name="model")


@model_app.command("convert")
@user_errors
def convert(
    model: Annotated[str, typer.Argument(help="The transformers model: a folder or a Hugging Face id.")],
    out_dir: Annotated[str, typer.Argument(help="Folder to write the CTranslate2 model to.")],
    quantization: Annotated[str, typer.Option(
        "--quantization", "-q",
        help="int8 (the fast CPU path), int8_float32, int16, float16 or float32.")] = "int8",
    force: Annotated[bool, typer.Option("--force", help="Replace OUT_DIR if it exists.")] = False,
) -> None:
    """Convert a transformers translation model to CTranslate2 (for --backend ctranslate2)."""
    from prtranslate.mt.ct2 import convert_model
    from prtranslate.mt.models import resolve_model

    spec = resolve_model(model, "--model", None, None)
    path = convert_model(spec, out_dir, quantization=quantization, force=force)
    emit(f"converted {spec.id} to {path} ({quantization}); "
         f"use it with --backend ctranslate2 --model {path}\n", None)
