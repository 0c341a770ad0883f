"""``/docs``: the app's OpenAPI document as a plain HTML page, with no script at all.

FastAPI's own pages (Swagger UI, ReDoc) load their scripts and fonts from a CDN and start with an
inline script; the review server fetches nothing from outside and allows no inline script, so
the same document is rendered here: each operation with its request body and responses, then
each schema with its fields.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote


def render_docs(spec: dict[str, Any], token: str) -> str:
    title = escape(str(spec.get("info", {}).get("title", "API")))
    info = spec.get("info", {})
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{title}: API</title>",
        '<link rel="stylesheet" href="/static/app.css">',
        '<link rel="icon" href="/static/favicon.svg">',
        '</head><body class="docs"><main>',
        f"<h1>{title} {escape(str(info.get('version', '')))}: API</h1>",
        f"<p>{escape(str(info.get('description', '')))}</p>",
        f'<p><a href="/openapi.json?token={quote(token)}">The OpenAPI document (JSON)</a></p>',
        "<h2>Operations</h2>",
    ]
    for path, methods in spec.get("paths", {}).items():
        for method, operation in methods.items():
            parts.append(_operation(path, method, operation))
    parts.append("<h2>Schemas</h2>")
    for name, schema in spec.get("components", {}).get("schemas", {}).items():
        parts.append(_schema(name, schema))
    parts.append("</main></body></html>")
    return "\n".join(parts)


def _operation(path: str, method: str, operation: dict[str, Any]) -> str:
    anchor = f"{method}-{path}".replace("/", "-")
    rows = [
        f'<section class="op" id="{escape(anchor)}">',
        f"<h3><code>{escape(method.upper())} {escape(path)}</code>: "
        f"{escape(str(operation.get('summary', '')))}</h3>",
    ]
    if operation.get("description"):
        rows.append(f"<p>{escape(str(operation['description']))}</p>")
    body = operation.get("requestBody", {}).get("content", {})
    for content_type, media in body.items():
        rows.append(
            f"<p>Request body (<code>{escape(content_type)}</code>): "
            f"{_type(media.get('schema', {}))}</p>"
        )
    rows.append("<ul>")
    for status, response in operation.get("responses", {}).items():
        schema = next(iter(response.get("content", {}).values()), {}).get("schema", {})
        shown = f": {_type(schema)}" if schema else ""
        rows.append(
            f"<li><code>{escape(str(status))}</code> "
            f"{escape(str(response.get('description', '')))}{shown}</li>"
        )
    rows.append("</ul></section>")
    return "\n".join(rows)


def _schema(name: str, schema: dict[str, Any]) -> str:
    required = set(schema.get("required", ()))
    rows = [
        f'<section class="schema" id="schema-{escape(name)}"><h3>{escape(name)}</h3>',
        f"<p>{escape(str(schema.get('description', '')))}</p>" if schema.get("description") else "",
        "<table><thead><tr><th>field</th><th>type</th><th>required</th><th>description</th>"
        "</tr></thead><tbody>",
    ]
    for field, spec in schema.get("properties", {}).items():
        rows.append(
            f"<tr><td><code>{escape(field)}</code></td><td>{_type(spec)}</td>"
            f"<td>{'yes' if field in required else 'no'}</td>"
            f"<td>{escape(str(spec.get('description', '')))}</td></tr>"
        )
    if "enum" in schema:
        values = ", ".join(escape(str(v)) for v in schema["enum"])
        rows.append(f'<tr><td colspan="4">one of: {values}</td></tr>')
    rows.append("</tbody></table></section>")
    return "\n".join(rows)


def _type(schema: dict[str, Any]) -> str:
    """A schema's type as short HTML: a link to a named schema, ``list of X``, ``X or null``."""
    if "$ref" in schema:
        name = escape(schema["$ref"].rsplit("/", 1)[-1])
        return f'<a href="#schema-{name}">{name}</a>'
    if "anyOf" in schema:
        return " or ".join(_type(option) for option in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if "enum" in schema:
        return "one of " + ", ".join(f"<code>{escape(str(v))}</code>" for v in schema["enum"])
    if "const" in schema:
        return f"<code>{escape(str(schema['const']))}</code>"
    return escape(str(schema.get("type", "any")))
