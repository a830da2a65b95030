"""The offline suite: plain pytest, no Brownie, no chain (see pytest.ini next to this file).

Importing Brownie is refused here: a test that needs it, or a chain, belongs in the chain
suite (tests/unit, tests/tooling, ...), which `brownie test` runs."""

from __future__ import annotations

import importlib.abc
import sys

import pytest

if "brownie" in sys.modules:
    raise pytest.UsageError(
        "tests/offline runs under plain pytest, not `brownie test`: "
        ".venv/bin/python -m pytest tests/offline (or `make test`)"
    )


class _NoBrownie(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name == "brownie" or name.startswith("brownie."):
            raise ImportError(f"tests/offline runs without Brownie ({name} was imported): "
                              "move the test to the chain suite")
        return


sys.meta_path.insert(0, _NoBrownie())
