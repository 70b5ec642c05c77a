"""Agencies found by what a clerk types (documents.search.find_agencies): names with or without accents, the
abbreviations of agency names (UBND, HĐND, UBMTTQ, Sở …), an agency's own abbreviation, and codes."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.core import agency_search as search
from province.directory.models import DirectoryEntry

DIRECTORY = [
    ("000.00.00.H19", "Ủy ban nhân dân tỉnh Đồng Nai"),
    ("000.00.01.H19", "Văn phòng Ủy ban nhân dân tỉnh Đồng Nai"),
    ("000.00.02.H19", "Sở Nội vụ tỉnh Đồng Nai"),
    ("000.00.03.H19", "Sở Khoa học và Công nghệ tỉnh Đồng Nai"),
    ("000.00.04.H19", "Hội đồng nhân dân tỉnh Đồng Nai"),
    ("000.00.05.H19", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đồng Nai"),
    ("000.00.06.H19", "Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai"),
    ("000.00.00.H20", "UBND tỉnh Bình Dương"),
    ("000.00.00.G09", "Bộ Nội vụ"),
    ("000.00.00.G22", "Văn phòng Chính phủ"),
    ("000.00.10.G22", "Cục Kiểm soát thủ tục hành chính"),
]


@pytest.fixture
def directory(db) -> None:
    DirectoryEntry.objects.bulk_create(DirectoryEntry(code_102=code, name=name) for code, name in DIRECTORY)


def names(q: str, **kwargs) -> list[str]:
    return [m.name for m in search.find_agencies(q, **kwargs)]


@pytest.mark.parametrize(
    "typed",
    ["UBND tỉnh", "ubnd tinh", "UBND tinh", "Ủy ban nhân dân tỉnh", "uy ban nhan dan tinh", "Uỷ ban nhân dân tỉnh"],
)
def test_ubnd_tinh_finds_the_provincial_peoples_committee_with_or_without_accents(directory, typed):
    found = names(typed)
    # A name starting with the words comes before one holding them further on; a name written with the
    # abbreviation itself is found as well.
    assert set(found) == {
        "Ủy ban nhân dân tỉnh Đồng Nai",
        "UBND tỉnh Bình Dương",
        "Văn phòng Ủy ban nhân dân tỉnh Đồng Nai",
    }, found
    assert found[-1] == "Văn phòng Ủy ban nhân dân tỉnh Đồng Nai"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("HĐND tỉnh", "Hội đồng nhân dân tỉnh Đồng Nai"),
        ("hdnd", "Hội đồng nhân dân tỉnh Đồng Nai"),
        ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đồng Nai"),
        ("ubmttq dong nai", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đồng Nai"),
        ("mặt trận tổ quốc", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Đồng Nai"),
        ("Sở NV", "Sở Nội vụ tỉnh Đồng Nai"),
        ("SNV", "Sở Nội vụ tỉnh Đồng Nai"),
        ("so noi vu", "Sở Nội vụ tỉnh Đồng Nai"),
        ("SKHCN", "Sở Khoa học và Công nghệ tỉnh Đồng Nai"),
        ("skhcn", "Sở Khoa học và Công nghệ tỉnh Đồng Nai"),
        ("SLĐTBXH", "Sở Lao động - Thương binh và Xã hội tỉnh Đồng Nai"),
        ("VPCP", "Văn phòng Chính phủ"),
        ("vpubnd", "Văn phòng Ủy ban nhân dân tỉnh Đồng Nai"),
        ("000.00.02", "Sở Nội vụ tỉnh Đồng Nai"),
        ("H19.02", None),  # the directory rows here have no QĐ 20 code: nothing, and no error
    ],
)
def test_the_abbreviations_clerks_type_find_the_agency(directory, typed, expected):
    found = names(typed)
    if expected is None:
        assert found == []
    else:
        assert found and found[0] == expected, found


def test_an_agency_of_the_deployment_is_found_by_its_own_abbreviation_first(directory, agency_a):
    DirectoryEntry.objects.create(code_102="000.00.77.H20", name="Sở An Lạc tỉnh Bình Dương")
    DirectoryEntry.objects.create(code_102="000.00.91.H20", name="Sở Thử nghiệm Alpha tỉnh Bình Dương")
    # Of two names starting alike, the deployment's own agency comes first.
    assert names("so thu nghiem alpha") == [agency_a.name, "Sở Thử nghiệm Alpha tỉnh Bình Dương"]
    assert names("SAL")[0] == agency_a.name  # Agency.abbreviation SAL; the directory's S… A… L… comes after
    assert names("sal")[0] == agency_a.name
    assert names("Sở Alpha")[0] == agency_a.name  # its short name, "Sở Alpha"
    assert names("SAL", exclude_schemas=(agency_a.schema_name,)) == ["Sở An Lạc tỉnh Bình Dương"]


def test_plain_words_do_not_match_as_initials(directory):
    # "tinh" is a word, not an abbreviation: it must not match T… I… N… H… initials.
    assert search.agency_terms("tinh")[0].initials == ""
    assert search.agency_terms("UBND")[0].initials == "ubnd"
    assert search.agency_terms("snv")[0].initials == "snv"  # no vowel: no Vietnamese syllable spells it
    assert names("noi vu") == ["Bộ Nội vụ", "Sở Nội vụ tỉnh Đồng Nai"]


def test_every_word_must_match_and_short_or_empty_queries_find_nothing(directory):
    assert names("UBND Bình Dương") == ["UBND tỉnh Bình Dương"]
    assert names("ubnd xyzzy") == []
    assert names("") == [] and names("U") == [] and names("   ") == []
    assert names("%_\\'") == []  # LIKE and regex metacharacters are plain text


def test_agency_names_gives_the_names_of_known_codes_only(directory, agency_a):
    known = search.agency_names(["000.00.02.H19", agency_a.code_102, "000.00.99.Z99", "not a code"])
    assert known == {"000.00.02.H19": "Sở Nội vụ tỉnh Đồng Nai", agency_a.code_102: agency_a.name}
    assert agency_a.code_102 not in search.agency_names([agency_a.code_102], exclude_schemas=(agency_a.schema_name,))


def test_the_search_stays_fast_with_a_whole_directory(db):
    """Two queries and well under a tenth of a second with 5,000 directory entries (a province's agencies and
    the national axis's)."""
    DirectoryEntry.objects.bulk_create(
        DirectoryEntry(
            code_102=f"{i // 100:03d}.{i % 100:02d}.50.K{i % 90 + 10:02d}", name=f"Ủy ban nhân dân xã Số {i}"
        )
        for i in range(5000)
    )
    DirectoryEntry.objects.create(code_102="000.00.00.H19", name="Ủy ban nhân dân tỉnh Đồng Nai")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_directoryentry")
    search.find_agencies("UBND tỉnh")  # warm
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        found = search.find_agencies("UBND tỉnh")
    elapsed = time.perf_counter() - started
    assert [m.name for m in found] == ["Ủy ban nhân dân tỉnh Đồng Nai"]
    assert len(queries) == 2
    assert elapsed < 0.25, elapsed
