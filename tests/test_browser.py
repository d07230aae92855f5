"""report.html of the bundled corpora and a report page, opened in headless Chromium as a
reader opens them (Debian's chromium and chromedriver, driven by selenium with the driver's
path given, so that nothing is downloaded). Skipped only on a machine without chromium and
never in CI (.ci/run installs it)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from lawtext.cli import main

CORPORA = Path(__file__).resolve().parents[1] / "corpora"
CHROMIUM, DRIVER = shutil.which("chromium"), "/usr/bin/chromedriver"
if not (CHROMIUM and Path(DRIVER).exists()) and not os.environ.get("CI"):
    pytest.skip("no chromium and chromedriver here (apt-get install chromium chromium-driver)",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402  (after the skip: selenium is of no use without chromium)
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """The output of ``lawtext analyze corpora`` (charts left out: none of these tests looks at
    them), built once (kept runs make it quick)."""
    folder = tmp_path_factory.mktemp("out")
    cache = request.config.cache.mkdir("lawtext-browser") if request.config.cache else folder / "cache"
    assert main(["analyze", str(CORPORA), "--out", str(folder), "--cache", str(cache), "--jobs", "2",
                 "--no-charts"]) == 0
    return folder


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,900", "--lang=zh-CN"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def _open(browser: webdriver.Chrome, url: str) -> None:
    """Open ``url`` and wait until its tables are drawn (report.html) or it has loaded."""
    browser.get(url)
    WebDriverWait(browser, 20).until(lambda b: b.execute_script(
        "return document.readyState === 'complete' && (!document.getElementById('datatables-bundle')"
        " || document.body.dataset.tablesDrawn !== undefined)"))


def _until(browser: webdriver.Chrome, check: Callable[[webdriver.Chrome], object]) -> None:
    """Wait (5 s at most) until ``check`` holds, while tables redraw under it."""
    WebDriverWait(browser, 5, ignored_exceptions=[StaleElementReferenceException]).until(check)


def _info(browser: webdriver.Chrome, table: str) -> str:
    return browser.find_element(By.ID, f"dt-{table}_info").text


def test_overview_shows_the_documents_table(out: Path, browser: webdriver.Chrome) -> None:
    _open(browser, (out / "report.html").as_uri())
    cards = [e.text.split("\n") for e in browser.find_elements(By.CSS_SELECTOR, ".stat")]
    assert [c[:2] for c in cards] == [["报告", "45"], ["发布机关", "39"], ["机关类型", "23"], ["层级", "4"],
                                      ["年度", "2"], ["无法读取", "0"]]
    assert cards[3][2] == "省级 6、市级 16、县级 20、乡镇级 3"  # the levels in the report's language
    docs = pd.read_parquet(out / "documents.parquet")
    read = docs[docs.error == ""]
    assert [len(read), read.issuer.nunique(), read.issuer_type.nunique(), read.level.nunique(),
            read.year.nunique(), len(docs) - len(read)] == [45, 39, 23, 4, 2, 0]
    assert _info(browser, "documents") == "第 1–10 行，共 45 行"


def test_a_table_sorts_and_filters(out: Path, browser: webdriver.Chrome) -> None:
    _open(browser, (out / "report.html").as_uri())
    first = "#dt-documents tbody tr:first-child td:first-child"
    header = next(e for e in browser.find_elements(By.CSS_SELECTOR, "#dt-documents_wrapper .dt-column-title")
                  if e.text == "chars")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", header)
    header.click()  # ascending: the shortest report first
    _until(browser, lambda b: b.find_element(By.CSS_SELECTOR, first).text == "heldout/ho-a-4.txt")
    docs = pd.read_parquet(out / "documents.parquet")
    assert docs.sort_values("chars").doc_id.iloc[0] == "heldout/ho-a-4.txt"
    search = browser.find_element(By.CSS_SELECTOR, "#dt-indicators_wrapper input[type=search]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", search)
    search.send_keys("调解成功率")
    _until(browser, lambda b: "筛选" in _info(b, "indicators"))
    assert _info(browser, "indicators") == "第 1–10 行，共 65 行 （从 1,597 行中筛选）"
    indicators = pd.read_parquet(out / "indicators.parquet")
    assert indicators.astype(str).apply(lambda c: c.str.contains("调解成功率")).any(axis=1).sum() == 65


def test_an_indicator_row_opens_its_highlight(out: Path, browser: webdriver.Chrome) -> None:
    _open(browser, (out / "report.html").as_uri())
    search = browser.find_element(By.CSS_SELECTOR, "#dt-indicators_wrapper input[type=search]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", search)
    search.send_keys("240条")
    _until(browser, lambda b: _info(b, "indicators").endswith(" （从 1,597 行中筛选）"))
    assert _info(browser, "indicators") == "第 1–2 行，共 2 行 （从 1,597 行中筛选）"  # the number, and its sentence
    row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#dt-indicators tbody tr")
               if r.find_elements(By.TAG_NAME, "td")[3].text == "240条")  # mention
    row.find_element(By.CSS_SELECTOR, "td:first-child a").click()
    WebDriverWait(browser, 10).until(lambda b: "/reports/" in b.current_url)
    assert browser.current_url.endswith("#ind-4")
    mark = browser.find_element(By.ID, "ind-4")
    assert mark.text == "240条" and mark.get_attribute("class") == "ind"
    assert mark.get_attribute("title") == "内容（what）：主动公开政府信息；数值：240；单位：条；类别：政务公开"
    top, height = browser.execute_script(
        "return [document.getElementById('ind-4').getBoundingClientRect().top, window.innerHeight]")
    assert 0 <= top < height  # scrolled to it
    indicators = pd.read_parquet(out / "indicators.parquet")
    seed = indicators[indicators.doc_id.str.startswith("seed/")].reset_index(drop=True)
    assert seed.loc[4, ["mention", "what", "category"]].tolist() == ["240条", "主动公开政府信息", "政务公开"]


def test_no_console_error_and_no_network(out: Path, browser: webdriver.Chrome) -> None:
    browser.get_log("performance")  # drop what earlier tests logged
    browser.get_log("browser")
    _open(browser, (out / "report.html").as_uri())
    page = next((out / "reports").glob("seed_*.html"))
    _open(browser, page.as_uri())
    assert [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")] == []
    requested = [json.loads(e["message"])["message"]["params"]["request"]["url"]
                 for e in browser.get_log("performance")
                 if json.loads(e["message"])["message"]["method"] == "Network.requestWillBeSent"]
    # the two pages themselves and the report pages' font script; embedded images and fonts
    # (data:), the DataTables module (blob:)
    assert {urlparse(u).scheme for u in requested} == {"file", "data", "blob"}
    assert sorted(u for u in requested if u.startswith("file:")) == sorted([
        (out / "report.html").as_uri(), page.as_uri(), (out / "reports" / "font.js").as_uri()])


_FIRST_SCREEN = """
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), range = document.createRange();
const shown = {};  // the text of the first screen by the font stack it is drawn in
while (walker.nextNode()) {
  range.selectNodeContents(walker.currentNode);
  const box = range.getBoundingClientRect();
  const family = getComputedStyle(walker.currentNode.parentElement).fontFamily;
  if (box.bottom > 0 && box.top < innerHeight && box.width > 0)
    shown[family] = (shown[family] || "") + walker.currentNode.textContent;
}
return shown;
"""
_GLYPHS = """
const [family, chars, done] = arguments;
(async () => {
await document.fonts.ready;
const canvas = document.createElement("canvas");
canvas.width = canvas.height = 48;
const ctx = canvas.getContext("2d", {willReadFrequently: true});
const draw = (c, font) => {
  ctx.clearRect(0, 0, 48, 48); ctx.font = font; ctx.fillText(c, 4, 38);
  return Array.from(ctx.getImageData(0, 0, 48, 48).data).join(",");
};
const none = "\\u{10FFFD}";  // a code point no font draws: the browser's missing-glyph box
const boxed = font => chars.filter(c => draw(c, font) === draw(none, font));
done([boxed(`32px ${family}`), boxed("32px sans-serif")]);
})();
"""


def test_the_first_screen_has_no_missing_glyph_box(out: Path, browser: webdriver.Chrome, tmp_path: Path) -> None:
    """Each character of the first screen, drawn with the font stack of its element, differs from
    what the browser draws for a code point no font has (its missing-glyph box); drawn
    with the machine's own sans-serif, the Chinese ones are that box (no CJK font here,
    so the embedded font is what draws them)."""
    for page in ((out / "report.html"), next((out / "reports").glob("seed_*.html"))):
        _open(browser, page.as_uri())
        assert browser.save_screenshot(str(tmp_path / f"{page.stem}.png"))
        shown = browser.execute_script(_FIRST_SCREEN)
        assert sum(len(set(text)) for text in shown.values()) > 100
        for family, text in shown.items():
            chars = sorted(set(text) - set(" \n\t\u3000"))
            missing, fallback_missing = browser.execute_async_script(_GLYPHS, family, chars)
            assert (family, missing) == (family, [])
            assert {c for c in chars if "\u4e00" <= c <= "\u9fff"} <= set(fallback_missing)
