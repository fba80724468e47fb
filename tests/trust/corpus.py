"""Hostile and clumsy answers, typed into the questionnaire by the end-to-end tests.

Each case names the form field (the contract's answer key), the value typed, and what must happen:
`error` is the field that must show an error (the contract's `field`), or None when the answer is
accepted; an accepted answer's texts are then checked for escaping (tests/trust/escaping.py).
Values starting with RELATIVE are times: hours from now, typed into a datetime-local input.
`also` sets other fields first (a started_at case clears hours_running unless `also` sets it).
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.trust.escaping import TOKENS
from tools.questionnaire import RELATIVE

PWN = 'data-pwn="1"'  # every markup payload carries it: the page must never create such a node


@dataclass(frozen=True)
class Case:
    """One answer typed into one field, and the outcome the contract requires."""

    field: str
    value: str
    error: str | None
    why: str
    recommendation: str | None = None
    also: tuple[tuple[str, str], ...] = ()

    @property
    def id(self) -> str:
        """A readable test id."""
        return f"{self.field}:{self.why}"


def hours_from_now(hours: float) -> str:
    """A corpus value for a datetime field, `hours` from the moment it is typed."""
    return f"{RELATIVE}{hours}"


# Answers that escalate and fill every text: the baseline of the corpus tests.
BASE_ANSWERS: dict[str, str | list[str] | bool] = {
    "hours_running": "5",
    "resolution_in_sight": "no",
    "blocked": [],
    "has_tam": True,
    "severity": "high",
    "call_hours": "1",
    "next_touchpoint": hours_from_now(4),
    **TOKENS,
}


LONG = "A" * 10_000
LONG_WORDS = ("Ticket #1234 *stuck* <b>again</b> @here " * 250)[:10_000]
LONG_VALID_MARKDOWN = ("[x](javascript:alert(1)) ![i](https://evil.example/p.png) " * 70)[:4000]

NAMES_AND_CUSTOMER = [
    # Markup and script in every single-line text field.
    Case("customer", "<script>window.__pwned=1</script>", None, "script tag"),
    Case("engineer", f"<img src=x onerror=window.__pwned=1 {PWN}>", None, "img onerror"),
    Case("manager", f'"><svg onload=window.__pwned=1 {PWN}>', None, "attribute breakout svg"),
    Case(
        "next_engineer",
        f'<iframe {PWN} srcdoc="<script>parent.__pwned=1</script>"></iframe>',
        None,
        "iframe srcdoc",
    ),
    Case("next_manager", f"</textarea></pre><b {PWN}>bold</b>", None, "closing tags"),
    Case("tam", f'<a {PWN} href="javascript:window.__pwned=1">TAM</a>', None, "javascript link"),
    # Slack mentions and Markdown links in names.
    Case("engineer", "@here", None, "at-here"),
    Case("manager", "<!channel>", None, "slack special mention"),
    Case("next_engineer", "<@U024BE7LH> and <#C024BE7LR>", None, "slack user and room refs"),
    Case("next_manager", "@everyone please look", None, "at-everyone"),
    Case("tam", "Sam @channel", None, "at-channel"),
    Case("customer", "[Acme](https://evil.example/login)", None, "markdown link"),
    Case("engineer", "![x](https://evil.example/p.png)", None, "markdown image"),
    Case("manager", "<https://evil.example> <a@evil.example>", None, "autolinks"),
    Case("customer", "Acme *Corp* _Ltd_ **Inc** `x`", None, "emphasis"),
    # (v3) Typed emphasis and code are markup in Slack, Markdown and html alike; a Slack handle
    # and @all ping someone on GitLab and GitHub: neutralised in the Markdown texts.
    Case("tam", "Tom *TAM* _on call_ `tam-1`", None, "typed emphasis and code"),
    Case("engineer", "@akim", None, "a Slack handle"),
    Case("manager", "@all hands", None, "at-all"),
    Case("next_engineer", "*(urgent)* john_smith_2 __init__ 5*3*2", None, "emphasis edges"),
    Case("next_engineer", "# Heading", None, "heading syntax"),
    Case("next_manager", "- list item", None, "list syntax"),
    Case("tam", "> quoted", None, "quote syntax"),
    Case("customer", "Ünïcödé GmbH & Co. KG &amp; &lt;x&gt;", None, "ampersands and entities"),
    # Other scripts, emoji, apostrophes.
    Case("customer", "🚒 Fire Brigade 👩‍🚒", None, "emoji"),
    Case("engineer", "Łukasz Żółć", None, "polish"),
    Case("manager", "山田太郎", None, "japanese"),
    Case("next_engineer", "محمد عبد الله", None, "arabic"),
    Case("next_manager", "Ελένη Παπαδοπούλου", None, "greek"),
    Case("tam", "Zoë O'Brien-Smith", None, "apostrophe"),
    # Control characters and bidirectional overrides (refused in single-line fields).
    Case("customer", "Acme\u0007Corp", "customer", "bell control character"),
    Case("engineer", "Bob\u001b[31m", "engineer", "escape sequence"),
    Case("manager", "Eve\u202eresu", "manager", "right-to-left override"),
    Case("tam", "\u2066isolate\u2069", "tam", "bidi isolate"),
    # Too long: the contract's limits are 120 (customer) and 80 (names).
    Case("customer", LONG, "customer", "10000 characters"),
    Case("engineer", LONG, "engineer", "10000 characters"),
    Case("customer", "C" * 120, None, "exactly 120 characters"),
]

FREE_TEXT = [
    Case(
        "summary",
        f"<script>window.__pwned=1</script>\n<img src=x onerror=window.__pwned=1 {PWN}>",
        None,
        "script and img",
    ),
    Case(
        "latest_update",
        f"<style>*{{display:none}}</style><div {PWN}>x</div>",
        None,
        "style block",
    ),
    Case("tried", "{{ 7*7 }} ${7*7} {% raw %} #{7*7}", None, "template injection"),
    Case(
        "tried",
        f"<svg/onload=window.__pwned=1 {PWN}><script>window.__pwned=1</script>",
        None,
        "svg and script",
    ),
    Case("next_steps", f"<details open ontoggle=window.__pwned=1 {PWN}>", None, "details toggle"),
    Case(
        "blocked_detail",
        f"<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1 {PWN}>",
        None,
        "mutation xss",
    ),
    Case(
        "summary",
        "# Heading\n- item\n> quote\n1. one\n**bold** _em_ `code`\n<b>raw</b>",
        None,
        "markdown block syntax",
    ),
    Case("tried", "Setext\n===\nline\\\nnext\n***", None, "setext heading and hard break"),
    Case("next_steps", "[link][ref]\n\n[ref]: https://evil.example", None, "reference link"),
    Case("latest_update", "<b>raw html</b> &amp; &lt;entity&gt; &copy;", None, "html entities"),
    Case("blocked_detail", "@here the renewal is blocked <!everyone>", None, "broadcast mentions"),
    # (v3) GFM strikes through between single tildes; typed markup; mentions; bare URLs.
    Case("summary", "pinned to version ~1.2~, H~2~O", None, "GFM strikethrough"),
    Case("impact", "~~gone~~ ~x~ a ~ b ~~~", None, "tilde runs"),
    Case(
        "latest_update",
        "*Urgent*: `git push` fails for _all_ john_smith repos",
        None,
        "typed emphasis and code",
    ),
    Case(
        "next_steps",
        "ask @jane.doe and @all; see https://gitlab.example.com/@channel/p",
        None,
        "mentions and a URL",
    ),
    Case("tried", "see https://x.example/a_b_'<b>x</b> and www.x.example/_y_", None, "bare URLs"),
    Case("latest_update", "price is \u202e01$ now", None, "RLO allowed in free text"),
    Case("summary", "tab\there\r\nwindows line\nlast", None, "tab and CRLF"),
    Case("summary", "line1\u0008line2", "summary", "backspace control character"),
    Case("next_steps", "ok\u0000", "next_steps", "NUL character"),
    Case("tried", LONG_WORDS, "tried", "10000 characters"),
    Case("blocked_detail", LONG_VALID_MARKDOWN, None, "4000 characters of links"),
]

LINKS = [
    Case("ticket_url", "javascript:window.__pwned=1", "ticket_url", "javascript URL"),
    Case("ticket_url", "JaVaScRiPt:alert(1)", "ticket_url", "javascript URL mixed case"),
    Case(
        "escalation_doc_url",
        "data:text/html,<script>window.__pwned=1</script>",
        "escalation_doc_url",
        "data URL",
    ),
    Case("escalation_doc_url", "file:///etc/passwd", "escalation_doc_url", "file URL"),
    Case("ticket_url", "ftp://files.example.com/x", "ticket_url", "ftp URL"),
    Case(
        "ticket_url",
        "https://support.example.com/tickets/1?a=<b>",
        "ticket_url",
        "raw markup is not a URL",
    ),
    Case(
        "ticket_url",
        "https://support.example.com/tickets/12345?a=*x*&b=_y_&c=@here#[z](w)",
        None,
        "mentions and markdown in query",
    ),
    Case(
        "escalation_doc_url",
        "https://docs.example.com/d/1)](https://evil.example)",
        None,
        "markdown breakout in path",
    ),
    # Issue 18 (contract v3): links shown exactly as typed, punycode included (markdown-it showed
    # these with a Cyrillic a, with U+0080, and as https:///) ...
    Case("ticket_url", "https://xn--pypal-4ve.com/login", None, "punycode host as typed"),
    Case("ticket_url", "https://xn--a/", None, "broken punycode label as typed"),
    Case("escalation_doc_url", "https://xn--/", None, "empty punycode label as typed"),
    Case("ticket_url", "https://p\u0430ypal.com/", None, "host in Cyrillic letters: a warning"),
    # ... a mention inside a link left alone (a zero-width space sent it elsewhere) ...
    Case(
        "ticket_url",
        "https://gitlab.example.com/@channel/project/-/issues/1",
        None,
        "mention inside a URL",
    ),
    # ... and links that read as one host and go to another refused.
    Case("ticket_url", "https://a@b/", "ticket_url", "userinfo"),
    Case(
        "escalation_doc_url",
        "https://support.example.com@evil.example/",
        "escalation_doc_url",
        "userinfo that reads as a host",
    ),
    Case("ticket_url", "https://good.example\u2003@evil.example/", "ticket_url", "em space"),
    Case("ticket_url", "https://good.example\u00a0@evil.example/", "ticket_url", "no-break space"),
    Case(
        "ticket_url", "https://good.example\u3000@evil.example/", "ticket_url", "ideographic space"
    ),
    Case("ticket_url", "https://good.example\u3164@evil.example/", "ticket_url", "hangul filler"),
    Case("escalation_doc_url", "https://good.example/\u115f", "escalation_doc_url", "U+115F"),
    Case("escalation_doc_url", "https://good.example/\u1160", "escalation_doc_url", "U+1160"),
    Case("escalation_doc_url", "https://good.example/\uffa0", "escalation_doc_url", "U+FFA0"),
    Case("ticket_url", "https://good.example/\u2800x", "ticket_url", "braille blank"),
    Case("slack_room", "#Has Spaces", "slack_room", "room with spaces"),
    Case("slack_room", "general", "slack_room", "room without #"),
    Case("slack_room", "#" + "a" * 81, "slack_room", "room of 81 characters"),
    Case("slack_room", "#ünïcode", "slack_room", "room with accents"),
    Case("slack_room", "#<!channel>", "slack_room", "room with mention"),
    Case("slack_room", "#<script>window.__pwned=1</script>", "slack_room", "room with script"),
    Case("slack_room", "#" + "a" * 80, None, "room of 80 characters"),
    Case("slack_room", "#a_acme-corp_escalation", None, "good room"),
]

NUMBERS_AND_TIMES = [
    Case("hours_running", "-1", "hours_running", "negative hours"),
    Case("hours_running", "721", "hours_running", "over 720 hours"),
    Case("hours_running", "99999999999999999999", "hours_running", "huge hours"),
    Case("hours_running", "1e400", "hours_running", "infinite hours"),
    Case("hours_running", "e", "hours_running", "non-numeric hours"),
    # (v3) Typed hours run with the page's clock: a moment after 3 h were typed, it is past 3 h.
    Case("hours_running", "3", None, "3 hours typed", recommendation="escalate"),
    Case("hours_running", "3.5", None, "3.5 hours", recommendation="escalate"),
    Case("hours_running", "720", None, "720 hours", recommendation="escalate"),
    Case("call_hours", "73", "call_hours", "call over 72 hours"),
    Case("call_hours", "-2", "call_hours", "negative call"),
    Case("started_at", hours_from_now(48), "started_at", "start in the future"),
    Case("started_at", hours_from_now(-5), None, "start 5 hours ago", recommendation="escalate"),
    Case("started_at", hours_from_now(-1), None, "start 1 hour ago", recommendation="continue"),
    Case("started_at", hours_from_now(-800), "started_at", "start 800 hours ago"),
    # The form keeps one of the two: typing a start time clears the hours (the contract's "both
    # given" error cannot be reached from the form; the engine tests cover it).
    Case(
        "started_at",
        hours_from_now(-1),
        None,
        "start typed after hours: the form keeps one",
        recommendation="continue",
        also=(("hours_running", "5"),),
    ),
]

GROUPS: dict[str, list[Case]] = {
    "names": NAMES_AND_CUSTOMER,
    "free_text": FREE_TEXT,
    "links": LINKS,
    "numbers_and_times": NUMBERS_AND_TIMES,
}
CORPUS = [case for cases in GROUPS.values() for case in cases]

# Red-team permalinks (issue 13): the exact JSON text of an `#answers=` link. The page must give
# each the verdict the CLI gives for the same text (decision_tool.evaluate_json).
LINK_TEXTS: dict[str, str] = {
    "object for a choice": '{"hours_running":4,"resolution_in_sight":{"toString":0}}',
    "object for severity": (
        '{"hours_running":4,"resolution_in_sight":"no","severity":{"toString":0,"valueOf":0}}'
    ),
    "object in blocked": (
        '{"hours_running":4,"resolution_in_sight":"no","blocked":["renewal",{"toString":0}]}'
    ),
    "duplicate key": '{"hours_running":1,"resolution_in_sight":"no","hours_running":5}',
    "hours as text": '{"hours_running":"4","resolution_in_sight":"no"}',
    "hours 1e400": '{"hours_running":1e400,"resolution_in_sight":"no"}',
    "name as a number": '{"hours_running":4,"resolution_in_sight":"no","customer":42}',
}

# Permalinks that carry a `now` (issue 18, point 1): the page's clock is the only clock. Opened
# with the page's clock at LINK_CLOCK; each started 9 h before it, and its `now` says 8 h before it
# (one hour in: continue, at the link's frozen clock). The page gives the CLI's verdict for the
# text without its `now` at the page's clock (escalate), and never keeps or passes the `now` on.
LINK_CLOCK = "2026-11-27T11:00:00+00:00"
_STARTED = '"started_at":"2026-11-27T02:00:00+00:00"'
_FROZEN = '"2026-11-27T03:00:00+00:00"'
#: name -> (the link's JSON text, the recommendation the page shows).
CLOCK_LINK_TEXTS: dict[str, tuple[str, str]] = {
    "now 8 h ago": (f'{{{_STARTED},"resolution_in_sight":"no","now":{_FROZEN}}}', "escalate"),
    "now first and twice": (
        f'{{"now":{_FROZEN},{_STARTED},"now":{_FROZEN},"resolution_in_sight":"no"}}',
        "escalate",
    ),
    "now written with an escape": (
        f'{{{_STARTED},"resolution_in_sight":"no","\\u006eow":{_FROZEN}}}',
        "escalate",
    ),
    # The rest of the text keeps the CLI's verdict: the repeated key is still an error.
    "now beside a repeated key": (
        f'{{{_STARTED},"resolution_in_sight":"no","now":{_FROZEN},"resolution_in_sight":"no"}}',
        "",
    ),
}

# Far-off and foreign-digit dates (issue 18, point 6; contract v3 "Time input"): the JSON text of
# a link or a CLI input, and the field whose error it must give (never "please report").
DATE_TEXTS: dict[str, tuple[str, str]] = {
    "arabic-indic year": (
        '{"started_at":"\u0662\u0660\u0662\u0666-12-07T08:00:00Z","resolution_in_sight":"no"}',
        "started_at",
    ),
    "fullwidth year": (
        '{"hours_running":4,"resolution_in_sight":"no","next_touchpoint":"\uff12\uff10\uff12\uff16-12-07T18:00:00Z"}',
        "next_touchpoint",
    ),
    "mathematical digits": (
        '{"hours_running":4,"resolution_in_sight":"no","shift_ends_at":"\U0001d7d0\U0001d7ce\U0001d7d0\U0001d7d4-12-07T18:00:00Z"}',
        "shift_ends_at",
    ),
    "year 9999 in Kiritimati": (
        '{"hours_running":4,"resolution_in_sight":"no","next_touchpoint":"9999-12-31T21:00:00Z",'
        '"customer_timezone":"Pacific/Kiritimati"}',
        "next_touchpoint",
    ),
    "shift end in year 1": (
        '{"hours_running":4,"resolution_in_sight":"no","shift_ends_at":"0001-01-01T00:00:00Z"}',
        "shift_ends_at",
    ),
    "just before year 10000 UTC": (
        '{"hours_running":4,"resolution_in_sight":"no","next_touchpoint":"9999-12-31T23:59:59-00:30"}',
        "next_touchpoint",
    ),
    "start in 1969": (
        '{"started_at":"1969-12-31T23:00:00Z","resolution_in_sight":"no"}',
        "started_at",
    ),
}

# Values that froze the tab when written into the form (issue 13, point 3): one over its field's
# limit, one over the engine's size limit for a whole document (kept under Chromium's 2 MB URL).
COMBINING_SUMMARY = "a" + "\u0301" * 40_000
MIXED_SCRIPTS = ("Latin text שלום עולם mixed " * 50_000)[:1_100_000]
