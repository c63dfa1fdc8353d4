"""The two platforms: file names, schema names and (lazily) their models."""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple


class Platform(NamedTuple):
    name: str  # "blaxel"
    filename: str  # "blaxel.toml"
    model_path: str  # "triggercfg.models.blaxel:BlaxelConfig"

    @property
    def schema_filename(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def schema_id(self) -> str:
        return f"urn:triggercfg:schema:{self.name}"

    def model(self) -> Any:
        """The root Pydantic model, imported on first use (it costs start-up time)."""
        module, _, attr = self.model_path.partition(":")
        return getattr(importlib.import_module(module), attr)


PLATFORMS: dict[str, Platform] = {
    "blaxel": Platform("blaxel", "blaxel.toml", "triggercfg.models.blaxel:BlaxelConfig"),
    "cerebrium": Platform(
        "cerebrium", "cerebrium.toml", "triggercfg.models.cerebrium:CerebriumConfig"
    ),
}
BY_FILENAME = {p.filename: p for p in PLATFORMS.values()}
