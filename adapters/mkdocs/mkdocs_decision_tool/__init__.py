"""Build-time MkDocs plugins of the handbook: questionnaire, Pyodide runtime, CSP."""
