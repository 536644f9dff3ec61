"""What ``-o``, standard output and the input readers promise (README, "Guarantees: Outputs and inputs").

Issue 10 items 6, 7, 8, 11, 13, 14, 15, 17, 18, 19 and issue 11 items 9 and 12, each through the command
line; a real process (subprocess, always with a timeout) where process behaviour matters: closed or full
stdout, a reader that leaves, FIFOs that would block, usage errors printed by the entry point.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
ARCTIC = CORPUS / "2020-11-19-korea-russia-arctic-consultation"
KO, EN = Path(f"{ARCTIC}.ko.txt"), Path(f"{ARCTIC}.en.txt")
TIMEOUT = 60
# What no terminal should receive: C0 controls but tab and newline, DEL, C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def run(*args: str | os.PathLike[str], stdin: bytes | None = None, shell_tail: str = "",
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m prtranslate ARGS`` in a real process, this tree's code, with a timeout (never hangs).
    ``shell_tail`` (e.g. ``>&-``) runs it through ``sh`` with that redirection."""
    environment = dict(os.environ, PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    environment.update(env or {})
    command = [sys.executable, "-m", "prtranslate", *map(str, args)]
    if shell_tail:
        import shlex

        command = ["sh", "-c", f"exec {shlex.join(command)} {shell_tail}"]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=TIMEOUT, env=environment,
                          check=False)


def one_error_line(stderr: bytes | str) -> str:
    text = stderr.decode() if isinstance(stderr, bytes) else stderr
    lines = text.splitlines()
    assert len(lines) == 1 and lines[0].startswith("prtranslate: error: "), text
    assert "Traceback" not in text
    return lines[0]


# --- 6. -o replaces only what it should ---------------------------------------------------------


@pytest.mark.parametrize("command", [
    ("align", "{ko}", "{en}", "-o", "{en}"),
    ("align", "{ko}", "{en}", "-f", "tmx", "-o", "{link}"),       # a link to an input
    ("check", "{ko}", "{en}", "-f", "html", "-o", "{ko}"),
    ("report", "{ko}", "{en}", "-o", "{en}"),
    ("score", "{en}", "{en2}", "-o", "{en}"),
])
def test_output_never_replaces_a_release_file_the_command_read(cli, tmp_path: Path, command) -> None:
    """A slip of the keyboard (`align ko.txt en.txt -o en.txt`) used to replace the English release
    with the alignment, exit 0."""
    ko, en, en2 = tmp_path / "r.ko.txt", tmp_path / "r.en.txt", tmp_path / "s.en.txt"
    shutil.copy(KO, ko)
    shutil.copy(EN, en)
    shutil.copy(EN, en2)
    (tmp_path / "link.txt").symlink_to(en)
    args = [a.format(ko=ko, en=en, en2=en2, link=tmp_path / "link.txt") for a in command]
    result = cli(*args)
    assert result.exit_code == 7
    assert one_error_line(result.stderr).endswith("it is a release file this command read; write the result"
                                                  " elsewhere")
    assert ko.read_bytes() == KO.read_bytes() and en.read_bytes() == EN.read_bytes()
    assert (tmp_path / "link.txt").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "r.en.txt", "r.ko.txt", "s.en.txt"]


def test_output_never_replaces_the_file_behind_standard_input(tmp_path: Path) -> None:
    en = tmp_path / "r.en.txt"
    shutil.copy(EN, en)
    done = run("align", KO, "-", "-o", en, shell_tail=f"< {en}")
    assert done.returncode == 7 and "it is a release file this command read" in one_error_line(done.stderr)
    assert en.read_bytes() == EN.read_bytes()
    # other files are written as before
    done = run("align", KO, "-", "-o", tmp_path / "out.txt", shell_tail=f"< {en}")
    assert done.returncode == 0 and "<-> <stdin>" in (tmp_path / "out.txt").read_text(encoding="utf-8")


def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(cli, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    target = elsewhere / "beads.tsv"
    target.write_text("old\n")
    link = tmp_path / "link.tsv"
    link.symlink_to(target)
    result = cli("align", KO, EN, "-f", "tsv", "-o", link)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith("ko_ids\ten_ids")
    assert not [p for p in elsewhere.iterdir() if p.name.endswith(".part")]


def test_output_into_a_fifo_writes_into_it(cli, tmp_path: Path) -> None:
    fifo = tmp_path / "out.tsv"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = cli("align", KO, EN, "-f", "tsv", "-o", fifo)
    reader.join(TIMEOUT)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0].startswith(b"ko_ids\ten_ids")


def test_output_into_a_device_keeps_the_device(cli, tmp_path: Path) -> None:
    """A private null device (mknod, as root): -o must write into it, not replace it with a file.
    (The bug turned /dev/null itself into a regular file; this test never risks the real one.)"""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        device.write_bytes(b"probe")
    except (PermissionError, OSError) as err:
        pytest.skip(f"cannot make a usable device node here: {err}")
    result = cli("align", KO, EN, "-f", "tsv", "-o", device)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(device.lstat().st_mode)


@pytest.mark.parametrize("make_folder", [True, False], ids=["existing-folder", "trailing-slash"])
def test_output_to_a_folder_is_refused(cli, tmp_path: Path, make_folder: bool) -> None:
    folder = tmp_path / "newdir"
    if make_folder:
        folder.mkdir()
    result = cli("align", KO, EN, "-o", f"{folder}/")
    assert result.exit_code == 7
    line = one_error_line(result.stderr)
    assert "folder" in line
    assert folder.is_dir() if make_folder else not folder.exists()
    if make_folder:
        assert list(folder.iterdir()) == []
        again = cli("align", KO, EN, "-o", folder)
        assert again.exit_code == 7 and folder.is_dir()


# --- 7. standard output failures ---------------------------------------------------------------


def test_stdout_on_a_full_device_is_exit_7_one_line() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    result = run("align", KO, EN, "-f", "jsonl", shell_tail="> /dev/full")
    assert result.returncode == 7
    assert "No space left" in one_error_line(result.stderr)


@pytest.mark.parametrize("args", [("align", KO, EN), ("align", KO, EN, "-f", "jsonl"), ("--version",)],
                         ids=["align-text", "align-jsonl", "version"])
def test_closed_stdout_is_exit_7_one_line(args) -> None:
    result = run(*args, shell_tail=">&-")
    assert result.returncode == 7
    assert "standard output" in one_error_line(result.stderr)


def test_a_reader_that_leaves_is_exit_0_silently() -> None:
    environment = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    # The TBX export of the bundled glossary is over 100 KB: more than a pipe holds.
    process = subprocess.Popen([sys.executable, "-m", "prtranslate", "glossary", "export", "-f", "tbx"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(100)
    process.stdout.close()
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait(TIMEOUT) == 0
    assert stderr == b""


def test_a_full_disk_through_stdout_is_exit_7_not_a_truncated_file(tmp_path: Path) -> None:
    """A 64 KB tmpfs (root only): Python's own buffered stdout used to drop the rest of a short write
    and exit 0 with the first 64 KB."""
    mount = tmp_path / "small"
    mount.mkdir()
    if shutil.which("mount") is None or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True,
            timeout=TIMEOUT).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        out = mount / "glossary.tbx"
        result = run("glossary", "export", "-f", "tbx", shell_tail=f"> {out}")
        assert result.returncode == 7, out.stat().st_size
        assert "No space left" in one_error_line(result.stderr)
        out.unlink()
        written = run("glossary", "export", "-f", "tbx", "-o", out)
        assert written.returncode == 7 and not out.exists()
        assert not list(mount.iterdir())   # no temp file left behind either
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True, timeout=TIMEOUT)


# --- 8. terminal control sequences -------------------------------------------------------------

NASTY = "\x1b]0;PWNED\x07\x1b[31mRED\x1b[0m \x9b31m\x9d8;;http://x\x9c \x07\x08\x7f end"


def _nasty_release(folder: Path, stem: str = "2020-11-19-nasty") -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    ko_lines = KO.read_text().split("\n")
    en_lines = EN.read_text().split("\n")
    ko_lines = [line + NASTY if line.startswith("1.") else line for line in ko_lines]
    en_lines = [line + NASTY if line.startswith("1.") else line for line in en_lines]
    ko, en = folder / f"{stem}.ko.txt", folder / f"{stem}.en.txt"
    ko.write_text("\n".join(ko_lines))
    en.write_text("\n".join(en_lines))
    return ko, en


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_printable_leaves_no_control_and_is_idempotent(text: str) -> None:
    from prtranslate.outputs import printable

    shown = printable(text)
    assert not CONTROL.search(shown)
    assert printable(shown) == shown


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc",)), max_size=60))
def test_printable_keeps_text_without_controls(text: str) -> None:
    from prtranslate.outputs import printable

    assert printable(text) == text


def test_no_control_sequence_reaches_stdout(cli, tmp_path: Path) -> None:
    ko, en = _nasty_release(tmp_path / "rel")
    outputs = {
        "align text": cli("align", ko, en),
        "align tsv": cli("align", ko, en, "-f", "tsv"),
        "check text": cli("check", ko, en),
        "report text": cli("report", ko, en),
        "score text": cli("score", en, EN),
    }
    db = tmp_path / "s.db"
    assert cli("corpus", "add", tmp_path / "rel", "--db", db, "--workers", "1").exit_code == 0
    outputs["corpus show"] = cli("corpus", "show", "2020-11-19-nasty", "--db", db)
    first = next(line for line in KO.read_text().splitlines() if line.startswith("1."))
    outputs["tm lookup"] = cli("tm", "lookup", first + NASTY, "--db", db)
    glossary = tmp_path / "g.tsv"
    glossary.write_text(f"ko\ten\tnote\n북극항로\tNorthern Sea Route\tsee {NASTY}\n")
    outputs["glossary lookup"] = cli("glossary", "lookup", "북극항로", "-g", glossary)
    for name, result in outputs.items():
        assert result.exit_code in (0, 1), (name, result.stderr)
        if name.startswith(("align", "corpus", "tm")):
            assert "RED" in result.stdout, name   # the text is shown, its controls are not
        assert not CONTROL.search(result.stdout), (name, [m.group() for m in CONTROL.finditer(result.stdout)])


def test_no_control_sequence_reaches_stderr(cli, tmp_path: Path) -> None:
    missing = tmp_path / "\x1b]0;PWNED\x07missing\x1b[2J.ko.txt"
    result = cli("align", missing, EN)
    assert result.exit_code == 3
    assert not CONTROL.search(one_error_line(result.stderr))


# --- 9. "-" for standard input, "-o -" for standard output -------------------------------------


def test_standard_input_for_either_file(cli) -> None:
    from_files = cli("align", KO, EN, "-f", "jsonl")
    assert cli("align", "-", EN, "-f", "jsonl", input=KO.read_text()).stdout == from_files.stdout
    assert cli("align", KO, "-", "-f", "jsonl", input=EN.read_text()).stdout == from_files.stdout
    checked = cli("check", KO, "-", "-f", "jsonl", input=EN.read_text())
    assert checked.exit_code == cli("check", KO, EN).exit_code
    scored = cli("score", "-", EN, "-f", "json", input=EN.read_text())
    assert scored.exit_code == 0 and '"score": 100.0' in scored.stdout


def test_standard_input_twice_is_a_usage_error(cli) -> None:
    for args in (("align", "-", "-"), ("check", "-", "-"), ("score", "-", "-")):
        result = cli(*args, input="x")
        assert result.exit_code == 2, args
        assert "standard input" in one_error_line(result.stderr)


def test_output_dash_is_standard_output(cli, tmp_path: Path) -> None:
    result = cli("align", KO, EN, "-f", "tsv", "-o", "-")
    assert result.exit_code == 0 and result.stdout.startswith("ko_ids\ten_ids")
    assert not (Path.cwd() / "-").exists()


# --- 11. FIFOs, devices and endless files ------------------------------------------------------


def test_a_fifo_or_a_device_is_refused_before_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.ko.txt"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        result = run("align", path, EN)   # the old code blocked forever on the FIFO, read /dev/zero forever
        assert result.returncode == 3, path
        assert "not a regular file" in one_error_line(result.stderr)


def test_a_file_over_the_input_limit_is_refused(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRTRANSLATE_MAX_INPUT", "1K")
    result = cli("align", KO, EN)
    assert result.exit_code == 3
    assert "PRTRANSLATE_MAX_INPUT" in one_error_line(result.stderr)
    piped = cli("align", "-", EN, input=KO.read_text())
    assert piped.exit_code == 3 and "standard input" in one_error_line(piped.stderr)
    monkeypatch.setenv("PRTRANSLATE_MAX_INPUT", "64K")
    assert cli("align", KO, EN).exit_code == 0
    monkeypatch.setenv("PRTRANSLATE_MAX_INPUT", "lots")
    assert cli("align", KO, EN).exit_code == 2


def _copy_release(stem: str, folder: Path, as_stem: str | None = None) -> None:
    for lang in ("ko", "en"):
        shutil.copy(CORPUS / f"{stem}.{lang}.txt", folder / f"{as_stem or stem}.{lang}.txt")



# --- 13 and 18. odd entries in a folder of releases --------------------------------------------


def _odd_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "releases"
    folder.mkdir()
    _copy_release("2021-06-15-vice-minister-luncheon-latin-american-ambassadors", folder)
    _copy_release("2021-03-04-covid19-humanitarian-assistance-africa", folder, "2021-03-04-UPPER")
    for lang in ("ko", "en"):   # tags in capitals are taken
        (folder / f"2021-03-04-UPPER.{lang}.txt").rename(folder / f"2021-03-04-UPPER.{lang.upper()}.TXT")
    _copy_release("2021-11-09-pacific-islands-climate-training", folder, "2021-11-09-new\nline")
    os.mkfifo(folder / "2020-01-01-pipe.ko.txt")            # 11: would block a reader for ever
    shutil.copy(EN, folder / "2020-01-01-pipe.en.txt")
    (folder / "2020-01-02-dangling.en.txt").symlink_to(folder / "nowhere")
    (folder / "2020-01-03-loop.ko.txt").symlink_to(folder / "2020-01-03-loop.en.txt")
    (folder / "2020-01-03-loop.en.txt").symlink_to(folder / "2020-01-03-loop.ko.txt")
    raw = os.fsencode(folder) + b"/2020-01-04-bad\xffname"
    for lang in (b"ko", b"en"):
        shutil.copy(KO if lang == b"ko" else EN, raw + b"." + lang + b".txt")
    if Path("/proc/self/mem").exists():
        # A regular file (st_size 0) whose read fails with EIO: an unreadable file, even for root.
        (folder / "2020-01-05-unreadable.ko.txt").symlink_to("/proc/self/mem")
        shutil.copy(EN, folder / "2020-01-05-unreadable.en.txt")
    linked = tmp_path / "elsewhere"
    linked.mkdir()
    _copy_release("2022-05-24-korea-un-development-cooperation-consultation", linked)
    (folder / "linked").symlink_to(linked)               # a linked folder is read
    (folder / "linked" / "back").symlink_to(folder)      # and a loop back is reported, once
    return folder


def test_corpus_add_skips_and_reports_odd_entries_and_stores_the_rest(tmp_path: Path) -> None:
    folder = _odd_folder(tmp_path)
    db = tmp_path / "s.db"
    for _attempt in range(2):   # the second run meets the same entries: still reported, never a crash
        result = run("corpus", "add", folder, "--db", db, "--workers", "1", "--no-check")
        stderr = result.stderr.decode()
        assert result.returncode == 3, stderr
        assert "Traceback" not in stderr
        skipped = [line for line in stderr.splitlines() if line.startswith("prtranslate: skipped ")]
        joined = "\n".join(skipped)
        for expected in ("2020-01-01-pipe.ko.txt: a FIFO (named pipe), not a regular file",
                         "2020-01-02-dangling.en.txt: a symbolic link to a missing file",
                         "2020-01-03-loop.en.txt: a symbolic link loop",
                         "2020-01-04-bad\\xffname.ko.txt: the file name is not valid UTF-8",
                         "linked/back: a link to a folder already read"):
            assert expected in joined, (expected, joined)
        if Path("/proc/self/mem").exists():
            assert "2020-01-05-unreadable.ko.txt: cannot read" in joined
        assert stderr.splitlines()[-1].startswith("prtranslate: error: ")
    listed = run("corpus", "list", "--db", db, "-f", "jsonl").stdout.decode()
    names = sorted(re.findall(r'"name": "([^"]+)"', listed))
    assert names == ["2021-03-04-UPPER", "2021-06-15-vice-minister-luncheon-latin-american-ambassadors",
                     "2021-11-09-new\\nline", "linked/2022-05-24-korea-un-development-cooperation-consultation"]


def test_report_folder_html_survives_odd_names(tmp_path: Path) -> None:
    folder = _odd_folder(tmp_path)
    out = tmp_path / "report.html"
    result = run("report", folder, "-f", "html", "-o", out)
    assert result.returncode == 0, result.stderr
    page = out.read_bytes().decode("utf-8")           # valid UTF-8 all through
    assert "2020-01-04-bad\\xffname.ko.txt" in page    # the name is shown, escaped
    assert "2021-03-04-UPPER" in page and "2021-11-09-new\\nline" in page
    assert "2020-01-01-pipe.ko.txt" in page and "FIFO" in page
    assert not CONTROL.search(page)


# --- 14 and 15. glossary limits and XML -------------------------------------------------------


def test_a_glossary_field_over_the_csv_limit_is_exit_4(cli, tmp_path: Path) -> None:
    glossary = tmp_path / "huge.tsv"
    glossary.write_text("ko\ten\tnote\n북극\tArctic\t" + "x" * 140_000 + "\n")
    for args in (("glossary", "import", glossary), ("check", KO, EN, "-g", glossary)):
        result = cli(*args)
        assert result.exit_code == 4, args
        assert "line 2" in one_error_line(result.stderr)


def test_control_characters_in_notes_round_trip_through_tbx(cli, tmp_path: Path) -> None:
    source = tmp_path / "terms.tsv"
    source.write_text("ko\ten\tnote\tdomain\n"
                      "북극항로\tNorthern Sea Route\tnote \x01with\x07 a\x1b[31m bell\tmari\x0btime\x1f\n")
    tbx = tmp_path / "terms.tbx"
    exported = cli("glossary", "import", source, "-f", "tbx", "-o", tbx)
    assert exported.exit_code == 0, exported.stderr
    back = cli("glossary", "import", tbx, "-f", "tsv")
    assert back.exit_code == 0, back.stderr
    assert back.stdout.splitlines()[1].split("\t") == ["북극항로", "Northern Sea Route", "", "", "note with a bell",
                                                       "maritime"]


def test_tbx_export_of_entries_holding_controls(tmp_path: Path) -> None:
    from prtranslate.formats.termbase import read_tbx, write_tbx
    from prtranslate.glossary import TermEntry

    data = write_tbx([TermEntry("북극", "Arctic", note="a\x01b", domain="c\x0bd\ufffe")])
    assert [(e.note, e.domain) for e in read_tbx(data)] == [("ab", "cd")]


# --- 17. usage errors are one line -------------------------------------------------------------


@pytest.mark.parametrize(("args", "needles"), [
    (("align", KO, EN, "-f", "bogus"), ["align", "'--format'", "'bogus'", "'text'", "'jsonl'", "'tsv'", "'tmx'"]),
    (("score", KO, KO, "--lang", "xx"), ["score", "'--lang'", "'en'", "'ko'"]),
    (("align", KO), ["align", "'EN_FILE'"]),
    (("check", KO, EN, "--bogus"), ["check", "--bogus"]),
    (("corpus", "add", "x", "--workers", "0"), ["corpus add", "'--workers'"]),
])
def test_usage_errors_are_one_line(args, needles) -> None:
    result = run(*args)
    assert result.returncode == 2
    line = one_error_line(result.stderr)
    assert line.startswith(f"prtranslate: error: {needles[0]}: ")   # the command, however it was started
    assert line.endswith(f"(see prtranslate {needles[0]} --help)")
    for needle in needles[1:]:
        assert needle in line, (needle, line)
    assert result.stdout == b""


# --- 18. reasons in messages -------------------------------------------------------------------


def test_exchange_files_with_another_root_say_so(cli, tmp_path: Path) -> None:
    tbx = tmp_path / "other.tbx"
    tbx.write_text('<?xml version="1.0"?><foo/>')
    result = cli("glossary", "import", tbx)
    assert result.exit_code == 4
    assert "the root element is <foo>, not <martif>" in one_error_line(result.stderr)
    tmx = tmp_path / "other.tmx"
    tmx.write_text('<?xml version="1.0"?><foo/>')
    result = cli("tm", "import", tmx, "--db", tmp_path / "s.db")
    assert result.exit_code == 3
    assert "the root element is <foo>, not <tmx>" in one_error_line(result.stderr)


def test_truncated_utf8_names_the_byte(cli, tmp_path: Path) -> None:
    data = KO.read_bytes()
    cut = next(n for n in range(1000, 1010) if (data[n] & 0xC0) == 0x80)   # inside a character
    truncated = tmp_path / "cut.ko.txt"
    truncated.write_bytes(data[:cut])
    result = cli("align", truncated, EN)
    assert result.exit_code == 3
    start = cut - 1 if (data[cut - 1] & 0xC0) != 0x80 else cut - 2
    assert f"invalid UTF-8 at byte {start}" in one_error_line(result.stderr)
    damaged = tmp_path / "damaged.ko.txt"
    damaged.write_bytes(data[:600] + b"\xff\xfe" + data[600:])
    assert "invalid UTF-8 at byte" in one_error_line(cli("align", damaged, EN).stderr)


# --- 12. encoding sniffing decides on a prefix -------------------------------------------------


def test_encoding_is_decided_on_a_prefix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from prtranslate import encodings

    checked: list[int] = []
    original = encodings._plausible_text

    def spy(text: str, min_share: float = 0.97) -> bool:
        checked.append(len(text))
        return original(text, min_share)

    monkeypatch.setattr(encodings, "_plausible_text", spy)
    big = (KO.read_bytes() + b"\n") * 200        # ~460 KB of Korean UTF-8
    big = big if len(big) % 2 == 0 else big + b"\n"
    assert encodings.decode(big)[1] == "utf-8"
    hangul16 = ("북극항로한러협의회" * 40_000).encode("utf-16-le")   # no BOM, no NUL byte, no ASCII
    assert encodings.decode(hangul16)[1] == "utf-16-le"
    cp949 = KO.read_text().encode("cp949") * 100
    assert encodings.decode(cp949)[1] == "cp949"
    assert checked and max(checked) <= 65_536, checked


# --- 19. the tests' caches ---------------------------------------------------------------------


def test_every_cache_is_in_the_test_folder(tmp_path: Path) -> None:
    from prtranslate.caches import cache_dir
    from prtranslate.scorers import _EmbeddingCache
    from prtranslate.translate import default_cache_dir

    private = Path(os.environ["PRTRANSLATE_CACHE_DIR"])
    home_cache = Path(os.path.expanduser("~/.cache")).resolve()
    assert not private.resolve().is_relative_to(home_cache)
    assert cache_dir() == default_cache_dir() == private
    assert _EmbeddingCache(None).path.parent == private


def test_corpus_add_skips_a_file_over_the_input_limit_before_hashing_it(cli, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "releases"
    folder.mkdir()
    _copy_release("2021-06-15-vice-minister-luncheon-latin-american-ambassadors", folder)
    monkeypatch.setenv("PRTRANSLATE_MAX_INPUT", "1K")
    result = cli("corpus", "add", folder, "--db", tmp_path / "s.db", "--workers", "1")
    assert result.exit_code == 3
    assert "over the input limit" in result.stderr and "0 releases found" in result.stdout
