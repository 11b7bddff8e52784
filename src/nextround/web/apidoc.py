"""The API reference at /docs, built from the app's own OpenAPI schema.

FastAPI's bundled documentation pages load Swagger UI from a CDN; ours is
plain HTML from the same schema, served like every other page, so reading
the docs makes no request outside the machine either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: str
    required: bool
    description: str = ""


@dataclass(frozen=True, slots=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Field] = field(default_factory=list)
    body: list[Field] = field(default_factory=list)
    body_name: str = ""
    returns: str = ""
    responses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        slug = self.path.strip("/").replace("/", "-").replace("{", "").replace("}", "")
        return f"{self.method}-{slug}"


@dataclass(frozen=True, slots=True)
class Group:
    tag: str
    operations: list[Operation]


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def type_of(schema: dict[str, Any]) -> str:
    """A JSON schema as a few words: ``list of Theme``, ``integer or null``."""
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    if "anyOf" in schema:
        return " or ".join(type_of(s) for s in schema["anyOf"])
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    kind = schema.get("type", "any")
    if kind == "array":
        return "list of " + type_of(schema.get("items", {}))
    if kind == "object" and "additionalProperties" in schema:
        extra = schema["additionalProperties"]
        return "map to " + (type_of(extra) if isinstance(extra, dict) else "any")
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    return str(kind)


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        found = components.get(_ref_name(schema["$ref"]), {})
        return found if isinstance(found, dict) else {}
    return schema


def _body(op: dict[str, Any], components: dict[str, Any]) -> tuple[str, list[Field]]:
    content = op.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if not schema:
        return "", []
    resolved = _resolve(schema, components)
    required = set(resolved.get("required", []))
    fields = [
        Field(name, type_of(prop), name in required, prop.get("description", ""))
        for name, prop in resolved.get("properties", {}).items()
    ]
    return type_of(schema), fields


def _returns(op: dict[str, Any]) -> str:
    for code in ("200", "201"):
        content = op.get("responses", {}).get(code, {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        if schema:
            return type_of(schema)
    return ""


def reference(openapi: dict[str, Any]) -> list[Group]:
    """The schema's operations, grouped by tag in the order tags first appear."""
    components = openapi.get("components", {}).get("schemas", {})
    groups: dict[str, list[Operation]] = {}
    for path, item in openapi.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body_name, body = _body(op, components)
            parameters = [
                Field(
                    f"{p['name']} ({p['in']})",
                    type_of(p.get("schema", {})),
                    bool(p.get("required")),
                    p.get("description", ""),
                )
                for p in op.get("parameters", [])
            ]
            operation = Operation(
                method=method.upper(),
                path=path,
                summary=op.get("summary", ""),
                description=op.get("description", ""),
                parameters=parameters,
                body=body,
                body_name=body_name,
                returns=_returns(op),
                responses=[(code, r.get("description", "")) for code, r in op["responses"].items()],
            )
            tag = (op.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(operation)
    return [Group(tag, ops) for tag, ops in groups.items()]
