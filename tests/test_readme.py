"""The README's examples are part of the product: every `$ command` in its code blocks runs
here, in a scratch folder laid out like a checkout, and its output (stdout and stderr, in the
order a terminal shows them) must be what the README prints under it. Normalised only for
what changes from run to run: timings.

A block is one shell session: its commands run in order in one folder, so a block can make
the files its later commands use (`printf ... > papers/bad.bib`).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def _sessions(text: str) -> list[tuple[int, list[tuple[str, str]]]]:
    """Each fenced block holding `$ ` lines: its first line and its (command, output) pairs."""
    sessions = []
    for m in re.finditer(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M):
        body = m.group(1)
        if not body.startswith("$ "):
            continue
        pairs: list[tuple[str, str]] = []
        for chunk in re.split(r"^\$ ", body, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            pairs.append((command, output))
        sessions.append((text[:m.start()].count("\n") + 1, pairs))
    return sessions


_TIMINGS = [(re.compile(r"\bin \d+\.\d+ s\b"), "in N s"),
            (re.compile(r'"seconds": \d+(\.\d+)?'), '"seconds": N')]


def _normalised(text: str) -> str:
    """Timings replaced; the blank lines the README leaves between one command's output and
    the next command dropped."""
    for pattern, replacement in _TIMINGS:
        text = pattern.sub(replacement, text)
    return text.rstrip("\n")


def _checkout(tmp_path: Path) -> Path:
    """A scratch folder with what the README's commands read: references.bib, tests/, bench/,
    docs/."""
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    for folder in ("tests", "bench", "docs"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    return tmp_path


SESSIONS = _sessions(README.read_text(encoding="utf-8"))


def test_the_readme_has_examples():
    assert len(SESSIONS) >= 10


def _run_session(folder: Path, captures: Path, commands: list[str]) -> list[tuple[str, str]]:
    """The commands in one bash session (so `echo $?` sees the command before it), each one's
    stdout and stderr captured apart."""
    script = []
    for n, command in enumerate(commands):
        script.append(f"{{ {command}\n}} >'{captures}/{n}.out' 2>'{captures}/{n}.err'")
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep +
               os.environ.get("PATH", ""), COLUMNS="100", NO_COLOR="1")
    subprocess.run(["bash", "-c", "\n".join(script)], cwd=folder, env=env, timeout=600,
                   stdin=subprocess.DEVNULL)
    return [((captures / f"{n}.out").read_text(encoding="utf-8"),
             (captures / f"{n}.err").read_text(encoding="utf-8"))
            for n in range(len(commands))]


@pytest.mark.parametrize("line, pairs", SESSIONS, ids=[f"README:{s[0]}" for s in SESSIONS])
def test_readme_example(tmp_path, line, pairs):
    """What the README shows under a command is its stdout with its stderr lines among them
    (a terminal interleaves the two): stdout must be those lines less the stderr ones, in
    order, and every stderr line must be shown."""
    folder, captures = tmp_path / "work", tmp_path / "captures"
    folder.mkdir()
    captures.mkdir()
    _checkout(folder)
    ran = _run_session(folder, captures, [command for command, _ in pairs])
    for (command, expected), (out, err) in zip(pairs, ran):
        shown = _normalised(expected).splitlines()
        errors = _normalised(err).splitlines()
        assert [e for e in errors if e not in shown] == [], \
            f"README line {line}: $ {command}: stderr not shown in the README"
        assert _normalised(out).splitlines() == [s for s in shown if s not in errors], \
            f"README line {line}: $ {command}"
