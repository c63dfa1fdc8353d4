"""Compile the Pydantic models into the shape that the fast path reads.

The models stay the single source of truth. This module (which imports
Pydantic) walks each root model's *core schema* (what pydantic-core actually
validates, after every annotation and constraint has been resolved) and
writes it out as plain Python literals in ``triggercfg/_shape_<platform>.py``. At run
time :mod:`triggercfg.shape` reads that module, so checking a file never
imports Pydantic unless the file breaks the models (then the models explain
how).

``triggercfg schema`` writes the shapes next to the JSON Schemas, and
``triggercfg schema --check`` (and a test) fail when they drift. Node kinds:

``{"t": "table", "name": "Hardware", "fields": {key: {"s": node, "req": bool, "dep": bool}}}``
    a model; unknown keys are allowed (every model allows them).
``{"t": "str" | "int" | "float" | "bool" | "any", ...constraints}``
    strict scalars; constraints are pydantic-core's (``ge``, ``pattern``, ...).
``{"t": "literal", "values": [...]}``, ``{"t": "list", "items": node, ...}``,
``{"t": "dict", "values": node}``, ``{"t": "union", "choices": [...]}``,
``{"t": "tagged", "key": "type", "choices": {tag: node}}``
"""

from __future__ import annotations

import pprint
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from ..platforms import PLATFORMS

_CONSTRAINTS = {
    "str": ("pattern", "min_length", "max_length"),
    "int": ("ge", "gt", "le", "lt"),
    "float": ("ge", "gt", "le", "lt", "allow_inf_nan"),
    "list": ("min_length", "max_length"),
    "dict": ("min_length", "max_length"),
}
#: Keys of a core schema that do not change what it accepts.
_INERT = {"type", "metadata", "ref", "serialization", "strict", "items_schema", "keys_schema", "values_schema"}


class UnsupportedSchema(Exception):
    """The models used something the fast path cannot mirror exactly."""


def compile_model(model: Any) -> dict[str, Any]:
    model.model_rebuild()
    core = model.__pydantic_core_schema__
    definitions: dict[str, Any] = {}
    if core["type"] == "definitions":
        definitions = {d["ref"]: d for d in core["definitions"]}
        core = core["schema"]
    return _Compiler(definitions).node(core)


class _Compiler:
    def __init__(self, definitions: dict[str, Any]) -> None:
        self.definitions = definitions

    def node(self, schema: dict[str, Any]) -> dict[str, Any]:
        kind = schema["type"]
        if kind == "definition-ref":
            return self.node(self.definitions[schema["schema_ref"]])
        if kind in ("default", "nullable"):
            # TOML has no null, and a default only makes the key optional.
            return self.node(schema["schema"])
        if kind == "model":
            return self.model(schema)
        if kind in ("str", "int", "float", "bool", "any"):
            return self.scalar(kind, schema)
        if kind == "literal":
            return {"t": "literal", "values": list(schema["expected"])}
        if kind == "list":
            return {
                "t": "list",
                "items": self.node(schema.get("items_schema", {"type": "any"})),
                **self.constraints("list", schema),
            }
        if kind == "dict":
            keys = schema.get("keys_schema", {"type": "any"})
            if keys["type"] not in ("str", "any") or len(keys) > 2:
                raise UnsupportedSchema(f"dict keys of type {keys}")
            return {
                "t": "dict",
                "values": self.node(schema.get("values_schema", {"type": "any"})),
                **self.constraints("dict", schema),
            }
        if kind == "union":
            choices = [c[0] if isinstance(c, tuple) else c for c in schema["choices"]]
            return {"t": "union", "choices": [self.node(c) for c in choices]}
        if kind == "tagged-union":
            if not isinstance(schema["discriminator"], str):
                raise UnsupportedSchema("a callable or nested discriminator")
            return {
                "t": "tagged",
                "key": schema["discriminator"],
                "choices": {tag: self.node(c) for tag, c in schema["choices"].items()},
            }
        raise UnsupportedSchema(f"core schema type {kind!r} (validators must stay declarative)")

    def scalar(self, kind: str, schema: dict[str, Any]) -> dict[str, Any]:
        if kind != "any" and schema.get("strict") is False:
            raise UnsupportedSchema(f"a lax {kind}")
        return {"t": kind, **self.constraints(kind, schema)}

    def constraints(self, kind: str, schema: dict[str, Any]) -> dict[str, Any]:
        known = _CONSTRAINTS.get(kind, ())
        unknown = set(schema) - _INERT - set(known)
        if unknown:  # e.g. multiple_of, or str's strip_whitespace: mirror it here first
            raise UnsupportedSchema(f"{kind} with {sorted(unknown)}")
        return {key: schema[key] for key in known if schema.get(key) is not None}

    def model(self, schema: dict[str, Any]) -> dict[str, Any]:
        config = schema.get("config", {})
        if config.get("extra_fields_behavior", "ignore") != "allow" or not config.get("strict"):
            raise UnsupportedSchema(f"{schema['cls'].__name__}: models must be strict and allow extra keys")
        inner = schema["schema"]
        if inner["type"] != "model-fields" or inner.get("computed_fields"):
            raise UnsupportedSchema(f"{schema['cls'].__name__}: {inner['type']}")
        fields = {}
        info = schema["cls"].model_fields
        for name, field in inner["fields"].items():
            alias = field.get("validation_alias") or name
            if not isinstance(alias, str):
                raise UnsupportedSchema(f"{name}: an alias path")
            extra = info[name].json_schema_extra
            deprecated = isinstance(extra, dict) and bool(extra.get("deprecated"))
            fields[alias] = {
                "s": self.node(field["schema"]),
                "req": field["schema"]["type"] != "default",
                "dep": deprecated,
            }
        return {"t": "table", "name": schema["cls"].__name__, "fields": fields}


HEADER = '''"""Generated by `triggercfg schema` from the Pydantic models; do not edit.

{what} (see triggercfg/models/compile.py);
`triggercfg schema --check` fails when it no longer matches the models.
"""

'''

#: What pydantic-core needs besides the schema: every model is strict and allows extra keys.
CORE_CONFIG = {"strict": True, "extra_fields_behavior": "allow"}


def render_shape(name: str) -> str:
    """One platform's shape, in a module of its own: a check of a blaxel.toml
    never loads the Cerebrium shape."""
    shape = compile_model(PLATFORMS[name].model())
    what = f"The compiled shape of the {PLATFORMS[name].filename} model"
    return HEADER.format(what=what) + f"SHAPE = {pprint.pformat(shape, width=110, sort_dicts=False)}\n"


def plain_core_schema(model: Any) -> dict[str, Any]:
    """The model's core schema with every Python object taken out: each model
    becomes its plain ``model-fields`` schema (a table of fields, extra keys
    allowed), with a stable ``ref`` (the class name). pydantic-core validates
    it as the model does and reports the same errors, without the ``pydantic``
    package or a single class being built; a test compares the two."""
    compile_model(model)  # refuses what the fast path cannot mirror
    core = model.__pydantic_core_schema__
    names: dict[str, str] = {}

    def visit(node: Any) -> Any:
        if isinstance(node, list):
            return [visit(item) for item in node]
        if isinstance(node, tuple):
            return tuple(visit(item) for item in node)
        if not isinstance(node, dict):
            return node
        if node.get("type") == "model":
            inner = visit(node["schema"])
            inner["extra_behavior"] = "allow"
            if "ref" in node:
                inner["ref"] = names.setdefault(node["ref"], node["cls"].__name__)
            return inner
        out = {}
        for key, value in node.items():
            if key in ("metadata", "serialization"):
                continue
            if key in ("ref", "schema_ref"):
                value = names.setdefault(value, _ref_name(value))
            out[key] = visit(value)
        return out

    plain: dict[str, Any] = visit(core)
    return plain


def _ref_name(ref: str) -> str:
    # "triggercfg.models.blaxel.HttpConfiguration:94896281797040" -> "HttpConfiguration"
    return ref.rsplit(":", 1)[0].rsplit(".", 1)[-1]


def render_core() -> str:
    body = [f"CONFIG = {CORE_CONFIG!r}\n"]
    for platform in PLATFORMS.values():
        core = plain_core_schema(platform.model())
        body.append(f"{platform.name.upper()} = {pprint.pformat(core, width=110, sort_dicts=False)}\n")
    return HEADER.format(what="The models' core schemas, as plain data for pydantic-core") + "\n".join(body)


_PACKAGE = Path(__file__).resolve().parent.parent
#: Every generated module of the package, with what renders it.
GENERATED: dict[Path, Callable[[], str]] = {
    **{_PACKAGE / f"_shape_{name}.py": partial(render_shape, name) for name in PLATFORMS},
    _PACKAGE / "_core.py": render_core,
}
