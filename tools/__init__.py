"""Shared test infrastructure: the static site server and the browser launcher."""
