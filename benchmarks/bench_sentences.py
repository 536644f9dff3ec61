"""Sentence-level alignment benchmark on paragraphs built from ../shared's Korean–English news.

The news data is aligned sentence by sentence. Consecutive pairs are grouped into paragraphs of
2–5 sentences; in about a third of the paragraphs one sentence is dropped from one version (a
one-sided sentence, as when a translator leaves one out or adds one). Eight paragraphs make a
document, aligned at sentence level the way ``prtranslate align --level sentence`` does it
(paragraphs paired, then sentences inside each pair), and scored: strict bead F1 over two-sided beads,
and one-sided sentences found (recall) and right when flagged (precision). Sentences are
split by prtranslate itself; gold beads follow the source lines, so a line the splitter cuts
in two is a 1-2 bead of the gold; paragraphs whose lines the splitter joins (a line ending
without a full stop) are left out and counted.

    python benchmarks/bench_sentences.py [--shared ../shared] [--seed 7] [--paragraphs 240] [--scorer NAME]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from prtranslate.align import Alignment, Bead, align_sentences
from prtranslate.documents import Paragraph

ROOT = Path(__file__).resolve().parents[1]

Gold = list[tuple[tuple[int, ...], tuple[int, ...]]]


def build(shared: Path, seed: int, count: int) -> list[tuple[list[str], list[str], list[tuple[bool, bool]]]]:
    """Paragraphs as (Korean lines, English lines, which lines each side keeps)."""
    news = shared / "data" / "korean-english-news"
    ko = (news / "dev.ko").read_text(encoding="utf-8").splitlines()
    en = (news / "dev.en").read_text(encoding="utf-8").splitlines()
    pairs = [(k.strip(), e.strip()) for k, e in zip(ko, en, strict=True) if k.strip() and e.strip()]
    rng = random.Random(seed)
    out = []
    i = 0
    while len(out) < count and i < len(pairs):
        size = rng.randint(2, 5)
        chunk, i = pairs[i : i + size], i + size
        keep = [(True, True) for _ in chunk]
        if len(chunk) >= 2 and rng.random() < 0.35:
            drop = rng.randrange(len(chunk))
            keep[drop] = (False, True) if rng.random() < 0.5 else (True, False)
        out.append(([k for k, _ in chunk], [e for _, e in chunk], keep))
    return out


def _owner(sentences: list[str], lines: list[str]) -> list[int] | None:
    """The source line of each split sentence (by position in the joined text); None when the
    splitter joined two lines into one sentence."""
    text = " ".join(lines)
    starts = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    owners = []
    at = 0
    for sentence in sentences:
        found = text.find(sentence, at)
        if found < 0:
            return None
        line = max(k for k, s in enumerate(starts) if s <= found)
        end = found + len(sentence)
        if line + 1 < len(starts) and end > starts[line + 1]:
            return None
        owners.append(line)
        at = end
    return owners


def run(paragraphs, scorers=(), per_document: int = 8) -> dict[str, float]:
    tp = fp = fn = 0
    one_true = one_found = one_flagged = 0
    absorbed = 0
    skipped = 0
    # Documents of a few paragraphs, paired paragraph by paragraph (as the paragraph level would).
    for d in range(0, len(paragraphs), per_document):
        doc = paragraphs[d : d + per_document]
        kept = [([line for line, (k, _) in zip(ko, keep, strict=True) if k],
                 [line for line, (_, e) in zip(en, keep, strict=True) if e]) for ko, en, keep in doc]
        ko_par = tuple(Paragraph(p, " ".join(ko)) for p, (ko, _) in enumerate(kept))
        en_par = tuple(Paragraph(p, " ".join(en)) for p, (_, en) in enumerate(kept))
        beads = tuple(Bead((p,), (p,), 1.0, ()) for p in range(len(kept)))
        result = align_sentences(Alignment(ko_par, en_par, beads), scorers=scorers)
        for p, ((ko_kept, en_kept), (_, _, keep)) in enumerate(zip(kept, doc, strict=True)):
            ko_ids = [u.id for u in result.ko_units if u.paragraph == p]
            en_ids = [u.id for u in result.en_units if u.paragraph == p]
            ko_owner = _owner([result.ko_units[i].text for i in ko_ids], ko_kept)
            en_owner = _owner([result.en_units[j].text for j in en_ids], en_kept)
            if ko_owner is None or en_owner is None:
                skipped += 1
                continue
            # Gold beads by source line: the sentences of the line on each side.
            ko_index = [k for k, (keep_ko, _) in enumerate(keep) if keep_ko]   # kept line -> source line
            en_index = [k for k, (_, keep_en) in enumerate(keep) if keep_en]
            gold: Gold = []
            one_sided: set[tuple[str, int]] = set()
            for line in range(len(keep)):
                ks = tuple(i for i, o in zip(ko_ids, ko_owner, strict=True) if ko_index[o] == line)
                es = tuple(j for j, o in zip(en_ids, en_owner, strict=True) if en_index[o] == line)
                gold.append((ks, es))
                if not ks or not es:
                    one_sided |= {("ko", i) for i in ks} | {("en", j) for j in es}
            mine = [b for b in result.beads if (b.ko and b.ko[0] in ko_ids) or (b.en and b.en[0] in en_ids)]
            g = {b for b in gold if b[0] and b[1]}
            pr = {(b.ko, b.en) for b in mine if b.ko and b.en}
            tp += len(g & pr)
            fp += len(pr - g)
            fn += len(g - pr)
            flagged = {("ko", i) for b in mine if not b.en for i in b.ko} | {
                ("en", j) for b in mine if not b.ko for j in b.en}
            one_true += len(one_sided)
            one_found += len(one_sided & flagged)
            one_flagged += len(flagged)
            # A one-sided sentence inside a two-sided bead scored >= 0.7: silently absorbed.
            absorbed += sum(1 for b in mine if b.ko and b.en and b.score >= 0.7
                            and ({("ko", i) for i in b.ko} | {("en", j) for j in b.en}) & one_sided)
    return {
        "strict_f1": round(2 * tp / max(1, 2 * tp + fp + fn), 4),
        "one_sided_recall": round(one_found / max(1, one_true), 4),
        "one_sided_precision": round(one_found / max(1, one_flagged), 4),
        "one_sided": one_true,
        "flagged": one_flagged,
        "absorbed_confident": absorbed,
        "skipped_paragraphs": skipped,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--paragraphs", type=int, default=240)
    ap.add_argument("--scorer", action="append", default=[],
                    help="also evaluate with this similarity scorer (e.g. embedding; needs its extra)")
    args = ap.parse_args()
    if not (args.shared / "data" / "korean-english-news" / "dev.ko").exists():
        sys.exit(f"bench_sentences: {args.shared} has no data/korean-english-news; pass --shared")
    paragraphs = build(args.shared, args.seed, args.paragraphs)
    print(f"{len(paragraphs)} paragraphs (seed {args.seed})")
    start = time.perf_counter()
    result = run(paragraphs)
    result["seconds"] = round(time.perf_counter() - start, 2)
    print(f"{'prtranslate':<28} {json.dumps(result)}", flush=True)
    for name in args.scorer:
        from prtranslate.scorers import make_scorer

        start = time.perf_counter()
        result = run(paragraphs, [make_scorer(name)])
        result["seconds"] = round(time.perf_counter() - start, 2)
        print(f"{'prtranslate + ' + name:<28} {json.dumps(result)}", flush=True)


if __name__ == "__main__":
    main()
