"""The `decision-tool` MkDocs plugin: the questionnaire, the levels table and their runtime."""
