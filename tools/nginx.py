"""Debian's nginx on 127.0.0.1, serving a built site through deploy/nginx/, with injected faults.

The tests, `make bench` and `make preview` serve the site the way a team deploys it: the same
`deploy/nginx/handbook-http.conf` and `handbook.conf`, the build's `_deploy/nginx-csp.conf`, the
`.br`/`.gz` siblings through `brotli_static`/`gzip_static`. nginx runs as a non-daemon child
process with a temporary prefix (configuration, logs, pid, temp folders), unprivileged: as the
calling user, or as `nobody` when that user is root.

Faults are nginx too: each one is an exact `location = /path` in an included `faults.conf`
(a status, a body served from a faults folder, or a rate limit), applied with a reload
(SIGHUP, what `nginx -s reload` sends) and waited for. The request log is nginx's access log.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from tools import REPO

DEPLOY = REPO / "deploy" / "nginx"
CONFIG_FILES = ("handbook-http.conf", "handbook.conf")
NGINX = Path("/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
CSP_INCLUDE = Path("_deploy/nginx-csp.conf")
GENERATION = "/__faults_generation"
UNPRIVILEGED = "nobody"
START_TIMEOUT_S = 30.0
_UNQUOTABLE = frozenset('"\\$;{} \t\r\n')


@dataclass(frozen=True)
class Fault:
    """A failure injected for one path: an HTTP status, a body served instead, a slow download.

    `Fault(status=404)`: nginx answers 404 (its error page, as for a missing file).
    `Fault(body=b"...")`: these bytes are served (200, same headers and type) instead of the file.
    `Fault(rate=20_000)`: the file (or the body) is sent at most this many bytes per second.
    """

    status: int = 200
    body: bytes | None = None
    rate: int | None = None

    def __post_init__(self) -> None:
        """Refuse what nginx cannot serve as asked."""
        if self.status != 200 and (self.body is not None or self.rate is not None):
            raise ValueError("a fault with a status other than 200 takes no body and no rate")
        if self.rate is not None and self.rate <= 0:
            raise ValueError("a fault's rate is bytes per second, more than 0")


class Faults(MutableMapping[str, Fault]):
    """The faults by URL path; every change is applied to the running nginx before returning."""

    def __init__(self, apply: Callable[[dict[str, Fault]], None]) -> None:
        """Start with no fault; `apply` makes nginx serve a new set."""
        self._faults: dict[str, Fault] = {}
        self._apply = apply

    def __getitem__(self, path: str) -> Fault:
        """The fault of a path."""
        return self._faults[path]

    def __setitem__(self, path: str, fault: Fault) -> None:
        """Inject a fault at a path (a path of the site, starting with a slash)."""
        if not path.startswith("/") or set(path) & _UNQUOTABLE:
            raise ValueError(f"not a plain URL path: {path!r}")
        self._faults[path] = fault
        self._apply(dict(self._faults))

    def __delitem__(self, path: str) -> None:
        """Serve a path normally again."""
        del self._faults[path]
        self._apply(dict(self._faults))

    def __iter__(self) -> Iterator[str]:
        """The faulty paths."""
        return iter(self._faults)

    def __len__(self) -> int:
        """How many paths are faulty."""
        return len(self._faults)

    def clear(self) -> None:
        """Serve every path normally again (one reload)."""
        if self._faults:
            self._faults.clear()
            self._apply({})


class RequestLog(Sequence[str]):
    """The paths (query left out) of the GET requests nginx logged since the last `clear()`."""

    def __init__(self, log: Path) -> None:
        """Read nginx's access log at `log` (one `METHOD URI` line per request)."""
        self._log = log
        self._offset = 0

    def _paths(self) -> list[str]:
        """Every logged GET path since the offset."""
        try:
            with self._log.open("rb") as handle:
                handle.seek(self._offset)
                lines = handle.read().decode("utf-8", "replace").splitlines()
        except FileNotFoundError:
            return []
        paths = []
        for line in lines:
            method, _, uri = line.partition(" ")
            if method == "GET":
                paths.append(uri.split("?", 1)[0])
        return paths

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        """One logged path, or several."""
        return self._paths()[index]

    def __len__(self) -> int:
        """How many GET requests were logged."""
        return len(self._paths())

    def clear(self) -> None:
        """Forget the requests logged so far."""
        self._offset = self._log.stat().st_size if self._log.exists() else 0


@dataclass
class ServerState:
    """What the server serves from, what it must break, and what it was asked for."""

    root: Path
    faults: Faults
    requests: RequestLog


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _quoted(path: Path | str) -> str:
    """A path as an nginx quoted string."""
    text = str(path)
    if set(text) & set('"\\$;{}\r\n'):
        raise ValueError(f"nginx cannot take this path: {text!r}")
    return f'"{text}"'


class NginxServer:
    """Debian's nginx serving `root` on 127.0.0.1 through deploy/nginx/, as a child process."""

    def __init__(self, root: Path, *, port: int | None = None, base_path: str = "/") -> None:
        """Prepare (not start) a server for `root`; a free port is chosen when none is given.

        `base_path` (`/handbook/`): the site is served under that project path, as GitLab Pages
        and many hosts serve a project's site, and nothing is at the root.
        """
        if not (base_path.startswith("/") and base_path.endswith("/")) or set(base_path) & set(
            _UNQUOTABLE
        ):
            raise ValueError(f"a base path starts and ends with a slash: {base_path!r}")
        self.base_path = base_path
        for needed in (NGINX, BROTLI_MODULE, MIME_TYPES):
            if not needed.exists():
                raise RuntimeError(
                    f"{needed} is missing: run `make nginx` "
                    "(apt-get install nginx libnginx-mod-http-brotli-static) first"
                )
        self.root = root.resolve()
        self.port = port or free_port()
        self.prefix = Path(tempfile.mkdtemp(prefix="handbook-nginx-"))
        self.state = ServerState(
            root=self.root,
            faults=Faults(self._apply_faults),
            requests=RequestLog(self.prefix / "access.log"),
        )
        self._generation = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._user = pwd.getpwnam(UNPRIVILEGED) if os.geteuid() == 0 else None

    @property
    def url(self) -> str:
        """The base URL, ending in a slash."""
        return f"http://127.0.0.1:{self.port}{self.base_path}"

    def start(self) -> NginxServer:
        """Write the configuration, start nginx and wait until it answers."""
        for folder in ("conf", "temp", "faults"):
            (self.prefix / folder).mkdir(exist_ok=True)
        if self.base_path != "/":  # the root nginx serves: a folder with the site at the path
            link = self.prefix / "www" / self.base_path.strip("/")
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(self.root, target_is_directory=True)
        for name in CONFIG_FILES:
            shutil.copyfile(DEPLOY / name, self.prefix / "conf" / name)
        self._write_faults({})
        self._write_main_config()
        if self._user is not None:
            self._hand_over_to_unprivileged_user()
        self._check_config()
        with (self.prefix / "stderr.log").open("wb") as stderr:
            self._process = subprocess.Popen(
                [*self._command(), "-g", "daemon off;"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                **self._user_arguments(),
            )
        self._wait_for_generation()
        return self

    def reload(self) -> None:
        """Re-read the configuration (the build's CSP include, faults), as `nginx -s reload`."""
        self._write_main_config()
        self._write_faults(dict(self.state.faults))

    def stop(self) -> None:
        """Stop nginx (fast shutdown) and remove the temporary prefix."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> NginxServer:
        """Start, for a `with` block."""
        return self.start()

    def __exit__(self, *exc: object) -> None:
        """Stop at the end of a `with` block."""
        self.stop()

    def _command(self) -> list[str]:
        """nginx with this server's prefix, configuration and error log."""
        prefix = str(self.prefix)
        conf = str(self.prefix / "conf" / "nginx.conf")
        return [str(NGINX), "-p", prefix + "/", "-c", conf, "-e", prefix + "/error.log"]

    def _user_arguments(self) -> dict[str, int]:
        """Popen's user and group when nginx must not run as root."""
        if self._user is None:
            return {}
        return {"user": self._user.pw_uid, "group": self._user.pw_gid, "extra_groups": []}

    def _hand_over_to_unprivileged_user(self) -> None:
        """Let `nobody` write the prefix and read the site (a clear error when it cannot)."""
        assert self._user is not None
        for path in [self.prefix, *self.prefix.rglob("*")]:
            os.lchown(path, self._user.pw_uid, self._user.pw_gid)
        for folder in [self.root, *self.root.parents]:
            mode = folder.stat().st_mode
            if not mode & 0o001 or (folder == self.root and not mode & 0o004):
                raise RuntimeError(
                    f"nginx runs as {UNPRIVILEGED}, which cannot read {folder}: "
                    "serve a folder that others may read (chmod o+rx)"
                )

    def _write_main_config(self) -> None:
        """The top-level nginx.conf: Debian's types and brotli module, the site, the faults."""
        prefix = self.prefix
        csp = self.root / CSP_INCLUDE
        csp_line = (
            f"include {_quoted(csp)};"
            if csp.is_file()
            else "# the site is not built yet: no Content-Security-Policy header until reload"
        )
        temp = "\n".join(
            f"    {kind}_temp_path {_quoted(prefix / 'temp' / kind)};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        text = f"""# Written by tools/nginx.py for one run; the site's part: deploy/nginx/.
pid {_quoted(prefix / "nginx.pid")};
worker_processes 1;
worker_shutdown_timeout 5s;
load_module {_quoted(BROTLI_MODULE)};
events {{ worker_connections 512; }}
http {{
    include {_quoted(MIME_TYPES)};
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
{temp}
    log_format requests '$request_method $request_uri';
    access_log {_quoted(prefix / "access.log")} requests;
    include {_quoted(prefix / "conf" / "handbook-http.conf")};
    server {{
        listen 127.0.0.1:{self.port};
        server_name 127.0.0.1;
        root {_quoted(self._served_root())};
        {csp_line}
        include {_quoted(prefix / "conf" / "handbook.conf")};
        include {_quoted(prefix / "conf" / "faults.conf")};
    }}
}}
"""
        (prefix / "conf" / "nginx.conf").write_text(text, encoding="utf-8")

    def _served_root(self) -> Path:
        """The folder nginx serves: the site, or the folder holding it at its base path."""
        return self.root if self.base_path == "/" else self.prefix / "www"

    def _write_faults(self, faults: dict[str, Fault]) -> None:
        """Write faults.conf (and the bodies) for a new generation; reload when running."""
        self._generation += 1
        folder = self.prefix / "faults" / str(self._generation)
        blocks = [f'location = {GENERATION} {{ access_log off; return 200 "{self._generation}"; }}']
        for path, fault in sorted(faults.items()):
            lines = []
            if fault.status != 200:
                lines.append(f"return {fault.status};")
            if fault.body is not None:
                target = folder / path.lstrip("/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(fault.body)
                lines.append(f"root {_quoted(folder)};")
            if fault.rate is not None:
                lines.append(f"limit_rate {fault.rate};")
            blocks.append(f'location = "{path}" {{ {" ".join(lines)} }}')
        (self.prefix / "conf" / "faults.conf").write_text("\n".join(blocks) + "\n")
        if self._user is not None:
            for item in [self.prefix / "conf" / "faults.conf", *folder.parent.rglob("*")]:
                os.chown(item, self._user.pw_uid, self._user.pw_gid)
        if self._process is not None:
            self._check_config()
            old_workers = self._workers()
            self._process.send_signal(signal.SIGHUP)
            self._wait_for_generation()
            self._wait_for_old_workers(old_workers)
            for old in (self.prefix / "faults").iterdir():
                if old.name.isdigit() and int(old.name) < self._generation - 1:
                    shutil.rmtree(old, ignore_errors=True)

    def _apply_faults(self, faults: dict[str, Fault]) -> None:
        """Serve this set of faults from now on."""
        self._write_faults(faults)

    def _check_config(self) -> None:
        """`nginx -t` on the configuration; fail with nginx's own message."""
        result = subprocess.run(
            [*self._command(), "-t", "-q"],
            capture_output=True,
            text=True,
            check=False,
            **self._user_arguments(),
        )
        if result.returncode != 0:
            raise RuntimeError(f"nginx refused its configuration:\n{result.stderr}")

    def _wait_for_generation(self) -> None:
        """Wait until new connections are served by the current configuration."""
        deadline = time.monotonic() + START_TIMEOUT_S
        expected = str(self._generation).encode()
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"nginx stopped: {self._error_log()}")
            probe = f"http://127.0.0.1:{self.port}{GENERATION}"
            with contextlib.suppress(OSError), urllib.request.urlopen(probe, timeout=5) as got:
                if got.read() == expected:
                    return
            time.sleep(0.02)
        raise RuntimeError(f"nginx did not serve configuration {expected!r}: {self._error_log()}")

    def _workers(self) -> set[int]:
        """The pids of the master's worker processes now."""
        assert self._process is not None
        master = self._process.pid
        found = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == master:
                    found.add(int(stat.parent.name))
        return found

    def _wait_for_old_workers(self, old: set[int]) -> None:
        """Wait until the old workers stopped accepting: exited, or titled "shutting down".

        Until an old worker handles the master's QUIT it still accepts new connections, with
        the old configuration; then it closes its listening and idle sockets and says so.
        """
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            busy = []
            for pid in old:
                with contextlib.suppress(OSError):
                    title = Path(f"/proc/{pid}/cmdline").read_bytes()
                    if b"shutting down" not in title:
                        busy.append(pid)
            if not busy:
                return
            time.sleep(0.01)
        raise RuntimeError(f"nginx's old workers did not stop accepting: {self._error_log()}")

    def _error_log(self) -> str:
        """The end of nginx's error log."""
        logs = [self.prefix / "stderr.log", self.prefix / "error.log"]
        text = "".join(log.read_text(errors="replace") for log in logs if log.exists())
        return text[-2000:] or "(nothing logged)"


@contextlib.contextmanager
def served_folder(prefix: str, *, base_path: str = "/") -> Iterator[NginxServer]:
    """nginx serving a new, empty folder (one its unprivileged workers may read), removed after.

    Build into `server.state.root`, then `server.reload()` to send the build's CSP header.
    """
    root = Path(tempfile.mkdtemp(prefix=prefix))
    root.chmod(0o755)  # pytest's and mkdtemp's folders are private to their user
    server = NginxServer(root, base_path=base_path).start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    """`make preview`: serve a built site through deploy/nginx/ until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m tools.nginx", description=__doc__)
    parser.add_argument("root", type=Path, help="the built site (site/)")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not (args.root / CSP_INCLUDE).is_file():
        raise SystemExit(f"{args.root} has no {CSP_INCLUDE}: build the site first (make build)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `kill` stops nginx too
    with NginxServer(args.root, port=args.port) as server:
        print(f"Serving {args.root} through deploy/nginx/ at {server.url} (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            while server._process is not None and server._process.poll() is None:
                time.sleep(0.5)


if __name__ == "__main__":
    main()
