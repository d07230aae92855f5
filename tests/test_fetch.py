"""``lawtext fetch`` against a small government-style site served on 127.0.0.1: list pages
in UTF-8 and GBK with three kinds of pagination, articles with a PDF and a ``.doc``
attachment, robots.txt, a slow page, a 503 with Retry-After and a redirect loop; then
``lawtext analyze`` on what was fetched."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path

import httpx
import pandas as pd
import pytest
from conftest import ROOT

from lawtext import fetch, sources
from lawtext.cli import main
from lawtext.sources import COLUMNS, Entry, read_manifest, write_manifest

PDF = ROOT / "corpora" / "sample" / "beiling-jtt-2023.pdf"
DOC_BYTES = (ROOT / "tests" / "data" / "doc" / "liuxi-gov-2023.doc").read_bytes()  # a report saved as Word 97–2003
DOC_NAME = "附件1：年度报告.doc"
DELAY = 0.2
RETRY_AFTER = 1


def _page(title: str, body: str, charset: str = "utf-8", head: str = "") -> bytes:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>{head}</head>'
            f"<body><div class='nav'><a href='/'>首页</a> <a href='/xxgk/'>信息公开</a></div>{body}"
            "<div class='footer'>主办：某区人民政府办公室</div></body></html>").encode(charset)


LIST_1 = _page("通知公告", """<ul>
<li><a href="/art/2024/a1.html">青石区2023年法治政府建设情况报告</a><span>2024-03-28</span></li>
<li><a href="/art/2024/notice.html">关于开展“八五”普法中期检查的通知</a></li>
<li><a href="/private/internal.html">青石区2023年度法治政府建设工作报告（内部）</a></li>
<li><a href="http://elsewhere.example/art/x.html">外区法治政府建设情况报告</a></li>
</ul><div class="page"><a href="index_1.html">下一页</a></div>""")
LIST_2 = _page("通知公告", """<ul>
<li><a href="/art/2024/a2.html" title="青石区司法局2023年度法治政府建设年度报告">青石区司法局2023年度法治…</a></li>
<li><a href="/art/2024/slow.html">青石区交通局2023年法治政府建设情况报告</a></li>
</ul><script>createPageHTML(3, 1, "index", "html");</script>""", charset="gbk")
LIST_3 = _page("通知公告", """<ul>
<li><a href="/art/2024/busy.html">青石区财政局2023年法治政府建设情况报告</a></li>
<li><a href="/art/2024/loop.html">青石区水务局法治政府建设年度报告</a></li>
</ul><a href="index_1.html">上一页</a>""")
ARTICLE_1 = _page("青石区2023年法治政府建设情况报告_青石区人民政府", """
<h1>青石区2023年法治政府建设情况报告</h1><div class="info">发布时间：2024-03-28 信息来源：青石区司法局</div>
<div class="content"><p>2023年，青石区坚持以习近平新时代中国特色社会主义思想为指导，全面推进法治政府建设。</p>
<p>一、主要举措和成效</p><p>全年办理行政复议案件12件，组织领导干部集中学法4次。</p></div>
<p>附件：<a href="/files/%E6%8A%A5%E5%91%8A%E5%85%A8%E6%96%87.pdf">报告全文.pdf</a></p>""")
ARTICLE_2 = _page("青石区司法局2023年度法治政府建设年度报告", """
<h1>青石区司法局2023年度法治政府建设年度报告</h1>
<div class="content"><p>2023年，青石区司法局认真落实法治政府建设各项任务，现将有关情况报告如下。</p>
<p>一、主要举措和成效</p><p>全年开展普法宣传活动26场，受理法律援助案件180件。</p></div>
<p><a href="/module/download/downfile.jsp?classid=0&amp;id=7">附件1</a></p>""", charset="gbk",
                  head='<meta name="PubDate" content="2024-03-20 09:00">')
BUSY = _page("青石区财政局2023年法治政府建设情况报告", """<h1>青石区财政局2023年法治政府建设情况报告</h1>
<p>发布日期：2024年3月15日</p><p>2023年，青石区财政局坚持依法理财，推进法治政府建设。</p>""")
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


@dataclass
class Site:
    """The test site: what it serves, and a log of every request (monotonic time, path,
    User-Agent)."""

    log: list[tuple[float, str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    busy_served: bool = False
    url: str = ""

    def routes(self) -> dict[str, Callable[[], tuple[int, dict[str, str], bytes]]]:
        html = {"Content-Type": "text/html; charset=utf-8"}
        gbk_page = {"Content-Type": "text/html"}  # the charset only in <meta>
        doc_name = "".join(f"%{b:02X}" for b in DOC_NAME.encode("gbk"))
        return {
            "/robots.txt": lambda: (200, {"Content-Type": "text/plain"}, ROBOTS),
            "/list/index.html": lambda: (200, html, LIST_1),
            "/list/index_1.html": lambda: (200, gbk_page, LIST_2),
            "/list/index_2.html": lambda: (200, html, LIST_3),
            "/art/2024/a1.html": lambda: (200, html, ARTICLE_1),
            "/art/2024/a2.html": lambda: (200, gbk_page, ARTICLE_2),
            "/files/%E6%8A%A5%E5%91%8A%E5%85%A8%E6%96%87.pdf": lambda: (200, {"Content-Type": "application/pdf"},
                                                                        PDF.read_bytes()),
            "/module/download/downfile.jsp?classid=0&id=7": lambda: (
                200, {"Content-Type": "application/octet-stream",
                      "Content-Disposition": f'attachment; filename="{doc_name}"'}, DOC_BYTES),
            "/art/2024/slow.html": self.slow,
            "/art/2024/busy.html": self.busy,
            "/art/2024/loop.html": lambda: (302, {"Location": "/art/2024/loop2.html"}, b""),
            "/art/2024/loop2.html": lambda: (302, {"Location": "/art/2024/loop.html"}, b""),
        }

    def slow(self) -> tuple[int, dict[str, str], bytes]:
        time.sleep(1.0)
        return 200, {"Content-Type": "text/html; charset=utf-8"}, _page("慢", "<p>慢</p>")

    def busy(self) -> tuple[int, dict[str, str], bytes]:
        if not self.busy_served:
            self.busy_served = True
            return 503, {"Retry-After": str(RETRY_AFTER)}, b"busy"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, BUSY

    def paths(self) -> list[str]:
        with self.lock:
            return [path for _, path, _ in self.log]


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    routes = served.routes()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            with served.lock:
                served.log.append((time.monotonic(), self.path, self.headers.get("User-Agent", "")))
            status, headers, body = routes[self.path]() if self.path in routes else (404, {}, b"not found")
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the slow page's client gave up
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield served
    server.shutdown()
    server.server_close()


def _fetch(site: Site, out: Path, *extra: str) -> int:
    return main(["fetch", f"{site.url}/list/index.html", "--out", str(out), "--delay", str(DELAY),
                 "--timeout", "0.3", "--retries", "1", "--quiet", *extra])


def _rows(out: Path) -> list[Entry]:
    rows = read_manifest(out / "manifest.csv")
    assert rows is not None
    return rows


def test_fetch_collects_reports_politely_and_resumes(site: Site, tmp_path: Path, capsys) -> None:
    out = tmp_path / "fetched"
    assert _fetch(site, out) == 1  # some rows have errors
    host = site.url.removeprefix("http://")
    folder = host.replace(":", "_")
    rows = _rows(out)
    got = [(r.url.removeprefix(site.url), r.referrer.removeprefix(site.url), r.status, r.kind, r.title, r.published,
            r.path, r.error) for r in rows]
    assert got == [
        ("/art/2024/a1.html", "/list/index.html", "200", "page", "青石区2023年法治政府建设情况报告_青石区人民政府",
         "2024-03-28", f"{folder}/art/2024/a1.html", ""),
        ("/files/%E6%8A%A5%E5%91%8A%E5%85%A8%E6%96%87.pdf", "/art/2024/a1.html", "200", "attachment", "报告全文.pdf",
         "2024-03-28", f"{folder}/files/报告全文.pdf", ""),
        ("/private/internal.html", "/list/index.html", "", "page", "青石区2023年度法治政府建设工作报告（内部）", "", "",
         "robots.txt of 127.0.0.1 disallows it"),
        ("/art/2024/a2.html", "/list/index_1.html", "200", "page", "青石区司法局2023年度法治政府建设年度报告",
         "2024-03-20 09:00", f"{folder}/art/2024/a2.html", ""),
        ("/module/download/downfile.jsp?classid=0&id=7", "/art/2024/a2.html", "200", "attachment", "附件1",
         "2024-03-20 09:00", f"{folder}/module/download/附件1：年度报告.doc", ""),
        ("/art/2024/slow.html", "/list/index_1.html", "", "page", "青石区交通局2023年法治政府建设情况报告", "", "",
         "timed out after 0.3 s (2 tries)"),
        ("/art/2024/busy.html", "/list/index_2.html", "200", "page", "青石区财政局2023年法治政府建设情况报告",
         "2024年3月15日", f"{folder}/art/2024/busy.html", ""),
        ("/art/2024/loop.html", "/list/index_2.html", "", "page", "青石区水务局法治政府建设年度报告", "", "",
         "redirect loop: more than 10 redirects"),
    ]
    assert [r.final_url == r.url for r in rows] == [True, True, False, True, True, False, True, False]
    assert all(r.fetched_at.endswith("+00:00") for r in rows)
    assert (out / folder / "files" / "报告全文.pdf").read_bytes() == PDF.read_bytes()
    assert (out / folder / "module/download/附件1：年度报告.doc").read_bytes() == DOC_BYTES
    assert rows[1].sha256 == "" or len(rows[1].sha256) == 64
    assert [r.content_type for r in rows[:2]] == ["text/html; charset=utf-8", "application/pdf"]

    paths = site.paths()
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert not [p for p in paths if p.startswith("/private/")]
    assert paths.count("/list/index.html") == 1  # named by 下一页 on page 1… and by createPageHTML on page 2
    assert paths.count("/art/2024/slow.html") == 2 and paths.count("/art/2024/busy.html") == 2
    assert paths.count("/art/2024/loop.html") == 6 and paths.count("/art/2024/loop2.html") == 5
    assert "/art/2024/notice.html" not in paths  # its anchor text is no report
    assert {ua for _, _, ua in site.log} == {fetch.user_agent()}

    times = [t for t, _, _ in site.log]
    gaps = [b - a for a, b in pairwise(times)]
    assert min(gaps) >= DELAY  # one host: each request waits the delay after the previous response
    busy = [t for t, p, _ in site.log if p == "/art/2024/busy.html"]
    assert busy[1] - busy[0] >= RETRY_AFTER
    err = capsys.readouterr().err
    assert f"{len(paths)} requests (1 robots, 3 list, " in err and "1 links to elsewhere.example not followed" in err

    before = len(paths)
    manifest = (out / "manifest.csv").read_bytes()
    assert _fetch(site, out) == 0  # nothing new: the error rows are not retried
    assert site.paths()[before:] == ["/robots.txt", "/list/index.html", "/list/index_1.html", "/list/index_2.html"]
    assert (out / "manifest.csv").read_bytes() == manifest
    assert "8 already in" in capsys.readouterr().err

    before = len(site.paths())
    assert _fetch(site, out, "--retry-errors") == 1  # the rows with errors are tried again, and fail again
    assert sorted(set(site.paths()[before:])) == ["/art/2024/loop.html", "/art/2024/loop2.html",
                                                  "/art/2024/slow.html", "/list/index.html", "/list/index_1.html",
                                                  "/list/index_2.html", "/robots.txt"]
    assert [r.url for r in _rows(out)] == [r.url for r in rows]


def test_analyze_takes_source_url_and_publish_date_from_the_manifest(site: Site, tmp_path: Path) -> None:
    fetched, out = tmp_path / "fetched", tmp_path / "out"
    _fetch(site, fetched)
    folder = site.url.removeprefix("http://").replace(":", "_")
    assert main(["analyze", str(fetched), "--out", str(out), "--jobs", "1", "--tables", "documents,scorecard",
                 "--no-charts", "--quiet"]) == 0
    docs = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    got = docs[["source_url", "publish_date", "publish_date_from", "year"]].reset_index()
    got["source_url"] = got.source_url.str.removeprefix(site.url)
    assert got.values.tolist() == [
        [f"{folder}/art/2024/a1.html", "/art/2024/a1.html", "2024-03-28", "report", 2023],
        [f"{folder}/art/2024/a2.html", "/art/2024/a2.html", "2024-03-20", "manifest", 2023],
        [f"{folder}/art/2024/busy.html", "/art/2024/busy.html", "2024-03-15", "report", 2023],
        [f"{folder}/files/报告全文.pdf", "/files/%E6%8A%A5%E5%91%8A%E5%85%A8%E6%96%87.pdf", "2024-03-28", "manifest",
         2023],
        [f"{folder}/module/download/{DOC_NAME}", "/module/download/downfile.jsp?classid=0&id=7", "2024-03-20",
         "manifest", 2023],
    ]  # the .doc attachment takes the date of the article that links it
    scorecard = pd.read_parquet(out / "scorecard.parquet")
    assert scorecard.publish_date.tolist() == ["2024-03-28", "2024-03-20", "2024-03-15", "2024-03-28", "2024-03-20"]
    assert scorecard.on_time.tolist() == [True, True, True, True, True]


def test_a_kill_between_rows_leaves_a_whole_manifest(tmp_path: Path) -> None:
    rows = [Entry(url=f"http://a.example/{k}.html", title="=HYPERLINK(1)", kind="page") for k in range(3)]
    write_manifest(tmp_path, rows)
    text = (tmp_path / "manifest.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ",".join(f'"{c}"' for c in COLUMNS)
    assert "\"'=HYPERLINK(1)\"" in text  # inert in a spreadsheet, read back as written
    assert read_manifest(tmp_path / "manifest.csv") == rows
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.csv"]  # no temporary file left


def test_file_names_are_safe_and_distinct() -> None:
    rules = fetch.load_rules()
    assert fetch.saved_name("http://x.gov.cn/a/%D5%FE%B8%AE.pdf", "application/pdf", "", rules) == "x.gov.cn/a/政府.pdf"
    assert fetch.saved_name("http://x.gov.cn/col/show.jsp?id=1", "text/html", "", rules) == \
        "x.gov.cn/col/show_931a65dc.jsp.html"
    assert fetch.saved_name("http://x.gov.cn/col/show.jsp?id=2", "text/html", "", rules) == \
        "x.gov.cn/col/show_ffac5db0.jsp.html"
    assert fetch.saved_name("http://x.gov.cn/../a:b/..%2F..%2Fetc", "", "", rules) == "x.gov.cn/a_b/_.._etc"
    assert fetch.saved_name("http://x.gov.cn/d", "application/msword", "报告.docx", rules) == "x.gov.cn/报告.docx"


def test_bad_pattern_and_bad_address_are_usage_errors(tmp_path: Path, capsys) -> None:
    assert main(["fetch", "http://127.0.0.1:9/", "--out", str(tmp_path), "--pattern", "("]) == 2
    assert "--pattern: pattern: not a regular expression" in capsys.readouterr().err
    assert main(["fetch", "ftp://x.gov.cn/list", "--out", str(tmp_path)]) == 2
    assert "not a web address" in capsys.readouterr().err


def test_retry_after_longer_than_max_wait_is_an_error_row(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.path == "/list":
            return httpx.Response(200, html='<a href="/r.html">2023年法治政府建设情况报告</a>')
        return httpx.Response(429, headers={"Retry-After": "3600"})

    settings = fetch.FetchSettings(delay=0, max_wait=5)
    with fetch.Crawler(tmp_path, settings, transport=httpx.MockTransport(handler)) as crawler:
        rows = list(crawler.run(["http://x.example/list"]))
    assert [(r.url, r.status, r.error) for r in rows] == [
        ("http://x.example/r.html", "429", "HTTP 429: asked to wait 3600 s, over --max-wait")]


def test_next_pages_by_word_rel_and_create_page_html() -> None:
    rules = fetch.load_rules()
    body = """<html><head><link rel="next" href="p_rel.html"><link rel="stylesheet" href="s.css"></head><body>
    <a href="p1.html">上一页</a> <a href="p2.html"> 下页 </a> <a href="p3.html">&gt;</a> <a href="p4.html">尾页</a>
    <script>createPageHTML(3, 0, "index", "shtml");</script></body></html>""".encode()
    page = fetch.parse_page(body, "http://x.gov.cn/col/list/", "utf-8", rules)
    assert fetch.next_pages(page, rules) == [
        "http://x.gov.cn/col/list/p_rel.html", "http://x.gov.cn/col/list/p2.html", "http://x.gov.cn/col/list/p3.html",
        "http://x.gov.cn/col/list/index.shtml", "http://x.gov.cn/col/list/index_1.shtml",
        "http://x.gov.cn/col/list/index_2.shtml"]


def _crawl(tmp_path: Path, handler: Callable[[httpx.Request], httpx.Response], **settings: object) -> tuple[
        list[Entry], fetch.Stats, list[str]]:
    seen: list[str] = []

    def logged(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return handler(request)

    with fetch.Crawler(tmp_path, fetch.FetchSettings(delay=0, **settings),  # type: ignore[arg-type]
                       transport=httpx.MockTransport(logged)) as crawler:
        rows = list(crawler.run(["http://x.example/list"]))
    return rows, crawler.stats, seen


def test_a_robots_txt_server_error_means_nothing_is_fetched(tmp_path: Path) -> None:
    rows, stats, seen = _crawl(tmp_path, lambda r: httpx.Response(503 if r.url.path == "/robots.txt" else 200))
    assert (rows, seen) == ([], ["/robots.txt"])
    assert stats.problems == ["http://x.example/list: robots.txt of x.example could not be read (HTTP 503): "
                              "nothing is fetched there"]


@pytest.mark.parametrize(("length", "received"), [(True, 0), (False, 1200)])
def test_a_file_over_the_byte_cap_is_not_saved(tmp_path: Path, length: bool, received: int) -> None:
    """With a Content-Length over the cap nothing is read; without one, reading stops at
    the first chunk over it."""
    chunks = [b"%PDF" + b"0" * 596] + [b"0" * 600] * 3

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/list":
            return httpx.Response(200, html='<a href="/r.pdf">2023年法治政府建设情况报告</a>')
        if request.url.path == "/r.pdf":
            return httpx.Response(200, content=b"".join(chunks) if length else iter(chunks),
                                  headers={"Content-Type": "application/pdf"})
        return httpx.Response(404)

    rows, stats, seen = _crawl(tmp_path, handler, max_file_bytes=1000)
    assert [(r.url, r.kind, r.path, r.error) for r in rows] == [
        ("http://x.example/r.pdf", "attachment", "", "larger than 1,000 bytes (--max-file-bytes)")]
    assert seen == ["/robots.txt", "/list", "/r.pdf"]
    assert stats.bytes - len('<a href="/r.pdf">2023年法治政府建设情况报告</a>'.encode()) == received


def test_another_programs_manifest_is_never_overwritten(tmp_path: Path, capsys) -> None:
    (tmp_path / "manifest.csv").write_text("name,size\na,1\n")
    assert main(["fetch", "http://127.0.0.1:9/list", "--out", str(tmp_path)]) == 2
    assert "is not the manifest of lawtext fetch" in capsys.readouterr().err
    assert (tmp_path / "manifest.csv").read_text() == "name,size\na,1\n"


def test_a_report_is_joined_to_the_nearest_manifest_that_lists_it(tmp_path: Path) -> None:
    (tmp_path / "site" / "a").mkdir(parents=True)
    report = tmp_path / "site" / "a" / "r.txt"
    report.write_text("x")
    write_manifest(tmp_path, [Entry(url="http://x.gov.cn/r.txt", published="2024年3月1日", path="site/a/r.txt")])
    write_manifest(tmp_path / "site", [Entry(url="http://y.gov.cn/other.txt", path="a/other.txt")])
    os.mkfifo(tmp_path / "site" / "a" / "manifest.csv")  # never opened: it would block
    origin = sources.origins_of([report])[report]
    assert (origin.url, origin.publish_date) == ("http://x.gov.cn/r.txt", "2024-03-01")
