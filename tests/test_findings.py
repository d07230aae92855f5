"""The overview, findings and alerts that open report.html (lawtext/compare/findings.py).

The figures on the bundled corpus (the seed and the 24 sample reports: the ``corpus``
fixture) were checked by hand against the tables, each as the comment above it says."""

from __future__ import annotations

import random
import re
from pathlib import Path

import lawtext
from lawtext.compare.findings import REUSE_ALERT, Overview
from lawtext.report import analyze, write_analysis

ROOT = Path(__file__).resolve().parent.parent


def test_overview_counts_the_documents_table(corpus: lawtext.Corpus) -> None:
    # documents: 25 rows without an error; issuers 19 (南湖市公安局, 北岭省交通运输厅, 松阳市柳溪区人民政府,
    # 南湖市枫林区卫生健康委员会, 云州市青石区司法局 and 云州市市场监督管理局 report for 2022 and 2023); level
    # province: beiling ×2, jiangyuan, qinghe-sthjt; city: hecheng, linchuan, nanhu ×2, shimen, songyang, yunzhou ×2;
    # township: taoyuan; district-county: the other 12
    assert analyze(corpus, ["documents"]).overview == Overview(
        reports=25, issuers=19, issuer_types=16,
        levels={"province": 4, "city": 8, "district-county": 12, "township": 1}, years=(2022, 2023), failures=0)


def test_findings_on_the_bundled_corpus(corpus: lawtext.Corpus) -> None:
    found = {f.key: f for f in analyze(corpus).findings}
    assert list(found) == ["coverage", "missing_parts", "late", "problems_concreteness", "reuse", "follow_through",
                           "indicators"]
    # coverage_matrix, value counts per part: problems 22 heading, 2 content, 1 none; leader_duty 20 / 2 / 3;
    # next_year 23 / 2 / 0; other 5 heading, 20 none; achievements 25 heading
    assert found["coverage"].text == (
        "25 份报告覆盖各必报部分的比例：主要举措和成效 100%（标题 100%，仅内容 0%）；"
        "不足和原因 96%（标题 88%，仅内容 8%）；第一责任人职责 88%（标题 80%，仅内容 8%）；"
        "下一年度安排 100%（标题 92%，仅内容 8%）；其他情况 20%（标题 20%，仅内容 0%）。")
    assert found["coverage"].values["shares"]["leader_duty"] == {"covered": 0.88, "heading": 0.8, "content": 0.08}
    # the rows of coverage_matrix with a "none": 鹤城 lacks three parts, 石门 and 云州 2022 two, 17 more only "other",
    # which does not count as missing (written only when there is another matter to report)
    missing = found["missing_parts"]
    assert missing.values["per_part"] == {"achievements": 0, "problems": 1, "leader_duty": 3, "next_year": 0}
    assert missing.values["reports"] == ["鹤城市农业农村局 2023", "石门市城市管理局 2023", "云州市市场监督管理局 2022"]
    assert missing.text == ("3 份报告缺少至少一项必报内容（第一责任人职责 3 份，不足和原因 1 份；"
                            "其他情况只在有事项时才写，不计）："
                            "鹤城市农业农村局 2023、石门市城市管理局 2023、云州市市场监督管理局 2022。")
    # documents.publish_date against f"{year + 1}-04-01": the 18 dates run from 2023-02-20 to 2024-03-22, none
    # on or after the deadline; 7 reports (beiling 2023, linchuan, liuxi 2023, nanhu 2023, songyang, yunzhou 2022
    # and the seed) have no publish date
    assert found["late"].text == "有发布日期的 18 份报告均在报告年度次年 4 月 1 日前发布；另有 7 份未找到发布日期。"
    # scorecard.problems_concrete: 0.5 for 4 reports, 0.0 for 18, empty for 3 (beiling 2023, hecheng, taoyuan);
    # problems_generic is 1.0 for 14
    concrete = found["problems_concreteness"].values
    assert (concrete["scored"], concrete["most_share"], concrete["least_share"], concrete["generic_only"]) == (
        22, 0.5, 0.0, 14)
    assert concrete["most"] == ["白沙县人民政府 2023", "北岭省交通运输厅 2022", "南湖市公安局 2023",
                                "云州市青石区司法局 2023"]
    assert len(concrete["least"]) == 18
    # reuse: nanhu-gaj-2022 has the highest reused_share (0.0655, 12 source issuers); summing its shared
    # sentences' lengths over the other issuers' reports in their clusters (reuse_sentences, by hand in a loop):
    # songbei-zjj-2023 116, fenglin-wjw-2022 92, wangjiang-jyj-2023 90
    assert found["reuse"].text == ("复用比例最高的是 南湖市公安局 2022：6.6% 的字符与其他 12 个发布机关的报告近乎相同，"
                                   "与之共享最多的是 松阳市松北区住房和城乡建设局 2023（116 字）。")
    # follow_through: items 5 + 4 + 4 + 4 + 4, realised 4 + 4 + 3 + 3 + 4; rate 0.75 for nanhu-gaj and fenglin-wjw
    assert found["follow_through"].text == (
        "5 份有次年报告可对照的报告共提出 21 项安排，18 项（86%）在次年成效中找到相近表述；"
        "兑现率最低的是 南湖市公安局 2022、南湖市枫林区卫生健康委员会 2022（75%）。")
    # indicators: 860 rows, 39 zero claims; by category 执法监督 216 rows in 24 reports, 规范性文件 86 in 21,
    # 复议诉讼 85 in 20; by what, distinct doc_ids: 调解成功率 10, 主动公开政府信息 9, 行政机关负责人出庭应诉 7
    assert found["indicators"].text == (
        "25 份报告共给出 821 个数字指标，最多的领域是 执法监督（216 个，24 份报告）、规范性文件（86 个，21 份报告）、"
        "复议诉讼（85 个，20 份报告）；被最多报告统计的是 调解成功率（10 份报告）、主动公开政府信息（9 份报告）、"
        "行政机关负责人出庭应诉（7 份报告）。")


def test_alerts_on_the_bundled_corpus(corpus: lawtext.Corpus) -> None:
    flagged = {a.key: a for a in analyze(corpus).alerts}
    # no late report, no warnings, no failure and every report has a counted indicator (see above)
    assert list(flagged) == ["missing_parts", "generic_problems", "reused"]
    assert flagged["missing_parts"].reports == ("鹤城市农业农村局 2023（缺不足和原因、第一责任人职责）",
                                                "石门市城市管理局 2023（缺第一责任人职责）",
                                                "云州市市场监督管理局 2022（缺第一责任人职责）")
    assert len(flagged["generic_problems"].reports) == 14
    # reuse.reused_share ≥ 0.05, largest first
    assert REUSE_ALERT == 0.05 and flagged["reused"].reports == (
        "南湖市公安局 2022（6.6%）", "南湖市望江县教育局 2023（6.0%）", "南湖市枫林区卫生健康委员会 2023（5.9%）",
        "松阳市松北区住房和城乡建设局 2023（5.6%）", "南湖市枫林区卫生健康委员会 2022（5.5%）",
        "云州市青石区司法局 2023（5.4%）")
    assert flagged["reused"].text.startswith("6 份：南湖市公安局 2022（6.6%）")


def test_late_damaged_bare_and_unreadable_reports_are_flagged(tmp_path: Path) -> None:
    """A sample report whose date line is moved past the deadline, the seed with three
    damaged bytes, a report without a figure or a cause, and noise that is no text."""
    folder = tmp_path / "reports"
    folder.mkdir()
    text = (ROOT / "corpora" / "sample" / "yunzhou-scjg-2023.txt").read_text(encoding="utf-8")
    (folder / "late.txt").write_text(text.replace("2024年2月28日", "2024年4月15日"), encoding="utf-8")
    seed = ROOT / "corpora" / "seed" / "沙坪坝区机关事务管理局-2023-法治政府建设情况报告.txt"
    damaged = bytearray(seed.read_bytes())
    for at in (2000, 4000, 6000):
        damaged[at] = 0xFF
    (folder / seed.name).write_bytes(bytes(damaged))
    (folder / "bare.txt").write_text("某区司法局2023年法治政府建设情况报告\n一、主要举措和成效\n依法履职，规范执法。\n"
                                     "二、存在的不足和原因\n法治意识有待提升。\n三、下一步工作安排\n2024年将持续推进依法行政。\n",
                                     encoding="utf-8")
    (folder / "noise.txt").write_bytes(random.Random(2).randbytes(3000))
    analysis = analyze(lawtext.Corpus.from_folder(folder))
    assert (analysis.overview.reports, analysis.overview.failures) == (3, 1)  # type: ignore[union-attr]
    found = {f.key: f.text for f in analysis.findings}
    assert found["late"] == ("有发布日期的 1 份报告中 1 份未在报告年度次年 4 月 1 日前发布："
                             "云州市市场监督管理局 2023（2024-04-15）；另有 2 份未找到发布日期。")
    assert found["problems_concreteness"] == ("3 份报告写有“不足和原因”：每份都是 0% 的句子点明原因、数字或文件；"
                                              "其中 2 份通篇只有套话。")
    assert "reuse" not in found and "follow_through" not in found  # nothing shared, no issuer twice
    flagged = {a.key: a.reports for a in analysis.alerts}
    assert flagged["late"] == ("云州市市场监督管理局 2023",)
    assert flagged["no_indicators"] == ("某区司法局 2023",)
    assert flagged["generic_problems"] == ("某区司法局 2023", "沙坪坝区机关事务管理局 2023")
    assert flagged["warnings"] == (
        "沙坪坝区机关事务管理局 2023（7 byte sequences that are not utf-8 (damaged bytes) were replaced with \ufffd）",)
    assert flagged["failed"] == (f"{folder / 'noise.txt'}: binary data, not text (NUL bytes); is the extension right?",)


def test_report_opens_with_the_overview_and_every_link_lands(corpus: lawtext.Corpus, tmp_path: Path) -> None:
    analysis = write_analysis(corpus, tmp_path, charts=False)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    body = page[page.index("<body>"):]
    assert re.search(r"<h1>[^<]*</h1><h2 id='overview'>概览</h2><p>报告 25 份，来自 19 个发布机关（16 类），4 个层级，"
                     r"年度 2022、2023；无法读取的文件 0 个。</p>", body)
    assert re.findall(r"<h2 id='(\w+)'", body)[:3] == ["overview", "findings", "alerts"]
    ids = re.findall(r"\sid='([^']+)'", page)
    links = re.findall(r"href='#([^']+)'", page)
    assert len(ids) == len(set(ids))
    assert len(links) == len(analysis.findings) + len(analysis.alerts) == 10
    assert set(links) <= set(ids)
    assert all(f.text in page for f in analysis.findings)  # as computed, escaping changes no Chinese text
