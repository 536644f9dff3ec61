"""Speed of the review workbench (`prtranslate review`), in-process through Starlette's TestClient.

1. The page of a 40-paragraph release (the test release's body repeated, both versions, with its
   findings): render time once the server is warm (target < 100 ms); and an edit of one paragraph
   with the re-check it triggers (the analyser and glossary loaded once per server).
2. The releases page of a store of 10,000 releases (target < 200 ms): the first page, a filtered
   page (open findings), a text search, a late page.
3. A decision round trip: POST of a decision until its answer (target < 50 ms).

    python benchmarks/bench_review.py [--releases 10000] [--repeat 20]

Prints median and 95th-percentile milliseconds; it is not a test.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from starlette.testclient import TestClient  # noqa: E402

from prtranslate.corpus import ingest  # noqa: E402
from prtranslate.review import ReviewSettings, create_app  # noqa: E402
from prtranslate.store import FindingRecord, PairRecord, ReleaseRecord, Store  # noqa: E402

TEST_RELEASE = ROOT / "tests" / "data" / "review" / "2024-03-12-korea-norway-arctic-dialogue"
NAME = "2024-03-12-forty-paragraphs"


def forty_paragraphs(folder: Path) -> None:
    """A release of 40 body paragraphs a side (the test release's eight, five times, renumbered)."""
    for side in ("ko", "en"):
        text = Path(f"{TEST_RELEASE}.{side}.txt").read_text(encoding="utf-8")
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        head = [p for p in paragraphs if not re.match(r"^(\d+\.|°)", p) and "끝." not in p]
        body = [p for p in paragraphs if re.match(r"^(\d+\.|°)", p)]
        out, number = list(head), 0
        for _ in range(5):
            for p in body:
                if re.match(r"^\d+\.", p):
                    number += 1
                    p = re.sub(r"^\d+\.", f"{number}.", p)
                out.append(p.replace(" 끝.", ""))
        (folder / f"{NAME}.{side}.txt").write_text("\n\n".join(out) + "\n", encoding="utf-8")


def timed(call, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def show(label: str, figures: tuple[float, float], target: float | None = None) -> None:
    median, p95 = figures
    goal = f"  (target < {target:.0f} ms: {'met' if p95 < target else 'MISSED'})" if target else ""
    print(f"{label:<52} median {median:7.1f} ms   p95 {p95:7.1f} ms{goal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--releases", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "releases"
        folder.mkdir()
        forty_paragraphs(folder)
        db = work / "store.db"
        with Store(db) as store:
            ingest(folder, store, workers=1)
            _, pairs, findings = store.release(NAME)
            print(f"release: {len(pairs)} beads, {len(findings)} findings")
            start = time.perf_counter()
            for n in range(args.releases - 1):
                date = f"{2000 + n % 25}-{1 + n % 12:02d}-{1 + n % 28:02d}"
                store.save_release(ReleaseRecord(
                    f"{date}-release-{n:05d}", "ko+en", "aligned", date=date, title=f"보도자료 {n}",
                    pairs=tuple(PairRecord(i, (i,), (i,), f"문단 {i}", f"Paragraph {i}", 0.99) for i in range(12)),
                    findings=tuple(FindingRecord("number", "error" if i % 2 else "warning", f"Number {n}/{i} differs.",
                                                 i) for i in range(n % 4))))
            print(f"store of {args.releases} releases built in {time.perf_counter() - start:.1f} s")

        settings = ReviewSettings(str(db), editor="bench")
        client = TestClient(create_app(settings))
        start = time.perf_counter()
        assert client.get(f"/release/{NAME}").status_code == 200
        print(f"first release page (store opened): {(time.perf_counter() - start) * 1000:.0f} ms")
        show("release page, 40 paragraphs", timed(lambda: client.get(f"/release/{NAME}"), args.repeat), 100)

        page = client.get(f"/release/{NAME}").text
        text = re.search(r'name="side" value="en"><input type="hidden" name="pid" value="(\d+)">\s*'
                         r'<textarea name="text"[^>]*>([^<]*)<', page)
        assert text is not None
        pid = text.group(1)
        version = [int(re.search(r'name="version" value="(\d+)"', page).group(1))]  # type: ignore[union-attr]

        def edit() -> None:
            answer = client.post(f"/edit/{NAME}", data={"csrf": settings.csrf, "version": str(version[0]),
                                                        "side": "en", "pid": pid,
                                                        "text": f"Edited paragraph {version[0]}."},
                                 follow_redirects=False)
            assert answer.status_code == 303, answer.text
            version[0] += 1

        start = time.perf_counter()
        edit()
        print(f"first edit (glossary and analyser loaded): {(time.perf_counter() - start) * 1000:.0f} ms")
        show("edit + re-check of the 40-paragraph release", timed(edit, args.repeat))

        show(f"releases page 1 of {args.releases}", timed(lambda: client.get("/"), args.repeat), 200)
        show("releases page, open findings only", timed(lambda: client.get("/?open=1"), args.repeat), 200)
        show("releases page, text search", timed(lambda: client.get("/?q=release-0999"), args.repeat), 200)
        show("releases page, date range, page 20",
             timed(lambda: client.get("/?from=2010-01-01&to=2015-12-31&page=20"), args.repeat), 200)

        page = client.get(f"/release/{NAME}").text
        subjects = re.findall(r'name="subject" value="([^"]*)"', page)
        import html

        subject = html.unescape(subjects[0])
        verdicts = ["accept", "reject", "fixed"]
        count = [0]

        def decide() -> None:
            answer = client.post(f"/decide/{NAME}", data={"csrf": settings.csrf, "subject": subject, "number": "1",
                                                          "verdict": verdicts[count[0] % 3]}, follow_redirects=False)
            assert answer.status_code == 303, answer.text
            count[0] += 1

        show("decision round trip (POST, answer)", timed(decide, args.repeat), 50)


if __name__ == "__main__":
    main()
