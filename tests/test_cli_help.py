"""Every command's --help reads the same way: values under capitalised metavars, no typer type names."""

from __future__ import annotations

import re

import pytest
import typer.main

from prtranslate.cli import app


def _commands(command, path=()):
    yield path
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands(typer.main.get_command(app)))
# "  -f, --format FORMAT   help…" / "  --db DB  help…" / "  --bundled-glossary / --no-bundled-glossary"
_OPTION = re.compile(r"^  (?:-\w, )?--[\w-]+(?: (?P<metavar>[^\s/][^\s]*))?(?:\s{2,}|$)")
_METAVAR = re.compile(r"^\[?[A-Z][A-Z0-9_]*\]?(?:\.\.\.)?$")


def test_every_command_is_walked():
    names = {" ".join(p) for p in COMMANDS}
    assert {"align", "check", "score", "report", "translate", "corpus add", "tm lookup", "glossary import",
            "model convert"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "prtranslate")
def test_help_metavars_are_uniform(cli, path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")   # one line per option: the metavar is the word after it
    result = cli(*path, "--help")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for bad in ("{", "<str>", "<list[", "<int", "<float"):
        assert bad not in text, f"{bad!r} in `prtranslate {' '.join(path)} --help`"
    assert not re.search(r"<[a-z]", text), f"a <type> name in `prtranslate {' '.join(path)} --help`"
    usage = text.splitlines()[0]
    assert usage.startswith("Usage: prtranslate")
    after = usage.split("[OPTIONS]", 1)[1].split()
    for piece in after:
        if piece in ("COMMAND", "[ARGS]..."):
            continue
        assert _METAVAR.match(piece), f"usage piece {piece!r} of {' '.join(path)}"
    section = None
    for line in text.splitlines():
        if line in ("Arguments:", "Options:"):
            section = line
            continue
        if section == "Arguments:" and re.match(r"^  \S", line):
            name = line.split()[0]
            assert _METAVAR.match(name), f"argument {name!r} of {' '.join(path)}"
        if section == "Options:":
            m = _OPTION.match(line)
            if m and m["metavar"]:
                assert _METAVAR.match(m["metavar"]), f"metavar {m['metavar']!r} of {' '.join(path)}: {line}"
