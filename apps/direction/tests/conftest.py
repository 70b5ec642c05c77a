import pytest

from apps.documents.tests.factories import make_person
from apps.people.access import Person
from apps.people.models import Position, Role
from apps.people.tests.factories import MembershipFactory, UnitFactory

# The real SMTP server the accounts tests use (aiosmtpd, as ./ops/up runs it), for the reminder e-mails.
from province.accounts.tests.conftest import mail, smtp_server  # noqa: F401


def leader_with_post(name: str, rank: int, **membership) -> Person:
    """A leader holding a leadership post: the lowest rank in the agency makes the agency's leadership
    (apps.people.access.agency_leaders), as Giám đốc does."""
    post = Position.objects.get_or_create(name=name, defaults={"is_leadership": True, "rank": rank})[0]
    return Person.for_user(MembershipFactory(roles=[Role.LEADER], position=post, **membership).user)


@pytest.fixture
def director(alpha) -> Person:
    return leader_with_post("Giám đốc", 10)


@pytest.fixture
def deputy_head(alpha) -> Person:
    """A leader who is not of the agency's leadership (Phó Trưởng phòng)."""
    return leader_with_post("Phó Trưởng phòng", 30)


@pytest.fixture
def unit(alpha):
    return UnitFactory(name="Phòng Tổng hợp")


@pytest.fixture
def leader(alpha):
    """A leader of the agency (Giám đốc: the highest post, so the agency's leadership)."""
    director = Position.objects.get_or_create(name="Giám đốc", defaults={"is_leadership": True, "rank": 10})[0]
    membership = MembershipFactory(unit=UnitFactory(name="Ban Giám đốc"), roles=[Role.LEADER], position=director)
    return Person.for_user(membership.user)


@pytest.fixture
def head(unit):
    """The head of the unit (a leadership post, the leader role)."""
    position = Position.objects.get_or_create(name="Trưởng phòng", defaults={"is_leadership": True, "rank": 20})[0]
    membership = MembershipFactory(unit=unit, roles=[Role.LEADER], position=position)
    return Person.for_user(membership.user)


@pytest.fixture
def specialist(unit):
    return make_person(Role.SPECIALIST, unit=unit)
