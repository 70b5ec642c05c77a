"""Fixtures of the outgoing tests: the people of a flow in agency alpha (see flow.py)."""

import pytest

from apps.outgoing.tests.flow import Team, make_team
from apps.registers.models import Secrecy


@pytest.fixture
def team(alpha) -> Team:
    return make_team()


@pytest.fixture
def secret_team(alpha) -> Team:
    """The same people, the clerk and the director cleared up to Tối mật."""
    return make_team(clearance=Secrecy.SECRET)
