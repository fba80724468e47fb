"""`python -m decision_tool` runs the command line."""

from decision_tool.cli import main

raise SystemExit(main())
