"""Shared pieces of the Pydantic models.

Conventions (they make the generated JSON Schema agree with the models):

* ``strict=True``: TOML values are already typed, so ``"900"`` is not an
  integer and ``true`` is not ``1``. (A TOML integer is accepted for a float,
  as in JSON Schema's ``number``.)
* ``extra="allow"``: both platforms ignore keys they do not read, so an unknown
  key is not a model error. The linter reports it (``unknown-key``).
* Every constraint is one that JSON Schema can express; no Python validators.
  What needs Python lives in the linter rules.
* Optional fields default to ``None`` (stripped from the schema, since TOML
  has no null). The platform's documented default goes in ``doc_default``,
  which is shown in the schema (hover) but never filled in.
"""

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

#: Duration strings the Blaxel CLI converts to seconds: "900", "15m", "1h".
DURATION_PATTERN = r"^([0-9]+|[0-9]+[smhdwSMHDW])$"
#: Blaxel's whole-value interpolation: $KEY, ${KEY}, ${KEY:default}, $secrets.KEY …
INTERPOLATION_PATTERN = r"^\$(\{[A-Za-z0-9_.]+(:[^}]*)?\}|[A-Za-z0-9_.]+)$"

DurationString = Annotated[str, Field(pattern=DURATION_PATTERN)]


class TomlModel(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, defer_build=True)


def doc(
    description: str,
    *,
    required: bool = False,
    doc_default: Any = None,
    examples: list[Any] | None = None,
    alias: str | None = None,
    deprecated: str | None = None,
    link: str | None = None,
    **constraints: Any,
) -> Any:
    """A ``Field`` with the hover text, the documented default and examples."""
    extra: dict[str, Any] = {}
    if doc_default is not None:
        extra["x-doc-default"] = doc_default
    if deprecated:
        extra["deprecated"] = True
        extra["x-deprecation"] = deprecated
    if link:
        extra["x-link"] = link
    return Field(
        ... if required else None,
        description=description,
        examples=examples,
        alias=alias,
        json_schema_extra=extra or None,
        **constraints,
    )
