"""An API answer in Vietnamese (the default language) carries DRF's messages in Vietnamese too: every message the
fields, relations, paging and exceptions our API uses can give is in locale/vi (province/api_translations.py)."""

import pytest
from django.utils import translation
from django_tenants.utils import schema_context
from rest_framework import exceptions, fields, pagination, relations, serializers, validators

from apps.core.tests.utils import client_as, member
from apps.people.models import Role
from apps.people.tests.factories import PositionFactory, UnitFactory
from province.api_translations import API_MESSAGES

pytestmark = pytest.mark.django_db

# The DRF classes behind our API's answers (the serializers' field types, session authentication, page numbers).
FIELDS = [
    fields.Field,
    fields.CharField,
    fields.EmailField,
    fields.IntegerField,
    fields.DateField,
    fields.ChoiceField,
    fields.ListField,
    fields.FileField,
    relations.PrimaryKeyRelatedField,
    relations.ManyRelatedField,
    serializers.Serializer,
    serializers.ListSerializer,
]
EXCEPTIONS = [
    exceptions.ValidationError,
    exceptions.ParseError,
    exceptions.AuthenticationFailed,
    exceptions.NotAuthenticated,
    exceptions.PermissionDenied,
    exceptions.NotFound,
    exceptions.MethodNotAllowed,
    exceptions.NotAcceptable,
    exceptions.UnsupportedMediaType,
]


def drf_messages() -> list[str]:
    """The English source of every message of those classes (lazy strings, read in English)."""
    with translation.override("en"):
        found = [str(message) for cls in FIELDS for message in cls.default_error_messages.values()]
        found += [str(cls.default_detail) for cls in EXCEPTIONS]
        found += [str(pagination.PageNumberPagination.invalid_page_message)]
        found += [str(validators.UniqueValidator.message), str(validators.UniqueTogetherValidator.message)]
        found += [str(validators.ProhibitSurrogateCharactersValidator.message)]
    return sorted(set(found))


def test_every_drf_message_our_api_can_give_is_in_vietnamese():
    untranslated = []
    for message in drf_messages():
        with translation.override("vi"):
            if translation.gettext(message) == message:
                untranslated.append(message)
    assert untranslated == [], "add them to province/api_translations.py and locale/vi"


def test_the_list_names_drf_s_own_messages_only():
    # A DRF upgrade that rewords a message leaves a dead entry here (and the new wording English above).
    assert set(API_MESSAGES) <= set(drf_messages())


@pytest.fixture
def admin(agency_a):
    return client_as(agency_a, member(agency_a, Role.ADMIN).user)


def refused_unit(client, agency_a) -> dict:
    with schema_context(agency_a.schema_name):
        unit = UnitFactory()
    payload = {"name": "", "abbreviation": "X" * 30, "order": "một", "parent": 987654321987, "is_active": "yes"}
    response = client.patch(f"/api/v1/units/{unit.pk}/", payload, content_type="application/json")
    assert response.status_code == 400
    return response.json()


def test_an_api_answer_in_vietnamese_carries_vietnamese_messages(admin, agency_a):
    body = refused_unit(admin, agency_a)
    assert body["detail"] == "Yêu cầu không hợp lệ."
    assert body["errors"] == {
        "name": ["Trường này không được để trống."],
        "abbreviation": ["Trường này chỉ được có tối đa 20 ký tự."],
        "order": ["Hãy nhập một số nguyên hợp lệ."],
        "parent": ["Mã “987654321987” không hợp lệ: không có đối tượng này."],
        "is_active": ["Phải là true hoặc false."],
    }


def test_a_filter_and_a_page_refused_in_vietnamese(admin):
    assert admin.get("/api/v1/units/", {"page": 99}).json()["detail"] == "Trang không hợp lệ."
    assert admin.get("/api/v1/units/", {"parent": "abc"}).json()["errors"] == {
        "parent": ["Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."]
    }


def test_a_malformed_body_is_summed_up_in_vietnamese(admin):
    body = admin.post("/api/v1/units/", "{not json", content_type="application/json").json()
    assert body["code"] == "parse_error" and body["detail"].startswith("Yêu cầu sai định dạng: JSON parse error")


def test_the_same_answer_in_english_for_who_chose_english(admin, agency_a, settings):
    admin.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = refused_unit(admin, agency_a)
    assert body["errors"]["name"] == ["This field may not be blank."]
    assert body["errors"]["order"] == ["A valid integer is required."]


def test_our_own_serializers_messages_are_in_vietnamese_too(admin, agency_a):
    with schema_context(agency_a.schema_name):
        unit = UnitFactory()
        position = PositionFactory()
    payload = {"unit": unit.pk, "position": position.pk, "roles": ["clerk"], "username": "khong.co.ai"}
    body = admin.post("/api/v1/memberships/", payload, content_type="application/json").json()
    assert body["errors"] == {"username": ["Không có ai mang tên đăng nhập này."]}
    del payload["username"]
    body = admin.post("/api/v1/memberships/", payload, content_type="application/json").json()
    assert body["errors"]["non_field_errors"] == [
        "Hãy cho hoặc username (một người đã có) hoặc new_person (người mới)."
    ]
