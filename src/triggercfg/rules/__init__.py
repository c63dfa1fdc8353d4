"""The rules. One module per rule; its docstring is the rule's documentation.

A rule module defines ``RULE = Rule(...)`` and a generator
``check(ctx: Context) -> Iterator[Hit]``. A rule over several files defines
instead ``facts(ctx)``, which takes from each file the little the rule
compares (it runs where the file is checked, maybe in a worker process), and
``check_project(files, context_of) -> Iterator[tuple[path, Hit]]`` over those
facts; ``context_of(path)`` reads one file again (its data, and where its
keys are), for the few files a finding concerns. Facts stay small: they are
kept for every file of the run.
Rules never print and never compute positions: they yield hits by key path
and the engine locates them.

``MODULES`` is the registry, grouped by where a rule runs, so that checking
a ``blaxel.toml`` never imports the Cerebrium rules (start-up time).
``tests/test_rules_registry.py`` checks that it lists every module in this
package, each in the group its ``platforms`` say, and that codes and names
are unique.
"""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import importlib
import os
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ..decode import decode
from ..diagnostics import Hit, KeyPath, Severity
from ..shape import conforms, root

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Options
    from ..decode import Entry, Reading
    from ..locate import Construct, Locations
    from ..platforms import Platform
    from ..source import Source
    from ..validate import ModelError

FixAvailability = Literal["always", "sometimes", "none"]

#: Registry, in code order. Module name = rule name with ``_`` for ``-``.
SHARED = (
    "toml_syntax",
    "invalid_type",
    "invalid_value",
    "missing_required_key",
    "unknown_key",
    "hardcoded_secret",
    "misplaced_key",
    "deprecated_key",
    "unused_suppression",
    "unusual_spelling",
    "case_collision",
)
BLAXEL = (
    "duplicate_trigger_id",
    "missing_trigger_id",
    "invalid_trigger_type",
    "deprecated_trigger_type",
    "trigger_type_not_supported",
    "invalid_callback_url",
    "insecure_callback_url",
    "private_callback_url",
    "callback_url_credentials",
    "callback_url_ignored",
    "callback_secret_in_config",
    "async_timeout_exceeds_maximum",
    "invalid_duration",
)
CEREBRIUM = (
    "grace_period_exceeds_maximum",
    "invalid_grace_period",
    "python_version_not_string",
    "unknown_compute",
    "value_out_of_range",
    "replica_bounds",
    "gpu_count_on_cpu",
    "metric_needs_min_replica",
)
#: Rules over several files (``check_project``).
PROJECT = (
    "duplicate_app_name",
    "async_limit_mismatch",
)
MODULES = SHARED + BLAXEL + CEREBRIUM + PROJECT
_BY_PLATFORM = {"blaxel": SHARED + BLAXEL, "cerebrium": SHARED + CEREBRIUM}


class Rule(NamedTuple):
    code: str
    name: str
    severity: Severity
    summary: str
    platforms: frozenset[str] = frozenset({"blaxel", "cerebrium"})
    fix: FixAvailability = "none"
    #: How safe its fixes are: "safe" (`--fix` applies them), "unsafe" (only
    #: with `--unsafe-fixes`), or "mixed" (some of each).
    fix_safety: Literal["safe", "unsafe", "mixed"] = "safe"
    #: Rules whose findings replace this one's at the same key path
    #: (the generic model rules are shadowed by every specific rule).
    generic: bool = False
    #: Its findings point at a credential: reports never show the value.
    sensitive: bool = False
    doc: str = ""
    check: Callable[..., Iterator[Hit]] | None = None
    check_project: Callable[..., Iterator[Any]] | None = None
    facts: Callable[..., Any] | None = None


#: Where the rule documentation lives online (docs/rules.md, generated).
DOCS_URL = "https://github.com/triggercfg/triggercfg/blob/main/docs/rules.md"  # platforms.REPOSITORY


def rule_url(rule: Rule) -> str:
    """The rule's section of the online documentation (SARIF ``helpUri``, the
    language server's ``codeDescription``)."""
    return f"{DOCS_URL}#{rule.name}-{rule.code.lower()}"


class ProjectFile(NamedTuple):
    """One file as a cross-file rule sees it."""

    path: str  # as shown to the user
    disk_path: str
    platform: str
    fact: Any  # what the rule's ``facts`` took from this file
    #: False for a file only compared (another file of the repository, an
    #: unopened file of the editor's workspace): a rule yields no hit for it,
    #: and reads it again (``context_of``) only to name a line of it.
    reported: bool = True

    @property
    def resolved(self) -> str:
        return os.path.realpath(self.disk_path)


#: ``context_of(path)``: the file shown as ``path``, read again (None if it cannot be).
ContextOf = Callable[[str], "Context | None"]


def line_of(context_of: ContextOf, path: str, key: KeyPath) -> int:
    """The line of canonical ``key`` in the file shown as ``path``."""
    ctx = context_of(path)
    return ctx.locations.span(ctx.where(key)).line if ctx is not None else 1


class Context:
    """Everything a rule may read about one file. Rules must not mutate it."""

    def __init__(self, path: str, platform: "Platform", source: "Source", data: dict[str, Any], options: "Options"):
        self.path = path
        self.platform = platform
        self.source = source
        self.data = data
        self.options = options
        #: What several rules derive from the same data, computed once per file.
        self.memo: dict[str, Any] = {}
        #: TOML 1.1 constructs that the platform's CLI refuses (``parse.Parsed.newer``).
        self.newer: tuple[Construct, ...] = ()

    @cached_property
    def locations(self) -> "Locations":
        """Spans of the document, scanned on first use: a clean file never pays for it."""
        from ..locate import Locations

        return Locations(self.source.text)

    @cached_property
    def reading(self) -> "Reading":
        """What the platform reads from this file (the decode stage): every
        key's entry, and the view of the values read. Rules judge it."""
        return decode(self.platform.name, self.data)

    @property
    def view(self) -> dict[str, Any]:
        """The values the platform reads, by canonical path (``Reading.view``)."""
        return self.reading.view or {}

    def value(self, path: KeyPath, default: Any = None) -> Any:
        """The value read at canonical ``path`` (`("cerebrium", "scaling",
        "cooldown")` in any spelling, `"30"` as 30), or ``default``."""
        return self.reading.value(path, default)

    def entry(self, path: KeyPath) -> "Entry | None":
        """The entry the platform reads at canonical ``path``."""
        return self.reading.entry(path)

    def where(self, path: KeyPath) -> KeyPath:
        """Where canonical ``path`` is written (what hits and fixes name)."""
        return self.reading.where(path)

    @cached_property
    def model_errors(self) -> "list[ModelError]":
        """What the platform's model says is wrong with the values read (the
        view, whatever their spelling), at the keys as written.

        The compiled shape answers first; only a document it rejects is
        validated by pydantic-core, whose errors then say exactly what is
        wrong. Neither loads the ``pydantic`` package or builds a model class.
        """
        view = self.view
        if conforms(root(self.platform.name), view):
            return []
        from ..validate import core_errors

        return [e._replace(canonical=e.path, path=self.where(e.path)) for e in core_errors(self.platform.name, view)]

    def raw_value(self, path: KeyPath) -> str:
        """The value at written ``path`` exactly as written in the file."""
        span = self.locations.span(path)
        lines = self.source.text.split("\n")
        if span.line == span.end_line:
            return lines[span.line - 1][span.column - 1 : span.end_column - 1]
        parts = [lines[span.line - 1][span.column - 1 :]]
        parts += lines[span.line : span.end_line - 1]
        parts.append(lines[span.end_line - 1][: span.end_column - 1])
        return "\n".join(parts)


_LOADED: dict[str, Rule] = {}  # by module name


def load(module_name: str) -> Rule:
    """The rule of one module, with its documentation and checks (imported once)."""
    rule = _LOADED.get(module_name)
    if rule is None:
        module = importlib.import_module(f"{__name__}.{module_name}")
        declared: Rule = module.RULE
        rule = _LOADED[module_name] = declared._replace(
            doc=(module.__doc__ or "").strip(),
            check=getattr(module, "check", None),
            check_project=getattr(module, "check_project", None),
            facts=getattr(module, "facts", None),
        )
    return rule


def file_rules(platform: str) -> list[Rule]:
    """The per-file rules that run on ``platform``'s files, in code order
    (loaded once: every file asks)."""
    rules = _FILE_RULES.get(platform)
    if rules is None:
        rules = _FILE_RULES[platform] = [load(m) for m in _BY_PLATFORM[platform]]
    return rules


def project_rules() -> list[Rule]:
    global _PROJECT_RULES
    if _PROJECT_RULES is None:
        _PROJECT_RULES = [load(m) for m in PROJECT]
    return _PROJECT_RULES


_FILE_RULES: dict[str, list[Rule]] = {}
_PROJECT_RULES: list[Rule] | None = None


def all_rules() -> dict[str, Rule]:
    """Rules by name, in registry order (imports every rule module once)."""
    return {rule.name: rule for rule in map(load, MODULES)}


def get_rule(name_or_code: str) -> Rule | None:
    rules = all_rules()
    if name_or_code in rules:
        return rules[name_or_code]
    return next((r for r in rules.values() if r.code == name_or_code.upper()), None)
