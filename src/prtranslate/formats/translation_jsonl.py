"""Machine translation as JSONL: one paragraph a line with its origin, signature, terms and flags."""

from __future__ import annotations

import json
from typing import Any

from prtranslate.translation import (
    ORIGIN_HUMAN,
    ORIGIN_TM,
    FilledDocument,
    MTSignature,
    TranslatedDocument,
    TranslatedParagraph,
)


def _mt_record(para: TranslatedParagraph, signature: MTSignature) -> dict[str, Any]:
    return {
        "id": para.id, "kind": para.kind, "source": para.source, "translation": para.translation,
        "origin": para.origin, **signature.as_dict(),
        **({"tm_match": para.match, "tm_release": para.tm_release} if para.origin == ORIGIN_TM else {}),
        "terms_enforced": [t.as_dict() for t in para.enforced],
        "terms": [t.as_dict() for t in para.terms], "flags": list(para.flags),
    }


def to_jsonl(doc: TranslatedDocument) -> str:
    """One JSON object a paragraph: source, translation, origin, model, backend, glossary, terms, flags."""
    return "".join(json.dumps(_mt_record(p, doc.signature), ensure_ascii=False) + "\n"
                   for p in doc.paragraphs)


def filled_to_jsonl(doc: FilledDocument) -> str:
    """One JSON object a paragraph of the completed version, in reading order, with its origin."""
    lines = []
    for position, para in enumerate(doc.paragraphs):
        if para.mt is not None and doc.signature is not None:
            record = {"position": position, "text": para.text, "source_id": para.source_id,
                      **_mt_record(para.mt, doc.signature)}
            record.pop("id")
        else:
            record = {"position": position, "text": para.text, "id": para.id, "origin": ORIGIN_HUMAN}
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)
