"""The translation engine without a real model: glossary enforcement, structure, cache, errors, formats.

A scripted backend stands in for the model here (registered as ``scripted``); the real models
are exercised in ``test_translate_model.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prtranslate.documents import Paragraph, parse_text
from prtranslate.errors import MissingDependencyError, ModelError
from prtranslate.glossary import Glossary, read_tsv
from prtranslate.mt import base
from prtranslate.mt.base import Backend, Hypothesis
from prtranslate.mt.models import resolve_model
from prtranslate.translate import (
    KEPT,
    MISSING,
    NBEST,
    SUBSTITUTED,
    GlossaryEnforcer,
    Translator,
    to_jsonl,
    to_text,
    to_tmx,
    translate_document,
)

GLOSSARY_TSV = """ko\ten\taccepted\tforbidden\tnote\tdomain
북극항로\tNorthern Sea Route\tNSR\tArctic route|North Sea Route\t\troute
북극이사회\tArctic Council\t\t\t\torganisation
북극협의회\tArctic Consultation\t\t\t\tmeeting
친환경 북극기지\tenvironment-friendly Arctic station\t\t\t\tregion
"""


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary(read_tsv(GLOSSARY_TSV))


def hyps(*texts: str, step: float = 0.1) -> list[Hypothesis]:
    return [Hypothesis(t, -step * i) for i, t in enumerate(texts)]


# --- glossary enforcement -----------------------------------------------------------------------


def test_term_already_rendered_is_kept(glossary: Glossary) -> None:
    enforcer = GlossaryEnforcer(glossary, "ko", "en")
    text, report = enforcer.enforce("북극이사회는 중요한 협의체이다.",
                                    hyps("The Arctic Council is important.", "The Polar Council is important."))
    assert text == "The Arctic Council is important."
    assert [(t.ko, t.action) for t in report] == [("북극이사회", KEPT)]


def test_compliant_hypothesis_is_picked_from_the_nbest_list(glossary: Glossary) -> None:
    enforcer = GlossaryEnforcer(glossary, "ko", "en")
    text, report = enforcer.enforce("북극이사회는 중요한 협의체이다.",
                                    hyps("The Polar Council is important.", "The Arctic Council is important."))
    assert text == "The Arctic Council is important."
    assert report[0].action == NBEST


def test_nbest_pick_stays_close_to_the_best_score(glossary: Glossary) -> None:
    # A compliant hypothesis far down in score is garbage more often than not: not picked.
    enforcer = GlossaryEnforcer(glossary, "ko", "en")
    text, report = enforcer.enforce("북극이사회는 중요한 협의체이다.",
                                    hyps("The Polar Council is important.", "Arctic Council Council", step=5.0))
    assert text == "The Polar Council is important."
    assert report[0].action == MISSING


def test_forbidden_variant_is_substituted(glossary: Glossary) -> None:
    enforcer = GlossaryEnforcer(glossary, "ko", "en")
    text, report = enforcer.enforce("양국은 북극항로에서 협력한다.",
                                    hyps("The two countries cooperate on the Arctic route."))
    assert text == "The two countries cooperate on the Northern Sea Route."
    assert report[0].action == SUBSTITUTED and report[0].replaced == "Arctic route"


def test_near_miss_is_substituted_as_check_finds_it(glossary: Glossary) -> None:
    from prtranslate.check import _near_miss

    enforcer = GlossaryEnforcer(glossary, "ko", "en")
    model = "The two countries cooperate on the Northern Sea Road."
    assert _near_miss(glossary.get("북극항로"), model)[0] == "Northern Sea Road"   # what check reports
    text, report = enforcer.enforce("양국은 북극항로에서 협력한다.", hyps(model))
    assert text == "The two countries cooperate on the Northern Sea Route."
    assert [(t.action, t.replaced) for t in report] == [(SUBSTITUTED, "Northern Sea Road")]


def test_a_near_miss_that_is_another_terms_right_form_is_left_alone() -> None:
    entries = read_tsv("ko\ten\n북극협의회\tArctic Councils meeting\n북극이사회\tArctic Council\n")
    enforcer = GlossaryEnforcer(Glossary(entries), "ko", "en")
    text, report = enforcer.enforce("북극협의회와 북극이사회", hyps("The Arctic Council met."))
    assert text == "The Arctic Council met."
    assert [(t.ko, t.action) for t in report] == [("북극협의회", MISSING), ("북극이사회", KEPT)]


def test_substitution_at_sentence_start_keeps_the_capital(glossary: Glossary) -> None:
    entries = read_tsv("ko\ten\tforbidden\n항로\tsea route\tshipping lane\n")
    enforcer = GlossaryEnforcer(Glossary(entries), "ko", "en")
    text, _ = enforcer.enforce("항로는 열려 있다.", hyps("Shipping lane is open."))
    assert text == "Sea route is open."


def test_the_models_own_rendering_of_the_term_is_substituted(glossary: Glossary) -> None:
    asked = []

    def render(term: str) -> list[Hypothesis]:
        asked.append(term)
        return hyps("Polar base", "the")

    enforcer = GlossaryEnforcer(glossary, "ko", "en", render_term=render)
    text, report = enforcer.enforce("러시아 측은 친환경 북극기지를 짓는다.",
                                    hyps("The Russian side builds a polar base."))
    assert asked == ["친환경 북극기지"]
    assert text == "The Russian side builds a environment-friendly Arctic station."
    assert report[0].replaced == "polar base"


def test_term_that_cannot_be_made_compliant_is_flagged(glossary: Glossary) -> None:
    enforcer = GlossaryEnforcer(glossary, "ko", "en", render_term=lambda term: hyps("the", "of the"))
    text, report = enforcer.enforce("러시아 측은 친환경 북극기지를 짓는다.",
                                    hyps("The Russian side builds a green base."))
    assert text == "The Russian side builds a green base."
    assert report[0].action == MISSING


def test_terms_inside_a_longer_compound_are_not_enforced(glossary: Glossary) -> None:
    enforcer = GlossaryEnforcer(glossary, "ko", "en")
    text, report = enforcer.enforce("신북극항로개발계획을 발표했다.", hyps("It announced a new plan."))
    assert report == [] and text == "It announced a new plan."


@pytest.mark.parametrize(
    ("output", "own", "expected"),
    [
        ("모스크바에서 북극 회담을 개최하였다.", "북극 회담", "모스크바에서 북극협의회를 개최하였다."),
        ("북극 회담은 중요하다.", "북극 회담", "북극협의회는 중요하다."),
        ("북극 회담이 열렸다.", "북극 회담", "북극협의회가 열렸다."),
        ("북극 회담과 조선 분야", "북극 회담", "북극협의회와 조선 분야"),
    ],
)
def test_korean_particle_follows_the_substituted_term(glossary: Glossary, output: str, own: str,
                                                      expected: str) -> None:
    enforcer = GlossaryEnforcer(glossary, "en", "ko", render_term=lambda term: hyps(own))
    text, report = enforcer.enforce("The Arctic Consultation was held.", hyps(output))
    assert text == expected
    assert report[0].action == SUBSTITUTED and report[0].replaced == own


@pytest.mark.parametrize(
    ("output", "own", "expected"),
    [
        ("양국은 북극 바닷길을 열었다.", "북극 바닷길", "양국은 북극항로를 열었다."),
        ("양국은 북극 항해선으로 간다.", "북극 항해선", "양국은 북극항로로 간다."),
        ("북극 바닷길과 조선", "북극 바닷길", "북극항로와 조선"),
    ],
)
def test_korean_particle_for_northern_sea_route(glossary: Glossary, output: str, own: str, expected: str) -> None:
    enforcer = GlossaryEnforcer(glossary, "en", "ko", render_term=lambda term: hyps(own))
    text, _ = enforcer.enforce("They opened the Northern Sea Route.", hyps(output))
    assert text == expected


def test_forbidden_english_form_in_the_source_still_asks_for_the_korean_term(glossary: Glossary) -> None:
    enforcer = GlossaryEnforcer(glossary, "en", "ko")
    _, report = enforcer.enforce("They use the Arctic route.", hyps("그들은 북극항로를 이용한다."))
    assert [(t.ko, t.action) for t in report] == [("북극항로", KEPT)]


# --- the engine with a scripted backend ----------------------------------------------------------


class ScriptedBackend(Backend):
    """Translates by table (unknown sentences become ``EN<sentence>``) and counts what it was asked."""

    name = "scripted"
    model_format = "transformers"
    table: ClassVar[dict[str, list[str]]] = {}
    calls: ClassVar[list[list[str]]] = []
    loads = 0

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        type(self).loads += 1

    def translate(self, sentences: Sequence[str], n_best: int = 4,
                  beam_size: int = 4) -> list[list[Hypothesis]]:
        type(self).calls.append(list(sentences))
        return [hyps(*self.table.get(s, [f"EN<{s}>"]))[:n_best] for s in sentences]


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """A Translator factory over the scripted backend and a model folder that holds only config.json."""
    monkeypatch.setitem(base.BACKENDS, "scripted", ScriptedBackend)
    monkeypatch.setattr(ScriptedBackend, "calls", [])
    monkeypatch.setattr(ScriptedBackend, "loads", 0)
    monkeypatch.setattr(ScriptedBackend, "table", {})
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}")

    def make(glossary: Glossary | None = None, cache: Path | None = None, **kw) -> Translator:
        return Translator("ko", "en", model=str(model), backend="scripted", glossary=glossary,
                          cache_dir=cache or tmp_path / "cache", **kw)

    return make


RELEASE = """바로가기 메뉴

제목 문단

1. 첫 문장이다. 둘째 문장이다.

° 셋째 문장이다.

- 넷째 문장이다.  끝.
"""


def test_paragraphs_markers_and_sentences_are_kept(scripted) -> None:
    doc = parse_text(RELEASE, "ko")
    result = translate_document(doc, scripted())
    assert [p.translation for p in result.paragraphs] == [
        "EN<제목 문단>", "1. EN<첫 문장이다.> EN<둘째 문장이다.>", "° EN<셋째 문장이다.>", "- EN<넷째 문장이다.>",
    ]
    # Menus and the closing "끝." are website chrome: dropped, and listed.
    assert [doc.paragraphs[i].text for i in result.dropped] == ["바로가기 메뉴", "끝."]
    # Markers never reach the model.
    assert not any(s.startswith(("1.", "°", "-")) for call in ScriptedBackend.calls for s in call)


def test_sentences_go_to_the_model_once_in_length_sorted_batches(scripted) -> None:
    translator = scripted(batch_size=2)
    paragraphs = [Paragraph(0, "긴 문장 하나입니다. 짧다. 긴 문장 하나입니다."), Paragraph(1, "중간 길이 문장.")]
    translator.translate_paragraphs(paragraphs)
    assert ScriptedBackend.calls == [["짧다.", "중간 길이 문장."], ["긴 문장 하나입니다."]]


def test_cached_sentences_cost_nothing(scripted, tmp_path: Path) -> None:
    doc = parse_text(RELEASE, "ko")
    first = translate_document(doc, scripted())
    assert ScriptedBackend.loads == 1
    again = scripted()
    second = translate_document(doc, again)
    assert second.paragraphs == first.paragraphs
    assert ScriptedBackend.loads == 1 and again.model_sentences == 0   # the model was not even loaded


def test_cache_off_and_cache_keyed_by_settings(scripted) -> None:
    doc = parse_text(RELEASE, "ko")
    translate_document(doc, scripted(use_cache=False))
    translate_document(doc, scripted(use_cache=False))
    assert ScriptedBackend.loads == 2
    translate_document(doc, scripted(n_best=2))
    assert ScriptedBackend.loads == 3   # other n-best size: other key


def test_unwritable_cache_is_switched_off_not_fatal(scripted, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    translator = scripted(cache=blocker / "cache")
    result = translate_document(parse_text(RELEASE, "ko"), translator)
    assert translator.cache is not None and translator.cache.error
    assert len(result.paragraphs) == 4


def test_glossary_report_per_paragraph(scripted, glossary: Glossary) -> None:
    ScriptedBackend.table = {"양국은 북극항로를 논의했다.": ["The two discussed the Arctic route."],
                             "북극이사회가 열렸다.": ["The Polar Council met.", "The Arctic Council met."]}
    paragraphs = [Paragraph(0, "1. 양국은 북극항로를 논의했다. 북극이사회가 열렸다.", marker="1.")]
    [para] = scripted(glossary).translate_paragraphs(paragraphs)
    assert para.translation == "1. The two discussed the Northern Sea Route. The Arctic Council met."
    assert [(t.ko, t.action) for t in para.enforced] == [("북극항로", SUBSTITUTED), ("북극이사회", NBEST)]
    assert para.flags == ()


def test_empty_model_output_is_flagged(scripted) -> None:
    ScriptedBackend.table = {"첫 문장이다.": [""]}
    [para] = scripted().translate_paragraphs([Paragraph(0, "1. 첫 문장이다.", marker="1.")])
    assert para.translation == "1." and para.flags == ("empty_translation",)


KO_SENTENCES = ["양국은 협력을 논의하였다.", "외교부는 회의를 개최하였다.", "수석대표는 협의하기로 하였다.",
                "계획을 공유하였다."]
MARKERS = ["", "1.", "2)", "°", "○", "-"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(MARKERS), st.lists(st.sampled_from(KO_SENTENCES), min_size=1,
                                                                max_size=3)), min_size=1, max_size=6))
def test_structure_invariants(scripted, paragraphs: list[tuple[str, list[str]]]) -> None:
    paras = [Paragraph(i, f"{m} {' '.join(s)}".strip(), marker=m) for i, (m, s) in enumerate(paragraphs)]
    out = scripted(use_cache=False).translate_paragraphs(paras)
    # One translation per paragraph, same order, marker first, every sentence translated in order.
    assert [t.id for t in out] == [p.id for p in paras]
    for (marker, sentences), t in zip(paragraphs, out, strict=True):
        expected = " ".join(f"EN<{s}>" for s in sentences)
        assert t.translation == (f"{marker} {expected}" if marker else expected)


NEAR_MISS_RELEASE = """제목 문단

1. 양국은 북극항로를 논의했다.

2. 러시아 측은 친환경 북극기지를 건설한다.
"""


def test_cli_fixes_near_misses_and_marks_what_still_fails(cli, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(base.BACKENDS, "transformers", ScriptedBackend)
    monkeypatch.setattr(ScriptedBackend, "table", {
        "양국은 북극항로를 논의했다.": ["The two sides discussed the Northern Sea Road."],
        "러시아 측은 친환경 북극기지를 건설한다.": ["The Russian side builds a green polar base."],
    })
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    (tmp_path / "terms.tsv").write_text(GLOSSARY_TSV, encoding="utf-8")
    (tmp_path / "release.ko.txt").write_text(NEAR_MISS_RELEASE, encoding="utf-8")
    args = ("translate", tmp_path / "release.ko.txt", "--model", model, "--no-glossary", "-g",
            tmp_path / "terms.tsv", "--no-tm", "--cache-dir", tmp_path / "cache")

    text = cli(*args)
    assert text.exit_code == 0, text.stderr
    body = text.stdout.split("\n\n")[1:]
    assert body == ["EN<제목 문단>", "1. The two sides discussed the Northern Sea Route.",
                    "[CHECK 친환경 북극기지] 2. The Russian side builds a green polar base.\n"]
    assert "1 paragraph to check, marked [CHECK term]" in text.stdout.splitlines()[0]
    assert "glossary terms not rendered: 친환경 북극기지" in text.stderr

    records = [json.loads(line) for line in cli(*args, "-f", "jsonl").stdout.splitlines()]
    assert records[1]["terms_enforced"] == [
        {"ko": "북극항로", "preferred": "Northern Sea Route", "action": "substituted", "replaced": "Northern Sea Road"}]
    assert records[1]["flags"] == [] and records[2]["flags"] == ["term_missing:친환경 북극기지"]


# --- formats -------------------------------------------------------------------------------------


def test_formats_mark_machine_output(scripted, glossary: Glossary) -> None:
    from prtranslate.formats.tmx import read_tmx

    doc = translate_document(parse_text(RELEASE, "ko"), scripted(glossary))
    text = to_text(doc)
    assert text.startswith("# MACHINE TRANSLATION — ko→en, model ")
    assert f"glossary sha256 {glossary.digest}" in text.splitlines()[0]
    assert text.split("\n\n")[1:] == [p.translation for p in doc.paragraphs[:-1]] + [
        doc.paragraphs[-1].translation + "\n"]
    records = [json.loads(line) for line in to_jsonl(doc).splitlines()]
    assert len(records) == 4
    assert {r["origin"] for r in records} == {"mt"}
    assert {r["backend"] for r in records} == {"scripted"}
    assert {r["glossary"] for r in records} == {glossary.digest}
    assert set(records[0]) >= {"source", "translation", "model", "terms_enforced", "flags"}
    rows = read_tmx(to_tmx(doc))
    assert [r[1] for r in rows] == [p.translation for p in doc.paragraphs]
    assert rows[0][2]["x-origin"] == "mt" and rows[0][2]["x-glossary-sha256"] == glossary.digest


def test_no_glossary_no_hash(scripted) -> None:
    doc = translate_document(parse_text(RELEASE, "ko"), scripted())
    assert "no glossary" in to_text(doc).splitlines()[0]
    assert json.loads(to_jsonl(doc).splitlines()[0])["glossary"] is None


# --- models and errors ---------------------------------------------------------------------------


@pytest.fixture
def offline_hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.delenv("PRTRANSLATE_MODEL_KO_EN", raising=False)
    monkeypatch.delenv("PRTRANSLATE_MODEL_EN_KO", raising=False)
    return tmp_path


def test_missing_default_model_says_what_was_tried(cli, arctic, offline_hub: Path) -> None:
    result = cli("translate", arctic[0], "--cache-dir", offline_hub / "cache")
    assert result.exit_code == 5
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("prtranslate: error: no ko→en translation model: tried ")
    for part in ("Helsinki-NLP/opus-mt-tc-big-ko-en", "Hugging Face cache", "HF_HUB_OFFLINE", "--model DIR",
                 "PRTRANSLATE_MODEL_KO_EN"):
        assert part in line


@pytest.mark.parametrize("module", ["torch", "transformers"])
def test_missing_mt_extra_is_said_before_the_model(cli, arctic, offline_hub: Path,
                                                     monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    # As on a machine installed without the mt extra: the import fails (and the model is not there either).
    monkeypatch.setitem(sys.modules, module, None)
    result = cli("translate", arctic[0], "--no-tm", "--cache-dir", offline_hub / "cache")
    assert result.exit_code == 5
    [line] = result.stderr.splitlines()
    assert line.startswith("prtranslate: error: machine translation needs the mt extra")
    assert f"{module} is not installed" in line and "pip install 'prtranslate[mt]'" in line
    assert "hf download" not in line


def test_missing_model_folder(cli, arctic, offline_hub: Path) -> None:
    result = cli("translate", arctic[1], "--model", offline_hub / "nowhere" / "model")
    assert result.exit_code == 5
    [line] = result.stderr.splitlines()
    assert "does not exist" in line and "--model DIR" in line


def test_environment_variable_names_the_model(cli, arctic, offline_hub: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRTRANSLATE_MODEL_EN_KO", str(offline_hub / "gone"))
    result = cli("translate", arctic[1])
    assert result.exit_code == 5
    assert "$PRTRANSLATE_MODEL_EN_KO" in result.stderr


def test_folder_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a translation model folder"):
        resolve_model(str(tmp_path), "--model", "ko", "en")


def test_model_found_in_the_hub_cache(offline_hub: Path) -> None:
    snapshot = offline_hub / "hf" / "hub" / "models--Org--tiny" / "snapshots" / "abc123"
    snapshot.mkdir(parents=True)
    (snapshot / "config.json").write_text("{}")
    refs = offline_hub / "hf" / "hub" / "models--Org--tiny" / "refs"
    refs.mkdir()
    (refs / "main").write_text("abc123")
    spec = resolve_model("Org/tiny", "default", "ko", "en")
    assert spec.path == snapshot and spec.format == "transformers"


def test_missing_extra_names_it(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "config.json").write_text("{}")
    monkeypatch.setitem(sys.modules, "ctranslate2", None)
    result = cli("model", "convert", tmp_path, tmp_path / "out")
    assert result.exit_code == 5
    assert "pip install 'prtranslate[mt]'" in result.stderr
    assert not (tmp_path / "out").exists()
    with pytest.raises(MissingDependencyError):
        from prtranslate.mt.ct2 import CTranslate2Backend
        from prtranslate.mt.models import ModelSpec

        CTranslate2Backend(ModelSpec("x", tmp_path, "ctranslate2", "--model", ""), "ko", "en")


def test_translating_into_the_same_language_is_an_input_error(cli, arctic, tmp_path: Path) -> None:
    result = cli("translate", arctic[0], "--to", "ko", "--model", tmp_path)
    assert result.exit_code == 3
    assert "already Korean" in result.stderr


def test_missing_input_file(cli, tmp_path: Path) -> None:
    result = cli("translate", tmp_path / "none.txt")
    assert result.exit_code == 3 and len(result.stderr.splitlines()) == 1


def test_help_and_import_do_not_load_torch() -> None:
    code = ("import sys; from typer.testing import CliRunner; from prtranslate.cli import app; "
            "import prtranslate.translate, prtranslate.mt.hf, prtranslate.mt.ct2; "
            "r = CliRunner().invoke(app, ['translate', '--help']); assert r.exit_code == 0, r.output; "
            "heavy = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]; "
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


class _Vocab:
    def __init__(self, *tokens: str) -> None:
        self.tokens = {t: i for i, t in enumerate(tokens)}

    def get_vocab(self) -> dict[str, int]:
        return self.tokens


@pytest.mark.parametrize(
    ("vocab", "model_type", "direction", "codes", "start"),
    [
        (_Vocab("kor_Hang", "eng_Latn"), "m2m_100", ("ko", "en"), ("kor_Hang", "eng_Latn"), "eng_Latn"),  # NLLB-200
        (_Vocab("__ko__", "__en__"), "m2m_100", ("en", "ko"), ("en", "ko"), "__ko__"),  # M2M100
        (_Vocab("▁a", "</s>"), "marian", ("ko", "en"), None, None),  # OPUS-MT: one pair, no codes
    ],
)
def test_language_codes_of_multilingual_models(vocab, model_type, direction, codes, start) -> None:
    from prtranslate.mt.hf import language_codes, target_token

    assert language_codes(vocab, model_type, *direction) == codes
    if codes:
        assert target_token(vocab, codes[1]) == start


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from prtranslate.cli import translate as cli_translate

    with cli_translate._progress() as progress:
        assert progress is None   # not a terminal (pytest captures stderr)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with cli_translate._progress() as progress:
        progress(0, 5)            # short input: no bar
        progress(0, 40)
        progress(40, 40)
    assert "translating sentences" in terminal.getvalue()


@pytest.mark.parametrize(("requested", "gpu", "expected"), [
    ("auto", False, "cpu"), ("auto", True, "cuda"), ("cpu", True, "cpu"), ("cpu", False, "cpu"),
    ("cuda", True, "cuda"),
])
def test_devices_resolve(requested, gpu, expected):
    from prtranslate.mt.base import resolve_device

    assert resolve_device(requested, gpu) == expected


def test_cuda_without_a_gpu_is_a_model_error():
    from prtranslate.mt.base import resolve_device

    with pytest.raises(ModelError, match="no CUDA GPU"):
        resolve_device("cuda", False)
