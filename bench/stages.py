"""Where the per-file time goes: each stage of a check, timed in one process.

    python bench/stages.py              # 1,000 files, one in ten with findings

Times every stage of the pipeline separately on the same generated files
(read, decode, parse, each rule, the engine's own work), in this process and
without workers, and prints the microseconds per file of each. This is the
profile behind bench/RESULTS.md's notes; like the benchmark, it is never a test.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workloads import write_tree

from triggercfg.config import Options
from triggercfg.discover import discover
from triggercfg.engine import check_bytes, context_of
from triggercfg.parse import parse
from triggercfg.rules import file_rules
from triggercfg.source import decode, read_file


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        write_tree(Path(scratch), 1000, bad_every=10)
        targets, _ = discover([scratch])
        options = Options()
        for target in targets[:100]:  # warm up: compile patterns, fill caches
            check_bytes(target.display, read_file(target.path), target.platform, options)
        stages: dict[str, float] = {}

        def timed(name: str, function, *args):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            result = function(*args)
            stages[name] = stages.get(name, 0.0) + time.perf_counter() - start
            return result

        for target in targets:
            data = timed("read", read_file, target.path)
            source = timed("decode", decode, data)
            timed("parse (toml-rs)", parse, source.text, target.platform.toml, target.platform.toml_extras)
            ctx = context_of(target.display, data, target.platform, options)
            for rule in file_rules(target.platform.name):
                timed(f"rule {rule.name}", lambda r=rule, c=ctx: list(r.check(c)))  # type: ignore[misc]
        start = time.perf_counter()
        for target in targets:
            check_bytes(target.display, read_file(target.path), target.platform, options)
        whole = time.perf_counter() - start
    count = len(targets)
    print(f"{count} files; a whole check_bytes costs {whole / count * 1e6:.0f} µs per file\n")
    print(f"{'stage':<48} {'µs/file':>8} {'share':>6}")
    rest = whole - sum(stages.values())
    stages["engine (locate findings, suppressions, facts)"] = max(rest, 0.0)
    for name, seconds in sorted(stages.items(), key=lambda item: -item[1]):
        if seconds:
            print(f"{name:<48} {seconds / count * 1e6:8.1f} {seconds / whole * 100:5.1f}%")


if __name__ == "__main__":
    main()
