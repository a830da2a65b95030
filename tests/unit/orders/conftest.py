"""Fixtures of the supply order and signal tests (defined in tests/supply_support.py)."""

from tests.supply_support import (  # noqa: F401  (fixtures)
    members,
    oem2,
    oem2_op,
    orders,
    signals,
    supplier_a_op2,
    supplier_c,
    supplier_c_op,
)
