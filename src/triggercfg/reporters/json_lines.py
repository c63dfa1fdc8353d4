"""One JSON object per line, same shape as ``json``."""

from __future__ import annotations

import json
from typing import Any


def render(result: Any, **_: Any) -> str:
    return "\n".join(json.dumps(f.to_dict(), ensure_ascii=False) for f in result.findings)
