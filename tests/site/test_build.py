"""The strict build: the guidance keeps every fact of the handbook, drawn from the policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_tool.policy import load_policy
from tests.site.pages import (
    MARKERS,
    built_file,
    page_paths,
    parse,
    read,
    search_entries,
    section,
    toc_label,
)
from tools.questionnaire import TOOL_PAGE

pytestmark = pytest.mark.slow

LEVELS_PAGE = "escalation-levels/"
SECTION_IDS = ("overview", "decision-tool", "mindset", "when-to-start", "touch-base")
SECTION_IDS += ("how-to-start", "expectations")


def hours(value: float) -> str:
    """A number of hours as the prose writes it (3, not 3.0)."""
    return f"{value:g}"


@pytest.fixture(scope="module")
def guidance_html(built_site: Path) -> str:
    """The built Emergency -> Escalation page."""
    return built_file(built_site, TOOL_PAGE).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The visible text of an HTML fragment."""
    return parse(html).text


def test_every_page_is_built(built_site: Path) -> None:
    """Each docs page and the 404 page exist in the strict build, and nothing else is a page."""
    expected = {built_file(built_site, path) for path in page_paths()}
    built = {path for path in built_site.rglob("*.html") if "assets" not in path.parts}
    assert built == expected


def test_guidance_sections_have_stable_ids(guidance_html: str) -> None:
    """Links from the form and from other pages land on the sections by their explicit ids."""
    for anchor in SECTION_IDS:
        assert f'id="{anchor}"' in guidance_html, anchor


def test_questionnaire_comes_right_after_the_overview(guidance_html: str) -> None:
    """Under pressure the form is near the top: after the overview, before the long guidance."""
    assert "decision-tool:questionnaire" not in guidance_html, "the marker was not replaced"
    tool = section(guidance_html, "decision-tool")
    assert "<form" in tool
    order = [guidance_html.index(f'id="{anchor}"') for anchor in ("overview", "decision-tool")]
    order.append(guidance_html.index('id="mindset"'))
    assert order == sorted(order)


def test_mindset_from_reactive_to_proactive(guidance_html: str) -> None:
    """The mindset section says we switch from reactive to proactive."""
    text = text_of(section(guidance_html, "mindset"))
    assert "reactive" in text
    assert "proactive" in text


def test_when_to_start_has_both_questions_with_policy_values(guidance_html: str) -> None:
    """The two questions are in the prose, with the threshold the engine uses."""
    rule = load_policy().rule
    text = text_of(section(guidance_html, "when-to-start"))
    threshold = f"more than {hours(rule.long_running_hours)} hours with no clear resolution"
    assert threshold in text
    assert "no clear resolution in sight" in text
    assert "renewals, migrations, other initiatives" in text
    assert "case" in text  # no fixed checklist: judged case by case


def test_touch_base_in_the_managers_channel_first(guidance_html: str) -> None:
    """Before anything else: a message in the managers' channel, and a manager engages."""
    channels = load_policy().channels
    text = text_of(section(guidance_html, "touch-base"))
    assert channels.managers in text
    assert "first" in text
    assert "manager should be available" in text
    assert "help manage the escalation" in text
    assert "start it together with you" in text


def test_policy_values_read_as_values_in_the_toc_and_the_search_index(
    built_site: Path, guidance_html: str
) -> None:
    """The TOC entry and the search result read "Touch base in #support-managers first", and no
    page or search entry shows a marker of ours (the form's "Handbook:" links quoted it)."""
    title = f"Touch base in {load_policy().channels.managers} first"
    assert toc_label(guidance_html, "touch-base") == title
    entries = search_entries(built_site)
    assert [e["title"] for e in entries if e["location"].endswith("#touch-base")] == [title]
    assert f"Handbook: {title}" in " ".join(entry["text"] for entry in entries)
    for entry in entries:
        assert "decision-tool:" not in entry["title"] + entry["text"], entry["location"]
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not [marker for marker in MARKERS if marker in html], page


def test_how_to_start(guidance_html: str) -> None:
    """Review the levels, create a room for the whole escalation, doc by TAM or by manager."""
    links = load_policy().links
    html = section(guidance_html, "how-to-start")
    text = text_of(html)
    assert f'href="{links.escalation_levels}"' in html
    assert f'href="{links.tam_escalations}"' in html
    assert "Slack room that stays in place for as long as the escalation lasts" in text
    assert "When the customer has a TAM, the TAM starts an escalation document" in text
    assert "no TAM, coordinate with the on-call Support Manager" in text


def test_expectations_role_balance_and_all_six(guidance_html: str) -> None:
    """The role change, where time goes, and each of the six expectations."""
    policy = load_policy()
    html = section(guidance_html, "expectations")
    text = text_of(html)
    assert '"problem solver"' in text
    assert '"problem definer + problem solver"' in text
    assert "Slack room, keeping the ticket up to date, and joining calls" in text
    items = [text_of(item) for item in html.split("<li>")[1:]]
    assert len(items) == 6
    expected = [
        ("assign the emergency ticket to yourself", "links the escalation document and the Slack"),
        ("end of your shift", "next on-call Support Engineer and the next on-call Support Manager"),
        ("Post updates in the Slack room",),
        (f"past the {hours(policy.rule.call_break_hours)}-hour mark", "break", "agree on"),
        ("next touch-point", "never have to open another emergency ticket"),
        ("Dev Escalations", "skills"),
    ]
    for item, facts in zip(items, expected, strict=True):
        for fact in facts:
            assert fact in item, (fact, item)
    assert f'href="{policy.links.dev_escalations}"' in html


def test_guidance_links_to_gitlab_handbook_absolutely(guidance_html: str) -> None:
    """The seed's relative handbook links became absolute links to GitLab's public handbook."""
    hrefs = [element.attrs["href"] for element in parse(guidance_html).find("a")]
    assert not [href for href in hrefs if href.startswith("/handbook")]
    links = load_policy().links
    for url in (links.escalation_levels, links.tam_escalations, links.dev_escalations):
        assert url in hrefs


def test_guidance_meta_description_and_title(built_site: Path) -> None:
    """The front matter's description is the page's meta description; the title is kept."""
    document = read(built_file(built_site, TOOL_PAGE))
    (meta,) = document.find("meta", name="description")
    assert meta.attrs["content"].startswith("When an emergency has outgrown a single call")
    assert "Emergency -&gt; Escalation" in built_file(built_site, TOOL_PAGE).read_text()


def test_guidance_is_tagged_on_call_and_listed_in_the_tags_index(built_site: Path) -> None:
    """The page shows its On-call tag, linking to the tags index, which lists the page."""
    html = built_file(built_site, TOOL_PAGE).read_text(encoding="utf-8")
    tags_nav = html[html.index('<nav class="md-tags"') :]
    tags_nav = tags_nav[: tags_nav.index("</nav>")]
    tag_links = parse(tags_nav).find("a")
    assert [link.attrs["href"] for link in tag_links] == ["../tags/#tag:on-call"]
    assert text_of(tags_nav).strip() == "On-call"
    index = built_file(built_site, "tags/").read_text(encoding="utf-8")
    listing = text_of(section(index, "tag:on-call"))
    assert "Emergency -> Escalation" in listing
    assert "Escalation levels" in listing


def test_levels_table_comes_from_the_policy(built_site: Path) -> None:
    """One row per policy level, in order, with an id of its own and every fact."""
    levels = load_policy().levels
    html = built_file(built_site, LEVELS_PAGE).read_text(encoding="utf-8")
    assert "decision-tool:levels" not in html
    rows = [element.attrs["id"] for element in parse(html).find("tr") if "id" in element.attrs]
    assert rows == [level.anchor for level in levels]
    for level in levels:
        row = html[html.index(f'<tr id="{level.anchor}"') :]
        row_text = text_of(row[: row.index("</tr>")])
        for fact in (level.label, level.when, level.cadence, level.involved, level.dri):
            assert fact in row_text


def test_levels_page_names_room_and_channels(built_site: Path) -> None:
    """The room convention and the open/close post in the escalated customers channel."""
    channels = load_policy().channels
    text = read(built_file(built_site, LEVELS_PAGE)).text
    assert channels.room_pattern in text
    assert f"Post in the {channels.escalated_customers} channel when an escalation opens" in text
    assert "and again when it closes" in text
    assert channels.managers in text


def test_home_page_links_guidance_tool_and_promises_privacy(built_site: Path) -> None:
    """The home page leads to the guidance and the tool, and says nothing typed leaves."""
    document = read(built_file(built_site, ""))
    hrefs = {element.attrs.get("href") for element in document.find("a")}
    assert {"emergency-to-escalation/", "emergency-to-escalation/#decision-tool"} <= hrefs
    assert "Nothing you type leaves your browser" in document.text


@pytest.mark.parametrize("path", page_paths())
def test_no_edit_link(built_site: Path, path: str) -> None:
    """No page offers to edit it: there is no public repository."""
    html = built_file(built_site, path).read_text(encoding="utf-8")
    assert "md-content__button" not in html
    assert "Edit this page" not in html
    assert 'rel="edit"' not in html


@pytest.mark.parametrize("path", page_paths())
def test_no_resource_from_another_host(built_site: Path, path: str) -> None:
    """Scripts, styles, icons, images and frames come from the site itself (relative URLs)."""
    document = read(built_file(built_site, path))
    loaded = [
        (element.tag, element.attrs.get("src") or element.attrs.get("href") or "")
        for element in document.elements
        if element.tag in {"script", "link", "img", "iframe", "source", "video", "audio", "embed"}
        and element.attrs.get("rel") != "canonical"  # a name for search engines, never fetched
    ]
    assert loaded, "the page loads nothing? the parser is broken"
    assert [(tag, url) for tag, url in loaded if "//" in url or ":" in url] == []


def test_stylesheets_fetch_nothing_from_another_host(built_site: Path) -> None:
    """No stylesheet imports or points at another host (fonts, icons)."""
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "url(http" not in text.replace('"', "").replace("'", ""), css
        assert "@import" not in text, css


def test_the_table_of_contents_lists_the_recommendation_and_the_texts(guidance_html: str) -> None:
    """The tool's two headings are in the table of contents, under the tool's section."""
    assert toc_label(guidance_html, "recommendation") == "Recommendation"
    assert toc_label(guidance_html, "texts-to-paste") == "Texts to paste"
    toc = guidance_html[guidance_html.index('aria-label="Table of contents"') :]
    order = [toc.index(f'<a href="#{anchor}" class="md-nav__link">') for anchor in
             ("decision-tool", "recommendation", "texts-to-paste", "mindset")]  # fmt: skip
    assert order == sorted(order)
