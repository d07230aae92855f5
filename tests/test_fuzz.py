"""The fuzz corpus (benchmarks/fuzz.py) on its small subset: every hostile input gives
exactly one row, no run crashes or hangs, and each class has the error rows checked by eye
(seed 1); the symlink loop and the numbers bomb alone too."""

from __future__ import annotations

from pathlib import Path

import fuzz
import pytest

SEED = 1
KNOWN = {"numbers in one sentence", "symlink loop"}
"""Inputs that once sank a batch, run alone in their own tests."""

CASES = [c for c in fuzz.inputs(small=True) if c.label not in KNOWN]

ERRORS = {1: 0, 2: 4, 5: 3, 6: 21, 7: 0}
"""Error rows per class: 2 the zip bomb, the text-less PDF stream bomb, the 300 MB sparse
file and the link to /dev/zero; 5 the dangling link, the FIFO and the socket (as root the
locked folder is read); 6 everything but the entity files that parse harmlessly (XXE in
DOCX and HTML, billion laughs in HTML), the bit-flipped PDF, the bit-flipped DOC (6 of its
16 flipped bits change characters of the text, the others bytes nothing depends on), and
the text and HTML files truncated (the last character cut short is dropped) or with 16
bits flipped (the damaged bytes become U+FFFD with a warning that counts them)."""


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> fuzz.Tally:
    """Every small input but the known failures, in one ``lawtext analyze --jobs 2``."""
    return fuzz.run_cases(CASES, tmp_path_factory.mktemp("fuzz"), SEED, "all", timeout=300)


def test_every_input_is_one_row_without_crash_or_hang(batch: fuzz.Tally) -> None:
    assert batch.inputs == len(CASES) == 62
    assert (batch.crashes, batch.hangs, batch.no_row, batch.unclear) == (0, 0, [], [])
    assert batch.unexpected == []
    assert batch.peak_mb < 2048


def test_error_rows_per_class(batch: fuzz.Tally) -> None:
    errors = {k: sum(batch.results[c.label] != "read" for c in CASES if c.klass == k) for k in ERRORS}
    assert errors == ERRORS
    assert set(batch.results) == {c.label for c in CASES}


def test_limits_name_themselves(batch: fuzz.Tally) -> None:
    assert "megabytes once unpacked 1,100 is over the limit of 1,000" in batch.results["zip bomb"]
    assert "megabytes of file 300 is over the limit of 200" in batch.results["sparse text"]
    assert "needs a password" in batch.results["encrypted pdf"]
    assert "needs a password" in batch.results["encrypted doc"]
    assert "not a readable Word 97–2003 or WPS Writer file" in batch.results["truncated doc"]


def test_cache_damage_and_out_hazards(tmp_path: Path) -> None:
    checks = fuzz.cache_checks(tmp_path, SEED, ways=("flipped",)) + fuzz.out_checks(tmp_path, SEED)
    assert [c.what for c in checks if not c.ok] == []
    assert len(checks) == 5


def test_symlink_loop_is_an_error_row(tmp_path: Path) -> None:
    loop = [c for c in fuzz.inputs(small=True) if c.label in ("symlink loop", "plain report")]
    tally = fuzz.run_cases(loop, tmp_path, SEED, "loop", timeout=60)
    assert (tally.crashes, tally.no_row, tally.errors) == (0, [], 1)


def test_numbers_in_one_sentence_stay_small(tmp_path: Path) -> None:
    numbers = [c for c in fuzz.inputs(small=True) if c.label == "numbers in one sentence"]
    tally = fuzz.run_cases(numbers, tmp_path, SEED, "numbers", timeout=60, max_mb=2500)
    assert (tally.crashes, tally.no_row, tally.errors) == (0, [], 0)
    assert tally.peak_mb < 2048
