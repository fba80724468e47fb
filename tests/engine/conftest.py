"""Fixtures of the engine tests."""

from __future__ import annotations

import pytest

from decision_tool.policy import Policy, load_policy


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The package's policy."""
    return load_policy()
