"""Fast paths of the third speed round, each against the slow form it replaces."""
import sys

from auditor.baseline import normalise


def test_split_drops_exactly_the_isspace_characters():
    # ``baseline.normalise`` drops whitespace with ``str.split()``: the same characters as
    # testing ``str.isspace`` one by one, on every code point
    for c in range(sys.maxunicode + 1):
        ch = chr(c)
        assert (len(("a" + ch + "b").split()) == 2) == ch.isspace(), hex(c)


def test_normalise_as_before():
    for s in ["", "  ", "２０２２ 年\u3000度\n项目", "A\x1cb\x85c\u2028d", "ＡＢ ｃ"]:
        slow = "".join(ch for ch in __import__("unicodedata").normalize("NFKC", s)
                       if not ch.isspace()).lower()
        assert normalise(s) == slow
