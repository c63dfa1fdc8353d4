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
from typing import Any

import jsonschema
from conftest import ROOT
from docgen import model_strategy
from hypothesis import HealthCheck, given, settings

from triggercfg.platforms import PLATFORMS
from triggercfg.validate import model_errors


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
