"""Start-up and throughput benchmark (run by hand; never a test).

    python bench/startup.py            # median wall time of typical invocations

Compares triggercfg with the floors it cannot beat (`python -c pass`, and
importing pydantic + click), on one clean file of each platform and on many
files in one run (a monorepo / pre-commit with many files).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def median_seconds(command: list[str], cwd: Path = ROOT) -> float:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, cwd=cwd, env=env, capture_output=True)  # warm up, write .pyc
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    python = sys.executable
    exe = shutil.which("triggercfg", path=os.path.dirname(python)) or "triggercfg"
    with tempfile.TemporaryDirectory() as scratch:
        many = Path(scratch)
        for i in range(500):
            for name in ("blaxel", "cerebrium"):
                folder = many / f"svc{i:03}"
                folder.mkdir(exist_ok=True)
                text = (ROOT / "examples" / "clean" / f"{name}.toml").read_text()
                (folder / f"{name}.toml").write_text(text.replace('name = "', f'name = "s{i}-'))
        cases = [
            ("python -c pass", [python, "-c", "pass"]),
            ("import pydantic, click", [python, "-c", "import pydantic, click"]),
            ("triggercfg --version", [exe, "--version"]),
            ("check clean blaxel.toml", [exe, "check", "examples/clean/blaxel.toml"]),
            ("check clean cerebrium.toml", [exe, "check", "examples/clean/cerebrium.toml"]),
            ("check examples/ (4 files)", [exe, "check", "examples"]),
            ("check 1000 files", [exe, "check", str(many)]),
        ]
        for label, command in cases:
            print(f"{label:<30} {median_seconds(command) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
