"""Shared fixtures: the seed report and its renderings in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from render import render_docx, render_html, render_pdf

import lawtext

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpora" / "seed" / "沙坪坝区机关事务管理局-2023-法治政府建设情况报告.txt"
SEED_ISSUER = "重庆市沙坪坝区机关事务管理局"


@pytest.fixture(scope="session")
def corpus() -> lawtext.Corpus:
    """The seed and the sample reports (the held-out sets are kept out of exact values),
    read once for every module that compares or writes them."""
    everything = lawtext.Corpus.from_folder(ROOT / "corpora", jobs=2)
    return lawtext.Corpus([d for d in everything.docs if d.doc_id.startswith(("seed/", "sample/"))])


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_gold() -> dict:
    return json.loads((ROOT / "tests" / "data" / "seed-gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_renderings(tmp_path_factory: pytest.TempPathFactory, seed_text: str) -> dict[str, Path]:
    """The seed as UTF-8, UTF-8+BOM, GB18030 and UTF-16 text, PDF, DOCX (typed and
    list-generated numbering) and a GBK web page. File names carry no issuer: it must be
    found inside each file, or in the running text."""
    out = tmp_path_factory.mktemp("seed")
    files = {
        "utf8.txt": seed_text.encode("utf-8"),
        "utf8bom.txt": b"\xef\xbb\xbf" + seed_text.encode("utf-8"),
        "gb18030.txt": seed_text.encode("gb18030"),
        "utf16.txt": seed_text.encode("utf-16"),
    }
    paths = {}
    for name, data in files.items():
        (out / f"report-{name}").write_bytes(data)
        paths[name] = out / f"report-{name}"
    paths["pdf"] = render_pdf(seed_text, out / "report.pdf", header=SEED_ISSUER,
                              fake_bold_title=True, letter_spaced_title=True)
    paths["docx"] = render_docx(seed_text, out / "report.docx")
    paths["auto.docx"] = render_docx(seed_text, out / "report-auto.docx", auto_numbering=True)
    paths["html"] = render_html(seed_text, out / "report.html", issuer=SEED_ISSUER)
    return paths
