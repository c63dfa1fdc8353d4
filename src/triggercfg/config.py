"""Options: from ``[tool.triggercfg]`` in the nearest ``pyproject.toml`` (or a
``triggercfg.toml``), then the command line. One frozen value, built once.

.. code-block:: toml

    [tool.triggercfg]
    ignore = ["missing-trigger-id"]     # rule names or codes (code prefixes: "TC1")
    select = []                          # if set, only these rules run
    grace-period-maximum = 3600          # lower the 43200 s (12 h) async maximum
    strict = false                       # warnings fail the run too
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, NamedTuple

from .limits import MAX_GRACE_PERIOD


class ConfigError(Exception):
    """A configuration problem: exit code 2."""


class Options(NamedTuple):
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    grace_period_maximum: int = MAX_GRACE_PERIOD
    strict: bool = False
    config_file: str | None = None

    def enabled(self, name: str, code: str) -> bool:
        def matches(selector: str) -> int:
            if selector == name:
                return 1000
            if code.startswith(selector.upper()):
                return len(selector)
            return -1

        best_select = max((matches(s) for s in self.select), default=-1) if self.select else 0
        best_ignore = max((matches(s) for s in self.ignore), default=-1)
        if self.select and best_select < 0:
            return False
        return best_ignore < 0 or best_select > best_ignore


_KEYS = {"select", "ignore", "grace-period-maximum", "strict"}


def load(start: Path | None = None, explicit: Path | None = None) -> Options:
    if explicit is not None:
        return _from_file(explicit, required=True)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in ("triggercfg.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                options = _from_file(candidate, required=name == "triggercfg.toml")
                if options is not None:
                    return options
    return Options()


def _from_file(path: Path, *, required: bool) -> Options | None:
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8").removeprefix("\ufeff"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read configuration {path}: {exc}") from exc
    table = data if path.name != "pyproject.toml" else data.get("tool", {}).get("triggercfg")
    if table is None:
        return Options() if required else None
    if path.name != "pyproject.toml" and "tool" in table:
        table = table.get("tool", {}).get("triggercfg", table)
    return apply(Options(config_file=str(path)), table, origin=str(path))


def apply(options: Options, table: dict[str, Any], *, origin: str) -> Options:
    from .rules import get_rule

    unknown = set(table) - _KEYS
    if unknown:
        raise ConfigError(f"{origin}: unknown option(s) {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = {}
    for key in ("select", "ignore"):
        if key in table:
            values = table[key]
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise ConfigError(f"{origin}: `{key}` must be an array of rule names or codes")
            for value in values:
                if get_rule(value) is None and not _is_code_prefix(value):
                    raise ConfigError(f"{origin}: `{key}` names an unknown rule `{value}`")
            changes[key] = tuple(values)
    if "grace-period-maximum" in table:
        value = table["grace-period-maximum"]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_GRACE_PERIOD:
            raise ConfigError(
                f"{origin}: `grace-period-maximum` must be an integer from 1 to {MAX_GRACE_PERIOD}"
            )
        changes["grace_period_maximum"] = value
    if "strict" in table:
        if not isinstance(table["strict"], bool):
            raise ConfigError(f"{origin}: `strict` must be true or false")
        changes["strict"] = table["strict"]
    return options._replace(**changes)


def _is_code_prefix(value: str) -> bool:
    from .rules import all_rules

    return value.upper().startswith("TC") and any(
        r.code.startswith(value.upper()) for r in all_rules().values()
    )
