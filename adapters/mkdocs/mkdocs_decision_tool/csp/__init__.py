"""The `csp` MkDocs plugin: a strict Content-Security-Policy meta tag in every built page."""
