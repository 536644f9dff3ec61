"""Korean term matching loads kiwipiepy only when a match needs morphology.

Building the analyser takes about two seconds and 500 MB; most glossary hits are a term on its
own or followed by particles (북극항로를), which are decided without it. These tests hold that
``check`` on a release like the Arctic one never builds it, and that the decisions made without
it are the ones its tokens give.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from prtranslate.documents import read_document
from prtranslate.glossary import Glossary, _stands_alone, bundled_glossary

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundled() -> Glossary:
    return bundled_glossary()


def test_check_of_the_arctic_release_never_builds_the_analyser(arctic) -> None:
    ko, en = arctic
    code = (
        "import json, sys\n"
        "import prtranslate.korean as korean\n"
        "from prtranslate.cli import app\n"
        f"sys.argv = ['prtranslate', 'check', {str(ko)!r}, {str(en)!r}, '-f', 'jsonl']\n"
        "try:\n    app()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "sys.stderr.write(json.dumps({'exit': code, 'analyser': korean._KIWI is not None, "
        "'kiwipiepy': 'kiwipiepy' in sys.modules, "
        # VmHWM: this process's own peak (ru_maxrss would carry the forking test process's over exec)
        "'peak_mib': next(int(line.split()[1]) for line in open('/proc/self/status') "
        "if line.startswith('VmHWM:')) / 1024}) + '\\n')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    facts = json.loads(run.stderr.splitlines()[-1])
    assert facts["exit"] in (0, 1), run.stderr
    assert not facts["analyser"] and not facts["kiwipiepy"]
    assert facts["peak_mib"] < 250


def _korean_paragraphs() -> list[str]:
    texts: list[str] = []
    for path in sorted(ROOT.glob("corpus/*.ko.txt")) + sorted(ROOT.glob("tests/data/*/input/*.ko.txt")):
        try:
            texts += [p.text for p in read_document(path).paragraphs]
        except Exception:   # the test data holds broken files on purpose
            continue
    return texts


def test_decisions_without_the_analyser_agree_with_its_tokens(bundled: Glossary) -> None:
    decided = 0
    for text in _korean_paragraphs():
        for m in bundled.find_ko(text):
            w0 = text.rfind(" ", 0, m.start) + 1
            w1 = text.find(" ", m.end)
            window = text[w0 : w1 if w1 >= 0 else len(text)]
            if window == m.text:
                continue
            copula_in = m.entry.domain != "state" and len(m.text) >= 3
            if _stands_alone(window, m.start - w0, m.end - w0, copula_in):
                decided += 1
                assert not bundled._compound(text, m.start, m.end, m.entry, morphology=True), window
                assert not m.partial
    assert decided >= 50


@pytest.mark.parametrize(("text", "term", "partial"), [
    ("의장국을 맡았다", "의장국", False),          # 을 after a final consonant: a particle
    ("북극항로를 이용한다", "북극항로", False),
    ("의장국인 러시아", "의장국", False),          # the copula
    ("한국인 관광객", "한국", True),               # a person: the analyser decides
    ("싱가포르인 관광객", "싱가포르", True),
    ("북극항로개발계획을", "북극항로", True),
    ("(현지시간) 개최", "현지시간", False),
])
def test_particles_and_compounds(bundled: Glossary, text: str, term: str, partial: bool) -> None:
    [match] = [m for m in bundled.find_ko(text) if m.entry.ko == term]
    assert match.partial is partial


@pytest.mark.parametrize(("window", "term"), [
    ("의장국를", "의장국"),        # 를 follows a vowel: not a particle after 국
    ("북극항로을", "북극항로"),
    ("한국가", "한국"),            # 한 국가, not 한국 + 가
    ("신북극항로", "북극항로"),
])
def test_particle_forms_that_do_not_fit_go_to_the_analyser(window: str, term: str) -> None:
    start = window.index(term)
    assert not _stands_alone(window, start, start + len(term))
