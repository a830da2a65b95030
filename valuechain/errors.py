"""The exceptions valuechain raises: each message says what was wrong and what to do.

``str(exc)`` is the one-line message the command line prints. The same facts are fields
for a program (``exc.fields()`` has them all, JSON-able):

- ``what``: the input that is wrong: a file, a payload, a transaction (its label), a
  setting, or the kind of value when it comes from the command line ("BPNL", "quantity")
- ``where``: the place in it: the argument (``--to``), row and column, a JSON path, a
  line, a field; or the node or contract concerned
- ``expected``: what was expected there
- ``found``: what was found instead

Each is None when it does not apply. Subclasses add fields of their own (``Refused``:
``label``, ``reason``, ``contract``) and list them in ``FIELDS``.
"""

from __future__ import annotations

from typing import Any, ClassVar


class ValueChainError(Exception):
    """Base of every error valuechain raises on purpose."""

    #: the structured fields ``fields()`` reports, in order
    FIELDS: ClassVar[tuple[str, ...]] = ("what", "where", "expected", "found")

    def __init__(self, message: str, *, what: str | None = None, where: str | None = None,
                 expected: Any = None, found: Any = None) -> None:
        super().__init__(message)
        self.what = what
        self.where = where
        self.expected = expected
        self.found = found

    @property
    def message(self) -> str:
        """The message the command line prints (``str(exc)``)."""
        return str(self)

    def fields(self) -> dict[str, Any]:
        """The kind (class name), the message and every field that is set, for a program
        (a JSON report, a UI) to act on without parsing the message."""
        out: dict[str, Any] = {"kind": type(self).__name__, "message": str(self)}
        for name in self.FIELDS:
            value = getattr(self, name, None)
            if value is not None:
                out[name] = _jsonable(value)
        return out


def _jsonable(value: Any) -> Any:
    """``value`` as JSON holds it: sequences as lists, anything else not JSON as text."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


class InputError(ValueChainError):
    """User input (a file, a row, a field, an argument) is not what was expected."""


class ChainError(ValueChainError):
    """The chain refused, or is not the chain we expected."""


class ConfigError(ValueChainError):
    """Configuration, manifest or account setup is missing or inconsistent."""


class Refused(ChainError):
    """The chain would refuse a transaction: ``label`` names it, ``reason`` is the
    decoded custom error, ``contract`` the address called, when known (nothing was sent)."""

    FIELDS = (*ValueChainError.FIELDS, "label", "reason", "contract")

    def __init__(self, label: str, reason: str, contract: str | None = None) -> None:
        self.label, self.reason, self.contract = label, reason, contract
        super().__init__(f"{label} would revert: {reason}", what=label, where=contract, found=reason)


PAUSED_MESSAGE = ("the suite is paused (by the council or a guardian){what}; nothing was sent — retry once it is "
                  "resumed (`valuechain emergency resume`, council or guardian)")


class SuitePaused(ChainError):
    """The consortium's emergency pause is on: the chain refuses every state-changing
    business operation until the council or a guardian resumes the suite. ``label`` is
    the refused operation, ``said`` what the contract answered, when known."""

    FIELDS = (*ValueChainError.FIELDS, "label", "said")

    def __init__(self, label: str | None = None, said: str | None = None) -> None:
        self.label, self.said = label, said
        what = f": {label} refused" if label else ""
        what += f" (the contract said {said})" if said else ""
        super().__init__(PAUSED_MESSAGE.format(what=what), what=label, expected="the suite running",
                         found="the suite paused")
