"""Generate the editor JSON Schemas from the models (EDITORS-AND-USERS.md B7).

Pydantic emits 2020-12-flavoured output; editors (taplo / Even Better TOML,
tombi, JetBrains, SchemaStore) are best served by draft-07. The pass below:

* declares draft-07 ``$schema`` and a stable ``$id``;
* inlines every ``$ref`` (so no ``$ref`` has siblings and no remote ref exists);
* removes ``null`` (TOML has none), ``default: null`` and auto titles;
* drops the OpenAPI ``discriminator`` (``oneOf`` over ``const`` tags stays);
* sets ``additionalProperties`` explicitly on every object;
* adds ``markdownDescription`` (hover text, with default, deprecation and link).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .platforms import PLATFORMS, Platform

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def generate(platform: Platform) -> dict[str, Any]:
    model = platform.model()
    raw = model.model_json_schema(mode="validation", ref_template="#/$defs/{model}")
    defs = raw.pop("$defs", {})
    body = _clean(_inline(raw, defs))
    out: dict[str, Any] = {
        "$schema": DRAFT_07,
        "$id": platform.schema_id,
        "title": platform.filename,
        # tombi reads the file as the TOML version its platform's CLI reads
        # (its default is 1.0, which would flag a valid TOML 1.1 blaxel.toml).
        "x-tombi-toml-version": f"v{platform.toml}",
    }
    out.update({k: v for k, v in body.items() if k != "title"})
    return out


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


CATALOG = "catalog.json"


def catalog() -> dict[str, Any]:
    """Both schemas as a SchemaStore catalog entry list, ready to propose
    upstream (https://github.com/SchemaStore/schemastore, src/api/json/catalog.json)."""
    descriptions = {
        "blaxel": "Blaxel agent, function and job deployment (blaxel.toml): triggers, runtime, env",
        "cerebrium": "Cerebrium app deployment (cerebrium.toml): deployment, hardware, scaling, dependencies",
    }
    return {
        "$schema": "https://json.schemastore.org/schema-catalog.json",
        "version": 1,
        "schemas": [
            {
                "name": platform.filename,
                "description": descriptions[platform.name],
                "fileMatch": [platform.filename],
                "url": platform.schema_url,
            }
            for platform in PLATFORMS.values()
        ],
    }


def write_all(directory: Path) -> list[Path]:
    """Write the JSON Schemas into ``directory`` and, in a source checkout, the
    generated modules the fast path reads (``src/triggercfg/_shape_*.py`` and
    ``_core.py``)."""
    from .models.compile import GENERATED

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for platform in PLATFORMS.values():
        target = directory / platform.schema_filename
        target.write_text(render(generate(platform)), encoding="utf-8", newline="\n")
        written.append(target)
    (directory / CATALOG).write_text(render(catalog()), encoding="utf-8", newline="\n")
    written.append(directory / CATALOG)
    if next(iter(GENERATED)).parent.parent.name == "src":  # never rewrite an installed package
        for target, render_module in GENERATED.items():
            target.write_text(render_module(), encoding="utf-8", newline="\n")
            written.append(target)
    return written


def stale(directory: Path) -> list[tuple[str, str]]:
    """The generated files that differ from the models, each with why
    (``missing`` or ``out of date``): schema files in ``directory``, and the
    package's compiled shapes."""
    from .models.compile import GENERATED

    wanted: list[tuple[Path, Callable[[], str]]] = [
        *((directory / p.schema_filename, lambda p=p: render(generate(p))) for p in PLATFORMS.values()),
        (directory / CATALOG, lambda: render(catalog())),
        *GENERATED.items(),
    ]
    out = []
    for target, expected in wanted:
        if not target.is_file():
            out.append((str(target), "missing"))
        elif target.read_text(encoding="utf-8") != expected():
            out.append((str(target), "out of date"))
    return out


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        merged = dict(_inline(defs[name], defs))
        # Field-level text wins over the class docstring of the referenced model.
        merged.update({k: _inline(v, defs) for k, v in node.items() if k != "$ref"})
        return merged
    return {k: _inline(v, defs) for k, v in node.items()}


_NULL = {"type": "null"}
_LITERAL_KEYWORDS = frozenset({"examples", "default", "const", "enum", "x-doc-default"})


def _clean(node: Any) -> Any:
    if isinstance(node, list):
        return [_clean(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    node.pop("discriminator", None)
    node.pop("title", None)
    if node.get("default", 0) is None:
        del node["default"]
    for key in ("anyOf", "oneOf"):
        if key in node:
            branches = [b for b in node[key] if b != _NULL]
            if len(branches) == 1:
                del node[key]
                node = {**branches[0], **node}
            else:
                node[key] = branches
    for key, value in list(node.items()):
        if key == "properties":  # a map of names to schemas, not a schema
            node[key] = {name: _clean(sub) for name, sub in value.items()}
        elif key not in _LITERAL_KEYWORDS:
            node[key] = _clean(value)
    if node.get("type") == "object" and "additionalProperties" not in node:
        node["additionalProperties"] = True
    _markdown(node)
    return node


def _markdown(node: dict[str, Any]) -> None:
    text = node.get("description")
    doc_default = node.pop("x-doc-default", None)
    deprecation = node.pop("x-deprecation", None)
    link = node.pop("x-link", None)
    if text is None:
        return
    parts = [text]
    if deprecation:
        parts.append(f"**Deprecated:** {deprecation}.")
    if doc_default is not None:
        parts.append(f"Default: `{json.dumps(doc_default)}`.")
    if link:
        parts.append(f"[Documentation]({link})")
        node["x-taplo"] = {"links": {"key": link}}
    node["markdownDescription"] = "\n\n".join(parts)
