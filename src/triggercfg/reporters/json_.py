"""One JSON array of finding objects (the public contract: docs/json-output.md)."""

from __future__ import annotations

import json
from typing import Any


def render(result: Any, **_: Any) -> str:
    return json.dumps([f.to_dict() for f in result.findings], indent=2, ensure_ascii=False)
