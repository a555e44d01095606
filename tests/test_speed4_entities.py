"""Fast paths of the entity family (fourth speed round): each must give exactly what the
path it replaces gives."""
import glob
import random

import numpy as np
import pytest

from conftest import ROOT, random_unit
from test_entity import sibling_report


def _random_units(rng, alphabet, pool, count):
    return [random_unit(rng, alphabet, pool, rng.randint(0, 30), rng.choice([0, 1, 4])) for _ in range(count)]


def test_document_score_table_gives_the_best_matches_of_each_pair():
    """``_doc_best_matches`` (one table of scores per document) against ``_best_matches_many``
    pair by pair: the same rows and scores, including exact copies, long sentences that an
    earlier near copy ties at 100, units with no sentence and units in no pair."""
    from auditor.checks.entity import _Sents, _best_matches_many, _doc_best_matches
    from auditor.checks.entity import _Unit
    rng = random.Random(11)
    alphabet = "铁山章区域城乡居民基本医疗保险政策宣传不够深入加强监管12345，"
    ties = 0
    for trial in range(60):
        pool = ["".join(rng.choice(alphabet) for _ in range(rng.randint(6, 130))) for _ in range(30)]
        units = _random_units(rng, alphabet, pool, rng.randint(2, 7))
        if trial % 3 == 0:
            # a long sentence one character short of another rounds to 100 against it: the
            # near copy first in a unit is the first maximum of the exact copy's row
            long = "".join(rng.choice(alphabet) for _ in range(rng.randint(101, 160)))
            k = rng.randrange(len(long))
            units.append(_Unit(0, None, [(0, 0, long[:k] + long[k + 1:]), (0, 0, long)]
                               + [(0, 0, t) for *_, t in units[0].sents]))
            units.insert(0, _Unit(0, None, [(0, 0, long)] + [(0, 0, t) for *_, t in units[-1].sents]))
        ids: dict = {}
        ss = [_Sents(u, ids) for u in units]
        n = len(units)
        pairs = sorted(p for p in ((i, j) for i in range(n) for j in range(n) if i != j) if rng.random() < 0.7)
        bests = _doc_best_matches(ss, pairs)
        for i in range(n):
            js = [j for ii, j in pairs if ii == i and ss[j].texts]
            if not ss[i].texts or not js:
                continue
            rows, scores = bests[i]
            for j, (r, s) in zip(js, _best_matches_many(ss[i], [ss[j] for j in js])):
                assert np.array_equal(r, rows[ss[j].tid]) and np.array_equal(s, scores[ss[j].tid])
                assert r.dtype == rows.dtype and s.dtype == scores.dtype
                exact = np.isin(ss[j].tid, ss[i].tid)
                ties += int(np.sum(r[exact] != ss[i].tid_first[np.searchsorted(ss[i].tid_sorted,
                                                                                ss[j].tid[exact])]))
    assert ties    # the tie at 100 was met

def test_document_score_table_gives_way_to_the_pair_search_when_large(make_doc, monkeypatch):
    """Past ``_DOC_TEXTS`` distinct sentences the document's pairs are read as before."""
    from auditor.checks import entity
    from auditor.checks.entity import region_mismatch
    text = sibling_report("铁山区域", "铁") + sibling_report("开发区章山区域", "开", residue="铁山区域")
    want = [(f.start, f.end, f.message) for f in region_mismatch(make_doc(text))]
    monkeypatch.setattr(entity, "_DOC_TEXTS", 0)
    assert [(f.start, f.end, f.message) for f in region_mismatch(make_doc(text))] == want
    assert any(f.excerpt == "铁山区域" for f in region_mismatch(make_doc(text)))


def _docs():
    from auditor.extract.entities import subjects
    from auditor.ingest import load
    from auditor.model import build_document
    # the benchmark's reports when bench/run_bench.py has built them (not in a fresh checkout)
    files = sorted(glob.glob(str(ROOT / "bench/out/corpus-1000/**/*.*"), recursive=True))[:400]
    for f in files:
        ld = load(f)
        d = build_document(f, ld.text, ld.encoding, ld.fmt, ld.locations)
        if len(subjects(d)) >= 2:
            yield d


def test_document_pairs_propose_what_the_pair_search_proposes(make_doc):
    """``_doc_pair_records`` against ``_pair_records`` over the same pairs of one document:
    the same proposals in the same order (made-up siblings, and the benchmark's files with
    several reports when they are there)."""
    from auditor.checks.entity import (_candidate_pairs, _doc_pair_records, _pair_records, _units_of,
                                       sibling_view)
    docs = [make_doc(sibling_report("铁山区域", "铁") + sibling_report("开发区章山区域", "开", residue="铁山区域")
                     + sibling_report("下陆区域", "下", budget="90"))]
    docs += list(_docs())
    for doc in docs:
        view = sibling_view(doc, keep_document=True)
        units = _units_of([view])
        pairs = _candidate_pairs(units, False)
        old = _pair_records([view], units, pairs, "entity.region", False)
        new = _doc_pair_records(sibling_view(doc, keep_document=True), units, pairs, "entity.region")
        assert list(old) == list(new)
        for key in old:
            assert [(k, f.start, f.end, f.message, f.confidence, f.evidence) for k, f in old[key]] == \
                   [(k, f.start, f.end, f.message, f.confidence, f.evidence) for k, f in new[key]]


def _label_matches_by_pattern(text, start, end):
    """``_label_matches`` as it was: ``_LABEL_RE`` tried at each label start."""
    from auditor.extract.home import _LABEL_RE, _LABEL_START
    pos = start
    while m := _LABEL_START.search(text, pos, end):
        got = _LABEL_RE.match(text, m.start(), end)
        if got:
            yield got.start(), got.group("k"), got.start("v"), got.group("v")
            pos = got.end()
        else:
            pos = m.start() + 1


def test_label_values_cut_at_the_next_label_equal_the_pattern():
    """``_label_matches`` (``_LABEL_LOOSE`` cut at the first label) against ``_LABEL_RE``: on
    random texts of labels, separators and seals, bounded or not, and on a value that starts
    with a label (the pattern decides: 单位名称 has no value there, 来源 has)."""
    from auditor.extract.home import _label_matches
    text = "单位名称：来源abc\n主管部门：华宁县财政局 填报单位：华宁县医疗保障局"
    assert list(_label_matches(text, 0, len(text))) == list(_label_matches_by_pattern(text, 0, len(text)))
    assert [k for _, k, _, _ in _label_matches(text, 0, len(text))][:1] == ["来源"]
    rng = random.Random(4)
    alpha = list("填报单位名称部门来源主办项目信息发布机构及代码（盖章）:：| \t\n\u3000•-县局财政") + \
        ["单位名称", "来源", "部门", "主办单位", "（盖章）", "项目名称", "地方主管部 门"]
    for _ in range(5000):
        t = "".join(rng.choice(alpha) for _ in range(rng.randint(1, 40)))
        s = rng.randint(0, len(t)) if rng.random() < 0.2 else 0
        e = rng.randint(s, len(t)) if rng.random() < 0.3 else len(t)
        assert list(_label_matches(t, s, e)) == list(_label_matches_by_pattern(t, s, e))


def test_posseg_routes_kept_per_run_equal_jieba(monkeypatch):
    """``nlp._posseg_viterbi`` keeps each run's route: the POS tags of random windows (runs of
    unknown characters recurring among them), read twice, equal jieba's own ``viterbi``; a
    route handed out is the caller's own list."""
    import sys
    from auditor import nlp
    pseg = nlp.posseg()
    jieba_viterbi = sys.modules["jieba.posseg.viterbi"]     # (the package's ``viterbi`` is ours)
    rng = random.Random(9)
    chars = "章山铁宁州镇区县乡村域街道开发的了和与农业局财政龘靐齉爩鱻"
    windows = ["".join(rng.choice(chars) for _ in range(rng.randint(1, 8))) for _ in range(400)]
    ours = [[tuple(t) for t in pseg.cut(w)] for w in windows]
    again = [[tuple(t) for t in pseg.cut(w)] for w in windows]
    monkeypatch.setattr(pseg, "viterbi", jieba_viterbi.viterbi)
    theirs = [[tuple(t) for t in pseg.cut(w)] for w in windows]
    assert ours == again == theirs
    tb = nlp._TABLES[0]
    assert tb.routes
    obs = next(iter(tb.routes))
    route = nlp._posseg_viterbi(obs, *tb.sources)[1]
    route.append("x")
    assert nlp._posseg_viterbi(obs, *tb.sources)[1] == list(tb.routes[obs][1])
