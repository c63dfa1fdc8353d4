"""The two platforms: file names, schema names and (lazily) their models."""

# Annotations are evaluated: NamedTuples compile string ones (CONTRIBUTING.md, Benchmark).
import importlib
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

#: Where triggercfg lives: its rule docs and published schemas are under it.
REPOSITORY = "https://github.com/triggercfg/triggercfg"
#: The published schemas (what `schemas/catalog.json` and `#:schema` directives point at).
SCHEMA_BASE = "https://raw.githubusercontent.com/triggercfg/triggercfg/main/schemas"


class Platform(NamedTuple):
    name: str  # "blaxel"
    filename: str  # "blaxel.toml"
    model_path: str  # "triggercfg.models.blaxel:BlaxelConfig"
    #: The TOML version the platform's CLI parses ("1.1.0" or "1.0.0").
    toml: str = "1.1.0"
    #: TOML 1.1 constructs that the CLI accepts all the same in a file of an
    #: older ``toml`` version (by the names in ``locate.NEWER``).
    toml_extras: frozenset[str] = frozenset()

    @property
    def schema_filename(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def schema_id(self) -> str:
        return f"urn:triggercfg:schema:{self.name}"

    @property
    def schema_url(self) -> str:
        return f"{SCHEMA_BASE}/{self.schema_filename}"

    def installed_schema(self) -> "Path":
        """The schema file shipped with the package (in the wheel), or the
        repository's `schemas/` in a source checkout."""
        from pathlib import Path

        package = Path(__file__).parent
        shipped = package / "schemas" / self.schema_filename
        return shipped if shipped.is_file() else package.parent.parent / "schemas" / self.schema_filename

    def model(self) -> Any:
        """The root Pydantic model, imported on first use (it costs start-up time)."""
        module, _, attr = self.model_path.partition(":")
        return getattr(importlib.import_module(module), attr)


PLATFORMS: dict[str, Platform] = {
    # The Blaxel CLI (Go, BurntSushi/toml) reads TOML 1.1.
    "blaxel": Platform("blaxel", "blaxel.toml", "triggercfg.models.blaxel:BlaxelConfig", "1.1.0"),
    # The Cerebrium CLI (Go, pelletier/go-toml v2 through viper) reads TOML 1.0,
    # and accepts the `\e` escape of TOML 1.1 besides (observed, ../shared/toml-test).
    "cerebrium": Platform(
        "cerebrium",
        "cerebrium.toml",
        "triggercfg.models.cerebrium:CerebriumConfig",
        "1.0.0",
        frozenset({"escape-e"}),
    ),
}
BY_FILENAME = {p.filename: p for p in PLATFORMS.values()}
