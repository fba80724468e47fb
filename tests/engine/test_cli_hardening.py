"""The command line exits 0 or 2 whatever the input, the file name or the state of its output
(issue 13, point 5), and refuses oversized input without reading it all (point 8)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.engine.helpers import COMMANDS

ENV = {"LC_ALL": "C", "PATH": "/usr/bin:/bin"}
VALID = b'{"hours_running": 4, "resolution_in_sight": "no"}'
SURROGATE = b'{"hours_running": 4, "resolution_in_sight": "no", "blocked": ["\\ud800"]}'
TIMEOUT = 300  # generous: the machine is shared; a hang must fail, not block the suite


def cli(
    how: str,
    *args: str | bytes,
    stdin: bytes = b"",
    stdout: int | None = subprocess.PIPE,
    stderr: int | None = subprocess.PIPE,
) -> subprocess.CompletedProcess[bytes]:
    """Run the CLI with raw arguments (bytes allowed) and raw standard input."""
    return subprocess.run(
        [*COMMANDS[how], *args],
        input=stdin,
        stdout=stdout,
        stderr=stderr,
        check=False,
        env=ENV,
        timeout=TIMEOUT,
    )


@pytest.fixture(params=sorted(COMMANDS))
def how(request: pytest.FixtureRequest) -> str:
    """Each way of starting the CLI."""
    return request.param


def no_traceback(result: subprocess.CompletedProcess[bytes]) -> None:
    """Exit 0 or 2, and no Python traceback on standard error."""
    assert result.returncode in (0, 2), result.stderr
    assert b"Traceback" not in (result.stderr or b"")


def test_lone_surrogate_echoed_in_text_format(how: str) -> None:
    """`"blocked": ["\\ud800"]`: exit 2, the message shows the escape `\\ud800`."""
    result = cli(how, "evaluate", stdin=SURROGATE)
    no_traceback(result)
    assert result.returncode == 2 and result.stdout == b""
    assert result.stderr.decode("utf-8") == (
        'blocked: "\\ud800" is not one of: renewal, migration, other_initiative.\n'
    )


def test_lone_surrogate_echoed_in_json_format(how: str) -> None:
    """The same in JSON: exit 2, one line of UTF-8 JSON whose message holds `\\ud800` as text."""
    result = cli(how, "evaluate", "--format", "json", stdin=SURROGATE)
    no_traceback(result)
    assert result.returncode == 2
    decision = json.loads(result.stdout.decode("utf-8"))
    assert decision["recommendation"] is None
    assert decision["errors"][0]["field"] == "blocked"
    assert decision["errors"][0]["message"].startswith('"\\ud800" is not one of')


def test_missing_file_whose_name_is_not_utf8(how: str, tmp_path: Path) -> None:
    """A missing file named with a byte that is not UTF-8: exit 2, the byte shown as `\\xff`."""
    name = os.fsencode(tmp_path) + b"/missing-\xff.json"
    result = cli(how, "evaluate", name)
    no_traceback(result)
    assert result.returncode == 2
    message = result.stderr.decode("utf-8")
    assert message == f"decision-tool: cannot read {tmp_path}/missing-\\xff.json: " + (
        "No such file or directory\n"
    )
    result = cli(how, "evaluate", name, "--format", "json")
    no_traceback(result)
    error = json.loads(result.stdout.decode("utf-8"))["errors"][0]
    assert error["field"] is None and "missing-\\xff.json" in error["message"]


def test_existing_file_whose_name_is_not_utf8_is_read(how: str, tmp_path: Path) -> None:
    """Such a name is still a file name: its answers are read and decided."""
    name = os.fsencode(tmp_path) + b"/answers-\xff.json"
    with open(name, "wb") as handle:
        handle.write(VALID)
    result = cli(how, "evaluate", name, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["recommendation"] == "escalate"


def closed_pipe() -> int:
    """The write end of a pipe whose read end is already closed (every write: EPIPE)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    return write_end


@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["evaluate", "--format", "json"], VALID),
        (["evaluate"], VALID),
        (["evaluate", "--format", "json"], SURROGATE),
        (["evaluate", "--help"], b""),
    ],
    ids=["json", "text", "json-invalid", "help"],
)
def test_a_closed_pipe_on_standard_output_is_not_a_crash(
    how: str, args: list[str], stdin: bytes
) -> None:
    """`decision-tool evaluate ... | head -c0`: no BrokenPipeError traceback, exit 0 or 2."""
    write_end = closed_pipe()
    try:
        result = cli(how, *args, stdin=stdin, stdout=write_end)
    finally:
        os.close(write_end)
    no_traceback(result)
    assert b"Exception ignored" not in result.stderr
    if args[-1] != "--help":
        assert result.returncode == 2
        assert result.stderr == b"decision-tool: cannot write the decision to standard output\n"


def in_shell(how: str, redirect: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """Run `decision-tool evaluate` through /bin/sh with a redirection such as `>&-`."""
    command = " ".join(f"'{part}'" for part in COMMANDS[how])
    return subprocess.run(
        ["/bin/sh", "-c", f"exec {command} evaluate --format json {redirect}"],
        input=stdin,
        capture_output=True,
        check=False,
        env=ENV,
        timeout=TIMEOUT,
    )


def test_a_closed_standard_output_is_not_a_crash(how: str) -> None:
    """Standard output closed (`>&-`): exit 2 and a message, no traceback."""
    result = in_shell(how, ">&-", VALID)
    no_traceback(result)
    assert result.returncode == 2
    assert result.stderr == b"decision-tool: cannot write the decision to standard output\n"


def test_a_broken_standard_error_is_not_a_crash(how: str) -> None:
    """Errors go to standard error; when it is a closed pipe, the exit status still says 2."""
    write_end = closed_pipe()
    try:
        result = cli(how, "evaluate", stdin=SURROGATE, stderr=write_end)
    finally:
        os.close(write_end)
    assert result.returncode == 2


def test_a_closed_standard_input_is_an_unreadable_input(how: str) -> None:
    """Standard input closed (`<&-`): exit 2 and a message."""
    result = in_shell(how, "<&-")
    no_traceback(result)
    assert result.returncode == 2
    error = json.loads(result.stdout)["errors"][0]
    assert error["field"] is None and error["message"].startswith("Cannot read -")


def test_input_over_one_megabyte_is_refused(how: str) -> None:
    """1,000,001 bytes on standard input: the document error, exit 2."""
    body = b'{"summary": "' + b"a" * (1_000_001 - 15) + b'"}'
    assert len(body) == 1_000_001
    result = cli(how, "evaluate", "--format", "json", stdin=body)
    no_traceback(result)
    assert result.returncode == 2
    errors = json.loads(result.stdout)["errors"]
    assert [error["field"] for error in errors] == [None]
    assert "too large" in errors[0]["message"]


def test_an_endless_file_is_refused_without_reading_it_all(how: str) -> None:
    """/dev/zero never ends: the CLI stops past 1 MB and says the input is too large."""
    result = cli(how, "evaluate", "/dev/zero")
    no_traceback(result)
    assert result.returncode == 2
    assert result.stderr.startswith(b"error: The answers are too large")


def test_a_one_megabyte_answer_with_a_bom_is_still_read(how: str) -> None:
    """The BOM a Windows editor adds is not counted against the limit."""
    body = b'{"summary": "' + b"a" * (1_000_000 - 15) + b'"}'
    result = cli(how, "evaluate", "--format", "json", stdin=b"\xef\xbb\xbf" + body)
    assert result.returncode == 2
    errors = json.loads(result.stdout)["errors"]
    assert "summary" in [error["field"] for error in errors]


def test_deep_input_is_a_document_error(how: str) -> None:
    """The red team's 2,900 nested lists in summary: the depth error, exit 2."""
    body = b'{"hours_running": 4, "resolution_in_sight": "no", "summary": '
    body += b"[" * 2900 + b"]" * 2900 + b"}"
    result = cli(how, "evaluate", stdin=body)
    no_traceback(result)
    assert result.returncode == 2
    assert result.stderr.startswith(b"error: The answers are nested too deeply")


def test_many_unknown_keys_give_21_lines(how: str) -> None:
    """60,000 unknown keys: 20 lines naming keys, then one counting the rest."""
    extra = ",".join(f'"k{number}":0' for number in range(60_000))
    body = b'{"hours_running":4,"resolution_in_sight":"no",' + extra.encode() + b"}"
    result = cli(how, "evaluate", stdin=body)
    assert result.returncode == 2
    lines = result.stderr.decode("utf-8").splitlines()
    assert [line.split(":")[0] for line in lines[:20]] == [f"k{n}" for n in range(20)]
    assert lines[20].startswith("error: And 59,980 more unknown answer keys")
    assert len(lines) == 21
