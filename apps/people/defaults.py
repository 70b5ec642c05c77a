"""What every new agency starts with: an office unit and the usual positions for its level."""

from tenants.models import Agency

from .models import Position, Unit

OFFICE = ("Văn phòng", "VP")


def default_positions(agency: Agency) -> list[tuple[str, int, bool]]:
    level = agency.level
    return [
        (level.head_title, 10, True),
        (level.deputy_title, 20, True),
        ("Chánh Văn phòng", 30, True),
        ("Phó Chánh Văn phòng", 35, True),
        ("Trưởng phòng", 40, True),
        ("Phó Trưởng phòng", 45, True),
        ("Chuyên viên", 60, False),
        ("Văn thư", 70, False),
    ]


def create_defaults(agency: Agency) -> None:
    """Runs inside the new agency's schema, in the provisioning transaction."""
    Unit.objects.get_or_create(abbreviation=OFFICE[1], defaults={"name": OFFICE[0], "order": 0})
    for name, rank, leadership in default_positions(agency):
        Position.objects.get_or_create(name=name, defaults={"rank": rank, "is_leadership": leadership})
