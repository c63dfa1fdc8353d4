"""The TOML parsers triggercfg could use, side by side: microseconds per file
of ../shared/corpus (same process, best of several passes), and how each
does on toml-test's lists (accept/refuse and values).

    python bench/parsers.py            # needs ../shared beside the checkout

The numbers in README.md's "Dependencies" come from this script. tomli is
measured when installed (``pip install tomli``); it is not a dependency.
"""

from __future__ import annotations

import contextlib
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))


def parsers() -> dict[str, object]:
    import toml_rs

    from triggercfg.parse import parse

    out: dict[str, object] = {
        f"tomllib (Python {sys.version_info.major}.{sys.version_info.minor})": tomllib.loads,
        "toml-rs, TOML 1.0": lambda text: toml_rs.loads(text, toml_version="1.0.0"),
        "toml-rs, TOML 1.1": lambda text: toml_rs.loads(text, toml_version="1.1.0"),
        "triggercfg parse stage, Blaxel (1.1)": lambda text: _ok(parse(_text(text))),
        "triggercfg parse stage, Cerebrium (1.0 + \\e)": lambda text: _ok(
            parse(_text(text), "1.0.0", frozenset({"escape-e"}))
        ),
    }
    try:
        import tomli

        out[f"tomli {tomli.__version__ if hasattr(tomli, '__version__') else ''}".strip()] = tomli.loads
    except ImportError:
        pass
    return out


def _text(text: str) -> str:
    return text.removeprefix("\ufeff")  # as triggercfg's read stage hands it on


def _ok(parsed: object) -> object:
    if not hasattr(parsed, "data") or parsed.newer:  # type: ignore[attr-defined]
        raise ValueError(parsed)  # refused, or TOML 1.1 in a Cerebrium file
    return parsed.data  # type: ignore[attr-defined]


def speed(loads: object, texts: list[str], passes: int = 7) -> float:
    best = float("inf")
    for _ in range(passes):
        start = time.perf_counter()
        for text in texts:
            with contextlib.suppress(Exception):
                loads(text)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best / len(texts) * 1e6


def suite(loads: object, version: str) -> tuple[int, int, int, int]:
    """(valid refused or misread, valid cases, invalid accepted, invalid cases)."""
    import json

    from test_toml_compliance import expected, tagged

    folder = SHARED / "toml-test"
    names = [n for n in (folder / f"files-toml-{version}").read_text().split() if n.endswith(".toml")]
    wrong_valid = valid = wrong_invalid = invalid = 0
    for name in names:
        try:
            value = loads((folder / name).read_bytes().decode("utf-8"))  # type: ignore[operator]
        except Exception:
            value = None
        if name.startswith("valid/"):
            valid += 1
            want = expected(json.loads((folder / name).with_suffix(".json").read_text(encoding="utf-8")))
            try:
                wrong_valid += value is None or tagged(value) != want
            except AssertionError:
                wrong_valid += 1
        else:
            invalid += 1
            wrong_invalid += value is not None
    return wrong_valid, valid, wrong_invalid, invalid


def main() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "corpus").rglob("*.toml"))]
    print(f"{len(texts)} corpus files\n")
    print("| parser | µs per file | TOML 1.0 list: valid refused or misread / invalid accepted | TOML 1.1 list |")
    print("|---|---|---|---|")
    for name, loads in parsers().items():
        cells = []
        for version in ("1.0.0", "1.1.0"):
            bad_valid, valid, bad_invalid, invalid = suite(loads, version)
            cells.append(f"{bad_valid} of {valid} / {bad_invalid} of {invalid}")
        print(f"| {name} | {speed(loads, texts):.1f} | {cells[0]} | {cells[1]} |")


if __name__ == "__main__":
    main()
