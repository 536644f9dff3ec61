"""Whole pasted release pages (tests/data/pages/): alignment and findings against gold.

Runs ``check`` (the library, as ``prtranslate check`` does: bundled glossary) on every page
pair and prints strict bead F1 (score_align.py's definition, paragraphs named by the line they
start on, furniture excluded from gold), then finding precision and recall per severity, with
the false alarms and the missed planted faults listed.

    python benchmarks/bench_pages.py [--pages tests/data/pages] [--json] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from pages import PAGES, check_page, load_pages, score_page, summarise  # noqa: E402


def _clean(text: str) -> str:
    """Page text is untrusted: printable characters only on the terminal."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=PAGES, help="folder of SLUG.ko.txt/.en.txt/.gold.json")
    parser.add_argument("--json", action="store_true", help="print only the summary, as JSON")
    parser.add_argument("--quiet", action="store_true", help="no per-page listing")
    args = parser.parse_args(argv)
    pages = load_pages(args.pages)
    if not pages:
        print(f"no *.gold.json under {args.pages}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    scores = []
    for page in pages:
        score = score_page(page, check_page(page))
        scores.append(score)
        if args.json or args.quiet:
            continue
        print(f"{page.slug}: beads {score.tp} right, {score.fp} wrong, {score.fn} missed; "
              f"findings {len(score.found)} right, {len(score.false_alarms)} false, {len(score.missed)} missed")
        for line in score.wrong_beads:
            print(f"    bead  {line}")
        for gold in score.missed:
            print(f"    MISSED {gold.describe()}")
        for finding, (ko, en) in score.false_alarms:
            print(f"    FALSE  {finding.severity} {finding.kind} ko line {list(ko)} | en line {list(en)}: "
                  f"{_clean(finding.message)[:150]}")
    summary = summarise(scores)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:   # `bench_pages.py | head`
        sys.stderr.close()
        sys.exit(0)
