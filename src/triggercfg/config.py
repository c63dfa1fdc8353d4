"""Configuration: ``[tool.triggercfg]`` in a ``pyproject.toml``, or a
``triggercfg.toml`` / ``.triggercfg.toml`` (the same keys, at the top level
or under ``[tool.triggercfg]``), then the command line.

The nearest configuration file wins, found by walking up from each checked
file (as in ruff: ``.triggercfg.toml``, then ``triggercfg.toml``, then a
``pyproject.toml`` with a ``[tool.triggercfg]`` table, in each folder);
``--config FILE`` names one for every file. A file that names another with
``extend`` starts from that file's settings (and so on up the chain): its own
replace them, except those of :data:`ADDING`, which add to them. Globs are
relative to the folder of the file that sets them, through the chain too.

.. code-block:: toml

    [tool.triggercfg]
    extend = "../triggercfg.toml"                       # the team's settings first, these on top
    select = ["TC1", "grace-period-exceeds-maximum"]   # only these (names, codes, code prefixes)
    extend-select = []                                  # more, on top of `select`
    ignore = ["missing-trigger-id"]
    per-file-ignores = { "legacy/**" = ["deprecated-key"] }
    exclude = ["vendor/**"]                             # replaces the default (nothing)
    extend-exclude = ["examples/broken/**"]
    severity = { missing-trigger-id = "error" }         # per rule: error or warning
    grace-period-maximum = 3600                         # lower the 43,200 s (12 h) maximum
    async-timeout-maximum = 600                         # lower the 900 s (15 min) maximum
    strict = false                                      # warnings fail the run too
    output-format = "concise"
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import os
import re
from functools import lru_cache
from typing import Any, NamedTuple

from .limits import MAX_ASYNC_TIMEOUT, MAX_GRACE_PERIOD

#: Configuration file names, in the order one folder's files are tried.
NAMES = (".triggercfg.toml", "triggercfg.toml", "pyproject.toml")
FORMATS = ("full", "concise", "json", "json-lines", "github", "sarif", "gitlab", "junit")


class ConfigError(Exception):
    """A configuration problem: exit code 2. The message names the file, the
    line and the key."""

    @property
    def location(self) -> tuple[str, int, int, str] | None:
        """(file, line, column, what is wrong): where an editor puts it. A
        problem with the whole file (it cannot be read) is at its start."""
        found = re.match(_AT, str(self), re.S)
        if found is None:
            return None
        file, line, column, reason = found.groups()
        return file, int(line or 1), int(column or 1), reason


_AT = r"^(.+?\.toml)(?::(\d+):(\d+))?: (.*)$"  # compiled on first use: only an editor asks


class Options(NamedTuple):
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    #: (glob, rules): rules ignored in files the glob matches.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    #: (rule name, code or prefix; "error" or "warning").
    severity: tuple[tuple[str, str], ...] = ()
    grace_period_maximum: int = MAX_GRACE_PERIOD
    async_timeout_maximum: int = MAX_ASYNC_TIMEOUT
    strict: bool = False
    output_format: str | None = None
    config_file: str | None = None
    #: The folder globs are relative to (the configuration file's).
    base: str | None = None
    #: (option, where its value came from: files and "command line", joined
    #: by " + " where they add up), for ``triggercfg config``.
    sources: tuple[tuple[str, str], ...] = ()
    #: The files ``config_file`` extends (``extend``), nearest first.
    extends: tuple[str, ...] = ()

    def enabled(self, name: str, code: str) -> bool:
        return _enabled(self.select, self.extend_select, self.ignore, name, code)

    def severity_of(self, name: str, code: str, default: Any) -> Any:
        """The rule's severity here: the most specific ``severity`` entry, or its own."""
        best, chosen = -1, None
        for selector, level in self.severity:
            score = _match(selector, name, code)
            if score >= 0 and score >= best:  # on a tie the later entry wins: an extending file's, the command line's
                best, chosen = score, level
        if chosen is None:
            return default
        from .diagnostics import Severity

        return Severity(chosen)

    def for_file(self, path: str) -> "Options":
        """These options for one file: its ``per-file-ignores`` folded into ``ignore``."""
        if not self.per_file_ignores:
            return self
        at = _Place(path, self.base)
        extra = tuple(rule for glob, rules in self.per_file_ignores if at.matches(glob) for rule in rules)
        if not extra:
            return self
        sources = dict(self.sources)
        sources["ignore"] = f"{sources.get('ignore', 'default')} + per-file-ignores"
        return self._replace(ignore=(*self.ignore, *extra), sources=tuple(sources.items()))

    def excluded(self, path: str) -> bool:
        patterns = (*self.exclude, *self.extend_exclude)
        if not patterns:
            return False
        at = _Place(path, self.base)
        return any(at.matches(glob) for glob in patterns)


@lru_cache(maxsize=4096)
def _enabled(
    select: tuple[str, ...], extend_select: tuple[str, ...], ignore: tuple[str, ...], name: str, code: str
) -> bool:
    """Whether rule ``name`` (``code``) runs under these choices (asked for
    every hit of every file: answered once per rule and configuration)."""
    chosen = (*select, *extend_select) if select else ()
    best_select = max((_match(s, name, code) for s in chosen), default=-1) if chosen else 0
    best_ignore = max((_match(s, name, code) for s in ignore), default=-1)
    if chosen and best_select < 0:
        return False
    return best_ignore < 0 or best_select > best_ignore


def _match(selector: str, name: str, code: str) -> int:
    if selector == name:
        return 1000
    if code.startswith(selector.upper()):
        return len(selector)
    return -1


class _Place:
    """A checked file's path as globs match it: relative to the folder of the
    configuration file that sets them, or whole for a glob an extended file
    set in another folder (made absolute when it was inherited)."""

    __slots__ = ("_absolute", "_relative", "base", "path")

    def __init__(self, path: str, base: str | None) -> None:
        self.path, self.base = path, base
        self._relative: str | None = None
        self._absolute: str | None = None

    def matches(self, glob: str) -> bool:
        if _is_absolute(glob):
            if self._absolute is None:
                self._absolute = os.path.abspath(self.path).replace(os.sep, "/").lstrip("/")
            return _glob_matches(glob, self._absolute)
        if self._relative is None:
            self._relative = _relative(self.path, self.base)
        return _glob_matches(glob, self._relative)


def _is_absolute(glob: str) -> bool:
    return glob.startswith("/") or (len(glob) > 2 and glob[1] == ":" and glob[2] == "/")


def _anchored(glob: str, base: str) -> str:
    """``glob``, relative to ``base``, as an absolute glob that matches the
    same files from any folder: an extended file's globs keep their meaning."""
    if _is_absolute(glob):
        return glob
    root = os.path.abspath(base).replace(os.sep, "/").rstrip("/")
    if "/" not in glob.rstrip("/"):  # a bare name matches at any depth below its folder
        return f"{root}/**/{glob}"
    return f"{root}/{glob.lstrip('/')}"


def _relative(path: str, base: str | None) -> str:
    absolute = os.path.abspath(path)
    root = os.path.abspath(base or os.getcwd())
    try:
        relative = os.path.relpath(absolute, root)
    except ValueError:  # another drive (Windows)
        return absolute.replace(os.sep, "/")
    return relative.replace(os.sep, "/")


@lru_cache(maxsize=256)
def _glob_regex(glob: str) -> re.Pattern[str]:
    """A glob as gitignore and ruff read it: ``**`` spans folders, ``*`` and
    ``?`` stay inside one; a glob without ``/`` matches a name at any depth;
    a match on a folder covers everything in it."""
    anchored = "/" in glob.rstrip("/")
    body = glob.strip("/")
    out = []
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif body[i] == "*":
            out.append("[^/]*")
            i += 1
        elif body[i] == "?":
            out.append("[^/]")
            i += 1
        elif body[i] == "[":
            end = body.find("]", i + 1)
            if end == -1:
                out.append(re.escape(body[i]))
                i += 1
            else:
                out.append("[" + body[i + 1 : end].replace("!", "^", 1) + "]")
                i = end + 1
        else:
            out.append(re.escape(body[i]))
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    return re.compile(f"^{prefix}{''.join(out)}(?:/.*)?$")


def _glob_matches(glob: str, relative: str) -> bool:
    return _glob_regex(glob).match(relative) is not None


# -- reading -----------------------------------------------------------------------------------------

_KEYS = {
    "select": "select",
    "extend-select": "extend_select",
    "ignore": "ignore",
    "per-file-ignores": "per_file_ignores",
    "exclude": "exclude",
    "extend-exclude": "extend_exclude",
    "severity": "severity",
    "grace-period-maximum": "grace_period_maximum",
    "async-timeout-maximum": "async_timeout_maximum",
    "strict": "strict",
    "output-format": "output_format",
}


class _Origin:
    """Where values come from: a file (with positions for its keys) or the command line."""

    def __init__(self, name: str, text: str | None = None, prefix: tuple[str, ...] = ()) -> None:
        self.name = name
        self.text = text
        self.prefix = prefix
        self._locations: Any = None

    def at(self, key: str, *more: str | int, value: bool = False) -> str:
        if self.text is None:
            return self.name
        if self._locations is None:
            from .locate import Locations

            self._locations = Locations(self.text)
        entry = self._locations.entries.get((*self.prefix, key, *more))
        if entry is None:
            entry = self._locations.entries.get((*self.prefix, key))
        if entry is None:
            return self.name
        span = (entry.value if value else entry.key) or entry.key or entry.value
        return f"{self.name}:{span.line}:{span.column}"


def read_file(
    path: str, _chain: tuple[str, ...] = (), cache: dict[str, Options | None] | None = None
) -> Options | None:
    """The options a configuration file sets (with those of the files it
    extends), or None for a ``pyproject.toml`` without a ``[tool.triggercfg]``
    table. ``cache`` keeps the extended files read (many services extend one)."""
    name = os.path.basename(path)
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8").removeprefix("\ufeff")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: configuration is not UTF-8") from exc
    from .parse import parse
    from .source import ReadProblem

    parsed = parse(text)  # TOML 1.1, the most the tools that share pyproject.toml read
    if isinstance(parsed, ReadProblem):
        span = parsed.span
        raise ConfigError(
            f"{path}:{span.line}:{span.column}: configuration is not valid TOML: "
            + parsed.message.removeprefix("invalid TOML: ")
        )
    data = parsed.data
    prefix: tuple[str, ...] = ()
    table: Any = data
    if name == "pyproject.toml" or "tool" in data:
        tool = data.get("tool")
        table = tool.get("triggercfg") if isinstance(tool, dict) else None
        prefix = ("tool", "triggercfg")
        if table is None:
            return None if name == "pyproject.toml" else Options(config_file=path, base=os.path.dirname(path))
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: `tool.triggercfg` must be a table")
    origin = _Origin(str(path), text, prefix)
    start = Options(config_file=path, base=os.path.dirname(path))
    if "extend" in table:
        table = dict(table)
        start = _extended(path, table.pop("extend"), origin, _chain, cache)
    return apply(start, table, origin)


def _extended(
    path: str, value: Any, origin: _Origin, chain: tuple[str, ...], cache: dict[str, Options | None] | None
) -> Options:
    """The options of the file ``path`` extends, its globs anchored to its own
    folder, as the start of ``path``'s own (ruff's ``extend``)."""
    where = origin.at("extend", value=True)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: `extend` must be the path of a configuration file, relative to {path}")
    here = os.path.dirname(os.path.abspath(path))
    target = os.path.normpath(os.path.join(here, os.path.expandvars(os.path.expanduser(value))))
    chain = (*chain, os.path.realpath(path))
    if os.path.realpath(target) in chain:
        names = [*chain[chain.index(os.path.realpath(target)) :], os.path.realpath(target)]
        raise ConfigError(f"{where}: `extend` makes a cycle: {' -> '.join(names)}")
    if not os.path.isfile(target):
        raise ConfigError(f"{where}: `extend` names {value!r}, and {target} is not a file")
    real = os.path.realpath(target)
    if cache is not None and real in cache:
        parent = cache[real]
    else:
        parent = read_file(target, chain, cache)
        if cache is not None:
            cache[real] = parent
    if parent is None:
        raise ConfigError(f"{where}: `extend` names {target}, which has no [tool.triggercfg] table")
    base = os.path.dirname(path)
    if os.path.abspath(parent.base or ".") != here:
        parent = parent._replace(
            exclude=tuple(_anchored(g, parent.base or ".") for g in parent.exclude),
            extend_exclude=tuple(_anchored(g, parent.base or ".") for g in parent.extend_exclude),
            per_file_ignores=tuple((_anchored(g, parent.base or "."), r) for g, r in parent.per_file_ignores),
        )
    return parent._replace(config_file=path, base=base, extends=(target, *parent.extends))


#: Options whose values add to those already in force (an extended file's, a
#: configuration file's under the command line's), as in ruff; a `severity` or
#: `per-file-ignores` entry of the later settings wins over an earlier one.
ADDING = ("extend-select", "ignore", "extend-exclude", "per-file-ignores", "severity")


def apply(options: Options, table: dict[str, Any], origin: _Origin | str) -> Options:
    """``options`` with ``table``'s settings on top (a configuration file's
    over those of the file it extends, or the command line's over a file's).
    Every option replaces the value in force except those in :data:`ADDING`;
    a `select` starts a new selection: the earlier `extend-select` and
    `ignore` no longer apply."""
    if isinstance(origin, str):
        origin = _Origin(origin)
    changes: dict[str, Any] = {}
    sources = dict(options.sources)
    if "select" in table:
        options = options._replace(extend_select=(), ignore=())
        sources.pop("extend-select", None)
        sources.pop("ignore", None)
    for key, value in table.items():
        field = _KEYS.get(key)
        if field is None:
            raise ConfigError(f"{origin.at(key)}: unknown option `{key}`{_did_you_mean(key, (*_KEYS, 'extend'))}")
        if field in ("select", "extend_select", "ignore"):
            changes[field] = tuple(_rule_list(value, key, origin))
        elif field == "per_file_ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{origin.at(key)}: `{key}` must be a table of globs to lists of rules")
            changes[field] = tuple((glob, tuple(_rule_list(rules, key, origin, glob))) for glob, rules in value.items())
        elif field in ("exclude", "extend_exclude"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{origin.at(key)}: `{key}` must be an array of globs")
            changes[field] = tuple(value)
        elif field == "severity":
            if not isinstance(value, dict):
                raise ConfigError(f'{origin.at(key)}: `severity` must be a table of rules to "error" or "warning"')
            entries = []
            for selector, level in value.items():
                _check_rule(selector, key, origin, selector)
                if level not in ("error", "warning"):
                    raise ConfigError(
                        f"{origin.at(key, selector, value=True)}: the severity of `{selector}` "
                        f'must be "error" or "warning", not {level!r}'
                    )
                entries.append((selector, level))
            changes[field] = tuple(entries)
        elif field in ("grace_period_maximum", "async_timeout_maximum"):
            limit, what = (
                (MAX_GRACE_PERIOD, "the 12-hour maximum of an async Cerebrium run")
                if field == "grace_period_maximum"
                else (MAX_ASYNC_TIMEOUT, "the 15-minute maximum of a Blaxel async task")
            )
            if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= limit:
                raise ConfigError(
                    f"{origin.at(key, value=True)}: `{key}` must be an integer from 1 to {limit} (seconds); "
                    f"it can lower {what}, never raise it"
                )
            changes[field] = value
        elif field == "strict":
            if not isinstance(value, bool):
                raise ConfigError(f"{origin.at(key, value=True)}: `strict` must be true or false")
            changes[field] = value
        elif field == "output_format":
            if value not in FORMATS:
                raise ConfigError(
                    f"{origin.at(key, value=True)}: `output-format` must be one of "
                    f"{', '.join(FORMATS)}{_did_you_mean(str(value), FORMATS)}"
                )
            changes[field] = value
        if key in ADDING and key in sources:
            changes[field] = _added(field, getattr(options, field), changes[field])
            sources[key] = f"{sources[key]} + {origin.name}"
        else:
            sources[key] = origin.name  # `triggercfg config` finds the line when it shows it
    return options._replace(**changes, sources=tuple(sources.items()))


def _added(field: str, before: tuple[Any, ...], now: tuple[Any, ...]) -> tuple[Any, ...]:
    if field == "severity":  # one entry per selector: the later one
        mine = {selector for selector, _ in now}
        return (*(entry for entry in before if entry[0] not in mine), *now)
    return (*before, *now)


def _rule_list(value: Any, key: str, origin: _Origin, *more: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{origin.at(key, *more)}: `{key}` must be an array of rule names or codes")
    for index, selector in enumerate(value):
        _check_rule(selector, key, origin, *more, index)
    return value


def _check_rule(selector: str, key: str, origin: _Origin, *more: str | int) -> None:
    from .rules import all_rules, get_rule

    if get_rule(selector) is not None or _is_code_prefix(selector):
        return
    names = [r.name for r in all_rules().values()]
    raise ConfigError(
        f"{origin.at(key, *more, value=True)}: `{key}` names an unknown rule `{selector}`"
        f"{_did_you_mean(selector, names)}"
    )


def _did_you_mean(word: str, choices: Any) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _is_code_prefix(value: str) -> bool:
    from .rules import all_rules

    return value.upper().startswith("TC") and any(r.code.startswith(value.upper()) for r in all_rules().values())


# -- finding the configuration of a file ---------------------------------------------------------------


class Resolver:
    """The options of each checked file: the nearest configuration file's (or
    ``explicit``'s), then the command line's ``overrides``. Cached per folder."""

    def __init__(self, explicit: str | os.PathLike[str] | None = None, overrides: dict[str, Any] | None = None) -> None:
        self.overrides = overrides or {}
        self._folders: dict[str, Options] = {}
        self._extended: dict[str, Options | None] = {}  # files that others extend, read once
        #: Folders a directory listing showed to hold no configuration file (none is looked for there).
        self.bare: set[str] = set()
        self._explicit = None
        if explicit is not None:
            explicit = os.fspath(explicit)
            if not os.path.isfile(explicit):
                raise ConfigError(f"{explicit}: no such configuration file")
            self._explicit = self._finish(
                read_file(explicit) or Options(config_file=explicit, base=os.path.dirname(explicit))
            )
        self._default = self._finish(Options())

    def _finish(self, options: Options) -> Options:
        if not self.overrides:
            return options
        return apply(options, self.overrides, "command line")  # --ignore, --extend-* add to the file's

    def folder(self, folder: str, *, remember: bool = True) -> Options:
        """The options in force for files in ``folder``. ``remember=False``
        for a folder asked about once (a file's own folder, in a tree of one
        app per folder): its parents are remembered, not it."""
        if self._explicit is not None:
            return self._explicit
        folder = os.path.abspath(folder)
        cached = self._folders.get(folder)
        if cached is not None:
            return cached
        found = None
        for name in () if folder in self.bare else NAMES:
            candidate = os.path.join(folder, name)
            if os.path.isfile(candidate):
                found = read_file(candidate, cache=self._extended)
                if found is not None:
                    break
        if found is not None:
            options = self._finish(found)
        else:
            parent = os.path.dirname(folder)
            options = self.folder(parent) if parent != folder else self._default
        if remember or found is not None:
            self._folders[folder] = options
        return options

    def extends(self, path: str) -> bool:
        """Whether a configuration file read so far extends ``path``."""
        return os.path.realpath(path) in self._extended

    def for_path(self, path: str) -> Options:
        """The options for the file at ``path``, its per-file ignores applied."""
        return self.folder(os.path.dirname(os.path.abspath(path)), remember=False).for_file(path)


#: How a path-taking function finds each file's options: None (the default) as
#: the command line does, from the nearest configuration file (unless
#: ``options`` is given: then those, for every file); False: no configuration
#: file, ``options`` or the defaults for every file; a path: that file for every
#: file (``--config``); a :class:`Resolver`: as it says.
Config = Resolver | str | os.PathLike[str] | bool | None


def resolver(config: Config, options: Options | None = None) -> Resolver | None:
    """The Resolver ``config`` stands for (None: ``options`` or the defaults for every file)."""
    if config is False or (config is None and options is not None):
        return None
    if isinstance(config, Resolver):
        return config
    if config is None or config is True:
        return Resolver()
    return Resolver(config)


def load(start: str | os.PathLike[str] | None = None, explicit: str | os.PathLike[str] | None = None) -> Options:
    """The options in force in ``start`` (default: the current folder)."""
    return Resolver(explicit).folder(os.fspath(start or os.getcwd()))


def describe(options: Options, path: str, *, found: bool = True) -> str:
    """The configuration in force, as TOML a user could paste, each value
    with the file and line it came from (through a chain of ``extend``), and
    a note when the nearest configuration file replaces a farther one that
    sets other values (``found``: the file was found, not named by ``--config``)."""

    if options.config_file:
        head = f"# configuration for {path}: {options.config_file}"
        if options.extends:
            head += ", which extends " + ", which extends ".join(options.extends)
    else:
        head = f"# configuration for {path}: no configuration file (the defaults)"
    origins: dict[str, _Origin] = {}

    def located(part: str, key: str) -> str:
        if part == "per-file-ignores":
            return "per-file-ignores of " + " + ".join(
                located(p, "per-file-ignores") for p in sources["per-file-ignores"]
            )
        if not part.endswith(".toml") or not os.path.isfile(part):
            return part
        if part not in origins:
            with open(part, "rb") as handle:
                text = handle.read().decode("utf-8").removeprefix("\ufeff")
            prefix = ("tool", "triggercfg") if part.endswith("pyproject.toml") or "[tool" in text else ()
            origins[part] = _Origin(part, text, prefix)
        return origins[part].at(key)

    sources = {key: name.split(" + ") for key, name in options.sources}
    lines = [head]
    for key, field in _KEYS.items():
        value = getattr(options, field)
        lines.append(f"{key} = {_shown(field, value)}  # {_where(sources, key, located)}")
    if found:
        lines += _replaced_note(options)
    return "\n".join(lines)


def _shown(field: str, value: Any) -> str:
    import json

    if field in ("per_file_ignores", "severity"):
        if not value:
            return "{}"
        return (
            "{ "
            + ", ".join(
                f"{json.dumps(k)} = {json.dumps(list(v) if field == 'per_file_ignores' else v)}" for k, v in value
            )
            + " }"
        )
    if isinstance(value, tuple):
        return json.dumps(list(value))
    if value is None:
        return '"full"' if field == "output_format" else "none"
    return json.dumps(value)


def _where(sources: dict[str, list[str]], key: str, located: Any) -> str:
    parts = [p for p in sources.get(key, ["default"]) if p != "default"]
    return " + ".join(located(p, key) for p in parts) if parts else "default"


def replaced(options: Options) -> tuple[str, Options] | None:
    """The configuration file that would apply without ``options``'s own: the
    nearest one above its folder, unless ``options`` extends it (directly or
    through the chain). None when there is none, or when it cannot be read."""
    if options.config_file is None:
        return None
    chain = {os.path.realpath(p) for p in (options.config_file, *options.extends)}
    folder = os.path.dirname(os.path.dirname(os.path.abspath(options.config_file)))
    while True:
        for name in NAMES:
            candidate = os.path.join(folder, name)
            if not os.path.isfile(candidate):
                continue
            try:
                farther = read_file(candidate)
            except ConfigError:
                return None  # `check` reports a broken file where it applies
            if farther is not None:
                return None if os.path.realpath(candidate) in chain else (candidate, farther)
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _replaced_note(options: Options) -> list[str]:
    found = replaced(options)
    if found is None:
        return []
    farther_file, farther = found
    lost = [
        f"{key} = {_shown(field, getattr(farther, field))}"
        for key, field in sorted(_KEYS.items(), key=lambda item: item[1] not in _LIMITS)
        if key in dict(farther.sources) and getattr(farther, field) != getattr(options, field)
    ]
    if not lost:
        return []
    assert options.config_file is not None
    extend = os.path.relpath(farther_file, os.path.dirname(os.path.abspath(options.config_file))).replace(os.sep, "/")
    table = " under [tool.triggercfg]" if os.path.basename(options.config_file) == "pyproject.toml" else ""
    return [
        f"# note: {options.config_file} replaces {farther_file} (the nearest configuration file wins), so these",
        "# values of the farther file are not in force here:",
        *(f"#   {line}" for line in lost),
        f'# to start from them, add `extend = "{extend}"` to {options.config_file}{table}',
    ]


#: The options that bound the platforms' limits: listed first when they are lost.
_LIMITS = ("grace_period_maximum", "async_timeout_maximum")
