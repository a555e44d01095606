"""Corpus rules fed while the documents are read (engine._IndexFeed): items reach an
index in input order whatever order the documents finish in, failed documents are left
out as the corpus phase leaves them out, and an index that fails is dropped so that its
rule runs the ordinary way."""
from __future__ import annotations

from auditor import engine
from auditor.checks import Rule


class _Recorder:
    def __init__(self, n):
        self.n, self.items, self.worked = n, [], 0

    def add(self, item):
        self.items.append(item)

    def work(self, seconds):
        self.worked += 1
        return self.worked < 3      # work left until the third step

    def findings(self):
        return iter(())


class _Broken(_Recorder):
    def add(self, item):
        raise RuntimeError("index failure")


def _rule(code, factory, prepare=True):
    def func(items):
        return iter(())
    func.incremental = factory
    if prepare:
        func.prepare = lambda doc: doc
    return Rule(code, "", func, scope="corpus")


def test_items_arrive_in_input_order_and_failed_documents_are_left_out():
    rule = _rule("text.boilerplate", _Recorder)
    feed = engine._IndexFeed([rule], 5)
    payloads = [None] * 5
    for index, payload in [(2, {"text.boilerplate": "c"}), (0, {"text.boilerplate": "a"}),
                           (4, {"text.boilerplate": "e"}), (1, None), (3, {"text.boilerplate": "d"})]:
        payloads[index] = payload
        feed.arrived(index, payloads)
        if index == 2:   # document 0 has not come back yet: nothing can go in
            assert feed.indexes["text.boilerplate"].items == []
    index = feed.finish(payloads)["text.boilerplate"]
    assert index.items == ["a", "c", "d", "e"] and index.n == 5 and index.worked == 0
    # the index works only when the parent is idle, in steps, while it says work is left
    assert feed.idle() and feed.idle() and not feed.idle() and index.worked == 3


def test_a_failing_index_is_dropped_and_an_unfinished_feed_gives_none():
    feed = engine._IndexFeed([_rule("text.boilerplate", _Broken), _rule("entity.residue", _Recorder)], 2)
    payloads = [{"text.boilerplate": 1, "entity.residue": 1}, None]
    feed.arrived(0, payloads)
    assert list(feed.indexes) == ["entity.residue"]
    assert feed.finish(payloads) == {}          # document 1 never arrived
    payloads[1] = {"text.boilerplate": 2, "entity.residue": 2}
    feed.arrived(1, payloads)
    assert list(feed.finish(payloads)) == ["entity.residue"]


def _sibling_views(n: int, prepare=None):
    """Views of the first n synthetic reports (families of four sharing a template), with
    the residue the generator leaves (places renamed in most sentences, not all)."""
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "bench"))
    try:
        import synth
    finally:
        sys.path.remove(str(root / "bench"))
    from auditor.checks.entity import sibling_view
    from auditor.model import build_document
    temps = synth.templates(root)
    out = []
    for k in range(n):
        name, text = synth.make_report(k, temps)
        out.append((prepare or sibling_view)(build_document(name, text, "utf-8")))
    return out


def test_residue_index_gives_exactly_the_whole_rules_findings():
    """Fed one document at a time, with pairs read early in small slices (many of them
    dropped again by the final candidates) and a failed document among them, the residue
    index yields the findings of the whole rule, in the same order."""
    from auditor.checks.entity import _ResidueIndex, cross_document_residue
    views = _sibling_views(48)
    items = views[:20] + [None] + views[20:]
    whole = [(i, f.start, f.end, f.message) for i, f in cross_document_residue(items)]
    assert len(whole) >= 3      # the synthetic families leave residue to find

    index = _ResidueIndex(len(items))
    index.checkpoints = list(range(6, len(items), 6))
    read_early = 0
    for item in _sibling_views(48)[:20] + [None] + _sibling_views(48)[20:]:
        index.add(item)
        index.work(0.002)
        index.work(0.002)
        read_early = len(index.records)
    assert read_early > 0
    assert [(i, f.start, f.end, f.message) for i, f in index.findings()] == whole


def test_boilerplate_index_gives_exactly_the_whole_rules_findings_and_shares():
    """Fed one document at a time (each scanned as it comes, against the documents before
    it), the boilerplate index yields the whole rule's findings in its order, and the
    per-document shares computed from it are the whole rule's."""
    from auditor.checks import text as T
    views = _sibling_views(24, T.prepare_view)
    items = views[:9] + [None] + views[9:]
    whole = [(i, f.start, f.end, f.message, f.confidence) for i, f in T.boilerplate(items)]
    shares = list(T._shares(items))
    assert len(whole) >= 5      # sibling templates share most of their paragraphs
    T._CORPUS_CACHE.clear()
    index = T._BoilerplateIndex(len(items))
    for k, item in enumerate(items):
        index.add(item)
        if k % 3:
            index.work(0.001)     # some documents indexed as they come, the rest at the end
    assert [(i, f.start, f.end, f.message, f.confidence) for i, f in index.findings()] == whole
    assert list(T._shares(items)) == shares


def test_residue_index_shares_its_last_pairs_and_gives_the_same_findings(monkeypatch):
    """The pairs left after the last document, shared with forked helpers (engine._beside),
    give the whole rule's findings; a helper that fails leaves its share to the caller."""
    from auditor.checks.entity import _ResidueIndex, cross_document_residue
    views = _sibling_views(48)
    whole = [(i, f.start, f.end, f.message) for i, f in cross_document_residue(views)]
    assert len(whole) >= 3
    monkeypatch.setattr(_ResidueIndex, "SPLIT_MIN", 1)
    started = []

    def beside(task):
        started.append(task)
        return engine._beside(task)

    def failing(task):
        started.append(task)
        return lambda: None

    for helper, helpers in ((beside, 1), (beside, 3), (failing, 2)):
        index = _ResidueIndex(len(views))
        for item in _sibling_views(48):
            index.add(item)          # nothing read early: every pair is left for the end
        started.clear()
        got = [(i, f.start, f.end, f.message) for i, f in index.findings(beside=helper, helpers=helpers)]
        assert got == whole
        assert len(started) == helpers
