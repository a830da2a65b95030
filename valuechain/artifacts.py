"""Compiled contracts (Brownie's build folder) and their custom errors."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from eth_utils import function_abi_to_4byte_selector

from valuechain.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def build_dir() -> Path:
    """``$VALUECHAIN_BUILD`` or the project's ``build/contracts``."""
    return Path(os.environ.get("VALUECHAIN_BUILD", PROJECT_ROOT / "build" / "contracts"))


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """The build artifact of contract ``name`` (abi, bytecode, compiler settings)."""
    path = build_dir() / f"{name}.json"
    if not path.exists():
        raise ConfigError(f"no compiled artifact for {name} at {path}: run `brownie compile` (or `make install`) first")
    return json.loads(path.read_text())


@lru_cache(maxsize=None)
def error_abis() -> dict[bytes, dict[str, Any]]:
    """Every custom error of every compiled contract, by its 4-byte selector."""
    errors: dict[bytes, dict[str, Any]] = {}
    folder = build_dir()
    if folder.exists():
        for path in folder.glob("*.json"):
            for item in json.loads(path.read_text()).get("abi", []):
                if item.get("type") == "error":
                    errors[function_abi_to_4byte_selector(item)] = item
    return errors
