"""Round-trip agreement in the release report, with a tiny OPUS-MT-style model built at test time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
KO = DATA / "report_release" / "2023-03-16-korea-japan-ministers.ko.txt"
EN = DATA / "report_release" / "2023-03-16-korea-japan-ministers.en.txt"


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    import torch
    from transformers import MarianMTModel

    from mt_fixtures import build_tiny_marian

    # Untrained: round-trip agreement only needs a model that loads and translates; quality is not
    # the point. Its outputs are pushed towards </s> so that generation stops after a few tokens
    # instead of running to the length limit (minutes on a busy CPU).
    folder = build_tiny_marian(tmp_path_factory.mktemp("tiny-marian"), train=False, d_model=32, layers=1)
    model = MarianMTModel.from_pretrained(str(folder))
    with torch.no_grad():
        model.final_logits_bias[0, model.config.eos_token_id] = 8.0
    model.save_pretrained(str(folder))
    return folder


@pytest.mark.slow
def test_roundtrip_scores_each_paired_paragraph(cli, tiny_model):
    from prtranslate.formats.report_html import release_html
    from prtranslate.report import format_release_text, report_release

    report = report_release(KO, EN, model=str(tiny_model))
    record = report.to_dict()
    roundtrip = record["roundtrip"]
    assert roundtrip["available"] is True and isinstance(roundtrip["chrf"], float)
    assert roundtrip["model"].startswith(f"{tiny_model}@")
    assert "tok:char" in roundtrip["signature"] and "nc:6" in roundtrip["signature"]
    assert f"|mt:{tiny_model}@" in record["signature"]
    beads = record["beads"]
    paired = [b for b in beads if b["ko"] and b["en"] and "boilerplate" not in b["flags"]]
    assert paired and all(isinstance(b["roundtrip"], float) for b in paired)
    assert all(0.0 <= b["roundtrip"] <= 100.0 for b in paired)
    assert all(b["roundtrip"] is None for b in beads if b not in paired)
    assert report.lowest_roundtrip(2) == sorted((r for r in report.rows if r.roundtrip is not None),
                                                key=lambda r: (r.roundtrip, r.ko))[:2]
    assert "Lowest round-trip agreement" in format_release_text(report)
    page = release_html(report)
    assert "round-trip chrF" in page and "<svg" in page


@pytest.mark.slow
def test_roundtrip_through_the_cli(cli, tiny_model):
    result = cli("report", KO, EN, "--model", tiny_model, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["roundtrip"]["available"] is True


def test_roundtrip_model_from_environment(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("PRTRANSLATE_MODEL_KO_EN", str(tmp_path / "missing-model"))
    result = cli("report", KO, EN, "--format", "json")
    assert result.exit_code == 0, result.stderr
    roundtrip = json.loads(result.stdout)["roundtrip"]
    assert roundtrip["available"] is False and "missing-model" in roundtrip["note"]
