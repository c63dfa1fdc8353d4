"""Where the per-file time goes: each stage of a check, timed in one process.

    python bench/stages.py              # 1,000 real files (../shared/corpus), as bench/run.py builds them
    python bench/stages.py --generated  # 1,000 generated files, one in ten with findings

Times every stage of the pipeline separately on the same files (read, text
decoding, parse, the decode stage's reading, the model check, each rule,
locating findings, the engine's own work), in this process and without
workers, and prints the microseconds per file of each. This is the profile
behind bench/RESULTS.md's notes; like the benchmark, it is never a test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from workloads import CORPUS, real_files, write_real_tree, write_tree

from triggercfg.config import Options
from triggercfg.discover import discover
from triggercfg.engine import check_bytes, context_of
from triggercfg.locate import Locations
from triggercfg.parse import parse
from triggercfg.rules import Context, file_rules
from triggercfg.source import decode, read_file


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generated", action="store_true", help="the generated tree instead of the real files")
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the files (the best is kept)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        if args.generated or not CORPUS.is_dir():
            write_tree(Path(scratch), args.files, bad_every=10)
            what = f"{args.files} generated files, one in ten with findings"
        else:
            write_real_tree(Path(scratch), args.files, real_files())
            what = f"{args.files} real files (accepted corpus files, cycled)"
        targets, _ = discover([scratch])
        options = Options()
        data = {t.path: read_file(t.path) for t in targets}
        for target in targets[:100]:  # warm up: compile patterns, fill caches
            check_bytes(target.display, data[target.path], target.platform, options)
        best: dict[str, float] = {}
        wholes = []
        for _ in range(args.rounds):
            stages: dict[str, float] = {}

            def timed(name: str, function, *args, stages=stages):  # type: ignore[no-untyped-def]
                start = time.perf_counter()
                result = function(*args)
                stages[name] = stages.get(name, 0.0) + time.perf_counter() - start
                return result

            for target in targets:
                timed("read", read_file, target.path)
                source = timed("text decoding", decode, data[target.path])
                timed("parse (toml-rs)", parse, source.text, target.platform.toml, target.platform.toml_extras)
                ctx = context_of(target.display, data[target.path], target.platform, options)
                if isinstance(ctx, Context):
                    timed("decode stage (the platform's reading)", lambda c=ctx: c.reading)  # type: ignore[misc]
                    timed("model check (invalid-type's shape)", lambda c=ctx: c.model_errors)  # type: ignore[misc]
                    found = False
                    for rule in file_rules(target.platform.name):
                        hits = timed(f"rule {rule.name}", lambda r=rule, c=ctx: list(r.check(c)))  # type: ignore[misc]
                        found = found or bool(hits)
                    if found:
                        timed("locate (files with findings)", Locations, source.text)
            start = time.perf_counter()
            for target in targets:
                check_bytes(target.display, data[target.path], target.platform, options)
            wholes.append(time.perf_counter() - start)
            for name, seconds in stages.items():
                best[name] = min(best.get(name, seconds), seconds)
        whole = min(wholes)
    count = len(targets)
    print(f"{what}: a whole check (read apart) costs {whole / count * 1e6:.0f} µs per file\n")
    print(f"{'stage':<48} {'µs/file':>8} {'share':>6}")
    read = best.pop("read")
    rest = whole - sum(best.values())
    best["the engine's own (suppressions, facts, finding)"] = max(rest, 0.0)
    for name, seconds in sorted(best.items(), key=lambda item: -item[1]):
        if seconds / count * 1e6 >= 0.5:
            print(f"{name:<48} {seconds / count * 1e6:8.1f} {seconds / whole * 100:5.1f}%")
    print(f"{'(reading the file, apart)':<48} {read / count * 1e6:8.1f}")


if __name__ == "__main__":
    main()
