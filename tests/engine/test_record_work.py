"""(v3) A record of hostile text costs work in proportion to its size, and its size is bounded.

Every typed line is escaped by parsing it with probes (`decision_tool/backslashes.py`); a record
at the contract's first limits (500 entries of 1,000 characters) took 30 s or more to answer the
first time. These tests count the parser's work, never time: a quadratic path, a text escaped
once per document instead of once, or a shortcut that changes a single backslash makes them fail.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from decision_tool import backslashes, escaping, evaluate_json, formats, typed
from tests.engine.helpers import FULL, NOW

#: Pieces that mean something to Markdown, HTML, Slack or GFM (a subset of the fuzz's).
HOSTILE = ["<", ">", "&", "&amp;", "&#42;", "<!here>", "<@U024BE7LH>", "<#C024BE7LR|general>",
           "[", "]", "(", ")", "![", "](", "[x]: https://evil.example", "<https://evil.example>",
           "<a@evil.example>", "<1@x.y>", "<b>", "</b>", "<!--", "*", "**", "_", "__", "`",
           "```", "~", "~~", "#", "- ", "1. ", "> ", "\\", "|", ":-", "!", "@here", "=", "www.x.y",
           "https://evil.example/a_b", "abc ", "word", " x ", "\n", "\n> ", "\n- "]  # fmt: skip


def hostile_text(rng: random.Random, length: int) -> str:
    """One entry's text of exactly `length` characters, made of hostile pieces."""
    text = "x"
    while True:
        piece = rng.choice(HOSTILE)
        if len(text) + len(piece) > length:
            return text.ljust(length, "*")
        text += piece


def hostile_record(entries: int, length: int, seed: int = 7) -> list[dict[str, str]]:
    """A record of distinct hostile texts, one a minute."""
    rng = random.Random(seed)
    return [
        {
            "at": f"2026-11-27T{n // 60:02d}:{n % 60:02d}:00+00:00",
            "kind": ("note", "posted", "touchpoint", "handover", "stage")[n % 5],
            "text": hostile_text(rng, length),
        }
        for n in range(entries)
    ]


def closed(record: list[dict[str, str]]) -> str:
    """Answers at the close (the timeline, the escalation document's and the review's texts all
    hold the record) as the JSON text the page sends."""
    return json.dumps({**FULL, "stage": "closed", "record": record})


def clear_caches() -> None:
    """Forget every escaping and parsing result, as in a fresh tab."""
    for module in (backslashes, escaping, formats, typed):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], dict[str, int]]]:
    """Evaluate a JSON text with fresh caches; return the parses and the characters parsed."""
    work = {"parses": 0, "characters": 0}
    parse = backslashes.PARSER.parse

    def counting(source: str, env: Any = None) -> Any:
        """The parser, counted."""
        work["parses"] += 1
        work["characters"] += len(source)
        return parse(source, env)

    monkeypatch.setattr(backslashes.PARSER, "parse", counting)

    def evaluate(text: str) -> dict[str, int]:
        """The work of one first evaluation of `text`."""
        clear_caches()
        work.update(parses=0, characters=0)
        decision = json.loads(evaluate_json(text, now=NOW))
        assert decision["errors"] == [], decision["errors"]
        return dict(work)

    yield evaluate
    clear_caches()


def test_the_work_grows_in_proportion_to_the_record(parsed: Callable) -> None:
    """Twice the entries (of the same kind of text) cost about twice the parsing, not four
    times; and a record of 10,000 such characters parses at most 64 characters per typed one (a
    line's probes and trials, then the documents' forms: 58 here, 74 without `_inert`'s
    shortcut; any new pass over the texts goes past it)."""
    small = parsed(closed(hostile_record(20, 200)))
    large = parsed(closed(hostile_record(40, 200)))
    assert large["characters"] <= 2.3 * small["characters"], (small, large)
    assert large["parses"] <= 2.3 * small["parses"], (small, large)
    typed = 10_000
    large_record = parsed(closed(hostile_record(typed // 1000, 1000)))
    assert large_record["characters"] <= 64 * typed, large_record


def test_each_entry_is_escaped_once_for_all_three_documents(
    parsed: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The timeline, the escalation document and the review show the same rows: each entry's
    text is escaped once per evaluation, and not again on the next evaluation."""
    record = hostile_record(30, 120)
    escaped: list[str] = []
    cell = escaping.markdown_cell.__wrapped__

    def counting(value: str) -> escaping.Raw:
        """The uncached escaping of one cell, counted."""
        escaped.append(value)
        return cell(value)

    cached = escaping.lru_cache(maxsize=1024)(counting)
    monkeypatch.setattr(escaping, "markdown_cell", cached)
    monkeypatch.setattr("decision_tool.documents.markdown_cell", cached)
    parsed(closed(record))
    before = len(escaped)
    again = json.loads(evaluate_json(closed(record), now=NOW))
    assert len(escaped) == before
    texts = [entry["text"] for entry in again["record"]]  # as checked (trailing spaces go)
    assert sorted(value for value in escaped if value in texts) == sorted(texts)


def test_the_shortcut_never_changes_a_backslash(monkeypatch: pytest.MonkeyPatch) -> None:
    """`_inert` answers some trials of `sites` without parsing: every line of hostile text is
    escaped exactly as the trials alone escape it, in every format and in a table cell."""
    rng = random.Random(11)
    soup = [*HOSTILE, *"\\!&<>|[]();#*_`~@:/. -=+aZ09", "\\|", "&x", "](<a>)", "<#", "< "]
    lines = ["".join(rng.choice(soup) for _ in range(rng.randint(1, 20))) for _ in range(600)]

    def escaped() -> list[str]:
        """Every line as each format and a cell write it, from fresh caches."""
        clear_caches()
        return [
            out
            for line in lines
            for out in (
                *(escaping.markdown(line, fmt) for fmt in ("markdown", "slack", "text")),
                escaping.markdown_cell(line),
            )
        ]

    shortcut = escaped()
    monkeypatch.setattr(backslashes, "_inert", lambda *args: False)
    assert escaped() == shortcut
    clear_caches()
