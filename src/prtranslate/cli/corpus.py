"""``prtranslate corpus add|list|show|stats``: whole folders of releases, kept in the store."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from prtranslate.cli import app, emit, fail, user_errors
from prtranslate.cli.options import DbOption, LinesFormat

corpus_app = typer.Typer(help="Align whole folders of releases into the store, and see what it holds.",
                         no_args_is_help=True, rich_markup_mode=None)
app.add_typer(corpus_app, name="corpus")



class StatsFormat(StrEnum):
    text = "text"
    json = "json"


def _progress_bar(total_hint: str):
    """A rich progress bar on stderr when it is a terminal, else nothing (the library never prints)."""
    if not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn(total_hint), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    TextColumn("{task.description}"), console=Console(stderr=True), transient=True,
                    # No refresher thread: the batch's workers can then be forked (see corpus._run_pool).
                    auto_refresh=False)


@corpus_app.command("add")
@user_errors
def corpus_add(
    folder: Annotated[str, typer.Argument(
        help="Folder of releases: NAME.ko.EXT + NAME.en.EXT, or sub-folders holding ko.EXT and en.EXT.")],
    db: DbOption = "prtranslate.db",
    workers: Annotated[int, typer.Option(min=1, help="Processes aligning releases at once.")] = 2,
    glossary: Annotated[list[str] | None, typer.Option("--glossary", "-g", metavar="PATH",
                                                       help="Glossary for anchors and checks.")] = None,
    lexicon: Annotated[bool, typer.Option("--lexicon/--no-lexicon", help="Use the store's learned lexicon "
                                          "(`prtranslate tm learn`) as extra anchors.")] = False,
    check: Annotated[bool, typer.Option("--check/--no-check", help="Run the terminology and number checks "
                                        "and store their findings.")] = True,
    force: Annotated[bool, typer.Option("--force", help="Align again even releases whose files are "
                                        "unchanged.")] = False,
) -> None:
    """Align (and check) every new or changed release of FOLDER into the store; re-run to resume.

    Exits 3 when some releases failed (each is listed; a failed release keeps the version stored
    before; the others are stored), 130 when interrupted."""
    from prtranslate.corpus import ingest, validate_batch
    from prtranslate.errors import InputError
    from prtranslate.store import Store

    validate_batch(folder, glossary or [])  # before the store is even opened: a bad option writes nothing
    if lexicon and not Path(db).exists():
        raise InputError(f"no store at {db} to take a learned lexicon from; add releases, then `prtranslate tm learn`")
    with Store(db) as store:
        bar = _progress_bar("aligning")
        if bar is None:
            report = ingest(folder, store, workers=workers, glossary_paths=glossary or [],
                            use_lexicon=lexicon, check=check, force=force)
        else:
            with bar:
                task = bar.add_task("", total=None)

                def progress(done: int, total: int, name: str, outcome: str) -> None:
                    bar.update(task, completed=done, total=total, description=name, refresh=True)

                report = ingest(folder, store, workers=workers, glossary_paths=glossary or [],
                                use_lexicon=lexicon, check=check, force=force, progress=progress)
    lines = [f"{report.found} releases found: {len(report.added)} added, {len(report.updated)} updated, "
             f"{len(report.skipped)} unchanged, {len(report.failed)} failed"
             + (f" ({len(report.kept)} kept their previous version)" if report.kept else "")
             + f", {len(report.one_language)} with one language only"]
    lines += [f"failed: {name}: {message}" for name, message in report.failed]
    emit("\n".join(lines) + "\n", None)
    for entry in report.unusable:  # one line each, on stderr, after the rest was done
        sys.stderr.write(f"prtranslate: skipped {entry.path}: {entry.reason}\n")
    if report.interrupted:
        from prtranslate.workers import interrupt_exit_code, interrupt_message

        raise fail(f"{interrupt_message()} with {report.pending} releases left; run the same command again to"
                   " finish", interrupt_exit_code())
    if report.failed or report.unusable:
        problems = [f"{len(report.failed)} of {report.found} releases failed"] if report.failed else []
        problems += [f"{len(report.unusable)} entries of {folder} could not be used"] if report.unusable else []
        stored = "the others are in the store" if len(report.failed) < report.found else "none was stored"
        raise fail(f"{' and '.join(problems)} (listed above); {stored}", 3)


def _release_line(row) -> str:
    from prtranslate.outputs import display_name

    date = row.date or "-"
    title = (row.title or "").replace("\n", " ")
    if len(title) > 60:
        title = title[:59] + "…"
    extra = f"  [{row.error}]" if row.error else ""
    line = f"{row.id:>5}  {date:<10}  {row.languages:<5}  {row.status:<12}  {row.pairs:>4} pairs  " \
           f"{row.findings:>3} findings  {display_name(row.name)}  {title}{extra}"
    return line.rstrip()


@corpus_app.command("list")
@user_errors
def corpus_list(
    db: DbOption = "prtranslate.db",
    status: Annotated[str | None, typer.Option(help="Only releases of this status: aligned, one_language "
                                               "(candidates for translate) or failed.")] = None,
    fmt: Annotated[LinesFormat, typer.Option("--format", "-f", help="Output format.")] = LinesFormat.text,
) -> None:
    """List the stored releases: id, date, languages, status, pairs, findings, name, title."""
    from prtranslate.errors import UsageError
    from prtranslate.store import RELEASE_STATUSES, Store

    if status is not None and status not in RELEASE_STATUSES:  # a usage error before the store is opened
        raise UsageError(f"--status {status!r} is not a release status: use {', '.join(RELEASE_STATUSES)}")
    with Store(db, readonly=True) as store:
        rows = store.releases(status)
    if fmt is LinesFormat.jsonl:
        emit("".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in rows), None)
    else:
        emit("".join(_release_line(r) + "\n" for r in rows), None)


@corpus_app.command("show")
@user_errors
def corpus_show(
    release: Annotated[str, typer.Argument(help="Release name or id (see `corpus list`).")],
    db: DbOption = "prtranslate.db",
    fmt: Annotated[LinesFormat, typer.Option("--format", "-f", help="Output format.")] = LinesFormat.text,
) -> None:
    """Show one stored release: its files, its aligned pairs and its findings."""
    from prtranslate.store import Store

    with Store(db, readonly=True) as store:
        row, pairs, findings = store.release(release)
        decisions = store.decisions_for(row.name)
        audit = store.audit(row.name)
    if fmt is LinesFormat.jsonl:
        stored: dict[str, object] = {k: v for k, v in asdict(row).items() if k != "meta_json"}
        stored["meta"] = row.meta
        out = [json.dumps({"release": stored}, ensure_ascii=False)]
        out += [json.dumps({"pair": asdict(p)}, ensure_ascii=False) for p in pairs]
        out += [json.dumps({"finding": asdict(f)}, ensure_ascii=False) for f in findings]
        out += [json.dumps({"decision": asdict(d)}, ensure_ascii=False) for d in decisions]
        out += [json.dumps({"audit": asdict(a)}, ensure_ascii=False) for a in audit]
        emit("\n".join(out) + "\n", None)
        return
    out = [f"release {row.id}: {row.name}", f"date: {row.date or '-'}", f"title: {row.title or '-'}",
           *([f"posted: {row.meta.get('posted', '-')}  department: {row.meta.get('department', '-')}"]
             if row.meta else []),
           f"languages: {row.languages}  status: {row.status}"
           + (f"  error: {row.error}" if row.error else ""),
           f"korean: {row.ko_path or '-'}  ({(row.ko_hash or '-')[:12]})",
           f"english: {row.en_path or '-'}  ({(row.en_hash or '-')[:12]})",
           f"stored: {row.added_at}", ""]
    for p in pairs:
        ids = f"{','.join(map(str, p.ko_ids)) or '-'} ↔ {','.join(map(str, p.en_ids)) or '-'}"
        flags = f"  [{', '.join(p.flags)}]" if p.flags else ""
        out.append(f"#{p.position} {ids}  {p.score:.2f}{flags}")
        out.append(f"  ko: {p.ko_text or '—'}")
        out.append(f"  en: {p.en_text or '—'}")
    if findings:
        out.append("")
        out.append(f"{len(findings)} findings:")
        out += [f"  [{number}] {f.severity} {f.kind}" + (f" (#{f.position})" if f.position is not None else "")
                + f": {f.message}" for number, f in enumerate(findings, start=1)]
    if decisions:
        out.append("")
        orphaned = sum(d.orphaned for d in decisions)
        out.append(f"{len(decisions)} decisions" + (f" ({orphaned} orphaned)" if orphaned else "") + ":")
        out += [_decision_line(d) for d in decisions]
    if audit:
        out.append("")
        out.append(f"history ({len(audit)} changes):")
        out += [f"  {a.created_at} v{a.version if a.version is not None else '-'} {a.editor or 'anonymous'} "
                f"{a.action}: {a.subject}" + (f" | before: {a.before}" if a.before else "")
                + (f" | after: {a.after}" if a.after else "") for a in audit]
    emit("\n".join(out) + "\n", None)


def _decision_line(d) -> str:
    if d.orphaned:
        on = f"orphaned: no longer matches ({d.subject})"
    elif d.target == "pair":
        on = f"pair #{d.pair}"
    else:
        on = f"finding [{d.finding}]"
    return (f"  ({d.id}) {d.created_at} {d.verdict} {on}" + (f" — {d.editor}" if d.editor else "")
            + (f" ({d.note})" if d.note else ""))


class Verdict(StrEnum):
    accept = "accept"
    reject = "reject"
    fixed = "fixed"


@corpus_app.command("decide")
@user_errors
def corpus_decide(
    release: Annotated[str, typer.Argument(help="Release name or id (see `corpus list`).")],
    verdict: Annotated[Verdict | None, typer.Argument(help="accept (the finding or pair stands), reject (a "
                                                           "false alarm, or a wrong pair) or fixed (corrected "
                                                           "in the text).")] = None,
    finding: Annotated[int | None, typer.Option("--finding", min=1,
                                                help="The finding's number in `corpus show`.")] = None,
    pair: Annotated[int | None, typer.Option("--pair", min=0, help="The pair's #position in `corpus show`.")] = None,
    editor: Annotated[str | None, typer.Option("--editor", help="Who decided.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why.")] = None,
    forget: Annotated[int | None, typer.Option("--forget", metavar="ID", min=1,
                                               help="Delete decision ID (its number in `corpus show`) "
                                                    "instead.")] = None,
    db: DbOption = "prtranslate.db",
) -> None:
    """Record an editor's decision on a stored finding or aligned pair (shown by `corpus show`).

    Decisions survive re-aligning the release; one whose pair or finding is gone is listed as
    orphaned. Only --forget ID deletes one."""
    from prtranslate.cli.options import editor_name
    from prtranslate.errors import UsageError
    from prtranslate.store import FindingRecord, PairRecord, Store

    editor = editor_name(editor)
    if forget is not None:
        if verdict is not None or finding is not None or pair is not None:
            raise UsageError("--forget ID takes no verdict, --finding or --pair")
        with Store(db, create=False) as store:
            gone = store.forget_decision(release, forget)
        emit(f"forgotten: decision {gone.id} ({gone.verdict} {gone.subject})\n", None)
        return
    if verdict is None:
        raise UsageError("give a verdict (accept, reject or fixed) with --finding N or --pair N, or --forget ID")
    if (finding is None) == (pair is None):
        raise UsageError("name exactly one of --finding N or --pair N")
    with Store(db, create=False) as store:
        row, pairs, findings = store.release(release)
        target: PairRecord | FindingRecord | None
        if finding is not None:
            if finding > len(findings):
                raise UsageError(f"release {row.name} has {len(findings)} findings; no finding {finding}")
            target = findings[finding - 1]
        else:
            target = next((p for p in pairs if p.position == pair), None)
            if target is None:
                raise UsageError(f"release {row.name} has no pair #{pair}")
        decision = store.record_decision(row.name, target, verdict.value, editor=editor, note=note)
    emit(f"recorded: {decision.verdict} {decision.subject} (decision {decision.id})\n", None)


@corpus_app.command("upgrade")
@user_errors
def corpus_upgrade(db: DbOption = "prtranslate.db") -> None:
    """Upgrade the store's schema to this prtranslate's (reading commands never write, so never upgrade)."""
    from prtranslate.store import Store

    with Store(db, create=False) as store:
        version = store.version
    emit(f"{db}: store schema version {version}\n", None)


@corpus_app.command("export")
@user_errors
def corpus_export(
    release: Annotated[str, typer.Argument(help="Release name or id (see `corpus list`).")],
    output: Annotated[str, typer.Option("--output", "-o", metavar="DIR", help="Folder to write NAME.ko.txt and "
                                        "NAME.en.txt into.")] = ".",
    db: DbOption = "prtranslate.db",
) -> None:
    """Write a release's current text, the editors' corrections included (`prtranslate review`), as
    NAME.ko.txt and NAME.en.txt; the release's own files are never touched."""
    from prtranslate.errors import UsageError
    from prtranslate.revisions import export_release
    from prtranslate.store import Store

    if output == "-":   # elsewhere "-o -" is standard output; here it would make a folder named "-"
        raise UsageError("corpus export writes two files (NAME.ko.txt and NAME.en.txt): -o names a folder,"
                         " not - (standard output)")
    with Store(db, readonly=True) as store:  # a reader: the store is only read
        written = export_release(store, release, output)
    emit("".join(f"wrote {path}\n" for path in written), None)


@corpus_app.command("stats")
@user_errors
def corpus_stats(
    db: DbOption = "prtranslate.db",
    fmt: Annotated[StatsFormat, typer.Option("--format", "-f", help="Output format.")] = StatsFormat.text,
) -> None:
    """Count what the store holds: releases by status and language, pairs, findings, TM, lexicon."""
    from prtranslate.store import Store

    with Store(db, readonly=True) as store:
        stats = store.stats()
    if fmt is StatsFormat.json:
        emit(json.dumps(asdict(stats), ensure_ascii=False, indent=2) + "\n", None)
        return

    def counts(d: dict[str, int]) -> str:
        return ", ".join(f"{k} {v}" for k, v in d.items()) or "-"

    emit("\n".join([
        f"schema version: {stats.schema_version}",
        f"releases: {stats.releases} ({counts(stats.by_status)}; {counts(stats.by_languages)})",
        f"pairs: {stats.pairs} ({stats.two_sided_pairs} two-sided, "
        f"{stats.low_confidence_pairs} low confidence)",
        f"findings: {stats.findings} ({counts(stats.findings_by_severity)})",
        f"imported TM units: {stats.tm_units_imported}",
        f"translations: {stats.translations}",
        f"lexicon entries: {stats.lexicon_entries}",
    ]) + "\n", None)
