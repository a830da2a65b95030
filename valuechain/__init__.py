"""valuechain: contracts and tooling for trusted production-data sharing along a value chain.

The package imports without Brownie (analysts need only web3 and pandas); Brownie is
used for compiling, testing and the scripts in ``scripts/``.
"""

__version__ = "0.1.0"
