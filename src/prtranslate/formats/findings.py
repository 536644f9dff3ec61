"""Check findings as JSON lines, a plain-text listing, and a self-contained HTML review page."""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from prtranslate.check import KINDS, SEVERITIES, CheckResult, Finding
from prtranslate.formats.highlight import highlight
from prtranslate.labels import name, paragraph_labels


def to_jsonl(findings: Iterable[Finding], alignment: Any = None) -> str:
    """One finding a line: ``{"kind", "severity", "ko": [ids], "en": [ids], "ko_labels", "en_labels",
    "message", ...}``; the labels (with ``alignment``) name the paragraphs as the reader sees them."""
    names = _Labels(alignment) if alignment is not None else None
    lines = []
    for f in findings:
        record = f.to_dict()
        if names is not None:
            record = _with_labels(record, names.ko_list(f.ko), names.en_list(f.en))
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)


def _with_labels(record: dict[str, object], ko: list[str], en: list[str]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in record.items():
        out[key] = value
        if key == "en":
            out["ko_labels"], out["en_labels"] = ko, en
    return out


class _Labels:
    """Paragraph labels of both sides of an alignment, by paragraph id."""

    def __init__(self, alignment: Any) -> None:
        self.ko = paragraph_labels(alignment.ko_units)
        self.en = paragraph_labels(alignment.en_units)

    def ko_list(self, ids: Sequence[int]) -> list[str]:
        return [self.ko.get(i, str(i)) for i in ids]

    def en_list(self, ids: Sequence[int]) -> list[str]:
        return [self.en.get(j, str(j)) for j in ids]

    def where(self, finding: Finding) -> str:
        """``ko 4. 양측은 북극항로… | en 4. The two sides…`` (one side only when the other has none)."""
        sides = [f"{side} {name(labels, ids)}" for side, labels, ids in
                 (("ko", self.ko, finding.ko), ("en", self.en, finding.en)) if ids]
        return " | ".join(sides) or "—"


def summary(result: CheckResult) -> str:
    """``3 findings: 2 errors, 1 warning`` (or ``no findings``)."""
    counts = result.counts()
    total = len(result.findings)
    if not total:
        return "no findings"
    parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
    return f"{total} finding{'s' if total != 1 else ''}: {', '.join(parts)}"


def to_text(result: CheckResult) -> str:
    """A listing for the terminal: one block per finding, a summary line last."""
    alignment = result.alignment
    out = [f"# {getattr(alignment, 'ko_path', '')} <-> {getattr(alignment, 'en_path', '')}"]
    if result.glossary is not None:
        out[0] += f" (glossary: {len(result.glossary)} entries, sha256 {result.glossary.digest[:12]})"
    names = _Labels(alignment)
    for f in result.findings:
        out.append(f"{f.severity.upper():7} {f.kind:12} {names.where(f)}")
        out.append(f"        {f.message}")
        details = [f"{label}: {value}" for label, value in
                   (("evidence", f.evidence), ("expected", f.expected), ("found", f.found)) if value]
        if details:
            out.append("        " + " | ".join(details))
    out.append(summary(result))
    return "\n".join(out) + "\n"


# --- HTML ---------------------------------------------------------------------------------------

_CSS = """
:root{--error:#c62828;--warning:#ef6c00;--info:#1565c0}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans KR",sans-serif;margin:0;color:#222;
background:#fafafa}
header{background:#263238;color:#fff;padding:12px 20px}
header h1{font-size:18px;margin:0 0 4px}
header p{margin:0;font-size:13px;opacity:.85}
main{padding:12px 20px}
.filters{position:sticky;top:0;background:#fafafa;padding:8px 0;border-bottom:1px solid #ddd;z-index:2}
.filters label{margin-right:14px;white-space:nowrap;cursor:pointer}
.filters .count{color:#666;font-size:12px}
table{border-collapse:collapse;width:100%;background:#fff}
td,th{border:1px solid #e0e0e0;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#eceff1;font-weight:600}
.ids{white-space:nowrap;color:#555;font-size:12px}
.sev{font-weight:600;text-transform:uppercase;font-size:12px}
.sev-error{color:var(--error)}.sev-warning{color:var(--warning)}.sev-info{color:var(--info)}
.detail{font-size:13px;color:#444}
.detail b{font-weight:600;color:#222}
tr.pair.flagged td.text{background:#fffdf5}
tr.pair.boilerplate td{color:#999;font-size:12px}
tr.pair.missing td.text{background:#fff0f0}
.para{margin:0 0 6px}
mark{background:#ffe082;border-radius:2px;padding:0 1px}
mark.sev-error{background:#ffcdd2}
mark.sev-warning{background:#ffe0b2}
.hidden{display:none}
body.plain mark{background:none}
a{color:#1565c0;text-decoration:none}
.empty{color:#2e7d32;font-weight:600}
"""

_JS = """
(function(){
  function update(){
    var on={};
    document.querySelectorAll('input[data-filter]').forEach(function(box){on[box.value]=box.checked;});
    document.querySelectorAll('[data-kind]').forEach(function(el){
      var show=on[el.getAttribute('data-kind')]!==false && on[el.getAttribute('data-severity')]!==false;
      if(el.tagName==='MARK'){el.classList.toggle('off',!show);el.style.background=show?'':'none';}
      else{el.classList.toggle('hidden',!show);}
    });
    var only=document.getElementById('only-flagged');
    document.querySelectorAll('tr.pair').forEach(function(row){
      var kinds=(row.getAttribute('data-kinds')||'').split(' ').filter(Boolean);
      var visible=kinds.some(function(k){return on[k]!==false;});
      row.classList.toggle('hidden',only.checked && !visible);
    });
  }
  document.querySelectorAll('input[data-filter],#only-flagged').forEach(function(box){
    box.addEventListener('change',update);
  });
  update();
})();
"""


def _highlight(text: str, needles: Sequence[tuple[str, Finding]]) -> str:
    """``text`` escaped, with every occurrence of each needle wrapped in a ``<mark>`` of its finding."""

    def mark(words: str, f: Finding) -> str:
        return (f'<mark class="sev-{f.severity}" data-kind="{f.kind}" data-severity="{f.severity}" '
                f'title="{html.escape(f.message)}">{words}</mark>')

    return highlight(text, needles, mark)


def _side(units, ids: Sequence[int], needles, side: str) -> str:
    paras = []
    for i in ids:
        unit = units[i]
        pid = getattr(unit, "paragraph", unit.id)
        paras.append(f'<p class="para" id="{side}-{pid}">{_highlight(unit.text, needles)}</p>')
    return "".join(paras) or "<p class=\"para\">—</p>"


def to_html(result: CheckResult, title: str = "prtranslate check") -> str:
    """A self-contained review page: findings with filters by kind and severity, then the two versions
    side by side with the findings highlighted in the text. No external CSS, fonts or scripts."""
    alignment = result.alignment
    findings = result.findings
    kinds = Counter(f.kind for f in findings)
    severities = Counter(f.severity for f in findings)
    ko_path = getattr(alignment, "ko_path", "")
    en_path = getattr(alignment, "en_path", "")
    esc = html.escape
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{esc(title)}</h1><p>{esc(ko_path)} ↔ {esc(en_path)}</p>",
    ]
    glossary = result.glossary
    gloss = (f" · glossary: {len(glossary)} entries, sha256 {glossary.digest[:12]}" if glossary is not None
             else " · no glossary")
    parts.append(f"<p>{esc(summary(result))}{esc(gloss)}</p></header><main>")
    parts.append('<div class="filters"><strong>Show:</strong> ')
    for kind in KINDS:
        if kinds.get(kind):
            parts.append(f'<label><input type="checkbox" data-filter value="{kind}" checked> {kind} '
                         f'<span class="count">({kinds[kind]})</span></label>')
    for sev in SEVERITIES:
        if severities.get(sev):
            parts.append(f'<label><input type="checkbox" data-filter value="{sev}" checked> '
                         f'<span class="sev sev-{sev}">{sev}</span> <span class="count">({severities[sev]})'
                         "</span></label>")
    parts.append('<label><input type="checkbox" id="only-flagged"> only paragraphs with findings</label>'
                 "</div>")

    parts.append("<h2>Findings</h2>")
    names = _Labels(alignment)
    if findings:
        parts.append('<table class="findings"><tr><th>severity</th><th>kind</th><th>ko</th><th>en</th>'
                     "<th>message</th></tr>")
        for f in findings:
            ko_links = "<br>".join(f'<a href="#ko-{i}">{esc(names.ko.get(i, str(i)))}</a>' for i in f.ko) or "—"
            en_links = "<br>".join(f'<a href="#en-{j}">{esc(names.en.get(j, str(j)))}</a>' for j in f.en) or "—"
            fields = (("evidence", f.evidence), ("expected", f.expected), ("found", f.found))
            detail = " · ".join(f"<b>{label}</b> {esc(value)}" for label, value in fields if value)
            parts.append(
                f'<tr class="finding" data-kind="{f.kind}" data-severity="{f.severity}">'
                f'<td class="sev sev-{f.severity}">{f.severity}</td><td>{f.kind}</td>'
                f'<td class="ids">{ko_links}</td><td class="ids">{en_links}</td>'
                f'<td>{esc(f.message)}<div class="detail">{detail}</div></td></tr>')
        parts.append("</table>")
    else:
        parts.append('<p class="empty">No findings.</p>')

    parts.append("<h2>The two versions</h2>")
    parts.append('<table class="versions"><tr><th>Korean</th><th>English</th></tr>')
    by_ko: dict[int, list[Finding]] = {}
    by_en: dict[int, list[Finding]] = {}
    for f in findings:
        for i in f.ko:
            by_ko.setdefault(i, []).append(f)
        for j in f.en:
            by_en.setdefault(j, []).append(f)

    def pids(units, ids):
        return sorted({getattr(units[i], "paragraph", units[i].id) for i in ids})

    for bead in alignment.beads:
        ko_p = pids(alignment.ko_units, bead.ko)
        en_p = pids(alignment.en_units, bead.en)
        related = list(dict.fromkeys([f for i in ko_p for f in by_ko.get(i, [])]
                                     + [f for j in en_p for f in by_en.get(j, [])]))
        ko_needles = [(f.evidence, f) for f in related]
        en_needles = [(f.found, f) for f in related]
        classes = ["pair"]
        if related:
            classes.append("flagged")
        if "boilerplate" in bead.flags:
            classes.append("boilerplate")
        elif not bead.ko or not bead.en:
            classes.append("missing")
        kinds_attr = " ".join(sorted({f.kind for f in related}))
        parts.append(
            f'<tr class="{" ".join(classes)}" data-kinds="{kinds_attr}">'
            f'<td class="text" lang="ko">{_side(alignment.ko_units, bead.ko, ko_needles, "ko")}</td>'
            f'<td class="text" lang="en">{_side(alignment.en_units, bead.en, en_needles, "en")}</td></tr>')
    parts.append("</table></main>")
    parts.append(f"<script>{_JS}</script></body></html>")
    return "\n".join(parts) + "\n"
