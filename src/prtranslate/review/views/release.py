"""The release page: both versions side by side as aligned beads, the findings with their decision
buttons, the alignment repair buttons, approval and the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from prtranslate.errors import InputError, StoreError
from prtranslate.labels import label, name
from prtranslate.review.views.helpers import error_page, highlight, render
from prtranslate.revisions import (
    Link,
    Para,
    Revision,
    current,
    decisions_by_finding,
    learnable,
    split_options,
)
from prtranslate.store import Decision, FindingRecord, finding_subject


@dataclass(frozen=True)
class FindingView:
    number: int
    record: FindingRecord
    subject: str
    decision: Decision | None
    learnable: bool
    other_forms: str         # the renderings an Accept could forbid (all but the preferred one)
    where: str = ""          # its paragraphs as the reader sees them: ``ko 4. 양측은… | en 4. The two…``


@dataclass(frozen=True)
class BeadView:
    position: int
    link: Link
    ko: tuple[tuple[Para, Markup], ...]
    en: tuple[tuple[Para, Markup], ...]
    findings: tuple[int, ...]
    classes: str
    can_merge: bool          # with the next bead
    can_link: bool           # one-sided, the next one-sided on the other side
    can_unlink: bool         # a 1-1 bead
    cuts: tuple[tuple[int, int, str], ...]   # the other ways to split it: (ko count, en count, label)


def paragraph_labels(revision: Revision) -> dict[str, dict[int, str]]:
    """Each paragraph's label by side and id: its list number or marker and first words, as
    ``align`` and ``check`` name it (ids count the page's navigation lines; readers never see them)."""
    return {"ko": {p.id: label(p) for p in revision.ko}, "en": {p.id: label(p) for p in revision.en}}


def _names(labels: dict[str, dict[int, str]], ko: tuple[int, ...], en: tuple[int, ...]) -> str:
    return f"ko {name(labels['ko'], ko)} ↔ en {name(labels['en'], en)}"


def _where(labels: dict[str, dict[int, str]], link: Link) -> str:
    sides = [f"{side} {name(labels[side], ids)}" for side, ids in (("ko", link.ko), ("en", link.en)) if ids]
    return " | ".join(sides)


def finding_views(revision: Revision, decisions: dict[int, Decision]) -> list[FindingView]:
    labels = paragraph_labels(revision)
    views = []
    for number, f in enumerate(revision.findings, start=1):
        subject = finding_subject(f)
        forms = [x.strip() for x in (f.found or "").split(";") if x.strip() and x.strip() != f.expected]
        where = ""
        if f.position is not None and 0 <= f.position < len(revision.beads):
            where = _where(labels, revision.beads[f.position])
        views.append(FindingView(number, f, subject, decisions.get(number), learnable(f) and bool(forms),
                                 "; ".join(forms), where))
    return views


def bead_views(revision: Revision, findings: list[FindingView]) -> list[BeadView]:
    by_position: dict[int, list[FindingView]] = {}
    for fv in findings:
        if fv.record.position is not None:
            by_position.setdefault(fv.record.position, []).append(fv)
    ko = {p.id: p for p in revision.ko}
    en = {p.id: p for p in revision.en}
    labels = paragraph_labels(revision)
    beads = revision.beads
    views = []
    for pos, link in enumerate(beads):
        related = by_position.get(pos, [])
        ko_needles = [(fv.record.evidence or "", fv.record, fv.number) for fv in related]
        en_needles = [(form.strip(), fv.record, fv.number) for fv in related
                      for form in (fv.record.found or "").split(";")]
        nxt = beads[pos + 1] if pos + 1 < len(beads) else None
        one_sided = not link.ko or not link.en
        classes = ["bead"]
        if related:
            classes.append("flagged")
        if "boilerplate" in link.flags:
            classes.append("boilerplate")
        elif one_sided:
            classes.append("missing")
        if link.origin == "editor":
            classes.append("edited")
        cuts = tuple((k, e, f"{_names(labels, link.ko[:k], link.en[:e])} | {_names(labels, link.ko[k:], link.en[e:])}")
                     for k, e in split_options(link) if not (len(link.ko) == 1 and len(link.en) == 1))
        views.append(BeadView(
            pos, link,
            tuple((ko[i], highlight(ko[i].text, ko_needles)) for i in link.ko if i in ko),
            tuple((en[j], highlight(en[j].text, en_needles)) for j in link.en if j in en),
            tuple(fv.number for fv in related), " ".join(classes),
            can_merge=nxt is not None,
            can_link=nxt is not None and one_sided and ((not link.en and not nxt.ko) or (not link.ko and not nxt.en)),
            can_unlink=len(link.ko) == 1 and len(link.en) == 1,
            cuts=cuts,
        ))
    return views


def page(request: Request) -> Response:
    settings = request.app.state.settings
    store = settings.store()
    name = request.path_params["name"]
    try:
        revision = current(store, name)
    except (InputError, StoreError):
        return error_page(request, 404, "No such release", f"The store holds no release named {name}.")
    decisions = decisions_by_finding(store, revision)
    findings = finding_views(revision, decisions)
    open_findings = [fv for fv in findings if fv.decision is None]
    return render(request, "release.html", revision=revision, release=revision.release, findings=findings,
                  open_count=len(open_findings), beads=bead_views(revision, findings),
                  labels=paragraph_labels(revision),
                  audit=list(reversed(store.audit(revision.release.name))),
                  orphaned=store.orphaned_decisions(revision.release.name))
