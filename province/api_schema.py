"""The OpenAPI schema says what the API answers: every operation documents the error answers it can give, all in
the one ``Error`` shape of ``province.restapi``. A postprocessing hook adds them from what each operation is (its
method, path parameters, paging, request body), so an app's new endpoints are covered without decorating them;
responses an operation declares itself keep their description and get the ``Error`` body."""

from typing import Any

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
