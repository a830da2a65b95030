"""Reading the JSON files a user names (receipts, terms templates, deployment manifests):
every way such a file can be wrong is one line naming the file and the place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from valuechain.errors import InputError, ValueChainError


def read_object(path: Path, what: str, *, error: type[ValueChainError] = InputError,
                missing: str = "") -> dict[str, Any]:
    """The JSON object in the file at ``path``, a ``what`` ("receipt", "terms file").

    A missing file, a folder, text that is not UTF-8 or not well-formed JSON, and JSON
    that is not an object raise ``error`` (fields: ``what`` the file, ``where`` the line
    and column, ``expected``, ``found``); ``missing`` is added to the message of a
    missing file (what to do instead)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path}: no such {what}" + (f" ({missing})" if missing else ""), what=str(path),
                    expected=f"a {what}", found="no such file") from None
    except IsADirectoryError:
        raise error(f"{path} is a folder: name the {what} file", what=str(path), expected=f"a {what} file",
                    found="a folder") from None
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text (byte {exc.start}): not a {what}", what=str(path),
                    where=f"byte {exc.start}", expected="UTF-8 text", found=f"0x{exc.object[exc.start]:02x}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{path}: malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}", what=str(path),
                    where=f"line {exc.lineno} column {exc.colno}", expected="well-formed JSON", found=exc.msg) from None
    if not isinstance(data, dict):
        raise error(f"{path}: not a {what} (expected a JSON object)", what=str(path), where="$",
                    expected="a JSON object", found=type(data).__name__)
    return data
