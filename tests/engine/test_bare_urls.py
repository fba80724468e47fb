"""Markdown pasted into GitHub or GitLab: a line that ends in a bare URL keeps its line break and
the URL stays clean (those renderers link a bare URL up to the next space, a backslash included)."""

from __future__ import annotations

import pytest

from decision_tool import escaping
from tests.engine.rendered import GFM_BARE_URL, STRUCTURE, lines_read, tokens, typed_lines

#: Free text whose lines end in bare URLs, the way engineers paste links into a summary.
URL_LINES = [
    "see https://status.example.com/incidents/4711\nthen the logs",
    "one https://logs.example.com/q?id=42&from=now-1h\ntwo\nthree https://x.example/a_b",
    "www.example.com/a_b.\nnext *line*",
    "(https://x.example/a)\n- last",
    "ftp://files.example.com/dump.tar\n# not a heading",
    "first\nHTTPS://X.EXAMPLE/A\n\nnew paragraph https://y.example/\nend",
]


@pytest.mark.parametrize("value", URL_LINES)
def test_a_line_ending_in_a_bare_url_keeps_its_break_and_the_url_clean(value: str) -> None:
    """No backslash inside what GitHub and GitLab link; the line breaks kept; read as typed."""
    source = escaping.markdown(value)
    for url in GFM_BARE_URL.findall(source):
        assert "\\" not in url, (source, url)
    assert lines_read(source) == typed_lines(value)
    assert [t.type for t in tokens(source) if t.type in STRUCTURE] == []
    breaks = [t.type for t in tokens(source) if t.type in ("hardbreak", "softbreak")]
    assert breaks == ["hardbreak"] * len(breaks)
    assert len(breaks) + source.count("\n\n") == len(typed_lines(value)) - 1


def test_other_lines_keep_the_backslash_hard_break() -> None:
    """Only a line that ends in a bare URL changes: the rest of the source is as before."""
    assert escaping.markdown("a\nb") == "a\\\nb"
    assert (
        escaping.markdown("see https://x.example/a then\nb") == "see https://x.example/a then\\\nb"
    )
    assert escaping.markdown("see https://x.example/a\nb") == "see https://x.example/a  \nb"
