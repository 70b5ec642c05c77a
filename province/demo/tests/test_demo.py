"""The demo province loads through the services, gives every agency people of every role, lets a person who
belongs to two agencies log in on both hosts, and creates nothing twice when loaded again."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_tenants.utils import schema_context

from apps.people.backends import may_log_in_here
from apps.people.models import Membership, Position, Role, Unit
from province.demo.management.commands.load_demo import load_demo, read_demo, site_url
from province.directory.models import DirectoryEntry
from tenants.models import Agency, Domain

DEMO = read_demo()


def demo_agencies():
    return Agency.objects.filter(code_102__in=[a["code_102"] for a in DEMO["agencies"]])


def snapshot() -> dict:
    counts = {
        "agencies": demo_agencies().count(),
        "domains": Domain.objects.filter(tenant__in=demo_agencies()).count(),
        "users": get_user_model().objects.count(),
        "directory": DirectoryEntry.objects.count(),
    }
    for agency in demo_agencies():
        with schema_context(agency.schema_name):
            counts[agency.schema_name] = (Unit.objects.count(), Position.objects.count(), Membership.objects.count())
    return counts


def load() -> None:
    call_command("load_demo", stdout=io.StringIO())


def test_demo_data_keeps_clear_of_the_session_test_agencies():
    # conftest.TEST_AGENCIES: alpha and beta, provisioned once per test session.
    for spec in DEMO["agencies"]:
        assert spec["code_102"] not in {"000.00.91.H19", "000.00.92.H19"}
        assert spec["code_qd20"] not in {"H19.91", "H19.92"}
        assert spec["domain"] not in {"alpha", "beta"}


@pytest.mark.django_db
def test_demo_province_loads_once_with_every_role_and_a_person_in_two_agencies():
    load()

    agencies = {a.code_102: a for a in demo_agencies().select_related("level", "parent")}
    assert len(agencies) == len(DEMO["agencies"]) >= 6
    province = agencies["000.00.00.H19"]
    assert (province.code_qd20, province.abbreviation, province.level.code) == ("H19", "UBND", "province")
    assert province.primary_host == "ubnd.localhost"
    assert {a.level.code for a in agencies.values()} == {"province", "department", "commune"}
    assert all(a.parent_id == province.pk for a in agencies.values() if a != province)

    for agency in agencies.values():
        with schema_context(agency.schema_name):
            roles = {r for m in Membership.objects.filter(is_active=True) for r in m.roles}
            assert roles >= {Role.ADMIN, Role.CLERK, Role.LEADER, Role.SPECIALIST}, agency.name
            assert Unit.objects.filter(parent__isnull=False).exists(), f"{agency.name} has no nested unit"
            headless = Unit.objects.filter(is_active=True).exclude(
                memberships__is_active=True, memberships__roles__contains=[Role.LEADER]
            )
            assert not headless.exists(), f"{agency.name}: units without a head {list(headless)}"

    User = get_user_model()
    clerk = User.objects.get(username="vanthu.snv")
    assert clerk.full_name == "Phan Thị Thu Hà" and clerk.check_password(DEMO["password"])
    province_admin = User.objects.get(username="admin.tinh")
    assert province_admin.is_staff and may_log_in_here(province_admin)  # on the province host (public schema)

    shared = User.objects.get(username="nguyenvana")
    may_enter = {}
    for agency in agencies.values():
        with schema_context(agency.schema_name):
            may_enter[agency.schema_name] = may_log_in_here(shared)
    assert {schema for schema, ok in may_enter.items() if ok} == {"snv", "stc"}
    with schema_context("snv"):
        assert Membership.objects.get(user=shared).unit.abbreviation == "CCVC"
    with schema_context("stc"):
        assert Membership.objects.get(user=shared).unit.abbreviation == "QLNS"

    assert DirectoryEntry.objects.filter(code_102="000.00.00.G22", name="Văn phòng Chính phủ").exists()

    before = snapshot()
    assert load_demo(DEMO).nothing
    assert snapshot() == before


@pytest.mark.django_db
def test_logins_table_lists_hosts_and_accounts():
    out = io.StringIO()
    call_command("load_demo", "--logins", stdout=out)
    text = out.getvalue()
    assert site_url("ubnd.localhost") in text and site_url("localhost") in text
    for username in ("admin.tinh", "vanthu.snv", "nguyenvana", "quantri.longthanh"):
        assert username in text
    assert DEMO["password"] in text


@pytest.mark.django_db
def test_the_demo_specialist_of_snv_submits_a_draft_to_a_head_of_their_own_unit():
    """Issue 7 B2: chuyenvien.snv (Phòng TCBC) used to meet "Đơn vị soạn thảo chưa có lãnh đạo để duyệt nội dung"."""
    from apps.documents.tests.factories import cong_van
    from apps.outgoing import access as outgoing_access
    from apps.outgoing import services
    from apps.outgoing.inputs import DraftEntry, RecipientSpec
    from apps.outgoing.tests.flow import pdf
    from apps.people.access import Person

    load()
    with schema_context("snv"):
        User = get_user_model()
        specialist = Person.for_user(User.objects.get(username="chuyenvien.snv"))
        signer = User.objects.get(username="giamdoc.snv")
        draft = services.create_draft(
            DraftEntry.of(
                document_type=cong_van(),
                subject="V/v đề xuất biên chế năm 2027",
                signer=signer,
                recipients=[RecipientSpec.place("Sở Tài chính tỉnh Đồng Nai")],
                files=[pdf()],
            ),
            by=specialist,
        )
        assert [m.unit.abbreviation for m in outgoing_access.reviewers_for(draft)] == ["TCBC"]
        draft = services.submit_draft(draft, by=specialist, version=1)
        assert draft.reviewer.username == "truong.tcbc.snv"
