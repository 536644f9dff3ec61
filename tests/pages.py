"""The page set (tests/data/pages/): whole release pages pasted from the websites, with gold.

Shared by the page tests and ``benchmarks/bench_pages.py``. Gold names paragraphs by the
1-based line of the file where they start (what an editor sees), so it does not depend on how
the reader splits the furniture into paragraph ids. Gold beads list content only (title and
body, in order, one-sided ones included); every other line is furniture. A predicted bead
that pairs furniture with content matches no gold bead, and a finding on furniture matches no
gold finding: both count as wrong. See tests/data/pages/README.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from prtranslate.align import FLAG_BOILERPLATE
from prtranslate.check import ERROR, WARNING, CheckResult, Finding, check_files

PAGES = Path(__file__).parent / "data" / "pages"
HELDOUT = Path(__file__).parent / "data" / "pages_heldout"
SEVERITIES = (ERROR, WARNING)

LineBead = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class GoldFinding:
    kind: str
    severity: str
    ko: tuple[int, ...]
    en: tuple[int, ...]
    text: str = ""

    def describe(self) -> str:
        where = f"ko line {','.join(map(str, self.ko)) or '-'} | en line {','.join(map(str, self.en)) or '-'}"
        return f"{self.severity} {self.kind} {where}" + (f" ({self.text})" if self.text else "")


@dataclass(frozen=True)
class Page:
    slug: str
    faithful: bool
    beads: tuple[LineBead, ...]
    findings: tuple[GoldFinding, ...]
    folder: Path = PAGES

    @property
    def ko_path(self) -> Path:
        return self.folder / f"{self.slug}.ko.txt"

    @property
    def en_path(self) -> Path:
        return self.folder / f"{self.slug}.en.txt"


def load_pages(folder: Path = PAGES) -> list[Page]:
    pages = []
    for path in sorted(folder.glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        pages.append(Page(
            slug=path.name[: -len(".gold.json")],
            faithful=gold["faithful"],
            beads=tuple((tuple(k), tuple(e)) for k, e in gold["beads"]),
            findings=tuple(GoldFinding(f["kind"], f["severity"], tuple(f["ko"]), tuple(f["en"]), f.get("text", ""))
                           for f in gold["findings"]),
            folder=folder,
        ))
    return pages


def check_page(page: Page) -> CheckResult:
    """The library's check of a page pair, bundled glossary and all, as ``prtranslate check`` runs it."""
    return check_files(str(page.ko_path), str(page.en_path))


def _lines(units, ids) -> tuple[int, ...]:
    return tuple(sorted(units[i].line for i in ids))


def predicted_beads(result: CheckResult) -> list[LineBead]:
    """The alignment's beads in lines; beads the reader flagged as boilerplate are left out."""
    alignment = result.alignment
    return [(_lines(alignment.ko_units, b.ko), _lines(alignment.en_units, b.en))
            for b in alignment.beads if FLAG_BOILERPLATE not in b.flags]


def finding_lines(result: CheckResult, finding: Finding) -> tuple[tuple[int, ...], tuple[int, ...]]:
    alignment = result.alignment
    return _lines(alignment.ko_units, finding.ko), _lines(alignment.en_units, finding.en)


def matches(gold: GoldFinding, finding: Finding, lines: tuple[tuple[int, ...], tuple[int, ...]]) -> bool:
    """Same kind, the gold paragraphs among the finding's, one-sided like the gold, and the text named."""
    ko, en = lines
    if finding.kind != gold.kind or not set(gold.ko) <= set(ko) or not set(gold.en) <= set(en):
        return False
    if (not gold.ko) != (not ko) or (not gold.en) != (not en):
        return False
    if gold.text:
        said = " ".join((finding.found, finding.evidence, finding.expected, finding.message)).lower()
        return gold.text.lower() in said
    return True


@dataclass
class PageScore:
    """Alignment counts (score_align.py's strict F1) and the finding matches of one page."""

    slug: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong_beads: tuple[str, ...] = ()
    found: tuple[tuple[GoldFinding, Finding], ...] = ()
    missed: tuple[GoldFinding, ...] = ()
    false_alarms: tuple[tuple[Finding, tuple[tuple[int, ...], tuple[int, ...]]], ...] = ()


def score_page(page: Page, result: CheckResult) -> PageScore:
    pred = predicted_beads(result)
    g = {b for b in page.beads if b[0] and b[1]}
    p = {b for b in pred if b[0] and b[1]}
    wrong = tuple(f"predicted {list(b[0])}<->{list(b[1])}" for b in sorted(p - g)) + tuple(
        f"gold {list(b[0])}<->{list(b[1])} not found" for b in sorted(g - p))
    open_gold = list(page.findings)
    found: list[tuple[GoldFinding, Finding]] = []
    alarms = []
    for finding in result.findings:
        if finding.severity not in SEVERITIES:
            continue
        lines = finding_lines(result, finding)
        hit = next((gf for gf in open_gold if gf.severity == finding.severity and matches(gf, finding, lines)),
                   None)
        if hit is None:
            alarms.append((finding, lines))
        else:
            open_gold.remove(hit)
            found.append((hit, finding))
    return PageScore(page.slug, len(g & p), len(p - g), len(g - p), wrong, tuple(found), tuple(open_gold),
                     tuple(alarms))


def summarise(scores: list[PageScore]) -> dict[str, object]:
    """Strict F1 over two-sided beads, and finding precision/recall per severity, over all pages."""
    tp = sum(s.tp for s in scores)
    fp = sum(s.fp for s in scores)
    fn = sum(s.fn for s in scores)
    out: dict[str, object] = {"pages": len(scores), "strict_f1": round(2 * tp / max(1, 2 * tp + fp + fn), 4)}
    for severity in SEVERITIES:
        hits = sum(1 for s in scores for gf, _ in s.found if gf.severity == severity)
        alarms = sum(1 for s in scores for f, _ in s.false_alarms if f.severity == severity)
        gold = hits + sum(1 for s in scores for gf in s.missed if gf.severity == severity)
        out[severity] = {"gold": gold, "found": hits, "false_alarms": alarms,
                         "precision": round(hits / max(1, hits + alarms), 4) if hits + alarms else None,
                         "recall": round(hits / gold, 4) if gold else None}
    return out
