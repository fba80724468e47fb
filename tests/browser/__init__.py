"""End-to-end tests of the questionnaire page in Chromium."""
