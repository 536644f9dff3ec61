"""`prtranslate translate`, `fill` and `model convert` end to end, with a tiny Marian model trained here.

The model (see ``mt_fixtures.py``) is built once per session in a temporary folder in the layout
of a published OPUS-MT model; every test goes through the CLI. Golden outputs live under
``tests/data/translate-tiny/``; regenerate them with ``PRTRANSLATE_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("ctranslate2")

from mt_fixtures import EXPECTED, build_tiny_marian

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "translate-tiny"
UPDATE = os.environ.get("PRTRANSLATE_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch

    threads = torch.get_num_threads()
    # One thread: the test machines are small and shared, and OpenMP threads spinning on a busy
    # machine make every step an order of magnitude slower.
    torch.set_num_threads(1)
    try:
        folder = build_tiny_marian(tmp_path_factory.mktemp("models") / "opus-mt-tiny-ko-en")
    finally:
        torch.set_num_threads(threads)
    return folder


@pytest.fixture(scope="session")
def ct2_model(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from prtranslate.cli import app

    out = tmp_path_factory.mktemp("ct2") / "opus-mt-tiny-ct2"
    result = CliRunner().invoke(app, ["model", "convert", str(tiny_model), str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "int8" in result.stdout
    return out


@pytest.fixture
def run_mt(cli, tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``prtranslate COMMAND ARGS`` with the tiny model, the test glossary only, a fresh cache, one thread."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")

    def run(*args: str | os.PathLike[str], model: Path | None = None, cache: Path | None = None):
        extra = ["--model", str(model or tiny_model), "-g", str(DATA / "glossary.tsv"), "--no-glossary",
                 "--cache-dir", str(cache or tmp_path / "cache"), "--threads", "1"]
        return cli(*args, *extra)

    return run


def _normalise(text: str, model: Path) -> str:
    from prtranslate import __version__

    text = text.replace(str(model), "<MODEL>").replace(f"prtranslate {__version__}", "prtranslate <VERSION>")
    return re.sub(r'"model_fingerprint": "[0-9a-f]{64}"', '"model_fingerprint": "<FINGERPRINT>"', text)


def _golden(name: str, actual: str) -> None:
    path = DATA / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    elif not path.exists():
        pytest.fail(f"{path} is missing; create it with PRTRANSLATE_UPDATE_GOLDEN=1")
    assert actual == path.read_text(encoding="utf-8")


def _body(text: str) -> list[str]:
    """The paragraphs after the header line."""
    header, _, rest = text.partition("\n\n")
    assert header.startswith("# ")
    return rest.rstrip("\n").split("\n\n")


GOLDEN_CASES = [
    ("translate-ko-en.txt", ["translate", "release.ko.txt"]),
    ("translate-ko-en.jsonl", ["translate", "release.ko.txt", "--to", "en", "--format", "jsonl"]),
    ("translate-en-ko.jsonl", ["translate", "release.en.txt", "--format", "jsonl"]),
    ("fill-en.txt", ["fill", "release.ko.txt", "partial.en.txt"]),
]


@pytest.mark.parametrize(("expected", "args"), GOLDEN_CASES, ids=[c[0] for c in GOLDEN_CASES])
def test_golden(run_mt, tiny_model: Path, expected: str, args: list[str]) -> None:
    result = run_mt(args[0], *[str(DATA / a) if a.endswith(".txt") else a for a in args[1:]])
    assert result.exit_code == 0, result.stderr
    assert all(line.startswith("prtranslate: note: ") for line in result.stderr.splitlines())
    _golden(expected, _normalise(result.stdout.replace(str(DATA) + "/", ""), tiny_model))


def test_output_reproduces_what_the_model_learned(run_mt) -> None:
    result = run_mt("translate", DATA / "release.ko.txt")
    body = _body(result.stdout)
    assert body[0] == EXPECTED["제4차 한-러 북극협의회 개최"]
    assert body[1] == "1. " + EXPECTED["외교부는 모스크바에서 북극협의회를 개최하였다."]
    # Two sentences, split by kiwipiepy, translated apart and joined back in one paragraph.
    assert body[2] == ("° " + EXPECTED["양국은 북극 협력을 논의하였다."] + " "
                       + EXPECTED["양국 수석대표는 긴밀히 협의해 나가기로 하였다."])


def test_paragraph_structure_and_numbering_are_kept(run_mt) -> None:
    from prtranslate.documents import read_document

    source = read_document(DATA / "release.ko.txt")
    result = run_mt("translate", DATA / "release.ko.txt", "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    content = [p for p in source.paragraphs if p.kind != "boilerplate"]
    # Boilerplate (menus, "끝.") is dropped; every other paragraph is there, in order, marker first.
    assert [r["id"] for r in records] == [p.id for p in content]
    assert [r["source"] for r in records] == [p.text for p in content]
    for record, para in zip(records, content, strict=True):
        assert record["origin"] == "mt"
        assert record["translation"].startswith(para.marker)
        assert record["kind"] == para.kind
    text = _body(run_mt("translate", DATA / "release.ko.txt").stdout)
    assert len(text) == len(content)
    # A paragraph flagged for review starts with [CHECK term], then its own marker.
    assert [re.sub(r"^\[CHECK [^]]*\] ", "", t).split()[0] for t in text[1:]] == ["1.", "°", "°", "2.", "3."]


def test_glossary_terms_enforced_or_flagged(run_mt) -> None:
    result = run_mt("translate", DATA / "release.ko.txt", "--format", "jsonl")
    records = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    # Forbidden variant in the model's output: substituted.
    route = records[5]
    assert "Northern Sea Route" in route["translation"] and "Arctic route" not in route["translation"]
    assert route["terms_enforced"] == [{"ko": "북극항로", "preferred": "Northern Sea Route",
                                        "action": "substituted", "replaced": "Arctic route"}]
    # The model's best says "Polar Council"; its second hypothesis is compliant: picked.
    council = records[6]
    assert council["translation"] == "2. The Arctic Council is an important platform."
    assert council["terms_enforced"][0]["action"] == "nbest"
    # Nothing compliant and nothing to substitute: left as is, flagged.
    station = records[7]
    assert station["translation"] == "3. " + EXPECTED["러시아 측은 친환경 북극기지 건설 계획을 공유하였다."]
    assert station["flags"] == ["term_missing:친환경 북극기지"]
    assert station["terms_enforced"] == []
    assert result.stderr == ("prtranslate: note: 1 paragraph flagged; glossary terms not rendered: "
                             "친환경 북극기지 (details: --format jsonl)\n")
    # The glossary's hash marks every record.
    assert {r["glossary"] for r in records.values()} == {records[2]["glossary"]}
    assert len(records[2]["glossary"]) == 64


def test_korean_output_term_substituted_and_particle_repaired(run_mt) -> None:
    result = run_mt("translate", DATA / "release.en.txt", "--to", "ko")
    body = _body(result.stdout)
    # The model says "북극 회담을"; the glossary says 북극협의회, which takes 를, not 을.
    assert body[0] == "1. 외교부는 모스크바에서 북극협의회를 개최하였다."
    assert body[1] == "2. 양국은 북극 협력을 논의하였다. 양국 수석대표는 긴밀히 협의해 나가기로 하였다."


def test_text_output_is_marked_as_machine_translation(run_mt, tiny_model: Path) -> None:
    header = run_mt("translate", DATA / "release.ko.txt").stdout.splitlines()[0]
    assert header.startswith("# MACHINE TRANSLATION (1 paragraph to check, marked [CHECK term]) — ko→en")
    assert f"model {tiny_model}" in header and "backend transformers" in header
    assert re.search(r"glossary sha256 [0-9a-f]{64}", header)


def test_tmx_output_carries_origin_and_signature(run_mt, tmp_path: Path) -> None:
    from prtranslate.formats.tmx import read_tmx

    out = tmp_path / "release.tmx"
    result = run_mt("translate", DATA / "release.ko.txt", "--format", "tmx", "-o", out)
    assert result.exit_code == 0, result.stderr
    rows = read_tmx(out, "ko", "en")
    assert len(rows) == 6
    korean, english, props = rows[3]
    assert korean.startswith("° 양국은 북극항로와")
    assert "Northern Sea Route" in english
    assert props["x-origin"] == "mt" and props["x-backend"] == "transformers"
    assert props["x-terms-enforced"] == "북극항로:substituted"
    assert len(props["x-glossary-sha256"]) == 64


@pytest.mark.parametrize("release", ["release.ko.txt", "release.en.txt"])
def test_ctranslate2_gives_the_same_text_as_transformers(run_mt, ct2_model: Path, release: str) -> None:
    hf = run_mt("translate", DATA / release)
    ct2 = run_mt("translate", DATA / release, "--backend", "ctranslate2", model=ct2_model)
    assert hf.exit_code == 0 and ct2.exit_code == 0, ct2.stderr
    assert "backend ctranslate2" in ct2.stdout.splitlines()[0]
    assert _body(ct2.stdout) == _body(hf.stdout)


def test_unchanged_paragraphs_cost_nothing_the_second_time(run_mt, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from prtranslate.mt.hf import TransformersBackend

    cache = tmp_path / "shared-cache"
    first = run_mt("translate", DATA / "release.ko.txt", cache=cache)
    assert first.exit_code == 0

    def no_model(*args, **kwargs):
        raise AssertionError("the model was loaded although every sentence is cached")

    monkeypatch.setattr(TransformersBackend, "__init__", no_model)
    second = run_mt("translate", DATA / "release.ko.txt", cache=cache)
    assert second.exit_code == 0, second.stderr
    assert second.stdout == first.stdout


def test_fill_completes_the_shorter_version_in_reading_order(run_mt) -> None:
    result = run_mt("fill", DATA / "release.ko.txt", DATA / "partial.en.txt", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["origin"] for r in records] == ["human"] * 4 + ["mt"] + ["human"]
    machine = records[4]
    assert machine["text"] == "2. The Arctic Council is an important platform."
    assert machine["source_id"] == 6 and machine["model"] and machine["backend"] == "transformers"
    # Website chrome of either version is not part of the completed release.
    assert not any("Skip to main content" in r["text"] or r["text"] == "Press Releases" for r in records)
    text = run_mt("fill", DATA / "release.ko.txt", DATA / "partial.en.txt").stdout
    assert text.splitlines()[0].startswith("# COMPLETED WITH MACHINE TRANSLATION (1 paragraph marked [MT])")
    assert "\n\n[MT] 2. The Arctic Council is an important platform.\n\n3. The Russian side" in text


def test_fill_with_nothing_missing_needs_no_model(cli, tmp_path: Path) -> None:
    result = cli("fill", DATA / "release.ko.txt", DATA / "complete.en.txt", "--model", tmp_path / "no-such-model")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "prtranslate: nothing to fill: every paragraph has a counterpart\n"
    assert result.stdout.startswith("# COMPLETED VERSION — nothing was missing")
    assert "[MT]" not in result.stdout


def test_environment_variable_chooses_the_model(cli, tiny_model: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRTRANSLATE_MODEL_KO_EN", str(tiny_model))
    result = cli("translate", DATA / "release.ko.txt", "--no-glossary", "--cache-dir", tmp_path, "--threads", "1")
    assert result.exit_code == 0, result.stderr
    assert f"model {tiny_model}" in result.stdout.splitlines()[0]


def test_transformers_backend_refuses_a_ctranslate2_model(run_mt, ct2_model: Path) -> None:
    result = run_mt("translate", DATA / "release.ko.txt", model=ct2_model)
    assert result.exit_code == 5
    assert "--backend ctranslate2" in result.stderr and len(result.stderr.splitlines()) == 1


def test_model_convert_refuses_to_overwrite(cli, tiny_model: Path, ct2_model: Path) -> None:
    result = cli("model", "convert", tiny_model, ct2_model)
    assert result.exit_code == 7
    assert "--force" in result.stderr and len(result.stderr.splitlines()) == 1
    assert (ct2_model / "model.bin").is_file()


def test_translation_memory_first_then_the_model(run_mt, cli, tmp_path):
    """A paragraph the memory holds is reused ([TM 100%]); the others come from the model ([MT])."""
    folder = tmp_path / "releases"
    folder.mkdir()
    (folder / "memo.ko.txt").write_text("1. 외교부는 모스크바에서 북극협의회를 개최하였다.\n", encoding="utf-8")
    (folder / "memo.en.txt").write_text("1. In Moscow, the Foreign Ministry convened the Arctic Consultation.\n",
                                        encoding="utf-8")
    db = tmp_path / "store.db"
    assert cli("corpus", "add", folder, "--db", db, "--no-check").exit_code == 0
    result = run_mt("translate", DATA / "release.ko.txt", "--to", "en", "--tm", db, "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    origins = {r["source"]: r["origin"] for r in records}
    assert origins["1. 외교부는 모스크바에서 북극협의회를 개최하였다."] == "tm"
    reused = next(r for r in records if r["origin"] == "tm")
    assert reused["translation"] == "1. In Moscow, the Foreign Ministry convened the Arctic Consultation."
    assert reused["tm_release"] == "memo" and reused["tm_match"] == 100
    assert sum(1 for r in records if r["origin"] == "mt") == len(records) - 1


def test_device_cuda_without_a_gpu_is_one_clean_line(run_mt):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    result = run_mt("translate", DATA / "release.ko.txt", "--to", "en", "--no-tm", "--device", "cuda")
    assert result.exit_code == 5
    assert result.stderr == ("prtranslate: error: --device cuda: no CUDA GPU is available here; "
                             "use --device cpu (or auto)\n")
