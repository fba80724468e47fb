"""Tests of the built handbook: pages, facts, CSP, no third parties, accessibility."""
