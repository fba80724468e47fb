"""The site's Content-Security-Policy as a response header: files the build writes for servers.

One source of truth: `policy.write_site_policy` computes the policy once per build (the hashes of
the built pages' inline scripts) and writes it both into every page's meta tag and, through this
module, into `_deploy/` of the built site, so that a server sends the very same policy as a header:

- `_deploy/csp-header.txt`: the header's value on one line (for any server or proxy);
- `_deploy/nginx-csp.conf`: `add_header Content-Security-Policy "..." always;`, a literal (nginx's
  early errors never see a variable set by `set`), included by deploy/nginx/ (see there).

The header adds `frame-ancestors 'none'`, which a meta tag cannot carry.
"""

from __future__ import annotations

from pathlib import Path

from sitebuild.errors import BuildError

DEPLOY_DIR = "_deploy"
HEADER_FILE = "csp-header.txt"
NGINX_FILE = "nginx-csp.conf"
#: Characters that would end or change an nginx quoted string or put a variable in it (none occurs
#: in a valid policy).
_UNSAFE = frozenset('"\\$\n\r')


def nginx_include(header: str) -> str:
    """The nginx include (server level) that sends `header` as the policy on every response."""
    unsafe = sorted(set(header) & _UNSAFE)
    if unsafe:
        raise BuildError(f"csp: the policy holds {unsafe}, which an nginx include cannot quote")
    return (
        "# Written by the site's build (sitebuild.csp): the policy of every page's meta tag,\n"
        "# plus frame-ancestors. Included in the server block before deploy/nginx/handbook.conf.\n"
        f'add_header Content-Security-Policy "{header}" always;\n'
    )


def write_header_files(site_dir: Path, header: str) -> list[Path]:
    """Write the header value and the nginx include into the built site's `_deploy/`."""
    folder = site_dir / DEPLOY_DIR
    folder.mkdir(parents=True, exist_ok=True)
    text = folder / HEADER_FILE
    text.write_text(header + "\n", encoding="utf-8")
    include = folder / NGINX_FILE
    include.write_text(nginx_include(header), encoding="utf-8")
    return [text, include]
