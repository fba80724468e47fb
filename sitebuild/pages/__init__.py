"""Policy into pages: the questionnaire form, the levels table, policy values, module hints."""
