"""``lawtext fetch``: a polite crawler that collects 法治政府建设情况报告 from government
websites into a folder, with a manifest of every page and attachment it requested.

From list or search-result pages it follows the links whose anchor text or URL matches the
report pattern (``lawtext/data/fetch.toml``) and the links to the next list page, saves each
article page and the files it links (PDF, Word, WPS, images), and records each in
``DIR/manifest.csv`` (:mod:`lawtext.sources`). The politeness rules are in
docs/design.md §9: robots.txt (protego), an honest User-Agent, a delay between requests
to one host, Retry-After, bounded retries, timeouts and byte caps; a second run requests
only robots.txt and the list pages again."""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter, deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from importlib import metadata, resources
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, unquote_to_bytes, urljoin

import httpx
from protego import Protego

from lawtext.errors import LawtextError
from lawtext.ingest.text import decode
from lawtext.output import write_bytes
from lawtext.resources import DATE
from lawtext.rules import RulesError, _get, _regex, _strings, _toml
from lawtext.sources import MANIFEST, Entry, read_manifest, write_manifest

AGENT = "lawtext"
"""The product token robots.txt groups are matched against."""
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HTML_SUFFIXES = frozenset({"html", "htm", "shtml", "xhtml"})
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_ROBOTS_BYTES = 512_000
_DOWNLOAD_TIMEOUTS = 10
"""A whole download may take this many times ``timeout`` (a server that trickles bytes)."""
_NAME_BYTES = 150
"""Longest file or folder name saved, in UTF-8 bytes (file systems allow 255)."""


# ---------------------------------------------------------------------------------------
# fetch.toml

@dataclass(frozen=True)
class FetchRules:
    """``lawtext/data/fetch.toml``: what the crawler follows and downloads."""

    report: re.Pattern[str]
    """Anchor text or URL of a link to a report."""
    next_page: frozenset[str]
    """Anchor texts of a link to the next list page."""
    extensions: frozenset[str]
    """Extensions of attachment files (no dot, lower case)."""
    attachment_words: tuple[str, ...]
    """Anchor-text words that make a link worth trying as an attachment."""
    types: Mapping[str, str]
    """Content-Type → the extension a saved file gets."""
    published_meta: tuple[str, ...]
    """``<meta name>`` of a publish date, lower case, in order of trust."""
    published_labels: re.Pattern[str]
    """A label before a publish date in the page text, with its colon."""


def load_rules(pattern: str | None = None) -> FetchRules:
    """The packaged fetch rules, checked (a bad entry is a :class:`~lawtext.rules.RulesError`
    naming it); ``pattern`` replaces the report pattern (``--pattern``)."""
    name = "fetch.toml"
    data = _toml(name, resources.files("lawtext.data").joinpath(name).read_text(encoding="utf-8"))
    report = _regex("--pattern", "pattern", pattern) if pattern is not None else \
        _regex(name, "report", _get(name, data, "report", str))
    extensions = frozenset(e.lower() for e in _strings(name, data, "extensions"))
    types = _get(name, data, "types", dict)
    for mime, ext in types.items():
        if not isinstance(ext, str) or ext not in extensions | {"html"}:
            raise RulesError(name, f"types.{mime}", f"{ext!r} is not html or one of extensions")
    published = _get(name, data, "published", dict)
    labels = sorted(_strings(name, published, "labels", "published"), key=len, reverse=True)
    return FetchRules(
        report=report,
        next_page=frozenset(_strings(name, data, "next_page")),
        extensions=extensions,
        attachment_words=tuple(_strings(name, data, "attachment_words")),
        types={k.lower(): v for k, v in types.items()},
        published_meta=tuple(m.lower() for m in _strings(name, published, "meta", "published")),
        published_labels=re.compile(f"(?:{'|'.join(map(re.escape, labels))})\\s*[:：]\\s*"),
    )


# ---------------------------------------------------------------------------------------
# Settings and identity

@dataclass(frozen=True)
class FetchSettings:
    """How politely and how far a crawl goes (the options of ``lawtext fetch``)."""

    delay: float = 1.0
    """Seconds between the end of one response and the next request to the same host
    (a robots.txt Crawl-delay that asks for more wins)."""
    timeout: float = 30.0
    """Seconds to connect and between bytes received; a whole download gets ten times this."""
    retries: int = 3
    """Further tries after a timeout, a dropped connection or HTTP 429/5xx."""
    backoff: float = 1.0
    """The wait before the first retry without Retry-After, doubled for each further one."""
    max_wait: float = 120.0
    """The longest wait honoured (Retry-After, backoff, Crawl-delay); a longer one is an error."""
    max_pages: int = 20
    """List pages read from each start URL, the start included."""
    max_file_bytes: int = 200_000_000
    """A larger file is not saved (an error row)."""
    max_bytes: int = 2_000_000_000
    """Bytes downloaded in a run; when spent, the crawl stops."""
    max_redirects: int = 10
    """More redirects than this for one URL is an error row (a redirect loop)."""
    allow_hosts: tuple[str, ...] = ()
    """Hosts besides those of the start URLs that links may lead to."""
    contact: str = ""
    """An e-mail address or URL of the person running the crawl, sent in User-Agent and From."""
    retry_errors: bool = False
    """Request again the URLs whose manifest row has an error (else a re-run skips them)."""

    def __post_init__(self) -> None:
        for name in ("delay", "timeout", "backoff", "max_wait"):
            if not getattr(self, name) >= 0:
                raise ValueError(f"{name} must be a number of seconds ≥ 0, not {getattr(self, name)!r}")
        for name in ("retries", "max_pages", "max_file_bytes", "max_bytes", "max_redirects"):
            if getattr(self, name) < (0 if name == "retries" else 1):
                raise ValueError(f"{name} must be at least {0 if name == 'retries' else 1}, not {getattr(self, name)}")


def user_agent(contact: str = "") -> str:
    """``lawtext/VERSION (+PROJECT_URL[; CONTACT])``, from the installed package's metadata."""
    info = metadata.metadata("lawtext")
    urls = [u.split(",", 1)[1].strip() for u in info.get_all("Project-URL") or [] if "," in u]
    about = "; ".join([*urls[:1], *([contact] if contact else [])])
    return f"{AGENT}/{info['Version']} (+{about})" if about else f"{AGENT}/{info['Version']}"


# ---------------------------------------------------------------------------------------
# Pages: links, title, publish date

@dataclass(frozen=True)
class Link:
    """A link on a page: absolute URL without fragment, and its anchor text."""

    url: str
    text: str
    """The anchor text, else its title attribute."""
    title: str = ""
    """Its title attribute (a list page may cut the anchor text short: 青石区司法局2023年度法治…)."""
    next: bool = False
    """Marked ``rel="next"``."""


@dataclass(frozen=True)
class Page:
    """What the crawler reads from an HTML page."""

    title: str = ""
    published: str = ""
    """The publish date as the page states it, "" when it states none."""
    links: tuple[Link, ...] = ()
    numbered: tuple[str, ...] = ()
    """List pages a createPageHTML(total, current, "index", "html") script names."""


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CREATE_PAGE = re.compile(r"""createPageHTML\(\s*(\d+)\s*,\s*\d+\s*,\s*["']([\w.-]+)["']\s*,\s*["'](\w+)["']""")


def is_web_url(url: str) -> bool:
    """Whether ``url`` is an absolute http or https address."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.host)


def _absolute(base: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    url = urljoin(base, href)
    return str(httpx.URL(url).copy_with(fragment=None)) if is_web_url(url) else None


def parse_page(body: bytes, url: str, charset: str | None, rules: FetchRules) -> Page:
    """Title, publish date and links of an HTML page. The text is decoded with the charset
    of the HTTP header, else that of a ``<meta>`` tag, else as UTF-8 or what
    charset-normalizer finds (GBK and GB2312 read as GB18030)."""
    import lxml.html

    meta = _META_CHARSET.search(body[:4096])
    declared = charset or (meta.group(1).decode("ascii", "replace") if meta else None)
    try:
        text = _XML_DECLARATION.sub("", decode(body, url, declared=declared, markup=True)[0])
        root = lxml.html.document_fromstring(text)
    except (LawtextError, ValueError, lxml.etree.ParserError):
        return Page()
    base = next((b for b in root.xpath("//base/@href")), url)
    base = urljoin(url, str(base))
    numbered = []
    for total, prefix, ext in _CREATE_PAGE.findall(text):
        numbered += [urljoin(base, f"{prefix}.{ext}" if k == 0 else f"{prefix}_{k}.{ext}") for k in range(int(total))]
    links = []
    for anchor in root.iter("a", "link"):
        target = _absolute(base, anchor.get("href") or "")
        is_next = "next" in (anchor.get("rel") or "").lower().split()
        if target is None or (anchor.tag == "link" and not is_next):  # a <link> is a stylesheet or an icon
            continue
        words = " ".join(" ".join(anchor.itertext()).split())
        title = " ".join((anchor.get("title") or "").split())
        links.append(Link(target, words or title, title, is_next))
    title = " ".join((root.findtext(".//title") or "").split())
    published = ""
    for name in rules.published_meta:
        published = next((str(m.get("content")).strip() for m in root.iter("meta")
                          if (m.get("name") or m.get("property") or "").lower() == name and m.get("content")), "")
        if published:
            break
    if not published:
        for bad in root.xpath("//script|//style"):
            bad.drop_tree()
        visible = root.text_content()
        for label in rules.published_labels.finditer(visible):
            if date := DATE.match(visible, label.end()):
                published = date.group().strip()
                break
    return Page(title, published, tuple(links), tuple(numbered))


def next_pages(page: Page, rules: FetchRules) -> list[str]:
    """The list pages after ``page``: links marked ``rel="next"`` or whose anchor text is a
    next-page word (下一页, 下页, >, …), then those of a createPageHTML script."""
    return [link.url for link in page.links if link.next or link.text in rules.next_page] + list(page.numbered)


# ---------------------------------------------------------------------------------------
# File names

def _decoded(raw: bytes) -> str:
    """Percent-decoded bytes of a URL or header as text: UTF-8, else GB18030 (GBK
    names), else Latin-1."""
    data = unquote_to_bytes(raw)
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_DISPOSITION_STAR = re.compile(rb"filename\*\s*=\s*([\w-]*)'[^']*'([^;]+)", re.I)
_DISPOSITION = re.compile(rb"""filename\s*=\s*(?:"([^"]*)"|([^;]+))""", re.I)


def _safe(name: str) -> str:
    """A file or folder name that every file system takes: no separators, reserved or
    control characters, no leading or trailing dots and spaces, at most 150 bytes."""
    name = _UNSAFE.sub("_", name).strip(" .") or "_"
    if len(name.encode()) > _NAME_BYTES:
        suffix = PurePosixPath(name).suffix[:12]
        digest = hashlib.sha1(name.encode()).hexdigest()[:8]
        stem = name[: len(name) - len(suffix)].encode()[: _NAME_BYTES - 30].decode("utf-8", "ignore")
        name = f"{stem}~{digest}{suffix}"
    return name


def disposition_name(response: httpx.Response) -> str:
    """The file name a Content-Disposition header gives ("" when none): RFC 6266
    ``filename*``, else ``filename``, percent-encoded or raw, in UTF-8 or GBK."""
    for key, value in response.headers.raw:
        if key.lower() != b"content-disposition":
            continue
        if star := _DISPOSITION_STAR.search(value):
            charset = star.group(1).decode("ascii", "replace") or "utf-8"
            try:
                return unquote_to_bytes(star.group(2).strip()).decode(charset)
            except (LookupError, UnicodeDecodeError):
                return _decoded(star.group(2).strip())
        if plain := _DISPOSITION.search(value):
            return PurePosixPath(_decoded((plain.group(1) or plain.group(2) or b"").strip())).name
    return ""


def saved_name(url: str, content_type: str, disposition: str, rules: FetchRules) -> str:
    """The path a file is saved under, relative to the output folder: its host (and port),
    the URL's folders and its name (the Content-Disposition name when there is one), each
    percent-decoded (UTF-8 or GBK) and made safe; a query adds a hash of itself to a name
    taken from the URL, and a name without a known extension gets the one of its Content-Type.

    >>> rules = load_rules()
    >>> saved_name("http://www.example.gov.cn/art/2024/%E6%8A%A5%E5%91%8A.pdf", "application/pdf", "", rules)
    'www.example.gov.cn/art/2024/报告.pdf'
    >>> saved_name("http://example.org:8080/list/", "text/html", "", rules)
    'example.org_8080/list/index.html'
    """
    parsed = httpx.URL(url)
    path, _, query = parsed.raw_path.partition(b"?")
    parts = [_decoded(p) for p in path.split(b"/")]
    folders = [_safe(p) for p in parts[:-1] if p]
    name = disposition or parts[-1] or "index"
    stem, suffix = (name[: -len(PurePosixPath(name).suffix)], PurePosixPath(name).suffix) \
        if PurePosixPath(name).suffix else (name, "")
    if query and not disposition:
        stem += "_" + hashlib.sha1(query).hexdigest()[:8]
    ext = rules.types.get(content_type.split(";")[0].strip().lower())
    if ext and suffix.lower().lstrip(".") not in rules.extensions | _HTML_SUFFIXES:
        suffix += f".{ext}"
    host = parsed.host + (f"_{parsed.port}" if parsed.port else "")
    return "/".join([_safe(host), *folders, _safe(stem + suffix)])


# ---------------------------------------------------------------------------------------
# The crawler

class _Refused(Exception):
    """A request lawtext does not send: robots.txt disallows it, or it leaves the allowed hosts."""


@dataclass
class Got:
    """The outcome of requesting one URL (after redirects and retries)."""

    url: str
    final_url: str = ""
    status: int | None = None
    content_type: str = ""
    charset: str | None = None
    disposition: str = ""
    body: bytes = b""
    error: str = ""
    fetched_at: str = ""

    @property
    def is_html(self) -> bool:
        """Served as a web page."""
        mime = self.content_type.split(";")[0].strip().lower()
        sniffed = self.body.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))
        return mime in _HTML_TYPES or (not mime and sniffed)


@dataclass
class Stats:
    """What a crawl did, for its summary line."""

    requests: Counter[str] = field(default_factory=Counter)
    """Requests sent, by purpose: robots, list, page, attachment (redirects and retries count)."""
    saved: Counter[str] = field(default_factory=Counter)
    """Files saved, by kind."""
    known: int = 0
    """URLs skipped because the manifest already has them."""
    bytes: int = 0
    offsite: Counter[str] = field(default_factory=Counter)
    """Report or attachment links to hosts not allowed, by host."""
    problems: list[str] = field(default_factory=list)
    """List pages that could not be read."""


class Crawler:
    """A crawl into ``out`` (see the module docstring), resumed from its manifest.
    ``transport`` replaces httpx's network transport (for tests). A ``manifest.csv`` in
    ``out`` that is not a fetch manifest is a ValueError: it is never overwritten."""

    def __init__(self, out: str | Path, settings: FetchSettings | None = None, rules: FetchRules | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.out = Path(out)
        self.settings = settings or FetchSettings()
        self.rules = rules or load_rules()
        self.agent = user_agent(self.settings.contact)
        headers = {"User-Agent": self.agent, **({"From": self.settings.contact} if self.settings.contact else {})}
        timeout = httpx.Timeout(self.settings.timeout)
        self._client = httpx.Client(headers=headers, timeout=timeout, follow_redirects=True, transport=transport,
                                    max_redirects=self.settings.max_redirects,
                                    event_hooks={"request": [self._before], "response": [self._after]})
        self._robots_client = httpx.Client(headers=headers, timeout=timeout, follow_redirects=True,
                                           max_redirects=5, transport=transport)
        kept = read_manifest(self.out / MANIFEST)
        if kept is None and (self.out / MANIFEST).exists():
            raise ValueError(f"{self.out / MANIFEST} is not the manifest of lawtext fetch (other columns, or "
                             "unreadable); fetch into another folder")
        self.entries: dict[str, Entry] = {e.url: e for e in kept or []}
        """The manifest's rows by URL: those of earlier runs, then this one's."""
        self._paths = {e.path: e.url for e in self.entries.values() if e.path}
        self._hosts = set(self.settings.allow_hosts)
        self._ready: dict[str, float] = {}
        self._delay: dict[str, float] = {}
        self._robots: dict[str, Protego | str] = {}
        self._purpose = "list"
        self._handled: set[str] = set()
        self.stats = Stats()

    def close(self) -> None:
        """Close the connections."""
        self._client.close()
        self._robots_client.close()

    def __enter__(self) -> Crawler:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- politeness -----------------------------------------------------------------

    def _pause(self, host: str) -> None:
        """Wait until ``host`` may be sent the next request."""
        wait = self._ready.get(host, 0.0) - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _rest(self, host: str, seconds: float | None = None) -> None:
        """Let ``host`` rest ``seconds`` (its delay by default) from now before the next request."""
        rest = self._delay.get(host, self.settings.delay) if seconds is None else seconds
        self._ready[host] = max(self._ready.get(host, 0.0), time.monotonic() + rest)

    def _robots_for(self, url: httpx.URL) -> Protego | str:
        """The parsed robots.txt of ``url``'s site, read once per run; a string says why
        nothing may be fetched there (RFC 9309: a server error counts as a full disallow,
        a missing file as none)."""
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        if origin not in self._robots:
            self._pause(url.host)
            self.stats.requests["robots"] += 1
            try:
                response = self._robots_client.get(origin + "/robots.txt")
                status = response.status_code
                text = response.content[:_ROBOTS_BYTES].decode(response.encoding or "utf-8", "replace")
            except httpx.HTTPError as exc:
                status, text = 0, f"{type(exc).__name__}"
            finally:
                self._rest(url.host)
            if 200 <= status < 300 or 400 <= status < 500:
                robots = Protego.parse(text if status < 300 else "")
                crawl_delay = robots.crawl_delay(AGENT) or 0.0
                self._delay[url.host] = max(self.settings.delay, crawl_delay)
                self._robots[origin] = robots if crawl_delay <= self.settings.max_wait else (
                    f"robots.txt of {url.host} asks for {crawl_delay:g} s between requests, over --max-wait")
            else:
                self._robots[origin] = (f"robots.txt of {url.host} could not be read "
                                        f"({f'HTTP {status}' if status else text}): nothing is fetched there")
        return self._robots[origin]

    def _before(self, request: httpx.Request) -> None:
        """Before every request, redirects included: the host must be allowed and
        robots.txt must allow the URL; then wait for the host's turn."""
        url = request.url
        if url.host not in self._hosts:
            raise _Refused(f"redirected to {url.host}, not an allowed host (add it with --allow-host {url.host})")
        robots = self._robots_for(url)
        if isinstance(robots, str):
            raise _Refused(robots)
        if not robots.can_fetch(str(url), AGENT):
            raise _Refused(f"robots.txt of {url.host} disallows it")
        self._pause(url.host)
        self.stats.requests[self._purpose] += 1

    def _after(self, response: httpx.Response) -> None:
        self._rest(response.request.url.host)

    # -- requests -------------------------------------------------------------------

    def _retry_wait(self, response: httpx.Response, attempt: int) -> float:
        """Seconds to wait before retrying: Retry-After (seconds or an HTTP date), else
        exponential backoff."""
        value = response.headers.get("retry-after", "").strip()
        if value.isdigit():
            return float(value)
        if value:
            try:
                return max(0.0, (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds())
            except (TypeError, ValueError):
                pass
        return self.settings.backoff * 2 ** attempt

    def _body(self, response: httpx.Response) -> tuple[bytes, str]:
        """The body within the byte caps and the download time limit; else an error."""
        room = min(self.settings.max_file_bytes, self.settings.max_bytes - self.stats.bytes)
        too_big = (f"larger than {self.settings.max_file_bytes:,} bytes (--max-file-bytes)"
                   if room == self.settings.max_file_bytes else
                   f"the run's {self.settings.max_bytes:,} bytes (--max-bytes) are spent")
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > room:
            return b"", too_big
        chunks, size = [], 0
        deadline = time.monotonic() + _DOWNLOAD_TIMEOUTS * self.settings.timeout
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > room:
                    return b"", too_big
                if time.monotonic() > deadline:
                    return b"", f"the download took over {_DOWNLOAD_TIMEOUTS * self.settings.timeout:g} s"
                chunks.append(chunk)
        finally:
            self.stats.bytes += size
            self._rest(response.request.url.host)
        return b"".join(chunks), ""

    def get(self, url: str) -> Got:
        """Request ``url`` politely (see :class:`FetchSettings`), retrying what may pass."""
        got = Got(url, fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
        host = httpx.URL(url).host
        tries = self.settings.retries + 1
        for attempt in range(tries):
            try:
                with self._client.stream("GET", url) as response:
                    got.final_url, got.status = str(response.url), response.status_code
                    got.content_type = response.headers.get("content-type", "")
                    if response.status_code in _RETRY_STATUS:
                        wait = self._retry_wait(response, attempt)
                        got.error = f"HTTP {response.status_code}"
                        if wait > self.settings.max_wait:
                            got.error += f": asked to wait {wait:g} s, over --max-wait"
                            return got
                        if attempt + 1 < tries:
                            self._rest(response.url.host, wait)
                            continue
                        got.error += f" ({tries} tries)"
                        return got
                    got.charset, got.disposition = response.charset_encoding, disposition_name(response)
                    got.body, got.error = self._body(response)
                    if not got.error and not 200 <= response.status_code < 300:
                        got.error = f"HTTP {response.status_code}"
                    return got
            except _Refused as exc:
                got.error = str(exc)
                return got
            except httpx.TooManyRedirects:
                got.error = f"redirect loop: more than {self.settings.max_redirects} redirects"
                return got
            except httpx.TimeoutException:
                got.error = f"timed out after {self.settings.timeout:g} s ({attempt + 1} tries)"
            except httpx.TransportError as exc:
                got.error = f"{type(exc).__name__}: {exc} ({attempt + 1} tries)"
            except httpx.InvalidURL as exc:
                got.error = f"not a valid URL: {exc}"
                return got
            got.status, got.final_url, got.content_type = None, "", ""
            if attempt + 1 < tries:
                self._rest(host, min(self.settings.backoff * 2 ** attempt, self.settings.max_wait))
        return got

    # -- the crawl ------------------------------------------------------------------

    def run(self, starts: Sequence[str]) -> Iterator[Entry]:
        """Crawl from the list pages ``starts``: yield each manifest row as it is written."""
        self._hosts |= {httpx.URL(u).host for u in starts}
        articles: dict[str, tuple[str, str]] = {}
        for start in starts:
            for link, referrer in self._report_links(start):
                articles.setdefault(link.url, (referrer, link.text))
        for url, (referrer, text) in articles.items():
            if self._spent:
                return
            yield from self._article(url, referrer, text)

    @property
    def _spent(self) -> bool:
        return self.stats.bytes >= self.settings.max_bytes

    def _allowed_report(self, link: Link) -> bool:
        """Whether ``link`` leads to a report (its anchor text, title or URL matches the
        pattern) on an allowed host."""
        return any(self.rules.report.search(t) for t in (link.text, link.title, unquote(link.url))) \
            and self._allowed(link.url)

    def _allowed(self, url: str) -> bool:
        host = httpx.URL(url).host
        if host in self._hosts:
            return True
        self.stats.offsite[host] += 1
        return False

    def _report_links(self, start: str) -> Iterator[tuple[Link, str]]:
        """Links to reports on the list pages from ``start`` on (pagination followed up to
        ``max_pages``), with the list page each is on."""
        queue, seen, read = deque([start]), set(), 0
        while queue and read < self.settings.max_pages and not self._spent:
            url = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            read += 1
            self._purpose = "list"
            got = self.get(url)
            if got.error or not got.is_html:
                self.stats.problems.append(f"{url}: {got.error or f'not a web page ({got.content_type})'}")
                continue
            page = parse_page(got.body, got.final_url, got.charset, self.rules)
            following = next_pages(page, self.rules)
            queue.extend(following)
            for link in page.links:
                if link.url not in following and self._allowed_report(link):
                    yield link, url

    def _known(self, url: str) -> bool:
        """Whether ``url`` was handled in this run, or in an earlier one (its manifest row
        has no error, or errors are not retried)."""
        if url in self._handled:
            return True
        self._handled.add(url)
        entry = self.entries.get(url)
        if entry is not None and (not entry.error or not self.settings.retry_errors):
            self.stats.known += 1
            return True
        return False

    def _article(self, url: str, referrer: str, text: str) -> Iterator[Entry]:
        """An article (or a file linked from a list) and the files it links."""
        if self._known(url):
            entry = self.entries.get(url)
            if entry is not None and entry.kind == "page" and entry.path:  # its attachments, from the saved page
                page = parse_page((self.out / entry.path).read_bytes(), entry.final_url, None, self.rules) \
                    if (self.out / entry.path).is_file() else Page()
                yield from self._attachments(page, url, entry.published)
            return
        self._purpose = "page"
        got = self.get(url)
        if got.error:
            yield self._record(got, referrer, "attachment" if self._attachment_link(Link(url, text)) else "page", text)
        elif got.is_html:
            page = parse_page(got.body, got.final_url, got.charset, self.rules)
            entry = self._record(got, referrer, "page", page.title, page.published)
            yield entry
            yield from self._attachments(page, url, entry.published)
        elif self._is_file(got):
            yield self._record(got, referrer, "attachment", text)
        else:
            got.error = f"neither a web page nor an attachment ({got.content_type or 'no Content-Type'}); not saved"
            yield self._record(got, referrer, "page", text)

    def _attachment_link(self, link: Link) -> bool:
        """Whether a link on an article may lead to an attachment: by the extension of its
        path, of a file name in its query or of its anchor text, or by an anchor word."""
        url = httpx.URL(link.url)
        path = unquote(url.path)
        named = [PurePosixPath(path).suffix, *re.findall(r"\.(\w{2,5})(?=&|$)", unquote(url.query.decode())),
                 *re.findall(r"\.(\w{2,5})\s*$", link.text)]
        if any(n.lower().lstrip(".") in self.rules.extensions for n in named):
            return True
        return (any(w in link.text for w in self.rules.attachment_words) and not path.endswith("/")
                and PurePosixPath(path).suffix.lower().lstrip(".") not in _HTML_SUFFIXES)

    def _is_file(self, got: Got) -> bool:
        mime = got.content_type.split(";")[0].strip().lower()
        suffix = PurePosixPath(unquote(httpx.URL(got.final_url).path)).suffix.lower().lstrip(".")
        return not got.is_html and (bool(got.disposition) or self.rules.types.get(mime, "html") != "html"
                                    or suffix in self.rules.extensions)

    def _attachments(self, page: Page, article: str, published: str) -> Iterator[Entry]:
        for link in page.links:
            if self._spent:
                return
            if not self._attachment_link(link) or not self._allowed(link.url) or self._known(link.url):
                continue
            self._purpose = "attachment"
            got = self.get(link.url)
            if not got.error and not self._is_file(got):
                got.error = f"linked as an attachment but served as {got.content_type or 'no Content-Type'}; not saved"
            title = link.text or got.disposition or PurePosixPath(unquote(httpx.URL(link.url).path)).name
            yield self._record(got, article, "attachment", title, published)

    def _path_for(self, got: Got) -> str:
        """Where ``got`` is saved: :func:`saved_name`, made distinct from the file of any
        other URL (a hash of the URL added) and from the folders saved files are in."""
        path = saved_name(got.final_url, got.content_type, got.disposition, self.rules)
        target = self.out / path
        clash = (self._paths.get(path, got.url) != got.url or target.is_dir()
                 or any(p.is_file() for p in target.parents if p.is_relative_to(self.out) and p != self.out))
        if clash:
            stem, suffix = PurePosixPath(path).stem, PurePosixPath(path).suffix
            host = path.split("/", 1)[0]
            path = f"{host}/{stem}~{hashlib.sha1(got.url.encode()).hexdigest()[:8]}{suffix}"
        return path

    def _record(self, got: Got, referrer: str, kind: str, title: str, published: str = "") -> Entry:
        """Save ``got``'s body (unless it failed) and write its manifest row."""
        path = sha = ""
        if not got.error:
            path = self._path_for(got)
            write_bytes(self.out / path, got.body)
            sha = hashlib.sha256(got.body).hexdigest()
            self._paths[path] = got.url
            self.stats.saved[kind] += 1
        entry = Entry(url=got.url, final_url=got.final_url, referrer=referrer,
                      status="" if got.status is None else str(got.status), content_type=got.content_type,
                      sha256=sha, fetched_at=got.fetched_at, title=title, published=published, path=path,
                      kind=kind, error=got.error)
        self.entries[got.url] = entry
        write_manifest(self.out, self.entries.values())
        return entry
