"""Sibling residue by aligning two reports of one template character by character.

The sentence alignment of ``entity.py`` reads slots off sentence pairs that a fuzzy match
pairs up; it leaves out what is not a sentence (header fields, publisher lines, table cells
with a place and an organisation, titles) and places inside organisation names.  This
module aligns the two reports' whole texts instead: lines first (most lines of a copy are
identical), then characters inside the lines that differ.  Then:

* a *slot* is a place of report a replaced by another place in report b at the same
  position of the alignment (惠州市 → 梅州市, 铁山区域 → 开发区章山区域); the places are
  the single places of ``entities.find_regions(merge=False)``, so 九江市浔阳区 → 九江市濂溪区
  is the slot 浔阳区 → 濂溪区, and places inside organisation names count
  (惠州市财政局 → 梅州市财政局);
* a *residue* is an occurrence in b of a slot's value x, written exactly as a wrote it, at
  a position where the alignment has the same text in both reports (a kept it, b kept it),
  while b replaced x by y in more places than it kept it.

Not residue: a place b names in text a does not have (a sentence of its own); a place
that a's aligned sentence names together with b's own value y (a list of divisions, a
comparison: both reports name both places); values that differ only by a prefix or
suffix (金山、汪仁 → 金山、汪仁拆迁户).
"""
from __future__ import annotations

import bisect
from functools import lru_cache, partial
from itertools import accumulate

from auditor import rx as re

_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
_SENT_END = re.compile(r"[。；;！!？?\n]")
_MAX_BLOCK = 30000        # characters per side of a changed block aligned character by character


@lru_cache(maxsize=4096)
def _lines(text: str, start: int, end: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The lines of text[start:end] and their starts (cached: a unit is aligned with
    each of its siblings)."""
    lines, starts = [], []
    for m in _LINE.finditer(text, start, end):
        lines.append(m.group(0))
        starts.append(m.start())
    return tuple(lines), tuple(starts)


def align(ta: str, a0: int, a1: int, tb: str, b0: int, b1: int):
    """(equal, changes) of the alignment of ta[a0:a1] with tb[b0:b1]: ``equal`` as
    (a start, b start, length) runs, ``changes`` as (a start, a end, b start, b end) blocks
    (absolute offsets), adjacent edits one character apart merged into one block.  The whole
    alignment at once: ``place_residue`` reads it through ``_LazyAlignment``, which computes
    only the parts read; this eager form is kept as its reference (tests/test_entity.py
    compares the two on real reports)."""
    from rapidfuzz.distance import Indel, Levenshtein

    la, sa = _lines(ta, a0, a1)
    lb, sb = _lines(tb, b0, b1)
    sa = sa + (a1,)
    sb = sb + (b1,)
    equal, changes = [], []
    # Indel has no substitutions: a deleted run of lines next to an inserted one is one block
    ops = []
    for op in Indel.opcodes(la, lb):
        if op.tag == "equal":
            ops.append(("equal", op.src_start, op.src_end, op.dest_start, op.dest_end))
        elif ops and ops[-1][0] == "change":
            ops[-1] = ("change", ops[-1][1], op.src_end, ops[-1][3], op.dest_end)
        else:
            ops.append(("change", op.src_start, op.src_end, op.dest_start, op.dest_end))
    for tag, i1, i2, j1, j2 in ops:
        as_, ae, bs, be = sa[i1], sa[i2], sb[j1], sb[j2]
        if tag == "equal":
            equal.append((as_, bs, ae - as_))
            continue
        if as_ == ae or bs == be or ae - as_ > _MAX_BLOCK or be - bs > _MAX_BLOCK:
            changes.append((as_, ae, bs, be))
            continue
        blocks = []
        for o in Levenshtein.opcodes(ta[as_:ae], tb[bs:be]):
            if o.tag == "equal":
                equal.append((as_ + o.src_start, bs + o.dest_start, o.src_end - o.src_start))
                continue
            blk = (as_ + o.src_start, as_ + o.src_end, bs + o.dest_start, bs + o.dest_end)
            if blocks and blk[0] - blocks[-1][1] <= 1 and blk[2] - blocks[-1][3] <= 1:
                blocks[-1] = (blocks[-1][0], blk[1], blocks[-1][2], blk[3])
            else:
                blocks.append(blk)
        changes.extend(blocks)
    equal.sort(key=lambda r: r[1])
    changes.sort(key=lambda c: c[2])
    return equal, changes


def _unit_places(v, u) -> tuple:
    """The single places of unit ``u`` of view ``v`` (atoms sorted by start, their starts, the
    running maximum of their ends, their texts, and the (text, short form) of the
    one-division places with a short form of two characters or more), computed once per
    unit: a unit is compared with each of its siblings, in both roles."""
    cache = v.__dict__.setdefault("_unit_places", {})
    key = (u.subj.start, u.subj.end)
    got = cache.get(key)
    if got is None:
        from ..extract.entities import region_index

        text = v.text
        atoms = [t for t in getattr(v, "atoms", ()) if u.subj.start <= t[0] < u.subj.end]
        shorts = []
        idx = None
        for s, e, codes in atoms:
            if len(codes) == 1:
                if idx is None:
                    idx = region_index()
                r = idx.by_code.get(codes[0])
                if r is not None and len(r.short) >= 2 and (text[s:e], r.short) not in shorts:
                    shorts.append((text[s:e], r.short))
        got = cache[key] = (atoms, [t[0] for t in atoms], list(accumulate((t[1] for t in atoms), max)),
                            {text[s:e] for s, e, _ in atoms}, shorts)
    return got


def _keepable(a_texts: set, a_shorts: list, b_texts: set, tb: str, b0: int, b1: int) -> set:
    """The texts of a's places that b may keep (the test before every finding of
    ``place_residue``: b has the place as one of its own places, or the short form of a
    division of that text in its text).  A slot whose a value is none of them gives no
    finding; no such text at all saves the pair's alignment.  (``_unit_places`` gives each
    unit's place texts and short forms.)"""
    out = a_texts & b_texts
    for text, short in a_shorts:
        if text not in out and tb.find(short, b0, b1) >= 0:
            out.add(text)
    return out


class _LazyAlignment:
    """``align`` of ta[a0:a1] with tb[b0:b1], its character-level part computed only where
    it is read.  The lines are aligned at once (cheap); a changed block of lines is aligned
    character by character only when ``place_residue`` reads it: for its slots when both
    sides hold a place (a block without a place on one side yields no slot: its changes
    overlap no place there), and for ``kept_run`` at a position inside it.

    ``changes`` lists the blocks ``align`` lists, except those of line blocks without a place
    on each side, in ``align``'s order.  ``kept_run(s, e, need)`` answers what ``align``'s
    equal runs answer: the equal runs are disjoint in b, so [s, e) lies in one of them only
    if it lies in the one holding s, which is the line block's own run or one of the runs
    inside the changed line block holding s."""

    def __init__(self, ta: str, a0: int, a1: int, tb: str, b0: int, b1: int):
        from rapidfuzz.distance import Indel

        self.ta, self.tb = ta, tb
        la, sa = _lines(ta, a0, a1)
        lb, sb = _lines(tb, b0, b1)
        sa = sa + (a1,)
        sb = sb + (b1,)
        # (equal?, a start, a end, b start, b end) in absolute offsets, in b order: the runs
        # of equal lines, and between two of them one changed block (Indel has no
        # substitutions: a deleted run of lines next to an inserted one is one block)
        blocks = self.blocks = []
        pi = pj = 0
        for i, j, n in Indel.opcodes(la, lb).as_matching_blocks():
            if i > pi or j > pj:
                blocks.append((False, sa[pi], sa[i], sb[pj], sb[j]))
            if n:
                blocks.append((True, sa[i], sa[i + n], sb[j], sb[j + n]))
            pi, pj = i + n, j + n
        self.b_starts = [blk[3] for blk in blocks]

    def _char_level(self, k: int) -> tuple:
        """(changes, their a ends) of changed line block k, as ``align`` computes them,
        relative to the block's starts."""
        _, as_, ae, bs, be = self.blocks[k]
        return _char_align(self.ta[as_:ae], self.tb[bs:be])

    def _char_runs(self, k: int) -> tuple:
        """The equal runs inside changed line block k, relative to its starts."""
        _, as_, ae, bs, be = self.blocks[k]
        return _char_runs(self.ta[as_:ae], self.tb[bs:be])

    def changes(self, has_a_place, has_b_place, near=None):
        """The changed blocks with a place on both sides: (a start, a end, b start, b end).
        ``near``: (starts, ends, running maximum of the ends) of a's places sorted by start;
        then only the blocks overlapping one of them on a's side (not empty there) are listed,
        found by bisection rather than read one by one."""
        for k, (eq, as_, ae, bs, be) in enumerate(self.blocks):
            if eq or as_ == ae or bs == be or not has_a_place(as_, ae) or not has_b_place(bs, be):
                continue
            blocks, block_ends = self._char_level(k)
            if near is None:
                for i1, i2, j1, j2 in blocks:
                    yield as_ + i1, as_ + i2, bs + j1, bs + j2
                continue
            starts, ends, reach = near
            wanted = set()
            # the places overlapping the line block: starting before its end, and reaching
            # past its start (the running maximum stops the walk back)
            j = bisect.bisect_left(starts, ae) - 1
            while j >= 0 and reach[j] > as_:
                if ends[j] > as_:
                    ps, pe = starts[j] - as_, ends[j] - as_
                    x = bisect.bisect_right(block_ends, ps)      # the first block ending after ps
                    while x < len(blocks) and blocks[x][0] < pe:
                        if blocks[x][0] != blocks[x][1]:
                            wanted.add(x)
                        x += 1
                j -= 1
            for x in sorted(wanted):
                i1, i2, j1, j2 = blocks[x]
                yield as_ + i1, as_ + i2, bs + j1, bs + j2

    def kept_run(self, s: int, e: int, need: int):
        """The equal run (a start, b start, length) holding b's [s, e), when it is ``need``
        characters long or more, else None."""
        k = bisect.bisect_right(self.b_starts, s) - 1
        if k < 0:
            return None
        eq, as_, ae, bs, be = self.blocks[k]
        if eq:
            runs, as_, bs = ((as_, bs, ae - as_),), 0, 0
        elif as_ == ae or bs == be or s >= be:
            return None
        else:
            runs = self._char_runs(k)
        for ea, eb, n in runs:
            if bs + eb <= s < bs + eb + n:
                return (as_ + ea, bs + eb, n) if e <= bs + eb + n and n >= need else None
        return None


@lru_cache(maxsize=16384)
def _char_align(a: str, b: str) -> tuple:
    """(changes, their a ends) of one changed block of lines, as in ``align``, in offsets of
    the block (cached: siblings of one template change the same lines the same way)."""
    from rapidfuzz.distance import Levenshtein

    if len(a) > _MAX_BLOCK or len(b) > _MAX_BLOCK:
        return ((0, len(a), 0, len(b)),), (len(a),)
    blocks = []
    last = None
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(a, b).as_list():
        if tag == "equal":
            continue
        if last is not None and i1 - last[1] <= 1 and j1 - last[3] <= 1:
            last = blocks[-1] = (last[0], i2, last[2], j2)
        else:
            last = (i1, i2, j1, j2)
            blocks.append(last)
    return tuple(blocks), tuple(blk[1] for blk in blocks)


@lru_cache(maxsize=4096)
def _char_runs(a: str, b: str) -> tuple:
    """The equal runs (a start, b start, length) of one changed block of lines, as in
    ``align``, in offsets of the block (asked far less often than ``_char_align``)."""
    from rapidfuzz.distance import Levenshtein

    if len(a) > _MAX_BLOCK or len(b) > _MAX_BLOCK:
        return ()
    return tuple((i1, j1, i2 - i1) for tag, i1, i2, j1, _ in Levenshtein.opcodes(a, b).as_list()
                 if tag == "equal")


def _overlapping(atoms, starts, s: int, e: int) -> list:
    """The atoms (sorted by start, ``starts`` their starts) overlapping [s, e)."""
    out = []
    k = bisect.bisect_left(starts, s)
    # an atom starting before s may still reach into [s, e)
    j = k - 1
    while j >= 0 and k - j <= 3:
        if atoms[j][1] > s:
            out.insert(0, atoms[j])
        j -= 1
    while k < len(atoms) and atoms[k][0] < e:
        out.append(atoms[k])
        k += 1
    return out


def _sentence(text: str, pos: int, lo: int, hi: int) -> tuple[int, int]:
    s = pos
    while s > lo and not _SENT_END.match(text[s - 1]):
        s -= 1
    m = _SENT_END.search(text, pos, hi)
    return s, (m.end() if m else hi)


def place_residue(va, a, vb, b, b_home_codes=frozenset(), prune: bool = True):
    """Residue of report ``a``'s places in report ``b`` (``_Unit`` of views ``va``, ``vb``).

    Yields (start, end, x, y, info) for each occurrence in b; ``info`` has the adapted
    count, the kept count, b's first adapted span, and the aligned span in a.

    ``prune``: align character by character only the changed lines holding a place of a
    that b may keep (``_keepable``): the slots of the other lines have an a value with no
    kept occurrence in b, so they give nothing."""
    ta, tb = va.text, vb.text
    A, a_starts, a_reach, a_texts, a_shorts = _unit_places(va, a)
    B, b_starts, b_reach, b_texts, _ = _unit_places(vb, b)
    if not A or not B:
        return
    keep = _keepable(a_texts, a_shorts, b_texts, tb, b.subj.start, b.subj.end)
    if not keep:
        return
    aligned = _LazyAlignment(ta, a.subj.start, a.subj.end, tb, b.subj.start, b.subj.end)
    if prune:
        kept_a = [t for t in A if ta[t[0]:t[1]] in keep]
        a_starts_k, a_reach_k = [t[0] for t in kept_a], list(accumulate((t[1] for t in kept_a), max))
    else:
        a_starts_k, a_reach_k = a_starts, a_reach

    def has_place(places, s, e):
        # a place starting in [s, e), or one starting before s that reaches past it
        starts, reach = places
        k = bisect.bisect_left(starts, s)
        return (k < len(starts) and starts[k] < e) or (k > 0 and reach[k - 1] > s)

    # slots: a's place -> b's place at the same position
    slots: dict[tuple[str, str], list] = {}
    # (pruned: only the blocks overlapping a place of a that b may keep; the slots of the
    # others have no kept occurrence)
    for as_, ae, bs, be in aligned.changes(partial(has_place, (a_starts_k, a_reach_k)),
                                          partial(has_place, (b_starts, b_reach)),
                                          (a_starts_k, [t[1] for t in kept_a], a_reach_k) if prune else None):
        if as_ == ae or bs == be:
            continue
        xa = _overlapping(A, a_starts, as_, ae)
        xb = _overlapping(B, b_starts, bs, be)
        if not xa or len(xa) != len(xb):
            continue
        for p, q in zip(xa, xb):
            x, y = ta[p[0]:p[1]], tb[q[0]:q[1]]
            if x == y or x in y or y in x:
                continue
            slots.setdefault((x, y), []).append((p, q))
    if not slots:
        return
    for (x, y), adapted in slots.items():
        # b's occurrences of x as a place, kept at a position a has x too
        kept, elsewhere = [], 0
        for s, e, _ in B:
            if tb[s:e] != x:
                continue
            run = aligned.kept_run(s, e, len(x) + 3)
            if run is not None:
                ea, eb, n = run
                kept.append((s, e, ea + (s - eb)))
                continue
            elsewhere += 1
        n_adapt = len({q[0] for _, q in adapted})
        short_kept = _short_kept(tb, B, aligned, adapted, b.subj.start, b.subj.end)
        if short_kept:
            xs, ys_, sk, n_short = short_kept
            # the short form adapted too (美丽瓯海 → 美丽龙湾) counts as an adaptation
            n_adapt += n_short
            kept += sk
        if not kept:
            continue
        one_to_one = ""
        b_y = sum(1 for s, e, _ in B if tb[s:e] == y) + (short_kept[3] if short_kept else 0)
        if n_adapt >= 2:
            if len(kept) >= n_adapt or b_y < 2:
                continue
        else:
            # one place adapted, one kept: which of the two is b's own?  b's header says
            # (y: the kept x is residue; x: the adapted y is a swapped place); unknown: the
            # kept x is reported with y beside it, as b names both where a names x twice
            if len(kept) > 1 or b_y != 1:
                continue
            y_codes = set(adapted[0][1][2])
            x_codes = set(adapted[0][0][2])
            if not y_codes or not x_codes:
                continue
            if x_codes & b_home_codes and not y_codes & b_home_codes:
                (p, q), = adapted
                yield q[0], q[1], x, y, {"swap": True, "adapted": 1, "kept": 1, "elsewhere": elsewhere,
                                          "b_adapted_span": kept[0][:2], "a_span": p[:2],
                                          "b_sentence": _sentence(tb, q[0], b.subj.start, b.subj.end)}
                continue
            one_to_one = "home" if y_codes & b_home_codes else "unknown"
        y_forms = [y] + ([short_kept[1]] if short_kept else [])
        for s, e, a_pos in kept:
            xv = tb[s:e]
            yv = y if xv == x else short_kept[1]
            # a names b's own value in the same sentence: a list or comparison of both places
            ss, se = _sentence(ta, a_pos, a.subj.start, a.subj.end)
            if any(f in ta[ss:se] for f in y_forms):
                continue
            bs_, be_ = _sentence(tb, s, b.subj.start, b.subj.end)
            yield s, e, xv, yv, {"one_to_one": one_to_one if n_adapt == 1 else "", "adapted": n_adapt,
                                 "kept": len(kept), "elsewhere": elsewhere, "short_form": xv != x,
                                 "b_adapted_span": adapted[0][1][:2], "a_span": (a_pos, a_pos + len(xv)),
                                 "b_sentence": (bs_, be_)}


_ANCHOR = re.compile(r"[\n。，,；;：:、|（(）)\t]")
_SHINGLE = 12


def _sample_starts(text: str, start: int, end: int, prepared=None):
    """The offsets in the squeezed text (``_prepared``) of the samples of text[start:end]:
    the 12 characters after each punctuation mark or line break (digits and spaces
    dropped), a sample of the text that two copies of one template share, whatever its
    layout (tables, pages glued into one line, forms with few sentences).  Sorted, unique.

    ``prepared``: ``_prepared(text)``, when already built (a text's units share it)."""
    import numpy as np
    _, kept, anchors, _ = prepared or _prepared(text)
    # anchors in [start, end); each sample is the first 12 kept characters of the 24
    # after its anchor, when there are 12 (the same text after two anchors: one sample)
    k = anchors[np.searchsorted(anchors, start):np.searchsorted(anchors, end)] + 1
    a = kept[k]
    return _distinct(a[kept[np.minimum(k + 2 * _SHINGLE, len(text))] - a >= _SHINGLE])


def _distinct(x):
    """The sorted distinct values of a numpy array (by sorting: ``np.unique`` without its
    return_* options hashes, slower on these sizes)."""
    import numpy as np
    x = np.sort(x)
    return x[np.r_[True, x[1:] != x[:-1]]] if len(x) else x


def _shingles(text: str, start: int, end: int, prepared=None) -> set[int]:
    """Hashes of the samples of text[start:end] (``_sample_starts``)."""
    prepared = prepared or _prepared(text)
    sq = prepared[0]
    return {hash(sq[x:x + _SHINGLE]) for x in _sample_starts(text, start, end, prepared).tolist()}


_SQUEEZE = re.compile(r"[\s\d.,%]+")


def _prepared(text: str):
    """What ``_sample_starts`` reads, computed once per text in numpy: the text without the
    characters ``_SQUEEZE`` drops; for each offset i (0..len) the number of characters kept
    before it (text[k:j] squeezed is squeezed[kept[k]:kept[j]]: the pattern drops
    characters one by one, whatever their neighbours); the offsets of ``_ANCHOR``
    characters; the squeezed text's code points.  Each distinct character is classed by
    the patterns themselves."""
    import numpy as np
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    # the distinct characters (sorted: np.unique would hash), each classed once, the classes
    # as tables over the code points up to the text's largest (faster than isin)
    ranked = _distinct(cps)
    distinct = "".join(map(chr, ranked.tolist()))
    size = int(ranked[-1]) + 1 if len(ranked) else 1
    drop_table = np.zeros(size, dtype=bool)
    for m in _SQUEEZE.finditer(distinct):
        drop_table[ranked[m.start():m.end()]] = True
    anchor_table = np.zeros(size, dtype=bool)
    anchor_table[ranked[[m.start() for m in _ANCHOR.finditer(distinct)]]] = True
    drop = drop_table[cps]
    anchors = np.flatnonzero(anchor_table[cps])
    kept = np.zeros(len(cps) + 1, dtype=np.int64)
    np.cumsum(~drop, out=kept[1:])
    squeezed = cps[~drop]
    return squeezed.tobytes().decode("utf-32-le", "surrogatepass"), kept, anchors, squeezed


def shingle_pairs(units, cross_doc: bool, max_df: int = 40, top_k: int = 6,
                  min_shared: int = 6, min_share: float = 0.3, cache: dict | None = None,
                  codes: bool = False) -> list[tuple[int, int]]:
    """Sibling pairs (both directions) by shared text samples: units whose samples overlap
    in ``min_shared`` or more and in ``min_share`` of the smaller set.  Samples held by more
    than ``max_df`` units (boilerplate) do not link.  ``cache`` keeps each unit's samples
    (by unit index) for a later call over more units.  ``codes``: see ``top_pairs``."""
    import numpy as np

    keys, owners = [], []
    prepared: dict[int, tuple] = {}     # per text (by identity: the units of a view share it)
    # one id per distinct sample, kept with the cache: a later call over more units reads
    # only the new units' samples (the pairs depend on which samples are equal, not on ids)
    ids: dict[bytes, int] = cache.setdefault("ids", {}) if cache is not None else {}
    for i, u in enumerate(units):
        if not u.text:
            continue
        got_keys = cache.get(i) if cache is not None else None
        if got_keys is None:
            if id(u.text) not in prepared:
                prepared = {id(u.text): _prepared(u.text)}   # units come view by view
            got = prepared[id(u.text)]
            at = _sample_starts(u.text, u.subj.start, u.subj.end, got)
            # each sample as a row of its 12 code points: equal rows, equal samples
            raw = np.ascontiguousarray(got[3][at[:, None] + np.arange(_SHINGLE)]).tobytes()
            width = got[3].dtype.itemsize * _SHINGLE
            got_keys = np.fromiter((ids.setdefault(raw[k:k + width], len(ids))
                                    for k in range(0, len(raw), width)), dtype=np.int64, count=len(at))
            if cache is not None:
                cache[i] = got_keys
        keys.append(got_keys)
        owners.append(i)
    if not keys:
        return np.zeros(0, dtype=np.int64) if codes else []
    return top_pairs(*_shared_keys(np.concatenate(keys), _owners(owners, keys), units, cross_doc, max_df, 0),
                     len(units), min_shared, min_share, top_k, codes)


def _owners(owners: list[int], keys: list) -> "np.ndarray":
    """The owner of each key of ``np.concatenate(keys)``, ``owners[k]`` holding ``keys[k]``."""
    import numpy as np
    return np.repeat(np.asarray(owners, dtype=np.int64), np.fromiter(map(len, keys), dtype=np.int64, count=len(keys)))


def _shared_keys(key, owner, units, cross_doc: bool, max_df: int, window: int):
    """(i, j, n, sizes): the pairs of units i < j holding n keys in common, each unit's
    count of distinct keys.  ``key``/``owner``: a key and the unit holding it, one row per
    occurrence.  A key held by at most ``max_df`` units links all of them; one held by more
    links each unit to the next ``window`` holders (in unit order); pairs of different views
    only (``cross_doc``) or of one view only."""
    import numpy as np

    n_units = len(units)
    entry = _distinct(key * n_units + owner)        # distinct (key, unit), by key then unit
    k, u = entry // n_units, entry % n_units
    sizes = np.bincount(u, minlength=n_units)
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    held = np.diff(np.r_[starts, len(k)])            # units per key
    df = np.repeat(held, held)
    view = np.fromiter((x.view for x in units), dtype=np.int64, count=n_units)
    # holders after each entry within its key: the d-th next holder exists while after >= d
    after = np.repeat(starts + held, held) - np.arange(len(k)) - 1
    at = np.arange(len(k))
    ii, jj = [], []
    for d in range(1, min(int(held.max(initial=0)), max(max_df, window + 1))):
        # the d-th next holder of the same key, when the key links that far (the entries
        # that can have one shrink as d grows: each pass reads only those)
        at = at[(after[at] >= d) & ((df[at] <= max_df) | (d <= window))]
        if not len(at):
            break
        i, j = u[at], u[at + d]
        same = view[i] == view[j]
        keep = ~same if cross_doc else same
        ii.append(i[keep])
        jj.append(j[keep])
    if not ii:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), sizes
    code = np.concatenate(ii) * n_units + np.concatenate(jj)
    if n_units * n_units <= _COUNT_SPACE:
        # count by code (the same sorted distinct codes and counts as np.unique, which sorts
        # the ~10^6 codes of a plan over 1,000 reports: four times slower)
        n = np.bincount(code, minlength=n_units * n_units)
        pair = np.flatnonzero(n)
        n = n[pair]
    else:
        pair, n = np.unique(code, return_counts=True)
    return pair // n_units, pair % n_units, n, sizes


_COUNT_SPACE = 1 << 22      # pair codes counted in an array up to this many (32 MB)


def top_pairs(i, j, n, sizes, n_units: int, min_shared: int, min_share: float,
              top_k: int, codes: bool = False) -> list[tuple[int, int]]:
    """Both orders of each unit's ``top_k`` best partners (most keys shared, then the
    highest index) among the pairs (i, j) sharing n keys, at least ``min_shared`` and
    ``min_share`` of the smaller unit's ``sizes``, sorted.  ``codes``: as the sorted array
    of i * n_units + j instead (``_candidate_pairs`` joins two such lists in numpy)."""
    import numpy as np

    ok = (n >= min_shared) & (n >= min_share * np.minimum(sizes[i], sizes[j]))
    i, j, n = i[ok], j[ok], n[ok]
    src, dst, nn = np.concatenate([i, j]), np.concatenate([j, i]), np.concatenate([n, n])
    order = np.lexsort((-dst, -nn, src))
    src, dst = src[order], dst[order]
    first = np.flatnonzero(np.r_[True, src[1:] != src[:-1]]) if len(src) else np.zeros(0, np.int64)
    rank = np.arange(len(src)) - np.repeat(first, np.diff(np.r_[first, len(src)]))
    src, dst = src[rank < top_k], dst[rank < top_k]
    pairs = _distinct(np.concatenate([src * n_units + dst, dst * n_units + src]))
    if codes:
        return pairs
    return list(zip((pairs // n_units).tolist(), (pairs % n_units).tolist()))


def _short_kept(tb: str, B, aligned: _LazyAlignment, adapted, b0: int, b1: int):
    """The slot's short forms (瓯海 for 瓯海区 → 龙湾 for 龙湾区): (x short, y short, b's kept
    occurrences of x's short form at a place a has it too, b's occurrences of y's short
    form outside full names).  Short forms inside a longer place of b are not counted."""
    from ..extract.entities import region_index

    idx = region_index()
    (p, q) = adapted[0]
    if len(p[2]) != 1 or len(q[2]) != 1:
        return None
    rx, ry = idx.by_code.get(p[2][0]), idx.by_code.get(q[2][0])
    if rx is None or ry is None or len(rx.short) < 2 or len(ry.short) < 2 or rx.short == rx.name:
        return None
    if len(idx.by_short.get(rx.short, ())) > 1 or len(idx.by_short.get(ry.short, ())) > 1:
        return None        # 江北, 城关: a short form several divisions share

    def outside_atoms(s: int, e: int) -> bool:
        return not any(a < e and s < b_ for a, b_, _ in B)

    kept, n_y = [], 0
    k = tb.find(ry.short, b0, b1)
    while k >= 0:
        if outside_atoms(k, k + len(ry.short)):
            n_y += 1
        k = tb.find(ry.short, k + 1, b1)
    if not n_y:
        return None
    k = tb.find(rx.short, b0, b1)
    while k >= 0:
        e = k + len(rx.short)
        if outside_atoms(k, e):
            run = aligned.kept_run(k, e, len(rx.short) + 3)
            if run is not None:
                ea, eb, n = run
                kept.append((k, e, ea + (k - eb)))
        k = tb.find(rx.short, k + 1, b1)
    return rx.short, ry.short, kept, n_y
