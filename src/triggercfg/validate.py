"""Validate stage: run the Pydantic model and translate its errors into TOML terms.

The errors come from pydantic-core, given the models' core schema as plain
data (``core_errors``, what a check uses) or from the models themselves
(``model_errors``, what the tests compare it with).

Pydantic's ``loc`` uses aliases and includes union branch names and
discriminator tags (``triggers.0.http-async.configuration``). They are mapped
back onto the document by walking the raw data and skipping any segment that
is not a key of the current table. Errors of a union's other branches are
dropped when one branch got further into the value.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from .diagnostics import KeyPath

if TYPE_CHECKING:  # pragma: no cover
    from pydantic_core import CoreConfig

Kind = Literal["missing", "type", "value"]

_EXPECTED = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_from_float": "an integer",
    "int_parsing": "an integer",
    "float_type": "a number",
    "bool_type": "a boolean",
    "list_type": "an array",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


class ModelError(NamedTuple):
    """One thing the model says is wrong (a NamedTuple: ``dataclasses`` would
    import ``inspect``, ~5 ms in every worker that meets a model error)."""

    path: KeyPath
    kind: Kind
    message: str  # a complete sentence in TOML words
    value: Any = None
    options: tuple[str, ...] = ()  # the allowed values, for an enum
    #: The path in the data validated (the view's canonical path), when
    #: ``path`` has been mapped to the file's own spelling.
    canonical: KeyPath = ()


def toml_type(value: Any) -> str:
    """The TOML name of a parsed value's type."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return "an array of tables"
        return "an array"
    return "a date-time"


def model_errors(model: Any, data: dict[str, Any]) -> list[ModelError]:
    """What the Pydantic model says is wrong with ``data``."""
    from pydantic import ValidationError

    try:
        model.model_validate(data)
    except ValidationError as exc:
        return _translate(exc.errors(include_url=False), data)
    return []


def core_errors(platform: str, data: dict[str, Any]) -> list[ModelError]:
    """The same errors as :func:`model_errors` of the platform's model, from
    pydantic-core alone: the generated plain core schema (``_core.py``)
    needs neither the ``pydantic`` package nor the model classes."""
    from ._extension import extension

    core = extension("pydantic_core", "_pydantic_core")  # 1.5 ms, where the package takes 24
    try:
        _validator(platform).validate_python(data)
    except core.ValidationError as exc:
        return _translate(exc.errors(include_url=False), data)
    return []


_VALIDATORS: dict[str, Any] = {}


def _validator(platform: str) -> Any:
    if platform not in _VALIDATORS:
        from . import _core
        from ._extension import extension

        core = extension("pydantic_core", "_pydantic_core")
        # the generated plain data is a CoreSchema and a CoreConfig in all but name
        _VALIDATORS[platform] = core.SchemaValidator(getattr(_core, platform.upper()), cast("CoreConfig", _core.CONFIG))
    return _VALIDATORS[platform]


def _translate(errors: Sequence[Mapping[str, Any]], data: dict[str, Any]) -> list[ModelError]:
    grouped: dict[KeyPath, list[Mapping[str, Any]]] = {}
    for error in errors:
        grouped.setdefault(_toml_path(error, data), []).append(error)
    # Every proper prefix of an error's path: a path in it has errors deeper down.
    # (A set, so that this is linear in the errors: comparing each path with
    # every other made a file with 4,000 findings take seconds.)
    ancestors = {other[:end] for other in grouped for end in range(len(other))}
    out: list[ModelError] = []
    for path, group in grouped.items():
        deeper = path in ancestors
        value = _lookup(data, path)
        kinds = [e["type"] for e in group]
        name = _name(path)
        if deeper and isinstance(value, (list, dict)):
            # The value matched a container branch of a union (a list, a table);
            # errors of its scalar branches only repeat the deeper findings.
            group = [e for e in group if e["type"] not in _EXPECTED and e["type"] != "literal_error"]
            kinds = [e["type"] for e in group]
            if not group:
                continue
        if "missing" in kinds or "union_tag_not_found" in kinds:
            out.append(ModelError(path, "missing", f"required key `{name}` is missing"))
        elif all(kind in _EXPECTED for kind in kinds):
            if deeper:  # another branch of a union matched the shape better
                continue
            expected = " or ".join(dict.fromkeys(_EXPECTED[k] for k in kinds))
            out.append(ModelError(path, "type", f"`{name}` must be {expected}, not {toml_type(value)}", value))
        else:
            error = _best_value_error(group, value)
            options = _enum_options(error)
            out.append(ModelError(path, "value", _value_message(name, error, value), value, options))
    return out


def _toml_path(error: Mapping[str, Any], data: Any) -> KeyPath:
    loc = tuple(error["loc"])
    extra: KeyPath = ()
    if error["type"] == "missing":
        loc, extra = loc[:-1], loc[-1:]
    elif error["type"] in ("union_tag_not_found", "union_tag_invalid"):
        extra = (str(error.get("ctx", {}).get("discriminator", "'type'")).strip("'"),)
    path: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and part < len(node)
        ):
            node = node[part]
            path.append(part)
    return (*path, *extra)


def _lookup(data: Any, path: KeyPath) -> Any:
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _name(path: KeyPath) -> str:
    """The key as a message names it (the message puts it in backticks): the
    way the file writes it (`runtime.memory`), or, inside an array of tables,
    the key and the header of its table (`timeout` in
    `[triggers.configuration]`), never an index (`triggers[2]`)."""
    from .diagnostics import render_path

    if not path:
        return "(document)"
    last = max((i for i, part in enumerate(path) if isinstance(part, int)), default=-1)
    if last == -1:
        return render_path(path)
    array = render_path(tuple(part for part in path[:last] if not isinstance(part, int)))
    rest = path[last + 1 :]
    if not rest:
        return f"[[{array}]]"
    if len(rest) == 1:
        return f"{render_path(rest)}` in `[[{array}]]"
    return f"{render_path(rest[1:])}` in `[{array}.{render_path(rest[:1])}]"


def _best_value_error(group: list[Mapping[str, Any]], value: Any) -> Mapping[str, Any]:
    candidates = [e for e in group if e["type"] not in _EXPECTED]
    if isinstance(value, (list, dict)):  # an enum of scalars was another union branch
        candidates = [e for e in candidates if e["type"] != "literal_error"] or candidates
    for preferred in ("union_tag_invalid", "literal_error"):
        for error in candidates:
            if error["type"] == preferred:
                return error
    return candidates[0]


def _value_message(name: str, error: Mapping[str, Any], value: Any) -> str:
    ctx = error.get("ctx", {})
    kind = error["type"]
    shown = _show(value)
    if kind == "literal_error":
        return f"`{name}` must be one of {_options(ctx.get('expected', ''))}, not {shown}"
    if kind == "union_tag_invalid":
        return f"`{name}` must be one of {_options(ctx.get('expected_tags', ''))}, not {shown}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": "at least",
            "greater_than": "greater than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        bound = next(iter(ctx.values()))
        return f"`{name}` must be {words} {bound}, not {shown}"
    if kind == "too_long":
        return f"`{name}` must have at most {ctx.get('max_length')} entries, not {len(value)}"
    if kind == "too_short":
        return f"`{name}` must have at least {ctx.get('min_length')} entry"
    if kind == "string_pattern_mismatch":
        return f"`{name}` has an invalid format: {shown} does not match `{ctx.get('pattern')}`"
    return f"`{name}`: {error['msg']}"


def _enum_options(error: Mapping[str, Any]) -> tuple[str, ...]:
    ctx = error.get("ctx", {})
    expected = ctx.get("expected") or ctx.get("expected_tags") or ""
    if error["type"] not in ("literal_error", "union_tag_invalid") or not isinstance(expected, str):
        return ()
    return tuple(re.findall(r"'([^']*)'", expected))


def _options(expected: str) -> str:
    # Pydantic writes "'a', 'b' or 'c'"; TOML users read backticks.
    return expected.replace("'", "`")


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 60 else f'"{value[:57]}..."'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return toml_type(value)
