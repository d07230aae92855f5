"""Writing tables so that no output file is ever left half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pandas as pd


def atomic_write(path: Path, write: Callable[[IO[bytes]], object]) -> Path:
    """Write through ``write`` into a temporary file beside ``path``, then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes files private; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def write_table(frame: pd.DataFrame, out: Path, name: str) -> list[Path]:
    """``out/name.csv`` (UTF-8 with BOM, so Excel shows Chinese) and ``out/name.parquet``."""
    return [
        atomic_write(out / f"{name}.csv", lambda h: frame.to_csv(h, index=False, encoding="utf-8-sig")),
        atomic_write(out / f"{name}.parquet", lambda h: frame.to_parquet(h, index=False)),
    ]
