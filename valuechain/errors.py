"""The exceptions valuechain raises: each message says what was wrong and what to do."""


class ValueChainError(Exception):
    """Base of every error valuechain raises on purpose."""


class InputError(ValueChainError):
    """User input (a file, a row, a field, an argument) is not what was expected."""


class ChainError(ValueChainError):
    """The chain refused, or is not the chain we expected."""


class ConfigError(ValueChainError):
    """Configuration, manifest or account setup is missing or inconsistent."""


class Refused(ChainError):
    """The chain would refuse a transaction: ``label`` names it, ``reason`` is the
    decoded custom error, ``contract`` the address called, when known (nothing was sent)."""

    def __init__(self, label: str, reason: str, contract: str | None = None) -> None:
        self.label, self.reason, self.contract = label, reason, contract
        super().__init__(f"{label} would revert: {reason}")


PAUSED_MESSAGE = ("the suite is paused (by the council or a guardian){what}; nothing was sent — retry once it is "
                  "resumed (`valuechain emergency resume`, council or guardian)")


class SuitePaused(ChainError):
    """The consortium's emergency pause is on: the chain refuses every state-changing
    business operation until the council or a guardian resumes the suite."""

    def __init__(self, label: str | None = None, said: str | None = None) -> None:
        self.label = label
        what = f": {label} refused" if label else ""
        what += f" (the contract said {said})" if said else ""
        super().__init__(PAUSED_MESSAGE.format(what=what))
