"""Machine translation as TMX 1.4: one unit a paragraph, marked as machine output."""

from __future__ import annotations

from prtranslate import __version__
from prtranslate.translation import ORIGIN_NONE, ORIGIN_TM, TranslatedDocument


def to_tmx(doc: TranslatedDocument) -> bytes:
    """TMX 1.4: one unit a paragraph, marked ``x-origin: mt`` with model, backend and glossary properties."""
    from lxml import etree
    from translate.misc.xml_helpers import safely_set_text
    from translate.storage import tmx

    sig = doc.signature
    store = tmx.tmxfile(sourcelanguage=sig.source_lang, targetlanguage=sig.target_lang)
    header = store.document.getroot().find(store.namespaced("header"))
    for key, value in (("creationtool", "prtranslate"), ("creationtoolversion", __version__),
                       ("segtype", "paragraph"), ("o-tmf", "prtranslate"), ("adminlang", "en"),
                       ("srclang", sig.source_lang), ("datatype", "plaintext")):
        header.set(key, value)
    for para in doc.paragraphs:
        if para.origin == ORIGIN_NONE:
            continue   # no translation: a unit would pair the source with itself
        unit = store.addsourceunit(para.source, sig.source_lang)
        unit.settarget(para.translation, sig.target_lang, append=True)
        unit.xmlelement.set("tuid", str(para.id))
        props = {
            "x-origin": para.origin, "x-model": sig.model, "x-model-fingerprint": sig.model_fingerprint,
            "x-backend": sig.backend, "x-glossary-sha256": sig.glossary or "", "x-tool": sig.tool,
            "x-terms-enforced": ",".join(f"{t.ko}:{t.action}" for t in para.enforced),
            "x-flags": ",".join(para.flags), "x-paragraph-id": str(para.id),
        }
        if para.origin == ORIGIN_TM:
            props.update({"x-tm-match": f"{para.match:.0f}", "x-tm-release": para.tm_release or ""})
        for key, value in props.items():
            prop = etree.Element(unit.namespaced("prop"))
            prop.set("type", key)
            safely_set_text(prop, value)
            # TMX DTD order inside <tu>: note*, prop*, tuv+.
            unit._insert_element_before(prop, unit.namespaced("tuv"))
    return bytes(store)
