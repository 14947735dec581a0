"""The API schema documents every answer an operation can give, errors included.

A drf-spectacular post-processing hook: each operation gains the error responses the API
and the server in front of it return (400 with the field errors, 401, 403, 404, 414), all in
the one error shape, unless the operation documents them itself.
"""

from __future__ import annotations

ERROR = {"$ref": "#/components/schemas/Error"}
FIELD_ERRORS = {
    "type": "object",
    "description": "Each field or parameter to correct, with its messages",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
COMMON = {
    "400": ("A parameter or field could not be read: each one with its messages", True),
    "401": ("Not signed in: send a token (Authorization: Token …) or a session", False),
    "403": ("Signed in, but not allowed to do this", False),
    "404": ("No such record or page, or not one you can see", False),
    "414": ("The address is too long", False),
}


def document_errors(result: dict, generator, request, public) -> dict:
    """Add the error shape and each operation's missing error responses to the schema."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(
        "Error",
        {
            "type": "object",
            "description": "What went wrong, in a sentence",
            "properties": {"detail": {"type": "string"}},
            "required": ["detail"],
        },
    )
    schemas.setdefault("FieldErrors", FIELD_ERRORS)
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for code, (description, field_errors) in COMMON.items():
                if code in responses and "content" in responses[code]:
                    continue
                shape = (
                    {"anyOf": [ERROR, {"$ref": "#/components/schemas/FieldErrors"}]}
                    if field_errors
                    else ERROR
                )
                responses[code] = {
                    "description": responses.get(code, {}).get("description") or description,
                    "content": {"application/json": {"schema": shape}},
                }
    return result
