"""Bad input never gives a 500: every URL pattern of the agency and province URLconfs, with a NUL byte in each
query parameter a view reads (found in the code), in the form fields and in the path, as a user of each role.

The URLs are found by walking the URLconfs, not listed by hand, so a new page or API endpoint is covered as soon
as it exists; path parameters are filled with the ids of real objects of a test agency."""

import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import django_filters
import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from apps.core.tests.utils import client_as
from apps.documents.tests.factories import RegisteredIncomingFactory, default_register, make_person
from apps.notifications.tests.factories import NotificationFactory
from apps.outgoing.tests.flow import issue, make_team, new_draft, pdf
from apps.people.models import Role
from apps.people.tests.factories import UserFactory
from tenants.models import Agency, AgencyLevel

ROOT = Path(settings.BASE_DIR)
NUL = "\x00"
BAD = "ab\x00cd"  # long enough to be searched for (a lone character may be ignored as too short)
# A named group of a regex pattern, or a converter of a path() route: <int:pk>, <pk>, (?P<pk>[^/.]+)
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>|\(\?P<(?P<group>\w+)>[^)]*\)")


def urls_of(urlconf: str) -> list[tuple[str, object]]:
    """Every URL pattern of ``urlconf`` as a path template (``people/units/<int:pk>/edit/``) and its view."""

    def walk(patterns, prefix: str) -> Iterator[tuple[str, object]]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route, pattern.callback

    return sorted(dict(walk(get_resolver(urlconf).url_patterns, "")).items())


READS = re.compile(r"""(?:GET|query_params)(?:\.get\(|\.getlist\(|\[)\s*["'](\w+)["']""")


def filtersets() -> dict[str, type]:
    def subclasses(cls) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {f.__name__: f for f in subclasses(django_filters.FilterSet)}


def query_parameters(view) -> set[str]:
    """The query parameters ``view`` reads, found in its module's code (``GET.get("q")``, ``query_params…``,
    ``GET["x"]``), with every filter of the FilterSets that module names, and the usual ``page`` and
    ``ordering``."""
    view = getattr(view, "cls", None) or getattr(view, "view_class", None) or view
    source = Path(inspect.getsourcefile(inspect.unwrap(view) if callable(view) else view)).read_text()
    names = {"page", "ordering", "q", *READS.findall(source)}
    for name, filterset in filtersets().items():
        if re.search(rf"\b{name}\b", source):
            names.update(filterset.base_filters)
    return names


def fill(template: str, ids: list[tuple[str, dict[str, object]]], *, bad: str | None = None) -> str:
    """``template`` with its parameters replaced by the id the longest matching prefix of ``ids`` gives (1 when
    none does); the parameter ``bad`` gets a NUL byte instead."""
    values: dict[str, object] = {}
    for prefix, given in sorted(ids, key=lambda item: len(item[0])):
        if template.startswith(prefix):
            values.update(given)

    def value(match: re.Match) -> str:
        name = match.group("name") or match.group("group")
        return "%00" if name == bad else str(values.get(name, 1))

    return "/" + PARAMETER.sub(value, template).replace("\\", "")


def parameters_of(template: str) -> list[str]:
    return [m.group("name") or m.group("group") for m in PARAMETER.finditer(template)]


@pytest.fixture
def agency_objects(alpha) -> tuple[dict[str, object], list[tuple[str, dict[str, object]]]]:
    """People of each role in agency alpha and one object of each kind, by URL prefix."""
    team = make_team()
    admin = make_person(Role.ADMIN)
    incoming = RegisteredIncomingFactory(by=team.clerk, files=[pdf("cong-van.pdf")])
    draft = new_draft(team)
    issued = issue(team)
    step = issued.draft.steps.first()
    membership = team.clerk.memberships[0]
    notification = NotificationFactory(recipient=team.clerk.user)
    people = {"leader": team.head, "clerk": team.clerk, "specialist": team.drafter, "admin": admin}
    unit = team.office
    ids = [
        ("people/", {"pk": membership.pk}),
        ("people/units/", {"pk": unit.pk}),
        ("people/positions/", {"pk": membership.position_id}),
        ("documents/incoming/", {"pk": incoming.pk, "file_pk": incoming.files.first().pk}),
        ("notifications/", {"pk": notification.pk}),
        ("outgoing/drafts/", {"pk": draft.pk, "stage": "review", "file_pk": _draft_file(draft)}),
        ("outgoing/steps/", {"pk": step.pk}),
        ("outgoing/documents/", {"pk": issued.pk}),
        ("registers/", {"pk": default_register().pk, "user_id": team.clerk.user.pk}),
        ("registers/types/", {"pk": incoming.document_type_id}),
        ("api/v1/units/", {"pk": unit.pk}),
        ("api/v1/positions/", {"pk": membership.position_id}),
        ("api/v1/memberships/", {"pk": membership.pk}),
        ("api/v1/document-types/", {"pk": incoming.document_type_id}),
        ("api/v1/registers/", {"pk": default_register().pk}),
        ("api/v1/incoming-documents/", {"pk": incoming.pk}),
        ("api/v1/outgoing-drafts/", {"pk": draft.pk}),
        ("api/v1/outgoing-documents/", {"pk": issued.pk}),
    ]
    return people, ids


def _draft_file(draft) -> int:
    from apps.outgoing.models import DraftFile

    return DraftFile.objects.filter(version__draft=draft).values_list("pk", flat=True).first() or 1


def server_errors(client, url: str, parameters: set[str], who: str, *, one_by_one: bool = True) -> list[str]:
    """Requests ``url`` with a NUL byte in each of ``parameters`` one at a time (``one_by_one``), then in all of
    them at once, in the query and in a form: each answer of 500 or more, described."""
    failures = []
    every = dict.fromkeys(parameters, BAD)
    for name, query in [*((name, {name: BAD}) for name in sorted(parameters) if one_by_one), ("*", every)]:
        status = client.get(url, query).status_code
        if status >= 500:
            failures.append(f"{who}: GET {url}?{name}=%00 → {status}")
    status = client.post(url, every).status_code
    if status >= 500:
        failures.append(f"{who}: POST {url} with NUL in every field → {status}")
    return failures


def test_no_agency_url_answers_a_nul_byte_with_a_server_error(agency_a, agency_objects):
    """Each URL with a NUL in each parameter its view reads and in each path parameter, as a leader, a clerk, a
    specialist and an administrator in turn (each URL sees every role with all its parameters at once)."""
    people, ids = agency_objects
    failures = []
    for i, (template, view) in enumerate(urls_of(settings.ROOT_URLCONF)):
        # Logged in anew for each URL: without the check at the edge, a POST to logout/ would log out.
        clients = [(role, client_as(agency_a, person.user)) for role, person in people.items()]
        url, parameters = fill(template, ids), query_parameters(view)
        for j, (role, client) in enumerate(clients):
            failures += server_errors(client, url, parameters, role, one_by_one=(i + j) % len(clients) == 0)
        for name in parameters_of(template):
            failures += server_errors(clients[i % len(clients)][1], fill(template, ids, bad=name), {"q"}, "path")
    assert not failures, "\n".join(failures)


def test_no_province_url_answers_a_nul_byte_with_a_server_error(db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = client_as(None, admin)
    agency = Agency.objects.exclude(schema_name="public").first()
    ids = [
        ("admin/tenants/agency/", {"object_id": agency.pk}),
        ("admin/tenants/agencylevel/", {"object_id": AgencyLevel.objects.first().pk}),
        ("admin/accounts/user/", {"object_id": admin.pk, "id": admin.pk}),
        ("admin/", {"app_label": "tenants", "url": "x"}),
    ]
    admin_list = {"q", "o", "p", "e", "_changelist_filters", "_popup", "_to_field"}
    failures = []
    for template, view in urls_of(settings.PUBLIC_SCHEMA_URLCONF):
        parameters = query_parameters(view) | (admin_list if template.startswith("admin/") else set())
        failures += server_errors(client, fill(template, ids), parameters, "province administrator")
        for name in parameters_of(template):
            failures += server_errors(client, fill(template, ids, bad=name), {"q"}, "province administrator")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/people/directory/", {"q": NUL}),
        ("/documents/incoming/issuers/", {"q": f"ab{NUL}"}),
        ("/documents/incoming/duplicates/", {"number": "1", "notation": NUL, "issuer_name": "UBND"}),
    ],
)
def test_a_nul_byte_in_a_page_parameter_is_refused_in_vietnamese(agency_a, path, query):
    clerk_leader = make_person_in(agency_a, Role.CLERK, Role.LEADER)
    response = client_as(agency_a, clerk_leader).get(path, query)
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.content.decode()


def test_a_nul_byte_in_an_api_parameter_is_a_structured_error(agency_a):
    clerk = make_person_in(agency_a, Role.CLERK)
    response = client_as(agency_a, clerk).get("/api/v1/registers/usable/", {"kind": NUL})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["errors"]) == ["kind"]


def test_control_characters_in_a_form_are_refused_but_line_breaks_are_kept(agency_a):
    clerk = make_person_in(agency_a, Role.CLERK)
    client = client_as(agency_a, clerk)
    for bad in ("\x01", "\x1b", "\x7f", "\x85", "\x9b"):
        assert client.post("/documents/incoming/register/", {"subject": f"V/v{bad}"}).status_code == 400
    answered = client.post("/documents/incoming/register/", {"subject": "V/v một\r\nhai\tba"})
    assert answered.status_code == 400  # the form's own refusal (fields missing), not the edge's
    assert "ký tự điều khiển" not in answered.content.decode()


def make_person_in(agency, *roles: str):
    from django_tenants.utils import schema_context

    with schema_context(agency.schema_name):
        return make_person(*roles).user


def api_inputs() -> list[tuple[type, type]]:
    """Each API input serializer with the web form that takes the same input."""
    from apps.documents.api.serializers import IncomingRegistrationSerializer
    from apps.documents.forms import IncomingRegistrationForm
    from apps.outgoing.api.serializers import DraftInputSerializer
    from apps.outgoing.forms import DraftForm

    return [(IncomingRegistrationSerializer, IncomingRegistrationForm), (DraftInputSerializer, DraftForm)]


@pytest.mark.parametrize(("serializer", "form"), api_inputs())
def test_every_number_of_the_api_is_bounded_as_the_web_form_bounds_it(serializer, form):
    from rest_framework import serializers

    fields = serializer().fields
    numbers = {
        name: field.child if isinstance(field, serializers.ListField) else field
        for name, field in fields.items()
        if isinstance(getattr(field, "child", field), serializers.IntegerField)
    }
    assert numbers
    unbounded = [name for name, field in numbers.items() if field.min_value is None or field.max_value is None]
    assert not unbounded, f"{serializer.__name__}: numbers without bounds: {unbounded}"
    for name, field in numbers.items():
        twin = form.base_fields.get(name)
        if twin is not None and hasattr(twin, "min_value"):
            assert (field.min_value, field.max_value) == (twin.min_value, twin.max_value), name


def test_the_date_filters_and_the_printed_register_read_the_dates_people_type(agency_a):
    import datetime

    from apps.documents.filters import IncomingFilter
    from apps.registers.exports import parse_range

    form = IncomingFilter({"arrival_from": "2/12/26", "arrival_to": "31/12/2026"}).form
    assert form.is_valid(), form.errors
    assert form.cleaned_data["arrival_from"] == datetime.date(2026, 12, 2)
    printed = parse_range({"from_date": "2/12/26", "to_date": "31/12/26"}, today=datetime.date(2026, 12, 31))
    assert (printed.from_date, printed.to_date) == (datetime.date(2026, 12, 2), datetime.date(2026, 12, 31))
