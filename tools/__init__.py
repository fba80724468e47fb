"""What the tests, `make bench` and `make preview` share: nginx, browsers, the page drivers."""

from pathlib import Path

#: The repository's root (the MkDocs project that is built and served).
REPO = Path(__file__).resolve().parent.parent
