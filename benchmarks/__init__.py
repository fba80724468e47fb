"""`make bench`: time the questionnaire page against a bare and a plain Pyodide page in Chromium."""
