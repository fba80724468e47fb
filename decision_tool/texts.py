"""Jinja2 rendering of the paste-ready texts: CommonMark written once, then each form derived."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2

from decision_tool import escaping
from decision_tool.escaping import Placeholder, Raw
from decision_tool.formats import forms
from decision_tool.model import Text
from decision_tool.policy import Policy, Template
from decision_tool.wording import and_list

#: The context variable that names the text's format: what typed text may become in it.
FORMAT = "text_format"


@jinja2.pass_context
def finalize(context: jinja2.runtime.Context, value: Any) -> str:
    """Escape one printed value for CommonMark unless it is Raw; printing None is a template bug."""
    if value is None:
        raise TypeError("a template printed None: declare the answer in needs, or test it")
    if isinstance(value, Raw):
        return str(value)
    return escaping.markdown(str(value), context.get(FORMAT, "text"))


@jinja2.pass_context
def escaped_and_list(context: jinja2.runtime.Context, items: Any) -> Raw:
    """`a, b and c` with each item escaped on its own: a typed `*` in one item can never pair
    with a `*` typed in another (`*<` as the manager, `<*` as the TAM: no bold between)."""
    return Raw(and_list(finalize(context, item) for item in items))


@lru_cache(maxsize=1)
def template_sources() -> Mapping[str, str]:
    """Every `templates/*.j2` of the package, read once (they stay in memory afterwards)."""
    folder = resources.files("decision_tool").joinpath("templates")
    return {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".j2")
    }


def make_environment() -> jinja2.Environment:
    """The Jinja2 Environment of the texts: StrictUndefined, CommonMark escaping of values."""
    env = jinja2.Environment(
        loader=jinja2.DictLoader(dict(template_sources())),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
        finalize=finalize,
    )
    env.filters["link"] = escaping.markdown_link
    env.filters["and_list"] = escaped_and_list
    return env


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The shared Environment (compiled templates are cached inside it)."""
    return make_environment()


def render(
    template: Template,
    common: Mapping[str, Any],
    answers: Mapping[str, Any],
    policy: Policy,
) -> tuple[Text, list[str]]:
    """Render one text; also return the needed answers that were missing."""
    context = {**common, FORMAT: template.format}
    missing = []
    for key in template.needs:
        if answers.get(key) is None:
            missing.append(key)
            context[key] = Placeholder(f"[{policy.question(key).short}]")
        else:
            context[key] = answers[key]
    for key in template.uses:
        context[key] = answers.get(key)
    if template.audience == "internal":
        context.update(channels=policy.channels, links=policy.links)
    source = environment().get_template(f"{template.id}.j2").render(context).strip("\n")
    shaped = forms(source)
    text = Text(template.title, template.audience, template.format, shaped.of(template.format),
                shaped)  # fmt: skip
    return text, missing
