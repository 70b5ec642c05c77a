"""The OpenAPI schema says what the API answers: every operation documents the error answers it can give, all in
the one ``Error`` shape of ``province.restapi``. A postprocessing hook adds them from what each operation is (its
method, path parameters, paging, request body), so an app's new endpoints are covered without decorating them;
responses an operation declares itself keep their description and get the ``Error`` body."""

from typing import Any

from drf_spectacular.contrib.django_filters import DjangoFilterExtension

ERROR = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every error answer of the API (province.restapi).",
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status, repeated."},
        "code": {
            "type": "string",
            "description": "invalid, parse_error, not_authenticated, authentication_failed, permission_denied, "
            "not_found, conflict, method_not_allowed, not_acceptable, unsupported_media_type, throttled.",
        },
        "detail": {"type": "string", "description": "What went wrong, in the caller's language."},
        "errors": {
            "type": "object",
            "description": "Field → messages: nested fields joined by dots, list items by index; "
            "non_field_errors for the request as a whole. Empty when no field is to blame.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["status", "code", "detail", "errors"],
}
DESCRIPTIONS = {
    "400": "The request breaks what this schema states (field → messages in errors).",
    "403": "Not logged in on this agency, or the caller's role may not do this.",
    "404": "No such object among those the caller may see, or no such page.",
    "409": "Well formed, but refused by the agency's current data: a rule of the service, or an id that names "
    "nothing (field → messages in errors).",
    "415": "The body's media type is not one the operation reads.",
}
UNSAFE = {"post", "put", "patch", "delete"}


def error_statuses(path: str, method: str, operation: dict) -> list[str]:
    """The error statuses an operation can answer, from what it is."""
    statuses = ["400", "403"]
    paged = any(p.get("name") == "page" and p.get("in") == "query" for p in operation.get("parameters", []))
    if "{" in path or paged:
        statuses.append("404")
    if method in UNSAFE:
        statuses.append("409")
    if "requestBody" in operation:
        statuses.append("415")
    return statuses


def _error_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR}"}}},
    }


def document_errors(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """drf-spectacular postprocessing hook: the ``Error`` component, and the error answers of every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for code in error_statuses(path, method, operation):
                responses.setdefault(code, _error_response(DESCRIPTIONS[code]))
            for code, response in responses.items():
                if code.startswith(("4", "5")) and not response.get("content"):
                    response.update(_error_response(response.get("description") or DESCRIPTIONS.get(code, "")))
    return result


# Request bodies as each media type can really carry them. drf-spectacular gives the three media types a view
# parses (JSON, multipart, urlencoded) one component, but JSON carries no file, and a form carries neither null
# (it would arrive as the text "null") nor a nested object: each media type gets the fields it can carry.
JSON = "application/json"
FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")
REF = "#/components/schemas/"


def _resolve(schemas: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schemas.get(node["$ref"].removeprefix(REF), {})
    if "allOf" in node and len(node["allOf"]) == 1:
        return _resolve(schemas, node["allOf"][0])
    return node


def _is_binary(schemas: dict, prop: dict) -> bool:
    prop = _resolve(schemas, prop)
    return prop.get("format") == "binary" or (
        prop.get("type") == "array" and _resolve(schemas, prop.get("items", {})).get("format") == "binary"
    )


def _is_nested(schemas: dict, prop: dict) -> bool:
    prop = _resolve(schemas, prop)
    if prop.get("type") == "array":
        prop = _resolve(schemas, prop.get("items", {}))
    return prop.get("type") == "object" or "properties" in prop


def _without_null(prop: dict) -> dict:
    prop = {key: value for key, value in prop.items() if key != "nullable"}
    if "oneOf" in prop:
        prop["oneOf"] = [p for p in prop["oneOf"] if p.get("$ref") != f"{REF}NullEnum"]
    return prop


def _json_variant(schemas: dict, component: dict) -> dict | None:
    """The component without its file fields, or None when it has none."""
    files = [name for name, prop in component.get("properties", {}).items() if _is_binary(schemas, prop)]
    return _dropping(component, files) if files else None


def _form_variant(schemas: dict, component: dict, media_type: str) -> dict | bool | None:
    """The component as a form carries it (no null, no nested object; no file in urlencoded); None when the
    component is already so, False when a required field cannot be carried at all."""
    properties = component.get("properties", {})
    dropped = [
        name
        for name, prop in properties.items()
        if _is_nested(schemas, prop) or (media_type != FORMS[0] and _is_binary(schemas, prop))
    ]
    if set(dropped) & set(component.get("required", [])):
        return False
    nullable = [name for name, prop in properties.items() if _without_null(prop) != prop and name not in dropped]
    if not dropped and not nullable:
        return None
    variant = _dropping(component, dropped)
    variant["properties"] = {name: _without_null(prop) for name, prop in variant["properties"].items()}
    return variant


def _dropping(component: dict, names: list[str]) -> dict:
    variant = {**component, "properties": {k: v for k, v in component["properties"].items() if k not in names}}
    if "required" in component:
        variant["required"] = [name for name in component["required"] if name not in names]
    return variant


def _media_schema(schemas: dict, media_type: str, component: dict) -> dict | bool | None:
    if media_type == JSON:
        return _json_variant(schemas, component)
    if media_type in FORMS:
        return _form_variant(schemas, component, media_type)
    return None


SUFFIXES = {JSON: "Json", FORMS[0]: "Multipart", FORMS[1]: "Form"}


def split_request_bodies(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """drf-spectacular postprocessing hook: each request body's media type documents what it can carry."""
    schemas = result.get("components", {}).get("schemas", {})
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
            for media_type in list(content):
                ref = content[media_type].get("schema", {}).get("$ref", "")
                name = ref.removeprefix(REF)
                if not ref or name not in schemas:
                    continue
                variant = _media_schema(schemas, media_type, schemas[name])
                if variant is False and len(content) > 1:
                    del content[media_type]
                elif variant:
                    schemas[f"{name}{SUFFIXES[media_type]}"] = variant
                    content[media_type]["schema"] = {"$ref": f"{REF}{name}{SUFFIXES[media_type]}"}
    return result


class BoundedFilterExtension(DjangoFilterExtension):
    """django-filter's parameters, with the bounds a filter checks (``min_value``/``max_value``, e.g. a year)
    stated as the schema's minimum and maximum."""

    target_class = "province.api_filters.FilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field) -> list[dict]:
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        bounds = {"minimum": filter_field.extra.get("min_value"), "maximum": filter_field.extra.get("max_value")}
        for parameter in parameters:
            parameter["schema"].update({key: value for key, value in bounds.items() if value is not None})
        return parameters
