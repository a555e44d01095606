"""Fast paths of reading a sibling pair in ``entity.residue`` against their slow forms."""
import random

import numpy as np

from test_entity import _adapted_copies


def test_first_and_inverse_is_np_unique():
    from auditor.checks.entity import _first_and_inverse, _first_of_runs

    rng = random.Random(3)
    for _ in range(200):
        x = np.array([rng.randint(0, rng.choice([1, 5, 50])) for _ in range(rng.randint(1, 60))], dtype=np.int64)
        _, first, inv = np.unique(x, return_index=True, return_inverse=True)
        got_first, got_inv = _first_and_inverse(x)
        assert np.array_equal(got_first, first) and np.array_equal(got_inv, inv)
        s = np.sort(x)
        assert np.array_equal(_first_of_runs(s), np.r_[True, s[1:] != s[:-1]])


def _records(views, units, pairs):
    from auditor.checks.entity import _pair_records
    return {k: [(key, vars(f)) for key, f in v]
            for k, v in _pair_records(views, units, pairs, "entity.residue", True).items()}


def test_pair_records_equal_without_the_one_value_prune(monkeypatch):
    """``_pair_records`` gives ``_slots`` the tests of one slot value alone (``useful``), so
    that a slot skipped whatever its other value is not widened on that side; the records of
    every pair are those of the full computation."""
    import auditor.checks.entity as E
    from auditor.model import build_document

    docs = list(_adapted_copies())[:16]
    views = [E.sibling_view(build_document(f"{k}-{s}", t, "utf-8")) for k, pair in enumerate(docs)
             for s, t in enumerate(pair)]
    units = E._units_of(views)
    pairs = [(i, j) for i in range(len(units)) for j in range(len(units))
             if units[i].view != units[j].view and units[i].view // 2 == units[j].view // 2]
    skipped = []
    slots = E._slots

    def counting(*args, useful=None, **kw):
        def told(v, a_side):
            ok = useful(v, a_side)
            skipped.append(not ok)
            return ok
        return slots(*args, useful=told, **kw)

    monkeypatch.setattr(E, "_slots", counting)
    fast = _records(views, units, pairs)
    monkeypatch.setattr(E, "_slots", lambda *args, useful=None, **kw: slots(*args, **kw))
    # (the per-view caches hold only what either way computes alike)
    full = _records(views, units, pairs)
    assert fast == full
    assert any(skipped) and any(v for v in full.values())
