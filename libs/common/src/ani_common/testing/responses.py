"""Every 2xx JSON body a suite receives must match the response schema its route declares in OpenAPI.

Several routes build their JSON by hand (stored read-model bytes, orjson-serialised dataclasses) while
``response_model``/``responses`` only document it; nothing else would notice the two drifting apart.
:class:`ResponseSchemaValidator` is an ``httpx`` response event hook: it finds the route the application itself
routes the request to, takes the schema of the answer's status from the application's own ``app.openapi()``
(OpenAPI 3.1, i.e. JSON Schema 2020-12; ``$ref``s resolve inside the document) and validates the body with
``jsonschema``. A mismatch fails the test with the route, the status and the schema error.

Only JSON bodies are checked (``application/json`` and ``+json``); others, and responses of requests sent with the
:data:`NO_RESPONSE_VALIDATION` extension (for a streaming JSON body the test must not read whole), are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import httpx
import orjson
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]  # no stubs in the workspace
from jsonschema.exceptions import best_match  # type: ignore[import-untyped]  # no stubs in the workspace

__all__ = ["NO_RESPONSE_VALIDATION", "ResponseSchemaError", "ResponseSchemaValidator"]

#: ``client.get(url, extensions=NO_RESPONSE_VALIDATION)``: the body is not read nor validated (streaming bodies).
NO_RESPONSE_VALIDATION: dict[str, Any] = {"ani.no_response_validation": True}
_OPT_OUT = "ani.no_response_validation"
_PARAMETER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\}")


class ResponseSchemaError(AssertionError):
    """A 2xx JSON body does not match the schema its route declares."""


def _template_pattern(template: str) -> re.Pattern[str]:
    """``/a/{id}/b`` → a pattern for the paths it routes (``{name:path}`` spans segments, as in Starlette)."""
    parts: list[str] = []
    position = 0
    for match in _PARAMETER.finditer(template):
        parts.append(re.escape(template[position : match.start()]))
        parts.append(".+" if match.group(2) == "path" else "[^/]+")
        position = match.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts))


def _is_datetime(value: object) -> bool:
    """RFC 3339 ``date-time`` (jsonschema checks it only with an optional package): a date, ``T``, a time, an
    offset or ``Z``."""
    if not isinstance(value, str):
        return True
    if len(value) < 20 or value[10] not in "Tt":
        return False
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return False
    return parsed.tzinfo is not None


_FORMATS = FormatChecker()
_FORMATS.checks("date-time")(_is_datetime)


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


class ResponseSchemaValidator:
    """``httpx`` response hook validating 2xx JSON bodies against ``app``'s OpenAPI document.

    ``app`` is what the suite serves: a FastAPI application or a fast path in front of one (anything with
    ``openapi()``).
    """

    def __init__(self, app: Any) -> None:
        self._app = app
        self._document: dict[str, Any] | None = None
        self._validators: dict[tuple[str, str, str], Draft202012Validator | None] = {}
        self._compiled: list[tuple[re.Pattern[str], str, set[str]]] | None = None

    def _openapi(self) -> dict[str, Any]:
        if self._document is None:
            self._document = self._app.openapi()
        return self._document

    def _templates(self) -> list[tuple[re.Pattern[str], str, set[str]]]:
        if self._compiled is None:
            self._compiled = [
                (_template_pattern(template), template, {method.upper() for method in item})
                for template, item in self._openapi().get("paths", {}).items()
            ]
        return self._compiled

    def route_of(self, method: str, path: str) -> str | None:
        """The documented route template ``method path`` goes to, or ``None`` (an undocumented route).

        The document lists the routes in the application's routing order, so the first template that matches the
        path and has the method is the route Starlette picks (the first full match, in order)."""
        for pattern, template, methods in self._templates():
            if method in methods and pattern.fullmatch(path):
                return template
        return None

    def _validator(self, method: str, template: str, status: int) -> Draft202012Validator | None:
        key = (method, template, str(status))
        if key in self._validators:
            return self._validators[key]
        document = self._openapi()
        operation = document.get("paths", {}).get(template, {}).get(method.lower())
        if operation is None:
            raise ResponseSchemaError(f"{method} {template} is not in the OpenAPI document")
        responses: Mapping[str, Any] = operation.get("responses", {})
        declared = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
        if declared is None:
            raise ResponseSchemaError(
                f"{method} {template} answered {status}, a status its OpenAPI document does not declare "
                f"(declared: {', '.join(sorted(responses))})"
            )
        media = next((value for name, value in declared.get("content", {}).items() if _is_json(name)), None)
        schema = None if media is None else media.get("schema")
        validator = None
        if schema is not None:
            root = {**schema, "components": document.get("components", {})}
            validator = Draft202012Validator(root, format_checker=_FORMATS)
        self._validators[key] = validator
        return validator

    def check(self, method: str, path: str, status: int, content_type: str, body: bytes) -> None:
        """Raise :class:`ResponseSchemaError` when this answer's JSON body does not match its route's schema."""
        if not 200 <= status < 300 or not body or not _is_json(content_type):
            return
        template = self.route_of(method, path)
        if template is None:
            return  # nothing the application routes (a front answered it): no declared schema to hold it to
        if method == "HEAD":
            return
        validator = self._validator(method, template, status)
        if validator is None:
            raise ResponseSchemaError(f"{method} {template} answered {status} with JSON but declares no JSON schema")
        try:
            value = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise ResponseSchemaError(f"{method} {template} answered {status} with invalid JSON: {exc}") from None
        error = best_match(validator.iter_errors(value))
        if error is not None:
            where = "/".join(str(part) for part in error.absolute_path) or "(the body)"
            raise ResponseSchemaError(
                f"{method} {template} answered {status} with a body that does not match its OpenAPI schema: "
                f"{error.message} at {where} (schema: {'/'.join(str(p) for p in error.absolute_schema_path)})"
            )

    async def __call__(self, response: httpx.Response) -> None:
        request = response.request
        if request.extensions.get(_OPT_OUT):
            return
        if not 200 <= response.status_code < 300 or not _is_json(response.headers.get("content-type", "")):
            return
        body = await response.aread()
        self.check(request.method, request.url.path, response.status_code, response.headers["content-type"], body)
