"""The exceptions valuechain raises: each message says what was wrong and what to do."""


class ValueChainError(Exception):
    """Base of every error valuechain raises on purpose."""


class InputError(ValueChainError):
    """User input (a file, a row, a field, an argument) is not what was expected."""


class ChainError(ValueChainError):
    """The chain refused, or is not the chain we expected."""


class ConfigError(ValueChainError):
    """Configuration, manifest or account setup is missing or inconsistent."""
