"""Links (contract v3, issue 18): shown exactly as typed in every text and form, punycode
included; refused when they read as one target and go to another; mentions inside them left
alone."""

from __future__ import annotations

import pytest

from decision_tool import evaluate
from decision_tool.escaping import markdown
from tests.engine.helpers import FULL, errors_of, ok
from tests.trust.escaping import link_texts, read_html

#: URLs that markdown-it's link-text normalising turned into something else (issue 18, point 2).
AS_TYPED = [
    "https://xn--pypal-4ve.com/login",  # was shown with a Cyrillic a (U+0430)
    "https://xn--a/",  # was shown with U+0080
    "https://xn--/",  # was shown as https:///
    "HTTPS://XN--PYPAL-4VE.COM/Login",
    "https://tickets.example.com/a%20b?q=%41",  # percent escapes stay escaped
]


def visible(html: str) -> str:
    """What a reader sees of an HTML fragment."""
    return "".join(read_html(html).parts)


def texts_with(field: str, url: str) -> dict[str, dict[str, str]]:
    """The texts of a full escalation that show `field`, made with `url` as that answer."""
    base = ok(FULL).to_dict()["templates"]
    decision = ok({**FULL, field: url}).to_dict()
    return {
        tid: template
        for tid, template in decision["templates"].items()
        if FULL[field] in base[tid]["text"]
    }


@pytest.mark.parametrize("field", ["ticket_url", "escalation_doc_url"])
@pytest.mark.parametrize("url", AS_TYPED)
def test_a_url_is_shown_exactly_as_typed_in_every_form(field: str, url: str) -> None:
    """Slack and plain text, Markdown once rendered, and the HTML's visible text: as typed."""
    shown = texts_with(field, url)
    assert shown, "no text shows the link"
    for tid, template in shown.items():
        assert url in visible(template["html"]), (tid, template["html"])
        assert "\x80" not in template["html"] and "https:///" not in template["html"]
        if template["format"] == "markdown":
            assert url in link_texts(template["text"]), (tid, template["text"])
        else:
            assert url in template["text"], (tid, template["text"])


def test_a_host_in_non_ascii_letters_is_a_warning_naming_its_punycode() -> None:
    """`https://p\u0430ypal.com/` (a Cyrillic a): accepted, as typed, with a warning."""
    url = "https://p\u0430ypal.com/"
    decision = ok({**FULL, "ticket_url": url})
    found = [w.message for w in decision.warnings if w.field == "ticket_url"]
    assert len(found) == 1 and "xn--pypal-4ve.com" in found[0], decision.warnings
    assert url in decision.templates["managers_touch_base"].text


@pytest.mark.parametrize(
    ("url", "punycode"),
    [
        ("https://例え.jp/チケット", "xn--r8jz45g.jp"),
        ("https://Bücher.example/", "xn--bcher-kva.example"),
        ("https://p\u0430ypal\u3002com/", "xn--pypal-4ve.com"),  # an ideographic full stop is a dot
    ],
)
def test_the_warning_names_the_form_browsers_go_to(url: str, punycode: str) -> None:
    """Lower case, each non-ASCII label as `xn--`, the dots browsers read as dots."""
    decision = ok({**FULL, "escalation_doc_url": url})
    found = [w.message for w in decision.warnings if w.field == "escalation_doc_url"]
    assert len(found) == 1 and punycode in found[0], found


def test_an_ascii_host_gets_no_warning() -> None:
    """Punycode typed as punycode is what the browser goes to: nothing to warn about."""
    decision = ok({**FULL, "ticket_url": "https://xn--pypal-4ve.com/login"})
    assert [w for w in decision.warnings if w.field == "ticket_url"] == []


HIDDEN_TARGETS = [
    ("https://a@b/", "user name"),
    ("https://support.example.com@evil.example/", "evil.example"),
    ("https://user:secret@tickets.example.com/1", "user name"),
    ("https://good.example\u2003@evil.example/", "U+2003"),
    ("https://good.example\u00a0@evil.example/", "U+00A0"),
    ("https://good.example\u3000@evil.example/", "U+3000"),
    ("https://good.example\u3164@evil.example/", "U+3164"),
    ("https://good.example/\u115f", "U+115F"),
    ("https://good.example/\u1160", "U+1160"),
    ("https://good.example/\uffa0", "U+FFA0"),
    ("https://good.example/\u2800x", "U+2800"),
    ("https://good.example/a\u2009b", "U+2009"),
    ("https://good.example/a\u202fb", "U+202F"),
    ("https://good.example/a b", "a space"),
]


@pytest.mark.parametrize("field", ["ticket_url", "escalation_doc_url"])
@pytest.mark.parametrize(("url", "named"), HIDDEN_TARGETS)
def test_a_link_that_hides_its_target_is_an_error_at_its_field(
    field: str, url: str, named: str
) -> None:
    """Userinfo, every Unicode space and the blank letters: an error naming what to remove."""
    errors = errors_of({**FULL, field: url})
    assert list(errors) == [field], errors
    assert named in errors[field], errors[field]


MENTION_URL = "https://gitlab.example.com/@channel/project/-/issues/1"


def test_a_mention_inside_a_url_field_is_left_alone() -> None:
    """No zero-width space inside the link in the Slack texts, the Markdown or the HTML."""
    decision = ok({**FULL, "ticket_url": MENTION_URL}).to_dict()
    shown = 0
    for tid, template in decision["templates"].items():
        assert "\u200b" not in template["text"], (tid, template["text"])
        if "/project/-/issues/1" in template["text"]:
            shown += 1
            assert MENTION_URL in template["text"] or MENTION_URL in link_texts(template["text"])
            assert MENTION_URL in visible(template["html"])
    assert shown >= 3


def test_a_url_in_prose_keeps_its_mention_and_the_prose_is_still_neutralised() -> None:
    """In typed text the URL is as typed; a mention next to it, in the prose, notifies no one."""
    summary = f"see {MENTION_URL} and tell @channel, @here"
    decision = ok({**FULL, "summary": summary}).to_dict()
    slack = decision["templates"]["managers_touch_base"]
    assert f"see {MENTION_URL} and tell @\u200bchannel, @\u200bhere" in slack["text"]
    assert markdown(summary) == f"see {MENTION_URL} and tell @\u200bchannel, @\u200bhere"


@pytest.mark.parametrize(
    "prose",
    ["https://@here", "https://x@here/a", "http://x.example/ @everyone", "www.x.example/@all"],
)
def test_a_mention_that_only_looks_like_part_of_a_url_is_neutralised(prose: str) -> None:
    """No host before it, userinfo, a space before it, or no scheme: the mention is prose."""
    assert "@\u200b" in markdown(prose)


def test_evaluate_never_raises_on_a_broken_punycode_host() -> None:
    """`xn--` labels that decode to nothing valid are shown as typed, never a failure."""
    for url in ("https://xn--a/", "https://xn--/", "https://xn--zz-/", "https://xn--ls8h.la/"):
        assert evaluate({**FULL, "ticket_url": url}, now="2026-11-27T10:00:00Z").errors == ()
