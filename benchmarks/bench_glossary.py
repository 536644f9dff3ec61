"""Term-matching speed: a 5,000-entry glossary over 10,000 Korean and 10,000 English paragraphs.

The glossary is the bundled one plus synthetic entries made from the words of ../shared's
Korean–English news (Korean word stems, English word pairs), so many terms really occur; the
paragraphs are three news sentences drawn at random (seeded). Prints the time of each stage:
building the kiwipiepy analyser with the glossary's words (once per process), building the
automata, then matching. Matching is one automaton pass per paragraph; kiwipiepy only analyses
the words around a candidate, and each distinct word once.

    python benchmarks/bench_glossary.py [--shared ../shared] [--entries 5000] [--paragraphs 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

from prtranslate.glossary import Glossary, load_glossary, make_entry

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRTRANSLATE_SHARED", ROOT.parent / "shared"))


def sentences(shared: Path) -> tuple[list[str], list[str]]:
    news = shared / "data" / "korean-english-news"
    if (news / "dev.ko").is_file():
        ko = (news / "dev.ko").read_text(encoding="utf-8").splitlines()
        en = (news / "dev.en").read_text(encoding="utf-8").splitlines()
        return ko, en
    # Without ../shared: the paragraphs of the bundled sample releases.
    ko, en = [], []
    for path in sorted((ROOT / "corpus").glob("*.ko.txt")):
        ko += [p for p in path.read_text(encoding="utf-8").split("\n\n") if len(p) > 20]
        en += [p for p in path.with_name(path.name.replace(".ko.", ".en.")).read_text(
            encoding="utf-8").split("\n\n") if len(p) > 20]
    return ko, en


def synthetic_glossary(ko_lines: list[str], en_lines: list[str], size: int, seed: int) -> Glossary:
    base = list(load_glossary().entries)
    rng = random.Random(seed)
    stems = sorted({w[:n] for line in ko_lines for w in re.findall(r"[가-힣]{3,}", line) for n in (2, 3, 4)
                    if len(w) >= n})
    pairs = sorted({" ".join(p) for line in en_lines
                    for p in zip(*(iter(re.findall(r"[A-Za-z]{3,}", line)),) * 2, strict=False)})
    rng.shuffle(stems)
    rng.shuffle(pairs)
    known = {e.ko for e in base}
    entries = list(base)
    for ko, en in zip(stems, pairs, strict=False):
        if len(entries) >= size:
            break
        if ko not in known:
            entries.append(make_entry(ko, en, forbidden=f"{en} x"))
            known.add(ko)
    return Glossary(entries)


def paragraphs(lines: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.sample(lines, 3)) for _ in range(count)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--paragraphs", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    ko_lines, en_lines = sentences(args.shared)
    glossary = synthetic_glossary(ko_lines, en_lines, args.entries, args.seed)
    ko_paras = paragraphs(ko_lines, args.paragraphs, args.seed)
    en_paras = paragraphs(en_lines, args.paragraphs, args.seed + 1)
    print(f"glossary: {len(glossary)} entries; {len(ko_paras)} Korean and {len(en_paras)} English paragraphs "
          f"({sum(map(len, ko_paras)) / len(ko_paras):.0f} / {sum(map(len, en_paras)) / len(en_paras):.0f} "
          f"characters on average)")

    t = time.perf_counter()
    glossary.find_ko("북극항로를")   # builds the analyser with every term as a user word
    print(f"kiwipiepy analyser with {len(glossary)} user words (once per process): "
          f"{time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    glossary.find_en("Arctic Council")
    print(f"automata: {time.perf_counter() - t:.2f} s")

    # CPU time too: on a shared machine the wall clock also counts other processes.
    t, c = time.perf_counter(), time.process_time()
    ko_hits = sum(len(glossary.find_ko(p)) for p in ko_paras)
    ko_time, ko_cpu = time.perf_counter() - t, time.process_time() - c
    print(f"find_ko over {len(ko_paras)} paragraphs: {ko_time:.2f} s wall, {ko_cpu:.2f} s CPU "
          f"({ko_hits} matches, {1e6 * ko_cpu / len(ko_paras):.0f} µs CPU a paragraph)")

    t, c = time.perf_counter(), time.process_time()
    en_hits = sum(len(glossary.find_en(p)) + len(glossary.find_forbidden(p)) for p in en_paras)
    en_time, en_cpu = time.perf_counter() - t, time.process_time() - c
    print(f"find_en + find_forbidden over {len(en_paras)} paragraphs: {en_time:.2f} s wall, {en_cpu:.2f} s CPU "
          f"({en_hits} matches, {1e6 * en_cpu / len(en_paras):.0f} µs CPU a paragraph)")

    t, c = time.perf_counter(), time.process_time()
    for p in en_paras:
        glossary.anchors(p, "en")
    print(f"anchors over {len(en_paras)} English paragraphs (a fresh scan each): "
          f"{time.perf_counter() - t:.2f} s wall, {time.process_time() - c:.2f} s CPU")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
