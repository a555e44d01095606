"""``auditor.rx`` keeps compiled patterns across runs: a pattern built from the stored
constructor arguments is the pattern ``regex`` compiles, and a store that is missing,
corrupt or writable by others is not read."""
import marshal
import os

import pytest
import regex

from auditor import rx

PATTERNS = [r"(?P<y>(?:19|20)\d{2})\s*年", r"一级指标|二级指标|三级指标", r"\p{Han}{2,}(?=[，。])",
            r"(?r)[，,。；;：:、]", r"([\p{Han}\d]{2,}?|[\p{Han}\d])\s?\1"]
TEXT = "2023年预算执行率达到95%，一级指标产出指标；二级指标数量指标。资金资金到位，共计3个项目。"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(rx, "_PLAIN", {})
    monkeypatch.setattr(rx, "_CACHE", {})
    rx._stored.cache_clear()
    yield rx._store_path()
    rx._stored.cache_clear()


def _fresh_run(monkeypatch):
    """A later process: nothing compiled yet, the store read anew."""
    monkeypatch.setattr(rx, "_PLAIN", {})
    monkeypatch.setattr(rx, "_CACHE", {})
    rx._stored.cache_clear()


def test_patterns_from_the_store_are_the_compiled_ones(store, monkeypatch):
    for p in PATTERNS:
        rx.compile(p)
    rx.compile("资金", regex.I)
    rx.save_compiled()
    assert store.exists() and len(marshal.loads(store.read_bytes())) == len(PATTERNS) + 1
    _fresh_run(monkeypatch)
    built, parse = [], regex.compile
    monkeypatch.setattr(rx._regex, "compile", lambda *a, **k: built.append(a) or parse(*a, **k))
    for p in PATTERNS:
        got, want = rx.compile(p), parse(p)
        assert got._pickled_data == want._pickled_data
        assert [m.span() for m in got.finditer(TEXT)] == [m.span() for m in want.finditer(TEXT)]
        assert got.sub("#", TEXT) == want.sub("#", TEXT)
    assert rx.compile("资金", regex.I).findall("资金ABC") == ["资金"]
    assert built == []          # none was parsed again


def test_a_corrupt_store_is_ignored(store, monkeypatch):
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_bytes(b"not marshal data")
    assert rx.compile(PATTERNS[0]).search(TEXT).group("y") == "2023"
    rx.save_compiled()      # replaces it
    _fresh_run(monkeypatch)
    assert (PATTERNS[0], 0, int(regex.DEFAULT_VERSION)) in rx._stored()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_store_others_may_write_is_not_read(store, monkeypatch):
    rx.compile(PATTERNS[1])
    rx.save_compiled()
    os.chmod(store, 0o666)
    _fresh_run(monkeypatch)
    assert rx._stored() == {}
    assert rx.compile(PATTERNS[1]).findall(TEXT) == ["一级指标", "二级指标"]


def test_no_store_without_an_absolute_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert rx._store_path() is None
    rx._stored.cache_clear()
    try:
        assert rx._stored() == {}
        rx.save_compiled()      # nothing written, nothing raised
        assert not (tmp_path / "relative").exists()
    finally:
        rx._stored.cache_clear()


def test_the_store_does_not_grow_without_bound(store, monkeypatch):
    for k in range(20):
        _fresh_run(monkeypatch)
        rx.compile(f"第{k}号|{k}年")     # each run compiles a pattern the last one did not
        rx.save_compiled()
    assert len(marshal.loads(store.read_bytes())) <= 4
