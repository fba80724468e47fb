"""The questionnaire as built: a static form from the policy, answerable before any script runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from decision_tool.policy import load_policy
from tools.questionnaire import TOOL_PAGE

PAGE = "emergency-to-escalation/index.html"
PAGE_URL = f"http://site.test/{TOOL_PAGE}"
CHOICE_KINDS = {"radio", "checkboxes"}


@dataclass
class Node:
    """One element of the parsed page."""

    tag: str
    attrs: dict[str, str]
    parent: Node | None
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def ancestors(self) -> list[Node]:
        """Parents, nearest first."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def walk(self) -> list[Node]:
        """This node and every descendant, in document order."""
        nodes = [self]
        for child in self.children:
            nodes += child.walk()
        return nodes

    def has_class(self, name: str) -> bool:
        """Whether the class attribute lists `name`."""
        return name in self.attrs.get("class", "").split()


VOID = {"input", "br", "img", "meta", "link", "hr", "source", "wbr", "area", "base", "col"}


class Tree(HTMLParser):
    """A forgiving element tree of an HTML page (stdlib only)."""

    def __init__(self) -> None:
        """Start with an empty document node."""
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element (void elements close at once)."""
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        """Close the nearest open element with this tag."""
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        """Keep text on the open element and its ancestors."""
        node = self.current
        while node is not None:
            node.text += data
            node = node.parent


@pytest.fixture(scope="module")
def page(built_site: Path) -> Node:
    """The built questionnaire page, parsed."""
    tree = Tree()
    tree.feed((built_site / PAGE).read_text("utf-8"))
    return tree.root


@pytest.fixture(scope="module")
def tool(page: Node) -> Node:
    """The questionnaire's root element (#dt)."""
    found = [n for n in page.walk() if n.attrs.get("id") == "dt"]
    assert len(found) == 1, "exactly one questionnaire on the page"
    return found[0]


def test_the_form_is_raw_html_not_markdown_text(built_site: Path, tool: Node) -> None:
    """Python-Markdown passed the block through: not escaped, not wrapped in a paragraph."""
    html = (built_site / PAGE).read_text("utf-8")
    assert "&lt;div" not in html and "&lt;fieldset" not in html
    assert tool.parent is not None and tool.parent.tag != "p"
    assert [n.tag for n in tool.walk()].count("form") == 1


def test_every_question_is_a_named_field_with_help_and_error_slot(tool: Node) -> None:
    """Each policy question: a control named by its answer key, help and error ids, its kind."""
    nodes = tool.walk()
    ids = {n.attrs["id"] for n in nodes if "id" in n.attrs}
    for question in load_policy().questions:
        key = question.key
        wrappers = [n for n in nodes if n.attrs.get("data-key") == key]
        assert len(wrappers) == 1, key
        assert wrappers[0].attrs["data-kind"] == question.kind
        controls = [n for n in nodes if n.attrs.get("name") == key]
        assert controls, f"no form field named {key!r}"
        assert f"dt-{key}-help" in ids and f"dt-{key}-error" in ids, key
        for control in controls:
            described = control.attrs.get("aria-describedby", "").split()
            assert f"dt-{key}-help" in described, key
        if question.kind in CHOICE_KINDS:
            values = [c.attrs["value"] for c in controls]
            assert values == [o.value for o in question.options], key
            wanted = "radio" if question.kind == "radio" else "checkbox"
            assert {c.attrs["type"] for c in controls} == {wanted}, key
        elif question.kind == "select":
            options = [n.attrs.get("value") for n in controls[0].walk() if n.tag == "option"]
            assert options == ["", *(o.value for o in question.options)], "a 'not chosen' first"
        elif question.kind == "datetime":
            assert controls[0].attrs["type"] == "datetime-local", key
        if question.required:
            required = wrappers[0].walk()
            assert any(n.attrs.get("aria-required") == "true" for n in required), key
            assert any(n.has_class("dt-required") for n in required), key


def test_each_group_links_once_to_its_handbook_section(built_site: Path, tool: Node) -> None:
    """One handbook link per group (never one per question): it resolves, in the built site, to
    the group's section, and names it as the page shows it (policy values filled in)."""
    nodes = tool.walk()
    handbook = [n for n in nodes if n.tag == "a" and n.has_class("dt-handbook")]
    assert len(handbook) == len(load_policy().groups), "one link per group, none per question"
    for group in load_policy().groups:
        box = next(n for n in nodes if n.attrs.get("id") == f"dt-group-{group.id}")
        links = [n for n in box.walk() if n.tag == "a" and n.has_class("dt-handbook")]
        assert len(links) == 1, group.id
        href = links[0].attrs["href"]
        target = urlsplit(urljoin(PAGE_URL, href))
        page_path, _, anchor = group.source.partition("#")
        assert target.fragment == anchor
        assert target.path.rstrip("/").endswith(page_path.removesuffix(".md")), href
        html_file = built_site / target.path.lstrip("/") / "index.html"
        assert html_file.is_file(), f"{href} leads to no page"
        assert f'id="{anchor}"' in html_file.read_text("utf-8"), f"{href}: no #{anchor} there"
        text = links[0].text.strip()
        assert text.startswith("Handbook: ") and len(text) > len("Handbook: "), text
        assert "decision-tool" not in text and "<!--" not in text, text


def test_only_the_decision_questions_are_open_the_rest_is_folded(tool: Node) -> None:
    """The rule above the two questions and the outside factors; every other question sits in a
    folded group (a closed details element) or beside the headline (the judgement call); a
    detail box names the question it belongs to."""
    policy = load_policy()
    nodes = tool.walk()
    by_id = {n.attrs["id"]: n for n in nodes if "id" in n.attrs}
    first = by_id["dt-group-decision"]
    rule = by_id["dt-rule"]
    assert rule in first.walk() and policy.groups[0].intro in " ".join(rule.text.split())
    open_keys = [n.attrs["data-key"] for n in first.walk() if "data-key" in n.attrs]
    assert open_keys == ["hours_running", "started_at", "resolution_in_sight", "blocked",
                         "blocked_detail"]  # fmt: skip
    for group in policy.groups[1:]:
        fold = by_id[f"dt-group-{group.id}"]
        assert fold.tag == "details" and "open" not in fold.attrs, group.id
        assert fold.children[0].tag == "summary" and group.title in fold.children[0].text
    beside = [
        n.attrs["data-key"] for n in by_id["dt-judgement-call"].walk() if "data-key" in n.attrs
    ]
    assert beside == ["judgement", "judgement_reason"]
    details = {
        n.attrs["data-key"]: n.attrs.get("data-detail-of") for n in nodes if "data-key" in n.attrs
    }
    assert details["blocked_detail"] == "blocked" and details["judgement_reason"] == "judgement"
    # The texts follow the steps: no question between the recommendation and the texts heading.
    order = [
        n
        for n in nodes
        if "data-key" in n.attrs or n.attrs.get("id") in {"dt-steps", "texts-to-paste"}
    ]
    steps = order.index(by_id["dt-steps"])
    assert order[steps + 1] is by_id["texts-to-paste"]


def test_every_id_is_unique(page: Node) -> None:
    """No two elements of the tool page share an id: a label, a field link or a screen reader
    would reach the wrong one (the judgement's choices and the box around them once did)."""
    ids = [n.attrs["id"] for n in page.walk() if "id" in n.attrs]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_no_inline_script_style_or_handlers(tool: Node) -> None:
    """The strict CSP allows no inline script, style or event handler: the form has none."""
    for node in tool.walk():
        assert node.tag not in {"script", "style"}
        assert "style" not in node.attrs, node.tag
        assert not [a for a in node.attrs if a.startswith("on")], node.tag


def test_result_area_is_in_place_before_any_script(tool: Node) -> None:
    """Status line, live region with the recommendation element, and the texts section exist."""
    nodes = tool.walk()
    by_id = {n.attrs["id"]: n for n in nodes if "id" in n.attrs}
    assert by_id["dt-status"].attrs.get("role") == "status"
    assert "needs JavaScript" in by_id["dt-status"].text
    verdicts = [n for n in nodes if "data-recommendation" in n.attrs]
    assert len(verdicts) == 1 and verdicts[0].attrs["data-recommendation"] == ""
    assert any(a.attrs.get("aria-live") == "polite" for a in verdicts[0].ancestors())
    assert "dt-retry" in by_id and "hidden" in by_id["dt-retry"].attrs
    assert {"dt-copy-link", "dt-forget", "dt-templates", "dt-warnings", "dt-steps"} <= set(by_id)
    # The table of contents lists the tool's two headings (the generator reads them from here).
    assert by_id["recommendation"].tag == "h3" and by_id["texts-to-paste"].tag == "h3"
