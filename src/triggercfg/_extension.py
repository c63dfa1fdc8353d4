"""Compiled extension modules, loaded without their package's Python wrapper.

toml-rs and pydantic-core ship a Rust extension inside a Python package whose
``__init__`` imports typing helpers, ``inspect`` and a large schema module: 1.5
ms for pydantic-core's extension, 24 ms for its package. A check needs only
the extension, so it is loaded on its own and registered under its full name;
the package, if something imports it later, reuses the same module object.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import os
import sys
from types import ModuleType


def extension(package: str, name: str) -> ModuleType:
    """The compiled module ``package.name``, loaded on its own (or, where that
    cannot be done, imported the usual way)."""
    full = f"{package}.{name}"
    module = sys.modules.get(full)
    if module is not None:
        return module
    try:
        spec = importlib.util.find_spec(package)
        folder = spec.submodule_search_locations[0]  # type: ignore[union-attr, index]  # a dependency: the package is there
        path = next(
            os.path.join(folder, entry)
            for entry in os.listdir(folder)
            if entry.startswith(f"{name}.") and entry.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))
        )
        loader = importlib.machinery.ExtensionFileLoader(full, path)
        located = importlib.util.spec_from_file_location(full, path, loader=loader)
        module = importlib.util.module_from_spec(located)  # type: ignore[arg-type]  # a file location always gives a spec
        loader.exec_module(module)
        sys.modules[full] = module  # the package, if imported later, reuses it
    except Exception:
        module = importlib.import_module(full)
    return module
