"""The command line: `decision-tool evaluate [FILE|-] [--format json|text|ics] [--now ISO]`."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from typing import Any

from decision_tool import cli_io, contract, limits
from decision_tool.cli_text import format_decision, format_errors
from decision_tool.engine import calendar_json, evaluate_json, parse_answers
from decision_tool.humanize import number
from decision_tool.model import Decision, Issue
from decision_tool.policy import Policy, Question, load_policy
from decision_tool.timezones import zone_names

EXIT_OK, EXIT_INVALID = 0, 2


def _question_help(question: Question) -> str:
    """One answer key's entry in the help: key, type and range, question and help."""
    choices = ", ".join(f'"{o.value}"' for o in question.options)
    if question.kind == "number":
        kind = f"number, {number(question.min or 0)} to {number(question.max or 0)}"
    elif question.kind == "checkboxes":
        kind = f"list of: {choices}"
    elif question.options:
        kind = f"one of: {choices}"
    else:
        kind = {
            "datetime": "ISO 8601 date-time with offset",
            "checkbox": "true or false",
            "url": f"http(s) link, up to {question.max_length} characters",
        }.get(question.kind, f"text, up to {question.max_length} characters")
        if question.key == "slack_room":
            kind = f"# then 1 to {question.max_length - 1} of a-z 0-9 - _"
        if question.key == "customer_timezone":
            kind = "IANA time zone name, like Europe/Berlin"
    need = "required" if question.required else "optional"
    if question.either:
        need = f"this or {question.either} is required"
    if question.required or question.either:
        need += " unless blocked lists a factor or the judgement calls for an escalation"
    label = question.label if question.label[-1] in ".?!:" else f"{question.label}."
    body = f"{label} {question.help} ({kind}; {need})"
    lines = textwrap.wrap(body, width=76, initial_indent="    ", subsequent_indent="    ")
    return "\n".join([f"  {question.key}", *lines])


def answers_epilog(policy: Policy) -> str:
    """The help's list of every answer key, generated from the policy's questions."""
    entries = [_question_help(q) for q in policy.questions]
    listed = {"stages": contract.STAGES, "kinds": contract.RECORD_KINDS}
    named = {key: ", ".join(f'"{value}"' for value in values) for key, values in listed.items()}
    now, as_of, stage, record = (
        textwrap.fill(text, width=76, initial_indent="    ", subsequent_indent="    ")
        for text in (
            "The moment started_at counts up to (ISO 8601 with offset); overrides --now.",
            "When hours_running was true (ISO 8601 with offset, not after now): the hours at "
            "now are hours_running plus the time since. Absent: the hours are as of now.",
            policy.record.stage_help.format(**named),
            policy.record.record_help.format(**named),
        )
    )
    return "\n".join(
        [
            "answers (one JSON object; unknown keys are errors):",
            *entries,
            "  now",
            now,
            "  hours_as_of",
            as_of,
            "  stage",
            stage,
            "  record",
            record,
            "",
            "exit status: 0 valid answers; 2 invalid answers, invalid JSON, unreadable input or"
            " unwritable output.",
            "example:",
            '  echo \'{"hours_running": 4, "resolution_in_sight": "no", "customer": "Acme"}\' \\',
            "    | decision-tool evaluate --format json",
        ]
    )


def build_parser(policy: Policy) -> argparse.ArgumentParser:
    """The argument parser, with every answer key explained in both help screens."""
    epilog = answers_epilog(policy)
    parser = argparse.ArgumentParser(
        prog="decision-tool",
        description="Should this support emergency become an escalation? Answers in (JSON), "
        "the recommendation, steps and paste-ready texts out.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser(
        "evaluate",
        help="decide from one JSON object of answers",
        description="Read one JSON object of answers from FILE (or standard input) and print "
        "the decision.",
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE|-",
        help="JSON file with the answers; - or nothing for standard input",
    )
    run.add_argument(
        "--format",
        choices=("json", "text", "ics"),
        default="text",
        help="json: exactly the decision object; text (default): for a person; "
        "ics: the calendar file of the moments ahead",
    )
    run.add_argument(
        "--now",
        metavar="ISO",
        help="fix 'now' for started_at and the moments, e.g. 2026-11-27T12:00:00+01:00 "
        "(default: the current time)",
    )
    return parser


def _read(path: str) -> str:
    """The input text, decoded as UTF-8 (a BOM is allowed); raises OSError/ValueError."""
    return cli_io.read_text(path)


def _write(stream: Any, text: str) -> bool:
    """Write UTF-8 text whatever the terminal's locale; False when the stream is closed."""
    return cli_io.write(stream, text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    try:
        args = build_parser(load_policy()).parse_args(argv)
    finally:
        cli_io.settle()
    try:
        text = _read(args.file)
    except cli_io.TooLarge:
        text = None
    except (OSError, ValueError) as exc:
        reason, name = cli_io.unreadable_reason(exc), cli_io.shown_path(args.file)
        message = f"cannot read {name}: {reason}"
        if args.format == "json":
            failed = Decision.failed([Issue(None, f"Cannot read {name}: {reason}.")])
            _write(sys.stdout, json.dumps(failed.to_dict(), ensure_ascii=False) + "\n")
        else:
            _write(sys.stderr, f"decision-tool: {message}\n")
        return EXIT_INVALID
    if text is None:
        result = json.dumps(Decision.failed([limits.too_large()]).to_dict(), ensure_ascii=False)
    elif args.format == "ics":
        return _print_calendar(text, args.now)
    else:
        result = evaluate_json(text, now=args.now)
    decision = json.loads(result)
    if args.format == "json":
        written = _write(sys.stdout, result + "\n")
    elif decision["errors"]:
        _write(sys.stderr, format_errors(decision["errors"]))
        written = True  # the errors go to standard error; the exit status says it all
    else:
        written = _write(sys.stdout, format_decision(decision, load_policy(), _zone(text)))
    if not written:
        _write(sys.stderr, "decision-tool: cannot write the decision to standard output\n")
        return EXIT_INVALID
    return EXIT_INVALID if decision["errors"] else EXIT_OK


def _zone(text: str) -> str | None:
    """The customer's time zone of valid answers (their local time goes beside the touch-point)."""
    name = parse_answers(text)[0].get("customer_timezone")
    return name.strip() if isinstance(name, str) and name.strip() in zone_names() else None


def _print_calendar(text: str, now: str | None) -> int:
    """`--format ics`: the calendar file on stdout (exit 0), or the errors on stderr (exit 2)."""
    calendar = json.loads(calendar_json(text, now=now))
    if calendar["errors"]:
        _write(sys.stderr, format_errors(calendar["errors"]))
        return EXIT_INVALID
    if "BEGIN:VEVENT" not in calendar["ics"]:
        _write(sys.stderr, "decision-tool: no moment ahead: the calendar has no event.\n")
    if not _write(sys.stdout, calendar["ics"]):
        _write(sys.stderr, "decision-tool: cannot write the calendar to standard output\n")
        return EXIT_INVALID
    return EXIT_OK
