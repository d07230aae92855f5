"""Fuzz corpus generator and runner: hostile and malformed inputs made from the repo's own
reports, run through ``lawtext analyze`` alone per class and in batches.

Classes (from the hardening issue): 1 file names, 2 size and time bombs, 3 damaged cache
(scripted check), 4 ``--out`` hazards (scripted check), 5 special files and deep markup,
6 damaged, random, empty, disguised, encrypted and entity-bomb files, 7 repeated text.
Every input is made reproducibly from ``--seed``; the very heavy ones (≥ 100 MB written
to disk) only with ``--heavy``. Each input knows whether it should be read or become an
error row; every input must give exactly one row of ``documents`` or ``errors``.

    .venv/bin/python benchmarks/fuzz.py [--seed 1] [--batch 50] [--timeout 900] [--heavy]

The table printed has, per class: inputs, error rows, inputs whose outcome differs from
the expected one, crashes (exit status not 0/1, or a traceback on standard error), hangs
(the batch's timeout hit), peak RSS of the whole process tree, inputs without exactly one
row, and unclear messages (an object repr, a traceback or a library's raw text). The
exit status is 1 when any check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
DOC_FIXTURES = ROOT / "tests" / "data" / "doc"
"""Word 97–2003 files saved from the repo's reports (the corpora hold none)."""
LAWTEXT = ROOT / ".venv" / "bin" / "lawtext"
MB = 1_000_000
MAX_MB = 6144
"""RSS (MB) at which a run's process tree is killed; over 2048 already fails the check."""

UNCLEAR = re.compile(r" at 0x[0-9a-f]+|Traceback|invalid literal|XML_PARSE_HUGE|codec|object at |<[a-zA-Z_.]+ object")
"""Text a user should never see in a message: a repr, a traceback, a library's raw words."""


# --------------------------------------------------------------------------- sources


def sources(kind: str) -> list[Path]:
    """The repo's own reports of one format (``txt``, ``pdf``, ``docx``, ``html``; ``doc``: those
    saved as Word 97–2003, without the table and encrypted fixtures), sorted."""
    if kind == "doc":
        return sorted(p for p in DOC_FIXTURES.glob("*.doc") if p.name not in ("table.doc", "encrypted.doc"))
    return sorted(p for p in CORPORA.rglob(f"*.{kind}") if not p.name.startswith("."))


def _utf8(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def report_text(rng: random.Random) -> str:
    """The text of one of the repo's UTF-8 plain-text reports, chosen by ``rng``."""
    texts = [t for t in map(_utf8, sources("txt")) if t]
    return rng.choice(texts)


def _stream(path: Path, chunks: Iterable[bytes]) -> None:
    with path.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)


def _repeat(text: bytes, total: int) -> Iterator[bytes]:
    """``text`` over and over up to ``total`` bytes (cut at a line end when possible)."""
    written = 0
    while written + len(text) <= total:
        yield text
        written += len(text)


_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  b'<Default Extension="xml" ContentType="application/xml"/>'
                  b'<Override PartName="/word/document.xml" ContentType="application/'
                  b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         b'officeDocument" Target="word/document.xml"/></Relationships>')
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _para(text: str) -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<w:p><w:r><w:t>{escaped}</w:t></w:r></w:p>".encode()


def write_docx(path: Path, body: Iterable[bytes], doctype: bytes = b"") -> None:
    """A minimal Word file whose ``word/document.xml`` body is streamed from ``body``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + doctype)
            part.write(b"<w:document " + _W + b"><w:body>")
            for chunk in body:
                part.write(chunk)
            part.write(b"</w:body></w:document>")


def _paragraphs(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def write_pdf(path: Path, lines: Iterable[str], *, pages: int | None = None, size: float = 10.5,
              encrypt: str | None = None) -> None:
    """A PDF of ``lines`` in the CID font STSong-Light (reportlab); with ``pages``, the
    lines are spread over that many pages."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), encrypt=encrypt, invariant=True)
    items = list(lines)
    per_page = max(1, -(-len(items) // pages)) if pages else 40
    for lo in range(0, len(items), per_page):
        pdf.setFont("STSong-Light", size)
        y = 800.0
        for line in items[lo:lo + per_page]:
            pdf.drawString(40, y, line[:60])
            y -= size * 1.3
        pdf.showPage()
    pdf.save()


def write_raw_pdf(path: Path, content: Iterable[bytes]) -> None:
    """A one-page PDF whose content stream is ``content``, Flate-compressed as streamed."""
    squeeze = zlib.compressobj(9)
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        offsets = [handle.tell()]
        handle.write(b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n")
        offsets.append(handle.tell())
        handle.write(b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n")
        offsets.append(handle.tell())
        handle.write(b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
                     b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n")
        body = b"".join(squeeze.compress(c) for c in content) + squeeze.flush()
        offsets.append(handle.tell())
        handle.write(b"4 0 obj<</Length %d/Filter/FlateDecode>>stream\n" % len(body) + body + b"\nendstream endobj\n")
        offsets.append(handle.tell())
        handle.write(b"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n")
        xref = handle.tell()
        handle.write(b"xref\n0 6\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets))
        handle.write(b"trailer<</Size 6/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref)


def html_page(body: str, title: str = "法治政府建设情况报告") -> str:
    """A plain UTF-8 web page around ``body``."""
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body>{body}</body></html>")


def _html_paragraphs(text: str) -> str:
    return "".join(f"<p>{line}</p>" for line in _paragraphs(text))


# --------------------------------------------------------------------------- inputs

Maker = Callable[[Path, random.Random], object]
"""Writes one input at a path, its random choices from the generator given."""


@dataclass(frozen=True)
class Input:
    """One hostile input: its class, its path in the folder (bytes: names need not be
    UTF-8), whether it should be ``read`` or give an ``error`` row, and how to make it."""

    klass: int
    label: str
    name: bytes
    expect: str
    make: Maker
    heavy: bool = False

    @property
    def doc_id(self) -> str:
        """The doc_id lawtext gives it: undecodable bytes of the name as ``\\xNN``."""
        return self.name.decode("utf-8", "backslashreplace")

    def build(self, folder: Path, seed: int) -> None:
        """Make the input in ``folder``, the same for the same seed."""
        path = Path(os.fsdecode(os.path.join(os.fsencode(folder), self.name)))
        path.parent.mkdir(parents=True, exist_ok=True)
        self.make(path, random.Random(f"{seed}:{self.label}"))


def _text_file(text_of: Callable[[random.Random], str]) -> Maker:
    return lambda path, rng: path.write_text(text_of(rng), encoding="utf-8")


def _copy_of(kind: str) -> Maker:
    return lambda path, rng: path.write_bytes(rng.choice(sources(kind)).read_bytes())


def _damaged(kind: str, how: str) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        data = bytearray(rng.choice(sources(kind)).read_bytes())
        if how == "truncated":
            data = data[:rng.randrange(1, len(data))]
        else:  # 16 bytes flipped in random places
            for _ in range(16):
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
    return make


def _symlink(target: str) -> Maker:
    return lambda path, rng: os.symlink(target, path)


def _fifo(path: Path, rng: random.Random) -> None:
    os.mkfifo(path)


def _socket(path: Path, rng: random.Random) -> None:
    here = os.getcwd()
    os.chdir(path.parent)  # a socket's path must fit in 108 bytes: bind it relative
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind(path.name)
    finally:
        os.chdir(here)


def _locked(path: Path, rng: random.Random) -> None:
    path.write_text(report_text(rng), encoding="utf-8")
    path.parent.chmod(0)


def _many_lines(count: int) -> Maker:
    return lambda path, rng: _stream(path, (f"第{i}行。\n".encode() for i in range(count)))


def _big_text(total: int) -> Maker:
    return lambda path, rng: _stream(path, _repeat(report_text(rng).encode() + b"\n", total))


def _numbers(count: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        numbers = "、".join(f"{rng.randrange(1, 10**6)}件" for _ in range(count))
        path.write_text(report_text(rng) + f"\n全年共办理案件{numbers}。\n", encoding="utf-8")
    return make


def _big_html(total: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        head, tail = html_page("\0").encode().split(b"\0")
        body = _html_paragraphs(report_text(rng)).encode()
        _stream(path, [head, *_repeat(body, total - len(head) - len(tail)), tail])
    return make


def _docx_paragraphs(count: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        lines = _paragraphs(report_text(rng))
        write_docx(path, (_para(lines[i % len(lines)]) for i in range(count)))
    return make


def _docx_empty(count: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        lines = _paragraphs(report_text(rng))
        write_docx(path, [b"".join(map(_para, lines)), *(b"<w:p/>" * 10_000 for _ in range(count // 10_000))])
    return make


def _attributes(count: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        attrs = " ".join(f"a{i}=1" for i in range(count))
        path.write_text(html_page(f"<p {attrs}>本机关法治政府建设情况报告。</p>" + _html_paragraphs(report_text(rng))),
                        encoding="utf-8")
    return make


def _pdf_pages(pages: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        lines = _paragraphs(report_text(rng))
        write_pdf(path, (lines[i % len(lines)] for i in range(pages * 3)), pages=pages, size=2)
    return make


def _grid_span(span: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        cell = (f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>'.encode() + _para("主动公开政府信息240条")
                + b"</w:tc>")
        table = b"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>" + b"<w:tr>" + cell + b"</w:tr>" * 1 + b"</w:tbl>"
        write_docx(path, [b"".join(map(_para, _paragraphs(report_text(rng)))), table])
    return make


def _zip_bomb(unpacked: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        lines = _paragraphs(report_text(rng))
        write_docx(path, [b"".join(map(_para, lines)), *(b" " * MB for _ in range(unpacked // MB))])
    return make


def _pdf_inflating(total: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        op = b"BT /F1 1 Tf 10 10 Td (x) Tj ET\n"
        write_raw_pdf(path, (op * (MB // len(op)) for _ in range(total // MB)))
    return make


def _sparse(total: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        with path.open("wb") as handle:
            handle.write(report_text(rng).encode())
            handle.truncate(total)
    return make


def _nested(open_tag: str, close_tag: str, depth: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        inner = _html_paragraphs(report_text(rng))
        path.write_text(html_page(open_tag * depth + inner + close_tag * depth), encoding="utf-8")
    return make


def _script(size: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        script = "<script>var x = '" + "a" * size + "';</script>"
        path.write_text(html_page(script + _html_paragraphs(report_text(rng))), encoding="utf-8")
    return make


def _one_p(size: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        text = "".join(_paragraphs(report_text(rng)))
        path.write_text(html_page("<p>" + text * (size // len(text.encode()) + 1) + "</p>"), encoding="utf-8")
    return make


def _random_bytes(size: int) -> Maker:
    return lambda path, rng: path.write_bytes(rng.randbytes(size))


def _encrypted(path: Path, rng: random.Random) -> None:
    write_pdf(path, _paragraphs(report_text(rng)), encrypt="secret")


def _encrypted_doc(path: Path, rng: random.Random) -> None:
    path.write_bytes((DOC_FIXTURES / "encrypted.doc").read_bytes())


_XXE = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lololololololololol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10)) + b"]>")


def _docx_entity(doctype: bytes, entity: bytes) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        lines = _paragraphs(report_text(rng))
        body = b"".join(map(_para, lines)) + b"<w:p><w:r><w:t>" + entity + b"</w:t></w:r></w:p>"
        write_docx(path, [body], doctype=doctype.replace(b"lolz", b"w:document"))
    return make


def _html_entity(doctype: bytes, entity: bytes) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        page = html_page(_html_paragraphs(report_text(rng)) + "<p>" + entity.decode() + "</p>")
        path.write_bytes(doctype.replace(b"lolz", b"html") + page.removeprefix("<!DOCTYPE html>").encode())
    return make


def _disguised(kind: str) -> Maker:
    return _copy_of(kind)


def _repeated(total: int) -> Maker:
    def make(path: Path, rng: random.Random) -> None:
        text = report_text(random.Random(0)).encode() + b"\n"  # the same text in both files
        _stream(path, _repeat(text, total))
    return make


def inputs(*, small: bool = False, heavy: bool = False) -> list[Input]:
    """Every input of classes 1, 2, 5, 6 and 7. ``small`` keeps each under ~2 MB (the fast
    test); ``heavy`` adds those that write 100 MB or more to disk."""
    def s(full: int, light: int) -> int:
        return light if small else full

    txt = _text_file(report_text)
    limited = "read" if small else "error"  # at full size over a limit: characters, time or memory
    cases = [
        # 1: file names
        Input(1, "latin1 name", "café.txt".encode("latin-1"), "read", txt),
        Input(1, "gbk name", "报告.txt".encode("gbk"), "read", txt),
        Input(1, "cr in name", b"a\rb.txt", "read", txt),
        Input(1, "newline in name", b"a\nb.txt", "read", txt),
        Input(1, "= name", b"=cmd.txt", "read", txt),
        Input(1, "+ name", b"+sum.txt", "read", txt),
        Input(1, "@ name", b"@at.txt", "read", txt),
        Input(1, "same base name 1", b"dup1/report.txt", "read", txt),
        Input(1, "same base name 2", b"dup2/report.txt", "read", txt),
        # 2: size and time bombs
        Input(2, "short lines", b"bomb-lines.txt", limited, _many_lines(s(1_000_000, 20_000))),
        Input(2, "big text", b"bomb-big.txt", limited, _big_text(s(50 * MB, MB))),
        # ~0.7 ms a number: 200,000 of them end near the time limit, read or not
        Input(2, "numbers in one sentence", b"bomb-numbers.txt", "read" if small else "?",
              _numbers(s(200_000, 10_000))),
        Input(2, "big html", b"bomb-big.html", limited, _big_html(s(20 * MB, MB // 2))),
        Input(2, "docx paragraphs", b"bomb-paragraphs.docx", limited, _docx_paragraphs(s(200_000, 3_000))),
        Input(2, "attributes", b"bomb-attributes.html", "read", _attributes(s(200_000, 10_000))),
        Input(2, "pdf pages", b"bomb-pages.pdf", "read", _pdf_pages(s(1000, 50))),
        Input(2, "empty docx paragraphs", b"bomb-empty.docx", limited, _docx_empty(s(5_000_000, 50_000))),
        Input(2, "gridSpan", b"bomb-gridspan.docx", "read", _grid_span(50_000)),
        Input(2, "zip bomb", b"bomb-zip.docx", "error", _zip_bomb(1_100 * MB)),
        Input(2, "pdf stream bomb", b"bomb-stream.pdf", "error",
              _pdf_inflating(s(1000 * MB, 2 * MB))),
        Input(2, "sparse text", b"bomb-sparse.txt", "error", _sparse(s(3000 * MB, 300 * MB))),
        Input(2, "link to /dev/zero", b"bomb-zero.txt", "error", _symlink("/dev/zero")),
        # 5: special files and deep markup
        Input(5, "symlink loop", b"loop.txt", "error", _symlink("loop.txt")),
        Input(5, "dangling link", b"dangling.txt", "error", _symlink("nowhere/missing.txt")),
        Input(5, "fifo", b"fifo.txt", "error", _fifo),
        Input(5, "socket", b"sock.txt", "error", _socket),
        Input(5, "unreadable folder", b"locked/inside.txt", "read" if os.geteuid() == 0 else "error", _locked),
        Input(5, "nested divs", b"deep-divs.html", "read", _nested("<div>", "</div>", 300)),
        Input(5, "nested tables", b"deep-tables.html", "read",
              _nested("<table><tr><td>", "</td></tr></table>", 3000)),
        Input(5, "big script", b"big-script.html", "read", _script(s(10 * MB + 1, MB))),
        Input(5, "one big p", b"big-p.html", limited, _one_p(s(20 * MB, MB // 2))),
        # 6: damaged, random, empty, disguised, encrypted, entity bombs
        *(Input(6, f"{how} {kind}", f"{how}.{kind}".encode(), "?", _damaged(kind, how))
          for how in ("truncated", "flipped") for kind in ("txt", "pdf", "docx", "html", "doc")),
        *(Input(6, f"random {kind}", f"random.{kind}".encode(), "error", _random_bytes(4096))
          for kind in ("txt", "pdf", "docx", "html", "doc")),
        *(Input(6, f"empty {kind}", f"empty.{kind}".encode(), "error", _random_bytes(0))
          for kind in ("txt", "pdf", "docx", "html", "doc")),
        Input(6, "pdf as txt", b"disguised-pdf.txt", "error", _disguised("pdf")),
        Input(6, "docx as html", b"disguised-docx.html", "error", _disguised("docx")),
        Input(6, "txt as pdf", b"disguised-txt.pdf", "error", _disguised("txt")),
        Input(6, "html as docx", b"disguised-html.docx", "error", _disguised("html")),
        Input(6, "encrypted pdf", b"encrypted.pdf", "error", _encrypted),
        Input(6, "encrypted doc", b"encrypted.doc", "error", _encrypted_doc),
        Input(6, "xxe docx", b"xxe.docx", "read", _docx_entity(_XXE, b"&xxe;")),
        Input(6, "laughs docx", b"laughs.docx", "error", _docx_entity(_LAUGHS, b"&lol9;")),
        Input(6, "xxe html", b"xxe.html", "read", _html_entity(_XXE.replace(b"w:document", b"html"), b"&xxe;")),
        Input(6, "laughs html", b"laughs.html", "read", _html_entity(_LAUGHS, b"&lol9;")),
        # 7: repeated text
        Input(7, "repeated 1", b"repeat-1.txt", "read", _repeated(1_400_000)),
        Input(7, "repeated 2", b"repeat-2.txt", "read", _repeated(1_400_000)),
        Input(7, "plain report", b"plain.txt", "read", txt),
    ]
    if heavy:
        cases += [
            Input(2, "dense text under the size limit", b"heavy-190mb.txt", "error", _big_text(190 * MB), heavy=True),
            Input(2, "dense text over the size limit", b"heavy-250mb.txt", "error", _big_text(250 * MB), heavy=True),
            Input(5, "one 100 MB p", b"heavy-p.html", "error", _one_p(100 * MB), heavy=True),
        ]
    return cases


def build(folder: Path, cases: Iterable[Input], seed: int) -> None:
    """Make ``cases`` in ``folder`` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    for case in cases:
        case.build(folder, seed)


def unlock(folder: Path) -> None:
    """Give back the permissions :func:`_locked` took, so that the folder can be removed."""
    for dirpath, dirnames, _ in os.walk(folder):
        for name in dirnames:
            path = Path(dirpath) / name
            if not path.is_symlink():
                path.chmod(0o755)


def remove(folder: Path) -> None:
    """Remove a folder of inputs, locked subfolders included."""
    if folder.exists():
        for dirpath, dirnames, _ in os.walk(folder):
            for name in dirnames:
                with contextlib.suppress(OSError):
                    (Path(dirpath) / name).chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- running


@dataclass
class Run:
    """One ``lawtext analyze`` subprocess: exit status (None on a hang), standard error,
    seconds and peak RSS of its process tree in MB."""

    status: int | None
    stderr: str
    seconds: float
    peak_mb: float

    @property
    def crashed(self) -> bool:
        """Exit status other than 0/1, or a traceback on standard error."""
        return (self.status is not None and self.status not in (0, 1)) or "Traceback" in self.stderr


def _tree_rss(process: object) -> int:
    import psutil

    assert isinstance(process, psutil.Process)
    total = 0
    for p in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def analyze(folder: Path, out: Path, *, jobs: int = 2, timeout: float = 900, extra: Iterable[str] = (),
            max_mb: float = MAX_MB) -> Run:
    """Run ``lawtext analyze folder --out out --jobs jobs`` with a wall-clock timeout,
    sampling the RSS of its whole process tree (psutil; else the largest child's peak from
    getrusage). A tree over ``max_mb`` is killed (status -9: a crash) before it takes the
    machine down."""
    command = [str(LAWTEXT), "analyze", str(folder), "--out", str(out), "--jobs", str(jobs), "--quiet", *extra]
    start = time.monotonic()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        peak = 0
        try:
            import psutil
            watched: object = psutil.Process(process.pid)
        except (ImportError, Exception):
            watched = None
        status: int | None = None
        while True:
            if watched is not None:
                with contextlib.suppress(Exception):
                    peak = max(peak, _tree_rss(watched))
            try:
                status = process.wait(timeout=0.05)
                break
            except subprocess.TimeoutExpired:
                over = peak > max_mb * 2**20
                if over or time.monotonic() - start > timeout:
                    os.killpg(process.pid, 9)
                    process.wait()
                    status = -9 if over else None
                    break
        if watched is None:
            import resource
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return Run(status, stderr, time.monotonic() - start, peak / 2**20)


@dataclass
class Outcome:
    """What one run gave each input: rows of documents (a failed file has one too) and
    rows of errors by doc_id, with their messages."""

    documents: dict[str, int] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)


def outcome(folder: Path, out: Path) -> Outcome:
    """The rows of ``out``'s documents and errors tables, by doc_id (an error row's path
    made relative to ``folder``); empty when the run wrote no tables."""
    import pandas as pd

    result = Outcome()
    try:
        documents = pd.read_parquet(out / "documents.parquet")
        errors = pd.read_parquet(out / "errors.parquet")
    except (OSError, ValueError):
        return result
    for doc_id in documents["doc_id"]:
        result.documents[doc_id] = result.documents.get(doc_id, 0) + 1
    prefix = str(folder).rstrip("/") + "/"
    for path, message in zip(errors["path"], errors["message"], strict=True):
        doc_id = path.removeprefix(prefix)
        result.errors.setdefault(doc_id, []).append(message)
    return result


@dataclass
class Tally:
    """One row of the table: a class run alone, or all the batches."""

    name: str
    inputs: int = 0
    errors: int = 0
    unexpected: list[str] = field(default_factory=list)
    crashes: int = 0
    hangs: int = 0
    peak_mb: float = 0.0
    seconds: float = 0.0
    no_row: list[str] = field(default_factory=list)
    unclear: list[str] = field(default_factory=list)
    results: dict[str, str] = field(default_factory=dict)
    """Each input's outcome by label: ``read``, or its error message."""

    @property
    def failed(self) -> bool:
        """Whether any check failed: a crash, a hang, a missing or extra row, an unclear
        message, an outcome other than expected, RSS over 2 GB or a batch over 15 minutes."""
        return bool(self.crashes or self.hangs or self.no_row or self.unclear or self.unexpected
                    or self.peak_mb > 2048)

    def add(self, cases: list[Input], run: Run, rows: Outcome) -> None:
        """Count ``run`` of ``cases``."""
        self.inputs += len(cases)
        self.crashes += run.crashed
        self.hangs += run.status is None
        self.peak_mb = max(self.peak_mb, run.peak_mb)
        self.seconds = max(self.seconds, run.seconds)
        for case in cases:
            found, failed = rows.documents.get(case.doc_id, 0), len(rows.errors.get(case.doc_id, []))
            if found != 1 or failed > 1:  # a failed file has its row in documents too, with its error
                self.no_row.append(f"{case.label} ({found} documents rows, {failed} errors rows)")
                continue
            got = "error" if case.doc_id in rows.errors else "read"
            self.results[case.label] = rows.errors[case.doc_id][0] if got == "error" else "read"
            self.errors += got == "error"
            if case.expect != "?" and got != case.expect:
                self.unexpected.append(f"{case.label}: {got}, expected {case.expect}")
            for message in rows.errors.get(case.doc_id, []):
                if UNCLEAR.search(message):
                    self.unclear.append(f"{case.label}: {message[:200]}")
        for line in run.stderr.splitlines():
            if UNCLEAR.search(line) and not any(line in u for u in self.unclear):
                self.unclear.append(f"stderr: {line[:200]}")


def run_cases(cases: list[Input], work: Path, seed: int, name: str, *, timeout: float, jobs: int = 2,
              max_mb: float = MAX_MB) -> Tally:
    """Build ``cases`` in a folder of their own under ``work``, analyse it, tally the rows."""
    folder, out = work / f"in-{name}", work / f"out-{name}"
    tally = Tally(name)
    build(folder, cases, seed)
    try:
        run = analyze(folder, out, jobs=jobs, timeout=timeout, max_mb=max_mb)
        tally.add(cases, run, outcome(folder, out))
        if run.crashed:
            tally.unclear += [f"stderr: {line[:200]}" for line in run.stderr.splitlines()[-3:]]
    finally:
        remove(folder)
        shutil.rmtree(out, ignore_errors=True)
    return tally


def by_class(cases: list[Input], work: Path, seed: int, *, timeout: float, jobs: int = 2) -> list[Tally]:
    """Each class's inputs analysed alone."""
    classes = sorted({c.klass for c in cases})
    return [run_cases([c for c in cases if c.klass == k], work, seed, f"class {k}", timeout=timeout, jobs=jobs)
            for k in classes]


def batches(cases: list[Input], work: Path, seed: int, size: int, *, timeout: float, jobs: int = 2) -> Tally:
    """All inputs shuffled (by ``seed``) into batches of ``size``, each analysed alone; one
    tally over them all."""
    order = list(cases)
    random.Random(seed).shuffle(order)
    total = Tally(f"batches of {size}")
    for k, lo in enumerate(range(0, len(order), size)):
        one = run_cases(order[lo:lo + size], work, seed, f"batch {k}", timeout=timeout, jobs=jobs)
        total.inputs += one.inputs
        total.errors += one.errors
        total.unexpected += one.unexpected
        total.crashes += one.crashes
        total.hangs += one.hangs
        total.peak_mb = max(total.peak_mb, one.peak_mb)
        total.seconds = max(total.seconds, one.seconds)
        total.no_row += one.no_row
        total.unclear += one.unclear
        total.results |= one.results
    return total


# --------------------------------------------------------------------------- classes 3 and 4


@dataclass
class Check:
    """A scripted check: its class, what it checks, whether it passed and what was seen."""

    klass: int
    what: str
    ok: bool
    seen: str


def _tables(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.csv"))}


def _good_reports(folder: Path, seed: int, count: int = 6) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{seed}:good")
    for path in rng.sample([p for k in ("txt", "html", "docx", "pdf") for p in sources(k)], count):
        shutil.copy(path, folder / path.name)


def cache_checks(work: Path, seed: int, *, timeout: float = 300,
                 ways: Iterable[str] = ("flipped", "truncated", "emptied")) -> list[Check]:
    """Class 3: damage every file of a small run's ``--cache`` (a byte flipped, or the
    file cut short) and check the tables are those of a cold run."""
    folder = work / "cache-in"
    _good_reports(folder, seed)
    cold = analyze(folder, work / "cache-cold", timeout=timeout)
    expected = _tables(work / "cache-cold")
    checks = []
    for how in ways:
        cache = work / f"cache-{how}"
        analyze(folder, work / "cache-warm", timeout=timeout, extra=["--cache", str(cache)])
        rng = random.Random(f"{seed}:{how}")
        damaged = 0
        for path in sorted(p for p in cache.rglob("*") if p.is_file()):
            data = bytearray(path.read_bytes())
            if not data:
                continue
            if how == "flipped":
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
            elif how == "truncated":
                data = data[:rng.randrange(len(data))]
            else:
                data = bytearray()
            path.write_bytes(bytes(data))
            damaged += 1
        out = work / f"cache-out-{how}"
        run = analyze(folder, out, timeout=timeout, extra=["--cache", str(cache)])
        same = run.status == cold.status and _tables(out) == expected and bool(expected)
        checks.append(Check(3, f"every cache file {how} ({damaged} files): tables as a cold run",
                            same and not run.crashed, f"exit {run.status}, tables {'same' if same else 'DIFFER'}"
                            + (f", stderr: {run.stderr.strip()[-200:]}" if run.crashed else "")))
        for p in (cache, out, work / "cache-warm"):
            shutil.rmtree(p, ignore_errors=True)
    shutil.rmtree(work / "cache-cold", ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    return checks


def out_checks(work: Path, seed: int, *, timeout: float = 300) -> list[Check]:
    """Class 4: ``--out`` naming a file (exit 2, the file untouched), a read-only folder
    (exit 2; skipped as root, who may write anywhere) and a folder inside the input
    folder (never read as reports, on a first and on a second run)."""
    folder = work / "out-in"
    _good_reports(folder, seed)
    count = len(list(folder.iterdir()))
    checks = []
    a_file = work / "a-file"
    a_file.write_bytes(b"keep me")
    run = analyze(folder, a_file, timeout=timeout)
    checks.append(Check(4, "--out is a file: exit 2, file untouched",
                        run.status == 2 and "Traceback" not in run.stderr and a_file.read_bytes() == b"keep me",
                        f"exit {run.status}: {run.stderr.strip()[:120]}"))
    locked = work / "read-only"
    locked.mkdir()
    locked.chmod(0o555)
    if os.geteuid() == 0:
        checks.append(Check(4, "--out is a read-only folder: exit 2", True, "skipped: root writes anywhere"))
    else:
        run = analyze(folder, locked / "sub", timeout=timeout)
        checks.append(Check(4, "--out is a read-only folder: exit 2", run.status == 2 and "Traceback" not in run.stderr,
                            f"exit {run.status}: {run.stderr.strip()[:120]}"))
    locked.chmod(0o755)
    inside = folder / "out"
    for attempt in ("first", "second"):
        run = analyze(folder, inside, timeout=timeout)
        rows = outcome(folder, inside)
        found = sum(rows.documents.values()) + sum(map(len, rows.errors.values()))
        checks.append(Check(4, f"--out inside the input folder, {attempt} run: only the {count} reports read",
                            run.status == 0 and found == count and not run.crashed,
                            f"exit {run.status}, {found} rows"))
    shutil.rmtree(folder, ignore_errors=True)
    return checks


# --------------------------------------------------------------------------- report


def table(tallies: list[Tally]) -> str:
    """The review's table: one line per tally."""
    head = (f"{'run':<16}{'inputs':>7}{'errors':>7}{'unexp':>6}{'crash':>6}{'hang':>5}{'peak MB':>9}"
            f"{'max s':>7}{'no row':>7}{'unclear':>8}")
    lines = [head, "-" * len(head)]
    for t in tallies:
        lines.append(f"{t.name:<16}{t.inputs:>7}{t.errors:>7}{len(t.unexpected):>6}{t.crashes:>6}{t.hangs:>5}"
                     f"{t.peak_mb:>9.0f}{t.seconds:>7.1f}{len(t.no_row):>7}{len(t.unclear):>8}")
    return "\n".join(lines)


def details(tallies: list[Tally], checks: list[Check]) -> str:
    """Every failure behind the table, one line each, then the scripted checks."""
    lines = []
    for t in tallies:
        lines += [f"{t.name}: no row: {x}" for x in t.no_row]
        lines += [f"{t.name}: unexpected: {x}" for x in t.unexpected]
        lines += [f"{t.name}: unclear: {x}" for x in t.unclear]
        if t.peak_mb > 2048:
            lines.append(f"{t.name}: peak RSS {t.peak_mb:.0f} MB over 2 GB")
    lines += [f"class {c.klass}: {'ok  ' if c.ok else 'FAIL'} {c.what} ({c.seen})" for c in checks]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Generate the inputs, run them per class and in batches, run the class 3 and 4
    checks, print the table; exit 1 when any check fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1, help="seed of every random choice (default 1)")
    parser.add_argument("--batch", type=int, default=50, help="inputs per batch (default 50)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds a run may take (default 900)")
    parser.add_argument("--jobs", type=int, default=2, help="lawtext analyze --jobs (default 2)")
    parser.add_argument("--heavy", action="store_true", help="add the inputs of 100 MB or more")
    parser.add_argument("--small", action="store_true", help="the fast test's subset (each input under ~2 MB)")
    parser.add_argument("--work", type=Path, help="folder for inputs and outputs (default: a temporary one)")
    parser.add_argument("--no-batches", action="store_true", help="only each class alone")
    args = parser.parse_args(argv)
    cases = inputs(small=args.small, heavy=args.heavy)
    with tempfile.TemporaryDirectory(dir=args.work) as tmp:
        work = Path(tmp)
        tallies = by_class(cases, work, args.seed, timeout=args.timeout, jobs=args.jobs)
        if not args.no_batches:
            tallies.append(batches(cases, work, args.seed, args.batch, timeout=args.timeout, jobs=args.jobs))
        checks = cache_checks(work, args.seed) + out_checks(work, args.seed)
    print(table(tallies))
    print(details(tallies, checks))
    failed = [t.name for t in tallies if t.failed] + [c.what for c in checks if not c.ok]
    print(f"fuzz: {sum(t.inputs for t in tallies)} inputs run, {len(checks)} scripted checks; "
          + (f"{len(failed)} failed: {'; '.join(failed)}" if failed else "all passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
