"""Whole folders of releases: find them, align and check each, and keep the results in the store.

A folder holds releases as file pairs ``NAME.ko.EXT`` + ``NAME.en.EXT``, or as sub-folders
holding ``ko.EXT`` and ``en.EXT``, at any depth. A release with one language only is
recorded as such (a candidate for ``translate``). :func:`ingest` aligns the releases in a
process pool and writes each one to the store in its own transaction as it comes back; a
re-run skips the releases whose files are unchanged (by SHA-256), so an interrupted run
is finished by running it again.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import stat
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from prtranslate.errors import GlossaryError, InputError, PrtranslateError
from prtranslate.inputs import unusable
from prtranslate.outputs import display_name
from prtranslate.store import FindingRecord, PairRecord, ReleaseRecord, Store
from prtranslate.workers import WorkerPool

# Language tags and extensions in any case (NAME.KO.TXT); a name may hold any character, newline included.
_PAIR_FILE = re.compile(r"(?P<name>.+)\.(?P<lang>ko|en)\.(?P<ext>[A-Za-z0-9]+)\Z", re.IGNORECASE | re.DOTALL)
_FOLDER_FILE = re.compile(r"(?P<lang>ko|en)\.(?P<ext>[A-Za-z0-9]+)\Z", re.IGNORECASE)
_DATE = re.compile(r"(?<!\d)(\d{4})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
# Files that sit beside releases but are not release text (gold beads, notes, archives).
_SKIP_EXT = {"json", "jsonl", "tmx", "xlf", "xliff", "csv", "tsv", "db", "zip", "gz", "pdf", "docx", "hwp"}


@dataclass(frozen=True)
class ReleaseFiles:
    """A release found in a folder: its name (relative path) and its Korean and English files."""

    name: str
    ko: Path | None
    en: Path | None

    @property
    def languages(self) -> str:
        return "+".join(lang for lang, path in (("ko", self.ko), ("en", self.en)) if path is not None)


@dataclass(frozen=True)
class SkippedEntry:
    """A file or folder named like a release that cannot be used, and why (one line each)."""

    path: str      # printable (see prtranslate.outputs.display_name)
    reason: str


def find_releases(folder: str | Path) -> list[ReleaseFiles]:
    """Every usable release under ``folder``, sorted by name; raises :class:`InputError` on ambiguity."""
    return discover_releases(folder)[0]


def discover_releases(folder: str | Path) -> tuple[list[ReleaseFiles], list[SkippedEntry]]:
    """Every release under ``folder`` (sorted by name), and the entries named like release files that
    cannot be used: a dangling symbolic link or a link loop, a FIFO or device, a file name that is not
    UTF-8, a folder that cannot be listed. A release with an unusable file is left out whole (it would
    otherwise be taken for a one-language release). Symbolic links to folders are followed, once."""
    root = Path(folder)
    if not root.exists():
        raise InputError(f"{display_name(root)} does not exist")
    if not root.is_dir():
        raise InputError(f"{display_name(root)} is not a folder of releases")
    found: dict[str, dict[str, Path]] = {}
    skipped: list[SkippedEntry] = []
    broken: set[str] = set()
    seen: set[tuple[int, int]] = set()

    def unlistable(err: OSError) -> None:
        skipped.append(SkippedEntry(display_name(err.filename or root), f"cannot list: {err.strerror or err}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlistable, followlinks=True):
        try:
            info = os.stat(dirpath)
        except OSError as err:
            unlistable(err)
            dirnames[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:
            skipped.append(SkippedEntry(display_name(dirpath), "a link to a folder already read (a loop?)"))
            dirnames[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel = Path(dirpath).relative_to(root)
        for filename in sorted(filenames):
            if filename.startswith("."):
                continue
            match = _FOLDER_FILE.match(filename)
            if match and str(rel) != ".":
                name = rel.as_posix()
            else:
                match = _PAIR_FILE.match(filename)
                if not match:
                    continue
                name = (rel / match["name"]).as_posix()
            if match["ext"].lower() in _SKIP_EXT:
                continue
            path = Path(dirpath) / filename
            why = unusable(path)
            if why:
                skipped.append(SkippedEntry(display_name(path), why))
                broken.add(name)
                continue
            langs = found.setdefault(name, {})
            lang = match["lang"].lower()
            if lang in langs:
                raise InputError(
                    f"release {display_name(name)} has two {lang} files: {display_name(langs[lang].name)}"
                    f" and {display_name(filename)}; keep one"
                )
            langs[lang] = path
    releases = [ReleaseFiles(name, langs.get("ko"), langs.get("en"))
                for name, langs in sorted(found.items()) if name not in broken]
    return releases, skipped


def file_hash(path: Path) -> str:
    """SHA-256 of a regular file; opened without blocking, so a FIFO put there meanwhile is an error."""
    digest = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file", str(path))
        os.set_blocking(fd, True)
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def release_date(name: str) -> str | None:
    """The ISO date a release's name starts with or contains (``2021-03-04-…``, ``20210304_…``)."""
    match = _DATE.search(Path(name).name) or _DATE.search(name)
    if not match:
        return None
    year, month, day = match.groups()
    if not (1990 <= int(year) <= 2100 and 1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{year}-{month}-{day}"


def validate_batch(folder: str | Path, glossary_paths: Sequence[str] = ()) -> None:
    """Check what a batch needs before anything is written: the folder, and every glossary read and
    parsed (:class:`GlossaryError`, exit 4). A bad option then costs nothing stored."""
    root = Path(folder)
    if not root.exists():
        raise InputError(f"{root} does not exist")
    if not root.is_dir():
        raise InputError(f"{root} is not a folder of releases")
    from prtranslate.glossary import read_glossary_file

    for path in glossary_paths:
        if not Path(path).is_file():
            raise GlossaryError(f"glossary {path} does not exist" if not Path(path).exists()
                                else f"glossary {path} is not a file")
        read_glossary_file(path)


# --- one release (runs in a worker process) ---------------------------------------------------


@dataclass(frozen=True)
class ReleaseJob:
    files: ReleaseFiles
    ko_hash: str | None
    en_hash: str | None


@dataclass(frozen=True)
class _WorkerSettings:
    glossary_paths: tuple[str, ...] = ()
    lexicon: tuple[tuple[str, str, float, int], ...] = ()
    check: bool = True
    layer: tuple[tuple[str, str, str], ...] = ()     # the store's glossary layer (editors' forms)


_SETTINGS = _WorkerSettings()
_SOURCES: list | None = None
_GLOSSARY: object | None = None


def _init_worker(settings: _WorkerSettings, ignore_sigint: bool = True) -> None:
    """Pool initializer: the parent alone handles Ctrl-C, so a worker never dies half-way. A worker
    forked from a parent with the same settings keeps the parent's loaded anchors and glossary."""
    global _SETTINGS, _SOURCES, _GLOSSARY
    if ignore_sigint:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if settings != _SETTINGS:
        _SOURCES = _GLOSSARY = None
    _SETTINGS = settings


def _glossary():
    """The checker's glossary (bundled plus the given files), loaded once per process; None without check."""
    global _GLOSSARY
    if _GLOSSARY is None and _SETTINGS.check:
        try:
            from prtranslate.glossary import load_glossary, with_layer
        except ImportError:  # pragma: no cover - a build without the checker
            return None
        _GLOSSARY = with_layer(load_glossary(list(_SETTINGS.glossary_paths)), _SETTINGS.layer)
    return _GLOSSARY


def _anchor_sources() -> list:
    """The aligner's anchors, as ``prtranslate check`` builds them (glossary terms included), plus the
    learned lexicon when asked for."""
    global _SOURCES
    if _SOURCES is None:
        from prtranslate.pipeline import anchor_sources_for

        glossary = _glossary()
        if glossary is not None:
            sources = anchor_sources_for(())
            sources.append(glossary)
        else:
            sources = anchor_sources_for(_SETTINGS.glossary_paths)
        if _SETTINGS.lexicon:
            from prtranslate.lexicon import Lexicon, LexiconAnchors

            sources.append(LexiconAnchors(Lexicon.from_entries(_SETTINGS.lexicon)))
        _SOURCES = sources
    return _SOURCES


def process_release(job: ReleaseJob) -> ReleaseRecord:
    """Read, align and check one release into the record the store keeps (failures included)."""
    files = job.files
    base = {"name": files.name, "languages": files.languages, "date": release_date(files.name),
            "ko_path": str(files.ko) if files.ko else None, "en_path": str(files.en) if files.en else None,
            "ko_hash": job.ko_hash, "en_hash": job.en_hash}
    try:
        if files.ko is not None and files.en is not None:
            return _aligned_release(files, base)
        return _one_language_release(files, base)
    except PrtranslateError as err:
        return ReleaseRecord(status="failed", error=str(err), **base)  # type: ignore[arg-type]
    except Exception as err:  # a bug on one release must not stop the batch; it is recorded and shown
        message = " ".join(f"internal error ({type(err).__name__}): {err}".split())[:300]
        return ReleaseRecord(status="failed", error=message, **base)  # type: ignore[arg-type]


def _aligned_release(files: ReleaseFiles, base: dict) -> ReleaseRecord:
    from prtranslate.align import align_documents
    from prtranslate.documents import read_pair, release_meta

    assert files.ko is not None and files.en is not None
    ko, en = read_pair(files.ko, files.en)
    alignment = align_documents(ko, en, anchor_sources=_anchor_sources())
    pairs = tuple(
        PairRecord(pos, bead.ko, bead.en, alignment.ko_text(bead) if bead.ko else None,
                   alignment.en_text(bead) if bead.en else None, float(bead.score), tuple(bead.flags))
        for pos, bead in enumerate(alignment.beads)
    )
    title = next((p.text for p in (ko.title, en.title) if p is not None), None)
    findings = _check(alignment) if _SETTINGS.check else ()
    meta = release_meta(ko, en)
    # A name without a date takes the posting date of the page.
    base = base | {"date": base.get("date") or meta.get("posted")}
    return ReleaseRecord(status="aligned", title=title, pairs=pairs, findings=findings, meta=meta, **base)


def _one_language_release(files: ReleaseFiles, base: dict) -> ReleaseRecord:
    from prtranslate.documents import BOILERPLATE, read_document

    language = "ko" if files.ko is not None else "en"
    path = files.ko if files.ko is not None else files.en
    assert path is not None
    doc = read_document(path, language=language)
    pairs = tuple(
        PairRecord(pos, (p.id,) if language == "ko" else (), (p.id,) if language == "en" else (),
                   p.text if language == "ko" else None, p.text if language == "en" else None, 1.0,
                   ("one_sided", "boilerplate") if p.kind == BOILERPLATE else ("one_sided",))
        for pos, p in enumerate(doc.paragraphs)
    )
    title = doc.title.text if doc.title is not None else None
    meta = {k: v for k, v in doc.meta.items() if k in ("posted", "department")}
    if doc.meta.get("views"):
        meta[f"views_{language}"] = doc.meta["views"]
    base = base | {"date": base.get("date") or meta.get("posted")}
    return ReleaseRecord(status="one_language", title=title, pairs=pairs, meta=meta, **base)


def _check(alignment) -> tuple[FindingRecord, ...]:
    """Findings of the terminology/number checker (``prtranslate.check``), with their bead positions."""
    try:
        from prtranslate.check import check_alignment
    except ImportError:  # pragma: no cover - a build without the checker
        return ()
    positions: dict[tuple[str, int], int] = {}
    for pos, bead in enumerate(alignment.beads):
        positions.update({("ko", i): pos for i in bead.ko})
        positions.update({("en", j): pos for j in bead.en})
    return tuple(finding_record(f, positions) for f in check_alignment(alignment, _glossary()))


def finding_record(finding: object, positions: dict[tuple[str, int], int] | None = None) -> FindingRecord:
    """A checker ``Finding`` (kind, severity, ko/en paragraph ids, message, evidence, expected, found)
    as the store keeps it; ``positions`` maps ``(side, paragraph id)`` to the bead it is in."""

    def text(value: object) -> str | None:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, (list, tuple)):
            return ",".join(str(v) for v in value)
        return str(value)

    position = getattr(finding, "position", None)
    if not isinstance(position, int) and positions:
        ids = [("ko", i) for i in getattr(finding, "ko", ()) or ()] + \
              [("en", j) for j in getattr(finding, "en", ()) or ()]
        position = next((positions[key] for key in ids if key in positions), None)
    return FindingRecord(
        kind=str(getattr(finding, "kind", "")), severity=str(getattr(finding, "severity", "")),
        message=str(getattr(finding, "message", "")),
        position=position if isinstance(position, int) else None,
        ko=text(getattr(finding, "ko", None)), en=text(getattr(finding, "en", None)),
        evidence=text(getattr(finding, "evidence", None)), expected=text(getattr(finding, "expected", None)),
        found=text(getattr(finding, "found", None)),
    )


# --- the batch ----------------------------------------------------------------------------------


@dataclass
class IngestReport:
    """What one ``corpus add`` run did."""

    found: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)    # failed, their previous version kept in the store
    one_language: list[str] = field(default_factory=list)
    unusable: list[SkippedEntry] = field(default_factory=list)   # entries left out, and why
    interrupted: bool = False
    pending: int = 0

    @property
    def stored(self) -> int:
        return len(self.added) + len(self.updated)

    @property
    def done(self) -> int:
        """Releases written this run, whole or as failed."""
        return self.stored + len(self.failed)


#: Called after each release is stored or skipped: (done, total, release name, outcome).
ProgressCallback = Callable[[int, int, str, str], None]


def ingest(folder: str | Path, store: Store, workers: int = 2, glossary_paths: Sequence[str] = (),
           use_lexicon: bool = False, check: bool = True, force: bool = False,
           progress: ProgressCallback | None = None) -> IngestReport:
    """Align every new or changed release under ``folder`` into ``store``.

    Each release is written in its own transaction as soon as it is aligned; a release that
    fails is reported in ``failed`` and, when a version of it was stored before, that version
    is kept (``kept``). The folder and the glossaries are checked before anything is written
    (:func:`validate_batch`). Ctrl-C (KeyboardInterrupt) stops the run between two releases:
    the report says ``interrupted`` and how many were left, and a re-run finishes them.
    """
    validate_batch(folder, glossary_paths)
    releases, left_out = discover_releases(folder)
    report = IngestReport(found=len(releases), unusable=left_out)
    lexicon = tuple(store.load_lexicon()) if use_lexicon else ()
    if use_lexicon and not lexicon:
        raise InputError(f"{store.path} has no learned lexicon yet; learn one with `prtranslate tm learn`")
    known = store.known_hashes()
    whole = {r.name for r in store.releases() if r.status != "failed"}  # a failure keeps these as they are
    jobs: list[ReleaseJob] = []
    done = 0
    for files in list(releases):
        hashes: list[str | None] = []
        for path in (files.ko, files.en):
            if path is None:
                hashes.append(None)
                continue
            try:
                hashes.append(file_hash(path))
            except OSError as err:  # unreadable: report it, go on with the others
                report.unusable.append(SkippedEntry(display_name(path), f"cannot read: {err.strerror or err}"))
                break
        if len(hashes) < 2:
            releases.remove(files)
            report.found -= 1
            continue
        job = ReleaseJob(files, hashes[0], hashes[1])
        stored = known.get(files.name)
        unchanged = stored is not None and stored[:2] == (job.ko_hash, job.en_hash) and stored[2] != "failed"
        if unchanged and not force:
            report.skipped.append(files.name)
            done += 1
            if progress:
                progress(done, len(releases), files.name, "skipped")
            continue
        jobs.append(job)
    if not jobs:
        return report
    settings = _WorkerSettings(tuple(str(p) for p in glossary_paths), lexicon, check, tuple(store.layer_forms()))

    def save(record: ReleaseRecord) -> None:
        nonlocal done
        store.save_release(record)
        outcome = "updated" if record.name in known else "added"
        if record.status == "failed":
            report.failed.append((record.name, record.error or ""))
            if record.name in whole:
                report.kept.append(record.name)
            outcome = "failed"
        else:
            (report.updated if outcome == "updated" else report.added).append(record.name)
        if record.status == "one_language":
            report.one_language.append(record.name)
        done += 1
        if progress:
            progress(done, len(releases), record.name, outcome)

    try:
        if workers <= 1:
            _init_worker(settings, ignore_sigint=False)
            for job in jobs:
                save(process_release(job))
        else:
            _run_pool(jobs, settings, workers, save)
    except (KeyboardInterrupt, BrokenProcessPool):
        # Ctrl-C, or a worker killed under us (by the terminal's Ctrl-C before it could ignore it,
        # or by the system): every stored release is whole, and a re-run finishes the rest.
        report.interrupted = True
        report.pending = len(jobs) - report.done
    return report


def _run_pool(jobs: list[ReleaseJob], settings: _WorkerSettings, workers: int,
              save: Callable[[ReleaseRecord], None]) -> None:
    import multiprocessing
    import threading

    # The first release is done here: it loads the aligner, the glossary and kiwipiepy's model
    # (seconds), which forked workers then share instead of each loading them again.
    _init_worker(settings, ignore_sigint=False)
    save(process_release(jobs[0]))
    jobs = jobs[1:]
    if not jobs:
        return
    context: multiprocessing.context.BaseContext
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        context = multiprocessing.get_context("fork")
    else:
        # Another thread (a progress bar's refresher) could hold a lock that a forked worker
        # would wait on forever: start workers from a clean server process instead.
        forkserver = multiprocessing.get_context("forkserver")
        forkserver.set_forkserver_preload(["prtranslate.corpus", "prtranslate.align", "prtranslate.pipeline",
                                           "prtranslate.check"])
        context = forkserver
    queue = list(reversed(jobs))
    running: set[Future[ReleaseRecord]] = set()
    # Leaving the pool by any way (Ctrl-C, SIGTERM, an error) cancels the rest and stops the workers;
    # they also die if this process is killed (see prtranslate.workers).
    with WorkerPool(max_workers=min(workers, len(jobs)), mp_context=context, initializer=_init_worker,
                    initargs=(settings,)) as pool:
        # Keep only a few jobs in flight, so Ctrl-C has little to wait for.
        while queue or running:
            while queue and len(running) < 2 * workers:
                running.add(pool.submit(process_release, queue.pop()))
            finished, running = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in finished:
                save(future.result())
