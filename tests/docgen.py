"""Documents generated from the models' own annotations, for property tests.

Values are well typed, on the boundaries, enum members and near misses, of
the wrong type, and unknown keys. ``wide=True`` adds what the JSON Schema
agreement test must leave out (see there) but the fast path must still get
right: floats with a zero fraction, NaN and infinities, strings ending in a
newline, and TOML dates and times.
"""

from __future__ import annotations

import datetime as dt
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from hypothesis import strategies as st
from pydantic import BaseModel

INTERESTING = [
    "",
    "http",
    "http-async",
    "cron",
    "schedule",
    "agent",
    "job",
    "function",
    "$TYPE",
    "${X:y}",
    "15m",
    "900",
    "20x",
    "1h",
    "CPU",
    "AMPERE_A10",
    "L40s",
    "https://hooks.example.com/x",
    "nope",
    "3.11",
    "mk3",
    "tcp",
    "TCP",
    "persistent",
    "v1",
    "interruptible",
    "cpu_utilization",
]
text = st.text(alphabet=st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",)), max_size=6)
strings = st.one_of(st.sampled_from(INTERESTING), text)
ints = st.one_of(
    st.sampled_from([-1, 0, 1, 5, 6, 8, 9, 60, 300, 301, 600, 601, 830, 831, 900, 901, 43200, 43201, 65535, 65536]),
    st.integers(-100, 100_000),
)
floats = st.floats(allow_nan=False, allow_infinity=False, width=32).filter(lambda f: not f.is_integer())
scalars = st.one_of(st.booleans(), ints, floats, strings)
junk = st.one_of(
    scalars, st.lists(scalars, max_size=2), st.dictionaries(st.sampled_from(["a", "b"]), scalars, max_size=2)
)

# What only the wide generator makes.
wide_strings = st.one_of(strings, strings.map(lambda s: s + "\n"), st.sampled_from(["15m\n", "$X\n", "https://\n"]))
wide_floats = st.one_of(
    floats, st.sampled_from([0.0, 1.0, 8.0, 900.0, -1.0, float("nan"), float("inf"), float("-inf")])
)
dates = st.sampled_from(
    [dt.date(2026, 1, 2), dt.time(3, 4, 5), dt.datetime(2026, 1, 2, 3, 4, 5), dt.datetime(2026, 1, 2, tzinfo=dt.UTC)]
)
wide_scalars = st.one_of(st.booleans(), ints, wide_floats, wide_strings, dates)
wide_junk = st.one_of(
    wide_scalars,
    st.lists(wide_scalars, max_size=2),
    st.dictionaries(st.sampled_from(["a", "b", "type"]), wide_scalars, max_size=2),
)


def strategy(annotation: Any, wide: bool = False) -> st.SearchStrategy[Any]:
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return strategy(args[0], wide)
    if origin in (Union, types.UnionType):
        return st.one_of([strategy(a, wide) for a in args if a is not type(None)])
    if origin is Literal:
        return st.one_of(st.sampled_from(args), wide_strings if wide else strings)
    if origin is list:
        return st.lists(strategy(args[0], wide), max_size=3)
    if origin is dict:
        return st.dictionaries(st.sampled_from(["x", "y", "LOG"]), strategy(args[1], wide), max_size=2)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_strategy(annotation, wide)
    if wide:
        base = {
            str: wide_strings,
            int: st.one_of(ints, wide_floats),
            float: st.one_of(wide_floats, ints),
            bool: st.booleans(),
            object: wide_junk,
        }
        return base.get(annotation, wide_junk)
    base = {str: strings, int: ints, float: st.one_of(floats, ints), bool: st.booleans(), object: junk}
    return base.get(annotation, junk)


def model_strategy(model: type[BaseModel], wide: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    other = wide_junk if wide else junk
    required, optional = {}, {}
    for name, field in model.model_fields.items():
        key = field.alias or name
        values = st.one_of(strategy(field.annotation, wide), other) if field.annotation is not object else other
        (required if field.is_required() else optional)[key] = values
    optional["unknownKey"] = other
    base = st.fixed_dictionaries(required, optional=optional)
    # Now and then drop a required key.
    return st.one_of(base, base.map(lambda d: dict(list(d.items())[1:])))
