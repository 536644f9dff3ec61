"""Machine-translation speed: sentences per second, transformers vs CTranslate2 int8, on CPU.

Two models, both in the layout of a published OPUS-MT model (see ``tests/mt_fixtures.py``):

- ``tiny``: the test suite's Marian model (d_model 64, 2+2 layers), trained on its sentences;
- ``opus-size``: random weights in the shape of an OPUS-MT model (d_model 512, 6+6 layers,
  8 heads, FFN 2048, 32,000-token vocabulary); no training, so no quality, only speed. Random
  weights rarely emit the end token, so every output runs to the length limit the engine sets
  (2 × input + 16 tokens) on both backends alike.

Each model is converted with ``prtranslate``'s converter (int8). Sentences go through
:meth:`Translator.hypotheses` without the cache: length-sorted batches of 16, beam 4, 4-best
lists, as ``prtranslate translate`` runs them. Model loading is timed apart, after one warm-up
batch. Prints figures; asserts nothing.

    python benchmarks/bench_mt.py [--threads 1] [--sentences 64] [--work DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from mt_fixtures import KO_EN, build_tiny_marian  # noqa: E402
from prtranslate.errors import ModelError  # noqa: E402
from prtranslate.mt.ct2 import convert_model  # noqa: E402
from prtranslate.mt.models import resolve_model  # noqa: E402
from prtranslate.translate import Translator  # noqa: E402


def build(work: Path, threads: int) -> dict[str, Path]:
    import torch

    torch.set_num_threads(threads)
    models = {}
    for name, kwargs in (("tiny", {}),
                         ("opus-size", {"train": False, "d_model": 512, "layers": 6, "vocab_size": 32000})):
        folder = work / name
        if not (folder / "config.json").exists():
            start = time.perf_counter()
            build_tiny_marian(folder, **kwargs)
            print(f"built {name} in {time.perf_counter() - start:.1f}s", file=sys.stderr)
        ct2 = work / f"{name}-ct2"
        if not ct2.exists():
            convert_model(resolve_model(str(folder), "--model"), ct2, quantization="int8")
        models[name] = folder
        models[f"{name}-ct2"] = ct2
    return models


def measure(model: Path, backend: str, sentences: list[str], threads: int,
            device: str = "cpu") -> tuple[float, float, list[str]]:
    """(load seconds, sentences per second, best hypotheses)."""
    translator = Translator("ko", "en", model=str(model), backend=backend, use_cache=False, threads=threads,
                            device=device)
    start = time.perf_counter()
    translator.hypotheses(sentences[:16])   # loads the model, warms up
    load = time.perf_counter() - start
    start = time.perf_counter()
    best = [hyps[0].text for hyps in translator.hypotheses(sentences)]
    return load, len(sentences) / (time.perf_counter() - start), best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="CPU threads for both backends (default 1)")
    parser.add_argument("--sentences", type=int, default=64, help="sentences per run (default 64)")
    parser.add_argument("--work", type=Path, help="keep the models here (default: a temporary folder)")
    parser.add_argument("--device", action="append", choices=["cpu", "cuda"],
                        help="device(s) to measure on (default: cpu); with cpu and cuda, also how many best "
                             "hypotheses agree between the two")
    args = parser.parse_args()
    import os

    import torch

    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        models = build(work, args.threads)
        base = sorted({s for s, _ in KO_EN})
        # Distinct sentences: the engine translates a repeated sentence once.
        sentences = [base[i % len(base)] + ("" if i < len(base) else f" {i}") for i in range(args.sentences)]
        devices = args.device or ["cpu"]
        gpu = torch.cuda.get_device_name(0) if "cuda" in devices else ""
        print(f"# bench_mt: {len(sentences)} Korean sentences, beam 4, 4-best, batches of 16, "
              f"{args.threads} CPU thread(s) ({os.cpu_count()} cores){', ' + gpu if gpu else ''}, "
              f"torch {torch.__version__}")
        print(f"{'model':<10} {'backend':<13} {'device':<6} {'load s':>7} {'sent/s':>8} {'speed-up':>9}")
        for name in ("tiny", "opus-size"):
            rates: dict[tuple[str, str], float] = {}
            outputs: dict[tuple[str, str], list[str]] = {}
            for backend, folder in (("transformers", models[name]), ("ctranslate2", models[f"{name}-ct2"])):
                for device in devices:
                    try:
                        load, rate, best = measure(folder, backend, sentences, args.threads, device)
                    except ModelError as err:
                        print(f"{name:<10} {backend:<13} {device:<6} unavailable: {err}", flush=True)
                        continue
                    rates[backend, device] = rate
                    outputs[backend, device] = best
                    speedup = rate / rates.get(("transformers", devices[0]), rate)
                    print(f"{name:<10} {backend:<13} {device:<6} {load:>7.2f} {rate:>8.1f} {speedup:>8.2f}×",
                          flush=True)
            if len(devices) > 1:
                for backend in ("transformers", "ctranslate2"):
                    if (backend, "cuda") not in outputs or (backend, "cpu") not in outputs:
                        continue
                    same = sum(a == b for a, b in zip(outputs[backend, "cpu"], outputs[backend, "cuda"],
                                                      strict=True))
                    print(f"{name:<10} {backend:<13} cpu and cuda agree on {same}/{len(sentences)} best "
                          "hypotheses")


if __name__ == "__main__":
    main()
