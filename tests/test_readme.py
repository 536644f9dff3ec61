"""The README's facts hold: its commands and options exist, its examples work on the bundled corpus."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from prtranslate.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TREE = typer.main.get_command(app)


def _code_lines() -> list[str]:
    """Command lines of the README: indented or fenced code lines, and inline code, that run prtranslate."""
    lines, fenced = [], False
    for line in README.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced or line.startswith("    "):
            lines.append(line.strip())
        lines += [m for m in re.findall(r"`(prtranslate [^`]+)`", line)]
    return [line for line in lines if re.search(r"(^|&& )prtranslate [a-z]", line)]


def _invocation(line: str) -> tuple[tuple[str, ...], list[str]]:
    """``(command path, the words after it)`` of the first prtranslate command of ``line``."""
    words = line[line.index("prtranslate ") :].split()[1:]
    command, path = TREE, []
    while words and words[0] in getattr(command, "commands", {}):
        command = command.commands[words[0]]
        path.append(words.pop(0))
    rest = []
    for word in words:
        if word in ("#", "|", "&&"):
            break
        rest.append(word)
    return tuple(path), rest


def _options(path: tuple[str, ...]) -> set[str]:
    command = TREE
    for name in path:
        command = command.commands[name]
    return {o for p in command.params for o in (*p.opts, *getattr(p, "secondary_opts", ()))} | {"--help"}


EXAMPLES = _code_lines()


def test_the_readme_has_examples_of_every_main_command():
    paths = {" ".join(_invocation(line)[0]) for line in EXAMPLES}
    assert {"align", "check", "score", "report", "translate", "fill", "corpus add", "tm lookup"} <= paths


@pytest.mark.parametrize("line", EXAMPLES)
def test_readme_commands_and_options_exist(line):
    path, rest = _invocation(line)
    assert path, f"no such command: {line}"
    known = _options(path)
    for word in rest:
        m = re.match(r"^\[?(--?[A-Za-z][\w-]*)", word)
        if m:
            assert m[1] in known, f"{m[1]} is not an option of `prtranslate {' '.join(path)}`: {line}"


@pytest.mark.parametrize("command", ["align", "score", "report"])
def test_synopsis_names_every_option(command):
    lines = README.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith(f"    prtranslate {command} ") and "[" in line)
    text = lines[start]
    for line in lines[start + 1 :]:   # a synopsis may wrap onto further indented lines
        if not line.startswith("      ") or "prtranslate" in line:
            break
        text += " " + line.strip()
    command_obj = TREE.commands[command]
    for param in command_obj.params:
        forms = (*param.opts, *getattr(param, "secondary_opts", ()))
        if param.param_type_name == "option":
            assert any(re.search(rf"\[{re.escape(f)}[\s\]]", text) for f in forms), f"{forms} missing: {text}"


def test_every_environment_variable_is_documented():
    used = set()
    for folder in ("src", "tests", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            used |= set(re.findall(r"PRTRANSLATE_[A-Z0-9_]+", path.read_text(encoding="utf-8")))
    assert "PRTRANSLATE_SHARED" in used
    assert sorted(v for v in used if v not in README) == []


@pytest.mark.slow
def test_chromium_skip_count_is_right(tmp_path):
    """The README says how many tests skip without Chromium: run the test files that mention it with no
    browser on the PATH and count the skips."""
    files = [str(p) for p in sorted((ROOT / "tests").glob("test_*.py"))
             if p.name != "test_readme.py" and "chromium" in p.read_text(encoding="utf-8").lower()]
    env = {**os.environ, "PATH": str(tmp_path), "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *files],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    skipped = sum(int(n) for n in re.findall(r"SKIPPED \[(\d+)\][^\n]*Chromium", done.stdout))
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
    said = re.search(r"used by the (\w+) tests that open", README)
    assert said and said[1] == words[skipped], done.stdout[-3000:]


def test_readme_tm_lookup_finds_a_match_in_the_bundled_corpus(cli, tmp_path, corpus_dir):
    store = tmp_path / "prtranslate.db"
    added = cli("corpus", "add", corpus_dir, "--db", store, "--workers", "1", "--no-check")
    assert added.exit_code == 0, added.stderr
    line = next(line for line in EXAMPLES if _invocation(line)[0] == ("tm", "lookup"))
    args = shlex.split(line.split("#")[0])[1:]
    result = cli(*args, "--db", store)
    assert result.exit_code == 0, result.stderr
    assert re.match(r"^ *(\d+)%  ", result.stdout), result.stdout
    assert int(re.match(r"^ *(\d+)%", result.stdout)[1]) >= 75


@pytest.mark.parametrize("bench", ["bench_align.py", "bench_corpus.py"])
def test_benchmarks_without_shared_say_so_in_one_line(bench, tmp_path):
    env = {**os.environ, "PRTRANSLATE_SHARED": str(tmp_path), "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / bench)], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and "--shared" in result.stderr and str(tmp_path) in result.stderr
