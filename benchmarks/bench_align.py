"""Paragraph-alignment benchmark on documents built from ../shared's Korean–English news.

Prints strict bead F1, link F1 and the share of one-sided paragraphs found for prtranslate's
aligner and for a length-only Gale–Church baseline (implemented here), with times; then the
speed of aligning a 9,000 × 9,000-paragraph document (the news data repeated), and the time
and memory of a 5 MB pair whose one side runs ahead of the other (the drift case).

    python benchmarks/bench_align.py [--shared ../shared] [--docs 60] [--seed 7] [--no-speed]
                                     [--no-drift] [--drift-size BYTES]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from prtranslate.align import Aligner, AlignerSettings
from prtranslate.documents import read_document

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the project, or where PRTRANSLATE_SHARED says (as for the tests).
SHARED = Path(os.environ.get("PRTRANSLATE_SHARED", ROOT.parent / "shared"))


def build_docs(shared: Path, out: Path, seed: int, docs: int) -> list[Path]:
    news = shared / "data" / "korean-english-news"
    subprocess.run([sys.executable, str(shared / "tools" / "make_align_bench.py"), str(news / "dev.ko"),
                    str(news / "dev.en"), str(out), "--seed", str(seed), "--docs", str(docs)], check=True)
    return sorted(out.glob("*.gold.json"))


def score(golds: list[list[tuple[tuple[int, ...], tuple[int, ...]]]],
          preds: list[list[tuple[tuple[int, ...], tuple[int, ...]]]]) -> dict[str, float]:
    """The same figures as ../shared/tools/score_align.py."""
    tp = fp = fn = ltp = lfp = lfn = gone_ok = gone_n = 0
    for gold, pred in zip(golds, preds, strict=True):
        g = {b for b in gold if b[0] and b[1]}
        p = {b for b in pred if b[0] and b[1]}
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
        gl = {(k, e) for ks, es in gold for k in ks for e in es}
        pl = {(k, e) for ks, es in pred for k in ks for e in es}
        ltp += len(gl & pl)
        lfp += len(pl - gl)
        lfn += len(gl - pl)
        gone = {b for b in gold if not (b[0] and b[1])}
        gone_n += len(gone)
        gone_ok += len(gone & set(pred))
    return {
        "strict_f1": round(2 * tp / max(1, 2 * tp + fp + fn), 4),
        "link_f1": round(2 * ltp / max(1, 2 * ltp + lfp + lfn), 4),
        "one_sided_found": round(gone_ok / max(1, gone_n), 4),
    }


def gale_church(ko: list[str], en: list[str]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Length-only Gale–Church (1993) over characters, full DP: the classic baseline."""
    lk = [len(t.replace(" ", "")) for t in ko]
    le = [len(t.replace(" ", "")) for t in en]
    c = sum(le) / max(1, sum(lk))
    s2 = 6.8 * c
    priors = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089}
    n, m = len(ko), len(en)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0

    def match(l1: int, l2: int) -> float:
        if l1 == 0 and l2 == 0:
            return 0.0
        mean = (l1 + l2 / c) / 2
        z = (c * l1 - l2) / math.sqrt(s2 * max(mean, 1e-9))
        p = 2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2))))
        return -math.log(max(p, 1e-12))

    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            for (a, b), prior in priors.items():
                if i < a or j < b or cost[i - a][j - b] == inf:
                    continue
                length = 0.0 if a == 0 or b == 0 else match(sum(lk[i - a : i]), sum(le[j - b : j]))
                total = cost[i - a][j - b] - math.log(prior) + length
                if total < cost[i][j]:
                    cost[i][j] = total
                    back[i][j] = (a, b)
    beads = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        a, b = step
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return beads[::-1]


def evaluate(gold_paths: list[Path], method, label: str) -> dict[str, float]:
    golds, preds = [], []
    start = time.perf_counter()
    for gold_path in gold_paths:
        stem = str(gold_path)[: -len(".gold.json")]
        ko = [p.text for p in read_document(stem + ".ko.txt").paragraphs]
        en = [p.text for p in read_document(stem + ".en.txt").paragraphs]
        golds.append([(tuple(k), tuple(e)) for k, e in json.loads(gold_path.read_text())])
        preds.append(method(ko, en))
    result = score(golds, preds)
    result["seconds"] = round(time.perf_counter() - start, 2)
    print(f"{label:<28} {json.dumps(result)}", flush=True)
    return result


def prtranslate_method(settings: AlignerSettings | None = None, scorers=()):
    aligner = Aligner(settings=settings, scorers=scorers)

    def run(ko: list[str], en: list[str]):
        return [(b.ko, b.en) for b in aligner.align(ko, en)]

    return run


def speed(shared: Path, size: int = 9000) -> None:
    """Align the news data repeated to ``size`` paragraphs a side; time it, then its peak memory apart."""
    news = shared / "data" / "korean-english-news"
    ko_lines = [x.strip() for x in (news / "dev.ko").read_text(encoding="utf-8").splitlines() if x.strip()]
    en_lines = [x.strip() for x in (news / "dev.en").read_text(encoding="utf-8").splitlines() if x.strip()]
    for n in (size // 4, size // 2, size):
        ko = (ko_lines * (n // len(ko_lines) + 1))[:n]
        en = (en_lines * (n // len(en_lines) + 1))[:n]
        start = time.perf_counter()
        beads = Aligner().align(ko, en)
        seconds = time.perf_counter() - start
        ones = sum(1 for b in beads if len(b.ko) == 1 and len(b.en) == 1 and b.ko[0] == b.en[0])
        # Memory in a fresh process, so earlier runs and tracing overhead do not count.
        code = ("import sys, tracemalloc; from prtranslate.align import Aligner; "
                "ko=sys.stdin.readline().split('\\x1f'); en=sys.stdin.readline().split('\\x1f'); "
                "tracemalloc.start(); Aligner().align(ko,en); print(tracemalloc.get_traced_memory()[1]/2**20)")
        feed = "\x1f".join(ko) + "\n" + "\x1f".join(en) + "\n"
        grown = subprocess.run([sys.executable, "-c", code], input=feed, capture_output=True, text=True,
                               check=True).stdout.strip()
        print(f"speed: {n} x {n} paragraphs aligned in {seconds:.2f} s "
              f"(peak traced memory {float(grown):.0f} MiB; {ones / n:.1%} of pairs on the diagonal)", flush=True)


def drift(size: int = 5_000_000) -> None:
    """One side running ahead: the bundled Arctic release repeated, both files cut at ``size`` bytes.

    The English version is longer, so it holds about 130 copies fewer at 5 MB and the true path
    drifts some 2,500 paragraphs off the diagonal. Aligned by the command line in a child process;
    prints its wall time and peak resident memory (the band used to widen with the drift: 2.7 GB).
    """
    import os

    release = ROOT / "corpus" / "2020-11-19-korea-russia-arctic-consultation"
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for lang in ("ko", "en"):
            data = release.with_suffix(f".{lang}.txt").read_bytes().rstrip(b"\n") + b"\n\n"
            cut = (data * (size // len(data) + 1))[:size]
            path = Path(tmp) / f"drift.{lang}.txt"
            path.write_bytes(cut[: cut.rfind(b"\n") + 1])
            paths.append(path)
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "prtranslate", "align", *map(str, paths), "-f", "jsonl",
                                 "-o", str(Path(tmp) / "out.jsonl")])
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        beads = [json.loads(line) for line in (Path(tmp) / "out.jsonl").read_text().splitlines()] \
            if proc.returncode == 0 else []
    english = sum(1 for b in beads if b["en"] and "boilerplate" not in b["flags"])
    paired = sum(1 for b in beads if b["ko"] and b["en"])
    print(f"drift: two {size / 1e6:g} MB files, one side ahead: exit {proc.returncode}, {seconds:.1f} s, "
          f"peak memory {usage.ru_maxrss / 1024:.0f} MiB; {paired} of {english} English content "
          f"paragraphs paired", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--docs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--no-drift", action="store_true")
    ap.add_argument("--drift-size", type=int, default=5_000_000, help="bytes of each file of the drift case")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--scorer", action="append", default=[],
                    help="also evaluate with this similarity scorer (e.g. embedding; needs its extra)")
    args = ap.parse_args()
    if not (args.shared / "tools" / "make_align_bench.py").exists():
        sys.exit(f"bench_align: {args.shared} has no tools/make_align_bench.py; pass --shared DIR "
                 "(or set PRTRANSLATE_SHARED)")
    with tempfile.TemporaryDirectory() as tmp:
        golds = build_docs(args.shared, Path(tmp), args.seed, args.docs)
        print(f"{len(golds)} documents (seed {args.seed})")
        if not args.no_baseline:
            evaluate(golds, gale_church, "gale-church (length only)")
        evaluate(golds, prtranslate_method(), "prtranslate")
        for name in args.scorer:
            from prtranslate.scorers import make_scorer

            evaluate(golds, prtranslate_method(scorers=[make_scorer(name)]), f"prtranslate + {name}")
    if not args.no_speed:
        speed(args.shared)
    if not args.no_drift:
        drift(args.drift_size)


if __name__ == "__main__":
    main()
