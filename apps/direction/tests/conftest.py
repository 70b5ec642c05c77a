import pytest

from apps.people.access import Person
from apps.people.models import Position, Role

# The real SMTP server the accounts tests use (aiosmtpd, as ./ops/up runs it), for the reminder e-mails.
from province.accounts.tests.conftest import mail, smtp_server  # noqa: F401


def leader_with_post(name: str, rank: int, **membership) -> Person:
    """A leader holding a leadership post: the lowest rank in the agency makes the agency's leadership
    (apps.people.access.agency_leaders), as Giám đốc does."""
    from apps.people.tests.factories import MembershipFactory

    post = Position.objects.get_or_create(name=name, defaults={"is_leadership": True, "rank": rank})[0]
    return Person.for_user(MembershipFactory(roles=[Role.LEADER], position=post, **membership).user)


@pytest.fixture
def director(alpha) -> Person:
    return leader_with_post("Giám đốc", 10)


@pytest.fixture
def deputy_head(alpha) -> Person:
    """A leader who is not of the agency's leadership (Phó Trưởng phòng)."""
    return leader_with_post("Phó Trưởng phòng", 30)
