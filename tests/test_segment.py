"""The segmenter: jieba's tokens, domain terms whole, picklable for scikit-learn and pools."""

from __future__ import annotations

import pickle

from sklearn.feature_extraction.text import TfidfVectorizer

from lawtext.rules import active
from lawtext.segment import Tokenizer, cut


def test_domain_terms_stay_whole() -> None:
    text = "严格落实法律顾问制度，开展行政复议和行政应诉，推行双随机、一公开监管，落实三重一大"
    assert cut(text) == [
        "严格", "落实", "法律顾问制度", "，", "开展", "行政复议", "和", "行政应诉", "，", "推行",
        "双随机、一公开", "监管", "，", "落实", "三重一大",
    ]


def test_cut_keeps_every_character() -> None:
    text = "主动公开政府信息240条，组织学习20次。\n二、存在的不足"
    assert "".join(cut(text)) == text


def test_dictionary_has_at_least_150_terms() -> None:
    assert len(active().domain_dict) >= 150


def test_tokenizer_drops_punctuation_stopwords_and_numbers() -> None:
    assert Tokenizer()("我局主动公开政府信息240条。") == ["主动公开", "政府信息", "条"]
    assert Tokenizer(drop_stopwords=False, drop_numbers=False)("我局公开240条") == ["我局", "公开", "240", "条"]


def test_tokenizer_plugs_into_tfidf_and_pickles() -> None:
    tokenizer = pickle.loads(pickle.dumps(Tokenizer()))
    vectorizer = TfidfVectorizer(tokenizer=tokenizer, token_pattern=None, lowercase=False)
    matrix = vectorizer.fit_transform(["开展行政复议工作", "推进政务公开，开展普法宣传"])
    assert matrix.shape == (2, 3)
    assert sorted(vectorizer.get_feature_names_out()) == sorted(["行政复议", "政务公开", "普法宣传"])
