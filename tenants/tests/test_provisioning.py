import pytest
from django.db import connection
from django_tenants.utils import schema_context

from apps.people.models import Membership, Position, Role, Unit
from tenants.models import Agency, Domain
from tenants.services import AdminSpec, AgencySpec, ProvisioningError, provision_agency
from tenants.validators import validate_abbreviation, validate_code_102, validate_code_qd20
from tests.support.agencies import department


def spec(**overrides) -> AgencySpec:
    return AgencySpec(**{**department(50, "Sở Tư pháp", "Sở Tư pháp", "STP", "stp"), **overrides})


def schema_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_provisioning_creates_schema_domain_defaults_and_first_admin():
    result = provision_agency(spec(admin=AdminSpec("quantri.stp", "Lê Thị Quản Trị", "qt@stp.gov.vn", "Quantri@2026")))
    assert result.created
    agency = result.agency
    assert agency.schema_name == "stp"
    assert Domain.objects.get(tenant=agency).domain == "stp.localhost"
    assert "stp" in schema_names()
    with schema_context("stp"):
        assert Unit.objects.filter(abbreviation="VP").exists()
        assert Position.objects.filter(name="Giám đốc", is_leadership=True).exists()
        admin = Membership.objects.get(user__username="quantri.stp")
        assert admin.roles == [Role.ADMIN]


@pytest.mark.django_db
def test_provisioning_twice_is_idempotent():
    first = provision_agency(spec())
    again = provision_agency(spec())
    assert not again.created
    assert again.agency.pk == first.agency.pk
    assert Agency.objects.filter(code_102="000.00.50.H19").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"code_102": "00.00.50.H19"}, validate_code_102.message),
        ({"code_qd20": "h19.50"}, validate_code_qd20.message),
        ({"abbreviation": "stp"}, validate_abbreviation.message),
        ({"level": "district"}, "district"),
    ],
)
def test_provisioning_refuses_malformed_input_and_creates_nothing(overrides, fragment):
    with pytest.raises(ProvisioningError) as error:
        provision_agency(spec(**overrides))
    assert any(str(fragment) in m for m in error.value.messages)
    assert not Agency.objects.filter(code_qd20="H19.50").exists()
    assert "stp" not in schema_names()


@pytest.mark.django_db
def test_provisioning_refuses_a_taken_domain_or_code(agency_a):
    with pytest.raises(ProvisioningError) as taken_host:
        provision_agency(spec(domain="alpha", schema_name="stp"))
    assert any("alpha.localhost" in m for m in taken_host.value.messages)
    with pytest.raises(ProvisioningError) as taken_code:
        provision_agency(spec(code_102=agency_a.code_102))
    assert any(agency_a.code_102 in m for m in taken_code.value.messages)
    assert "stp" not in schema_names()
    assert not Domain.objects.filter(domain="stp.localhost").exists()
