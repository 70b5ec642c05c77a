"""The incoming list's filters and order (documents.filters.IncomingFilter), shared by the web list and the API."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from apps.documents.filters import IncomingFilter
from apps.documents.models import IncomingDocument
from apps.documents.tests.factories import RegisteredIncomingFactory, cong_van, default_register, make_person
from apps.people.models import Role
from apps.registers.models import DocumentType, Secrecy, Urgency
from province.directory.models import DirectoryEntry

TODAY = timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def listed(query: str, queryset=None) -> list[str]:
    filters = IncomingFilter(QueryDict(query), queryset=queryset or IncomingDocument.objects.all())
    return [d.subject for d in filters.qs]


@pytest.fixture
def world(alpha):
    clerk = make_person(Role.CLERK, clearance=Secrecy.SECRET)
    decision = DocumentType.objects.get(abbreviation="QĐ")
    ministry = DirectoryEntry.objects.create(code_102="000.00.00.G12", name="Bộ Nội vụ")
    docs = {
        "old": RegisteredIncomingFactory(
            by=clerk, subject="V/v cũ", arrival_date=days_ago(40), issued_date=days_ago(45), due_on=days_ago(10)
        ),
        "urgent": RegisteredIncomingFactory(
            by=clerk, subject="V/v khẩn", urgency=Urgency.FLASH, issued_date=days_ago(3), arrival_date=days_ago(2)
        ),
        "decision": RegisteredIncomingFactory(
            by=clerk,
            subject="V/v quyết định",
            document_type=decision,
            issuer=ministry,
            issued_date=days_ago(9),
            arrival_date=days_ago(1),
            due_on=days_ago(0),
        ),
        "secret": RegisteredIncomingFactory(
            by=clerk,
            subject="V/v mật",
            register=default_register(secret=True),
            secrecy=Secrecy.SECRET,
            issuer="Công an tỉnh Đồng Nai",
            issued_date=days_ago(1),
        ),
    }
    IncomingDocument.objects.filter(pk=docs["urgent"].pk).update(status=IncomingDocument.Status.ASSIGNED)
    return {k: d.subject for k, d in docs.items()}


@pytest.mark.django_db
def test_the_default_order_is_the_newest_arrival_first(world):
    assert listed("") == [world["secret"], world["decision"], world["urgent"], world["old"]]


@pytest.mark.django_db
def test_each_filter_keeps_only_what_it_names(world):
    assert listed(f"register={default_register(secret=True).pk}") == [world["secret"]]
    assert listed(f"document_type={DocumentType.objects.get(abbreviation='QĐ').pk}") == [world["decision"]]
    assert listed("urgency=flash") == [world["urgent"]]
    assert listed("secrecy=secret") == [world["secret"]]
    assert listed("status=assigned") == [world["urgent"]]
    assert set(listed("status=registered")) == {world["old"], world["decision"], world["secret"]}
    assert listed(f"year={days_ago(40).year}")[-1] == world["old"]
    assert listed(f"year={TODAY.year + 1}") == []


@pytest.mark.django_db
def test_the_arrival_range_takes_dd_mm_yyyy_and_includes_both_ends(world):
    query = f"arrival_from={days_ago(2):%d/%m/%Y}&arrival_to={days_ago(1):%d/%m/%Y}"
    assert listed(query) == [world["decision"], world["urgent"]]
    assert listed(f"arrival_to={days_ago(40).isoformat()}") == [world["old"]]


@pytest.mark.django_db
def test_the_issuer_filter_takes_a_name_without_accents_or_an_agency_code(world):
    assert listed("issuer=cong an dong nai") == [world["secret"]]
    assert listed("issuer=BỘ NỘI VỤ") == [world["decision"]]
    assert listed("issuer=000.00.00.G12") == [world["decision"]]
    assert listed("issuer=000.00.00.g12") == [world["decision"]]


@pytest.mark.django_db
def test_filters_combine_with_the_search_box(world):
    assert listed("q=quyet+dinh&issuer=bo+noi+vu") == [world["decision"]]
    assert listed("q=quyet+dinh&urgency=flash") == []


@pytest.mark.django_db
def test_each_sort_goes_both_ways_and_a_missing_due_date_counts_as_no_deadline(world):
    assert listed("ordering=arrival") == [world["old"], world["urgent"], world["decision"], world["secret"]]
    assert listed("ordering=-issued") == [world["secret"], world["urgent"], world["decision"], world["old"]]
    assert listed("ordering=issuer")[0] == world["decision"]  # "Bộ Nội vụ" before "Công an", "Ủy ban"
    due = listed("ordering=due")
    assert due[:2] == [world["old"], world["decision"]]
    assert listed("ordering=-due")[2:] == [world["decision"], world["old"]]


@pytest.mark.django_db
def test_a_wrong_filter_value_is_reported_and_ignored(world):
    filters = IncomingFilter(
        QueryDict("arrival_from=31/02/2026&ordering=subject"), queryset=IncomingDocument.objects.all()
    )
    assert len(filters.qs) == 4
    assert set(filters.errors) == {"arrival_from", "ordering"}
    assert filters.sort == "-arrival"


@pytest.mark.django_db
def test_the_register_choices_are_the_incoming_registers(alpha):
    filters = IncomingFilter(QueryDict(""), queryset=IncomingDocument.objects.all())
    names = {r.name for r in filters.form.fields["register"].queryset}
    assert names == {"Sổ đăng ký văn bản đến", "Sổ đăng ký văn bản đến mật"}
    assert cong_van() in filters.form.fields["document_type"].queryset


@pytest.mark.django_db
def test_every_list_keeps_its_own_sorts_after_the_openapi_schema_built_their_fields(world):
    from apps.outgoing.filters import OutgoingFilter

    # drf-spectacular builds the form fields of the FilterSets' own filters when it writes the schema.
    for filterset in (IncomingFilter, OutgoingFilter):
        filterset.base_filters["ordering"].field  # noqa: B018
    assert listed("ordering=arrival") == [world["old"], world["urgent"], world["decision"], world["secret"]]
    outgoing = OutgoingFilter(QueryDict("ordering=subject"))
    assert not outgoing.errors and outgoing.sort == "subject"
