"""Tests of the Pyodide folder the decision-tool plugin lays into the site, and its failures."""
