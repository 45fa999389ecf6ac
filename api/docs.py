"""The API's documentation page: built from its OpenAPI schema, served by the site itself.

No external script or style sheet: the page is the site's own template, under
the same strict Content-Security-Policy as every other page.
"""

from functools import cache

from django.shortcuts import render
from django.utils.translation import get_language
from drf_spectacular.generators import SchemaGenerator


@cache
def schema_for(language):
    """The OpenAPI schema with its texts in ``language`` (built once per language)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def _type_of(schema, node):
    node = _resolve(schema, node)
    if "enum" in node:
        return " | ".join(str(value) for value in node["enum"] if value not in ("", None))
    if node.get("type") == "array":
        return f"[{_type_of(schema, node.get('items', {}))}]"
    if "allOf" in node:
        return _type_of(schema, node["allOf"][0])
    kind = node.get("type", "object")
    return f"{kind} ({node['format']})" if "format" in node else kind


def endpoints(schema):
    """Each operation with its parameters and the fields of what it returns."""
    found = []
    for path, operations in schema["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        parameters = [
            {
                "name": parameter["name"],
                "where": parameter["in"],
                "type": _type_of(schema, parameter.get("schema", {})),
                "description": (parameter.get("description") or "").split("\n")[0],
                "required": parameter.get("required", False),
            }
            for parameter in operation.get("parameters", [])
        ]
        response = operation["responses"].get("200", {})
        body = response.get("content", {}).get("application/json", {}).get("schema", {})
        body = _resolve(schema, body)
        paginated = "results" in body.get("properties", {})
        record = _resolve(schema, body["properties"]["results"]["items"]) if paginated else body
        fields = [
            {
                "name": name,
                "type": _type_of(schema, field),
                "description": _resolve(schema, field).get("description", ""),
            }
            for name, field in record.get("properties", {}).items()
        ]
        found.append(
            {
                "path": path,
                "summary": operation.get("summary", ""),
                "anchor": operation["operationId"],
                "paginated": paginated,
                "parameters": parameters,
                "fields": fields,
            }
        )
    return found


def api_docs(request):
    schema = schema_for(get_language())
    return render(
        request,
        "api/docs.html",
        {"section": "api", "endpoints": endpoints(schema), "version": schema["info"]["version"]},
    )
