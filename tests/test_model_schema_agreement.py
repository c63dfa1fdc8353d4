"""Property test: the models and the published JSON Schemas accept and reject
the same documents.

Documents are generated from the models' own annotations, with well-typed
values, boundary numbers, enum members and near misses, wrong types and
unknown keys mixed in. Two things JSON Schema cannot express are kept out of
the generated values, and are covered by the linter instead: floats with a
zero fraction (JSON Schema counts `900.0` as an integer; TOML and the models
do not) and strings ending in a newline (ECMAScript and Python `$` match
before a final newline; the models' regex engine does not).
"""

from __future__ import annotations

import json
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import jsonschema
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from triggercfg.platforms import PLATFORMS
from triggercfg.validate import model_errors

INTERESTING = [
    "", "http", "http-async", "cron", "schedule", "agent", "job", "function", "$TYPE", "${X:y}",
    "15m", "900", "20x", "1h", "CPU", "AMPERE_A10", "L40s", "https://hooks.example.com/x", "nope",
    "3.11", "mk3", "tcp", "TCP", "persistent", "v1", "interruptible", "cpu_utilization",
]
text = st.text(alphabet=st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",)), max_size=6)
strings = st.one_of(st.sampled_from(INTERESTING), text)
ints = st.one_of(
    st.sampled_from([-1, 0, 1, 5, 6, 8, 9, 60, 300, 301, 600, 601, 830, 831, 900, 901, 43200, 43201, 65535, 65536]),
    st.integers(-100, 100_000),
)
floats = st.floats(allow_nan=False, allow_infinity=False, width=32).filter(lambda f: not f.is_integer())
scalars = st.one_of(st.booleans(), ints, floats, strings)
junk = st.one_of(scalars, st.lists(scalars, max_size=2), st.dictionaries(st.sampled_from(["a", "b"]), scalars, max_size=2))


def strategy(annotation: Any) -> st.SearchStrategy[Any]:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return strategy(args[0])
    if origin in (Union, types.UnionType):
        return st.one_of([strategy(a) for a in args if a is not type(None)])
    if origin is Literal:
        return st.one_of(st.sampled_from(args), strings)
    if origin is list:
        return st.lists(strategy(args[0]), max_size=3)
    if origin is dict:
        return st.dictionaries(st.sampled_from(["x", "y", "LOG"]), strategy(args[1]), max_size=2)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_strategy(annotation)
    base = {str: strings, int: ints, float: st.one_of(floats, ints), bool: st.booleans(), object: junk}
    return base.get(annotation, junk)


def model_strategy(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    required, optional = {}, {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        values = st.one_of(strategy(field.annotation), junk) if field.annotation is not object else junk
        (required if field.is_required() else optional)[key] = values
    optional["unknownKey"] = junk
    base = st.fixed_dictionaries(required, optional=optional)
    # Now and then drop a required key.
    return st.one_of(base, base.map(lambda d: dict(list(d.items())[1:])))


def _check(platform: str, document: dict[str, Any]) -> None:
    schema = json.loads((ROOT / "schemas" / f"{platform}.schema.json").read_text())
    schema_ok = jsonschema.Draft7Validator(schema).is_valid(document)
    model_ok = not model_errors(PLATFORMS[platform].model(), document)
    assert schema_ok == model_ok, f"schema says {schema_ok}, model says {model_ok}: {document!r}"


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(model_strategy(PLATFORMS["blaxel"].model()))
def test_blaxel_model_and_schema_agree(document: dict[str, Any]) -> None:
    _check("blaxel", document)


@SETTINGS
@given(model_strategy(PLATFORMS["cerebrium"].model()))
def test_cerebrium_model_and_schema_agree(document: dict[str, Any]) -> None:
    _check("cerebrium", document)


def test_the_generator_produces_both_outcomes() -> None:
    """Guard against a generator that only ever makes valid (or invalid) documents."""
    outcomes = set()

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(model_strategy(PLATFORMS["blaxel"].model()))
    def collect(document: dict[str, Any]) -> None:
        outcomes.add(not model_errors(PLATFORMS["blaxel"].model(), document))

    collect()
    assert outcomes == {True, False}
