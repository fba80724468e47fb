"""Tests that run the engine under the real Pyodide runtime in Node and in Chromium."""
