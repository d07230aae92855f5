"""Rule files: each checked on load, a bad entry named with its file, and a researcher's own
rules layered over the packaged ones, in the API and on the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import lawtext
from lawtext import rules
from lawtext.rules import FILES, RulesError, from_texts, packaged_text

SEED = Path(__file__).resolve().parent.parent / "corpora" / "seed"


def _error(name: str, old: str, new: str) -> str:
    text = packaged_text(name)
    assert old in text, f"{name} no longer holds {old!r}"
    texts = {n: packaged_text(n) for n in FILES} | {name: text.replace(old, new, 1)}
    with pytest.raises(RulesError) as error:
        rules.from_texts(texts)
    return str(error.value)


@pytest.mark.parametrize(("name", "old", "new", "message"), [
    ("parts.toml", "'不足',", "'不足(',",
     "parts.toml: patterns.problems[0]: not a regular expression (missing ), unterminated subpattern at "
     "position 2): '不足('"),
    ("parts.toml", "problems = [", "problemz = [", "parts.toml: patterns.problemz: 'problemz' is not a required "
     "part (achievements, problems, leader_duty, next_year, other)"),
    ("parts.toml", "default = 'achievements'", "default = 'achievement'", "parts.toml: default: 'achievement' is not "
     "a required part (achievements, problems, leader_duty, next_year, other)"),
    ("parts.toml", "'不足',", "'(不足)?',", "parts.toml: patterns.problems[0]: matches the empty string, so it would "
     "match everywhere: '(不足)?'"),
    ("coverage.toml", "min_sentences = 1", "min_sentences = 0", "coverage.toml: min_sentences: must be at least 1, "
     "found 0"),
    ("coverage.toml", "not_in = ['next_year']", "not_in = ['next_yaer']", "coverage.toml: parts.leader_duty.not_in: "
     "'next_yaer' is not a required part (achievements, problems, leader_duty, next_year, other)"),
    ("themes.toml", '"放管服", "简政放权"', '"放管服", "放管服"',
     "themes.toml: schemes.gangyao_2021.areas.functions.terms: "
     "'放管服' is already a term of area 'functions' in this scheme"),
    ("themes.toml", 'rules = ["rules"]', 'rules = ["rulez"]', "themes.toml: crosswalk.rules: 'rulez' is not an area "
     "of scheme 'gangyao_2021'"),
    ("generic_phrases.txt", "(不够|不足|不强", "(不够|不足|不强|", "generic_phrases.txt: line[2]: matches the empty "
     "string, so it would match everywhere: '(不够|不足|不强||不高|不深|不平衡|不充分|欠缺|薄弱|单一|滞后)'"),
    ("issuer_types.tsv", "人民政府\t人民政府\tgovernment", "人民政府 \t人民政府\tgovernment",
     "issuer_types.tsv: line 7: expected three tab-separated cells without spaces, "
     "found '人民政府 \\t人民政府\\tgovernment'"),
    ("issuer_types.tsv", "人民政府\t人民政府\tgovernment", "人民政府\t人民政府\tgov",
     "issuer_types.tsv: line 7: kind 'gov' "
     "is not one of government, department"),
    ("regions.toml", '"市" = "city"\n', "", "regions.toml: suffix_level.市: missing: every administrative suffix needs "
     "a level"),
    ("regions.toml", '"省" = "province"', '"省" = "provincial"', "regions.toml: suffix_level.省: level 'provincial' is "
     "not one of national, province, city, district-county, township"),
    ("units.txt", "个工作日\n", "个 工作日\n", "units.txt: '个 工作日': a literal word may not contain spaces"),
    ("what.toml", "linking = [", "linkage = [", "what.toml: linking: missing"),
    ("zero_claims.toml", 'zero_rate = "率为零"', "zero_rate = 0", "zero_claims.toml: zero_rate: expected a string, "
     "found 0"),
    ("categories.toml", '"复议诉讼" = ["行政复议"', '"复议诉讼" = [""',
     "categories.toml: categories.复议诉讼[0]: expected "
     "a non-empty string, found ''"),
    ("approximations.toml", "after = [", "afterwards = [", "approximations.toml: after: missing"),
    ("approximations.toml", '"达到" = "达"', '"达至" = "达"', "approximations.toml: recorded.达至: not a marker "
     "of before or after"),
    ("measure_openers.txt", "[一二三四五六七八九十]是", "([一二三四五六七八九十]是)?",
     "measure_openers.txt: line[3]: matches "
     "the empty string, so it would match everywhere: '([一二三四五六七八九十]是)?'"),
    ("measure_leads.toml", "max_chars = 20", "max_chars = 0", "measure_leads.toml: lead.max_chars: must be at "
     "least 1, found 0"),
    ("domain_dict.txt", "习近平法治思想\n", "习近平法治思想 often\n",
     "domain_dict.txt: '习近平法治思想 often': expected "
     "'term [frequency [tag]]'"),
    ("metadata.toml", 'title_words = ["法治"]', 'title_words = []', "metadata.toml: title_words: no entries"),
    ("what_ranker.json", '"weights": {', '"weight": {', "what_ranker.json: (file): expected an object with a "
     "'weights' object"),
    ("parts.toml", "[names]", "[names", "parts.toml: (file): not valid TOML (Expected ']' at the end of a table "
     "declaration (at line 64, column 7))"),
    ("ocr_confusions.toml", 'meant = "入"', 'meant = "入入"', "ocr_confusions.toml: confusion[0].meant: expected "
     "one character, found '入入'"),
    ("ocr_confusions.toml", '"深入", "纳入"', '"深入", "纳米"', "ocr_confusions.toml: confusion[0].words: '纳米' is "
     "not a word of two or more characters with '入' in it"),
    ("ocr_confusions.toml", 'where = "number"', 'where = "digits"', "ocr_confusions.toml: confusion[3].where: "
     "'digits' is not one of word, number, year"),
])
def test_a_bad_entry_is_named_with_its_file(name: str, old: str, new: str, message: str) -> None:
    assert _error(name, old, new) == message


def test_an_approximations_file_of_an_earlier_version_still_loads() -> None:
    """A researcher's own approximations.toml from before stop 23 has no [recorded] table:
    every marker is then recorded as written."""
    texts = {name: packaged_text(name) for name in FILES}
    texts["approximations.toml"] = texts["approximations.toml"].split("[recorded]")[0]
    assert from_texts(texts).approx.recorded == {}


def test_every_rule_file_has_a_validator_test() -> None:
    names = {case[0] for case in test_a_bad_entry_is_named_with_its_file.pytestmark[0].args[1]}
    shared_reader = {"stopwords.txt", "protected_terms.txt", "number_names.txt", "measure_verbs.txt",
                     "problem_causes.txt"}
    assert names | shared_reader == set(FILES)  # these share units.txt's reader


def test_own_rules_replace_the_packaged_file_of_that_name(tmp_path: Path) -> None:
    (tmp_path / "units.txt").write_text(packaged_text("units.txt").replace("\n篇\n", "\n"), encoding="utf-8")
    own = rules.load(tmp_path)
    assert own.origins["units.txt"] == str(tmp_path / "units.txt") and own.origins["parts.toml"] == "packaged"
    assert own.fingerprint != rules.load().fingerprint
    seed = next(SEED.glob("*.txt"))
    packaged = [i.mention for i in lawtext.read(seed).indicators]
    mine = [i.mention for i in lawtext.read(seed, rules=tmp_path).indicators]
    assert [m for m in packaged if m not in mine] == ["3篇", "2篇"]
    assert lawtext.Corpus.from_folder(SEED, rules=tmp_path).indicators.mention.tolist() == mine
    twice = tmp_path / "twice"
    twice.mkdir()
    for name in ("a.txt", "b.txt"):
        (twice / name).write_bytes(seed.read_bytes())
    pooled = lawtext.Corpus.from_folder(twice, rules=tmp_path, jobs=2)  # the rules travel to the workers
    assert pooled.indicators.mention.tolist() == mine * 2
    assert [i.mention for i in lawtext.read(seed).indicators] == packaged  # the packaged rules are back


def test_a_file_that_is_no_rule_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "unit.txt").write_text("篇\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"unit.txt: \(file\): not a rule file lawtext knows"):
        rules.load(tmp_path)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lawtext.cli", *args], capture_output=True, text=True, check=False)


def test_bad_rules_stop_the_command_before_any_report(tmp_path: Path) -> None:
    own = tmp_path / "rules"
    assert _cli("rules", "dump", str(own)).returncode == 0
    assert sorted(p.name for p in own.iterdir()) == sorted(FILES)
    assert _cli("rules", "check", str(own)).returncode == 0
    (own / "parts.toml").write_text(packaged_text("parts.toml").replace("'不足',", "'不足(',", 1), encoding="utf-8")
    out = tmp_path / "out"
    run = _cli("analyze", str(SEED), "--out", str(out), "--rules", str(own), "--jobs", "1")
    assert run.returncode == 2 and not out.exists() and run.stdout == ""
    assert run.stderr == (f"lawtext: bad rules: {own / 'parts.toml'}: patterns.problems[0]: not a regular expression "
                          "(missing ), unterminated subpattern at position 2): '不足('\n")
    assert _cli("rules", "check", str(own)).returncode == 2


def test_a_broken_packaged_file_stops_the_command_too(monkeypatch, tmp_path: Path, capsys) -> None:
    """An edit to lawtext/data itself is checked like a researcher's: exit 2, no report blamed."""
    from lawtext.cli import main

    broken = packaged_text("parts.toml").replace("'不足',", "'不足(',", 1)
    real = rules.packaged_text
    monkeypatch.setattr(rules, "packaged_text", lambda name: broken if name == "parts.toml" else real(name))
    assert main(["analyze", str(SEED), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 2
    assert not (tmp_path / "out").exists()
    assert capsys.readouterr().err == ("lawtext: bad rules: parts.toml: patterns.problems[0]: not a regular "
                                       "expression (missing ), unterminated subpattern at position 2): '不足('\n")
