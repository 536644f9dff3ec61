"""Batch and learned-lexicon benchmark on releases built from ../shared's Korean–English news.

1. Throughput: releases per second of ``prtranslate corpus add`` (the real command, a fresh
   store each run, process start included) on 60 releases, with 1 and 2 workers, with and
   without the checker; the best of ``--repeat`` runs, all runs listed.
2. The learned lexicon's effect on alignment: bench documents are split by document into two
   halves whose sentences do not overlap. One half is ingested into a store (aligned by
   prtranslate itself: no gold is used), the lexicon is learned from the store, and the
   *other* half is aligned with and without it and scored against its gold beads (strict
   bead F1 and link F1, as ``shared/tools/score_align.py`` computes them). Both folds are run.

    python benchmarks/bench_corpus.py [--shared ../shared] [--seed 7 ...] [--repeat 3] [--no-speed]
                                      [--no-lexicon]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRTRANSLATE_SHARED", ROOT.parent / "shared"))


def build(shared: Path, out: Path, seed: int, docs: int) -> Path:
    news = shared / "data" / "korean-english-news"
    subprocess.run([sys.executable, str(shared / "tools" / "make_align_bench.py"), str(news / "dev.ko"),
                    str(news / "dev.en"), str(out), "--seed", str(seed), "--docs", str(docs)], check=True)
    return out


def throughput(shared: Path, work: Path, repeat: int = 1) -> list[dict[str, object]]:
    folder = work / "sixty"
    build(shared, folder / "a", 1, 30)
    build(shared, folder / "b", 2, 30)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    rows = []
    for check in (False, True):
        for workers in (1, 2):
            times = []
            for run in range(repeat):
                db = work / f"speed-{workers}-{check}-{run}.db"  # a fresh store each run
                command = [sys.executable, "-m", "prtranslate", "corpus", "add", str(folder), "--db", str(db),
                           "--workers", str(workers), "--check" if check else "--no-check"]
                start = time.perf_counter()
                result = subprocess.run(command, env=env, capture_output=True, text=True)
                times.append(time.perf_counter() - start)
                if result.returncode != 0:
                    raise SystemExit(f"corpus add failed: {result.stderr.strip()}")
            seconds = min(times)  # the machine is shared: the best run is the least disturbed
            rows.append({"workers": workers, "check": check, "releases": 60, "seconds": round(seconds, 2),
                         "releases_per_second": round(60 / seconds, 2),
                         "all_runs_seconds": [round(t, 2) for t in times]})
            print(json.dumps(rows[-1]), flush=True)
    return rows


def score(stems: list[Path], sources) -> dict[str, float]:
    from bench_align import score as score_beads  # the figures of ../shared/tools/score_align.py

    from prtranslate.align import align_documents
    from prtranslate.documents import read_pair

    golds, preds = [], []
    for stem in stems:
        golds.append([(tuple(k), tuple(e)) for k, e in json.loads(Path(f"{stem}.gold.json").read_text())])
        ko, en = read_pair(f"{stem}.ko.txt", f"{stem}.en.txt")
        alignment = align_documents(ko, en, anchor_sources=sources)
        preds.append([(tuple(sorted(b.ko)), tuple(sorted(b.en))) for b in alignment.beads])
    figures = score_beads(golds, preds)
    return {"strict_f1": figures["strict_f1"], "link_f1": figures["link_f1"]}


def lexicon_effect(shared: Path, work: Path, seed: int) -> list[dict[str, object]]:
    from prtranslate.anchors import default_anchor_sources
    from prtranslate.corpus import ingest
    from prtranslate.lexicon import LexiconAnchors, learn_from_store
    from prtranslate.store import Store

    docs = build(shared, work / f"news-{seed}", seed, 60)
    stems = sorted(p.with_name(p.name[: -len(".gold.json")]) for p in docs.glob("*.gold.json"))
    half = len(stems) // 2
    halves = {"first": stems[:half], "second": stems[half:]}
    rows = []
    # The two honest folds, then hunalign's -realign (learned from the evaluated half's own automatic
    # alignment: no gold, but the same stories), for comparison.
    for learn_on, evaluate_on in (("first", "second"), ("second", "first"), ("second", "second")):
        folder = work / f"learn-{seed}-{learn_on}-{evaluate_on}"
        folder.mkdir()
        for stem in halves[learn_on]:
            for side in ("ko", "en"):
                (folder / f"{stem.name}.{side}.txt").write_bytes(Path(f"{stem}.{side}.txt").read_bytes())
        start = time.perf_counter()
        with Store(folder.with_suffix(".db")) as store:
            ingest(folder, store, workers=1, check=False)
            lexicon = learn_from_store(store)
        learn_seconds = time.perf_counter() - start
        source = LexiconAnchors(lexicon)
        without = score(halves[evaluate_on], default_anchor_sources())
        with_lexicon = score(halves[evaluate_on], [*default_anchor_sources(), source])
        rows.append({"seed": seed, "learn_on": f"{learn_on} half ({len(halves[learn_on])} docs)",
                     "evaluate_on": f"{evaluate_on} half ({len(halves[evaluate_on])} docs)",
                     "lexicon_pairs": len(lexicon), "new_beyond_seed_lexicon": len(source.ko),
                     "learn_seconds": round(learn_seconds, 1), "without": without,
                     "with_lexicon": with_lexicon})
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--seed", type=int, action="append", help="bench seeds for the lexicon part (7)")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs per throughput setting (best is shown)")
    parser.add_argument("--no-lexicon", action="store_true")
    args = parser.parse_args()
    if not (args.shared / "tools" / "make_align_bench.py").is_file() or not (
            args.shared / "data" / "korean-english-news").is_dir():
        sys.exit(f"bench_corpus: {args.shared} has no tools/make_align_bench.py and data/korean-english-news; "
                 "pass --shared DIR (or set PRTRANSLATE_SHARED)")
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        work = Path(tmp)
        if not args.no_speed:
            print("# corpus add throughput (60 releases)")
            throughput(args.shared, work, args.repeat)
        if not args.no_lexicon:
            print("# learned lexicon: learn on one half, evaluate on the other")
            for seed in args.seed or [7]:
                lexicon_effect(args.shared, work, seed)


if __name__ == "__main__":
    main()
