"""Walk a document alongside its model: which keys does each table know?

The models are the single source of truth for key names; ``unknown-key`` and
``misplaced-key`` ask this module instead of keeping lists of their own.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from ..diagnostics import KeyPath


@dataclass(frozen=True)
class Table:
    path: KeyPath
    data: dict[str, Any]
    known: frozenset[str]  # keys the platform reads in this table
    model: type[BaseModel] | None


@lru_cache(maxsize=None)
def known_keys(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(field.alias or name for name, field in model.model_fields.items())


def tables(model: type[BaseModel], data: dict[str, Any], path: KeyPath = ()) -> Iterator[Table]:
    """Every table of ``data`` that a model describes, outermost first."""
    yield Table(path, data, known_keys(model), model)
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key in data:
            yield from _walk(field.annotation, data[key], (*path, key))


def _walk(annotation: Any, value: Any, path: KeyPath) -> Iterator[Table]:
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Annotated:
        yield from _walk(args[0], value, path)
    elif origin in (Union, types.UnionType):
        yield from _walk_union([a for a in args if a is not type(None)], value, path)
    elif _is_model(annotation) and isinstance(value, dict):
        yield from tables(annotation, value, path)
    elif origin is list and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(args[0], item, (*path, index))
    elif origin is dict and isinstance(value, dict) and len(args) == 2:
        for key, item in value.items():
            yield from _walk(args[1], item, (*path, key))


def _walk_union(options: list[Any], value: Any, path: KeyPath) -> Iterator[Table]:
    if isinstance(value, dict):
        models = [o for o in options if _is_model(o)]
        tagged = {tag: m for m in models for tag in _tags(m)}
        if tagged:
            chosen = tagged.get(value.get("type"))
            if chosen is None:  # unknown or missing tag: accept what any variant knows
                union = frozenset().union(*(known_keys(m) for m in models))
                yield Table(path, value, union, None)
                return
            yield from tables(chosen, value, path)
            return
        if models:
            yield from tables(models[0], value, path)
            return
    for option in options:
        origin = get_origin(option) or option
        if isinstance(value, list) and origin is list:
            yield from _walk(option, value, path)
            return
        if isinstance(value, dict) and origin is dict:
            yield from _walk(option, value, path)
            return
        if get_origin(option) is Annotated:
            yield from _walk(option, value, path)


def _tags(model: type[BaseModel]) -> tuple[Any, ...]:
    field = model.model_fields.get("type")
    if field is not None and get_origin(field.annotation) is Literal:
        return get_args(field.annotation)
    return ()


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


@lru_cache(maxsize=None)
def all_known_keys(model: type[BaseModel]) -> dict[str, set[KeyPath]]:
    """Every current (not deprecated) key name the model knows, with the model
    paths where it lives (list indices and dict keys written as ``*``)."""
    out: dict[str, set[KeyPath]] = {}

    def visit(m: type[BaseModel], path: KeyPath) -> None:
        for name, field in m.model_fields.items():
            key = field.alias or name
            if isinstance(field.json_schema_extra, dict) and field.json_schema_extra.get("deprecated"):
                continue  # never suggest a legacy key as a key's home
            out.setdefault(key, set()).add((*path, key))
            for sub in _models_in(field.annotation):
                visit(sub[0], (*path, key, *sub[1]))

    visit(model, ())
    return out


def _models_in(annotation: Any, suffix: KeyPath = ()) -> list[tuple[type[BaseModel], KeyPath]]:
    origin = get_origin(annotation)
    args = get_args(annotation)
    if _is_model(annotation):
        return [(annotation, suffix)]
    if origin is Annotated:
        return _models_in(args[0], suffix)
    if origin in (Union, types.UnionType):
        return [m for a in args for m in _models_in(a, suffix)]
    if origin is list:
        return _models_in(args[0], (*suffix, "*"))
    if origin is dict and len(args) == 2:
        return _models_in(args[1], (*suffix, "*"))
    return []
