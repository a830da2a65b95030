"""Test support: helpers the test modules import, and the fixtures of the chain suite
(``accounts``, ``registry``, ``supply``), loaded through ``pytest_plugins`` in
tests/conftest.py.

tests/offline runs without Brownie: it may import only the Brownie-free modules here
(``rpc_proxy``, ``onboarding``, ``cli_bad_input``); its conftest refuses any import of Brownie.
"""
