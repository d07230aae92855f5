"""The ``lawtext`` command piped into a reader that stops early (``lawtext indicators corpora | head -1``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.mark.parametrize(("command", "fmt"), [("indicators", "jsonl"), ("indicators", "csv"), ("sections", "jsonl")])
def test_a_closed_pipe_ends_quietly_with_status_0(command: str, fmt: str, tmp_path: Path) -> None:
    """The output (about 900 kB for indicators) is far more than a pipe holds, so the command
    writes into the closed pipe after the reader has gone."""
    stderr = tmp_path / "stderr.txt"
    with stderr.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "lawtext.cli", command, str(ROOT / "corpora"), "--format", fmt, "--jobs", "2"],
            stdout=subprocess.PIPE, stderr=err, cwd=ROOT)
        assert process.stdout is not None
        first = process.stdout.readline()
        process.stdout.close()
        status = process.wait(timeout=300)
    assert first.startswith(b'"doc_id",' if fmt == "csv" else b'{"doc_id": ')
    text = stderr.read_text(encoding="utf-8")
    assert status == 0, text
    assert "Traceback" not in text and "BrokenPipeError" not in text and "Exception ignored" not in text
