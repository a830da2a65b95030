"""Supplier onboarding from spreadsheet exports: CSV -> validated rows -> plan (diff
with the chain) -> batched transactions; resumable, exactly once, per-row report.

``onboard()`` is the whole job; the modules are its steps:

| module | job |
|---|---|
| ``csvfile`` | read the CSV as spreadsheets export it (delimiter, BOM, header names); write reject files |
| ``profile`` | profile cell -> 32-byte hash (given, or keccak256 of the named document) |
| ``validate`` | every problem of every row, at once |
| ``chainstate`` | what the registry holds for many orgs/accounts: batched reads at one block |
| ``plan`` | to admit / already present / conflicts |
| ``sizing`` | batch size from the block gas limit and the measured gas per member |
| ``journal`` | fsync'd JSON-lines record of every batch, written before waiting |
| ``recover`` | settle the batches an earlier run left open |
| ``execute`` | send batches, wait, handle rows the chain refuses |
| ``report`` | per-row results, JSON report, rich tables |
"""

from valuechain.onboarding.execute import BatchEvent
from valuechain.onboarding.report import OnboardingReport, RowResult
from valuechain.onboarding.run import InvalidRows, onboard
from valuechain.onboarding.validate import Problem, SupplierRow

__all__ = ["BatchEvent", "InvalidRows", "OnboardingReport", "Problem", "RowResult", "SupplierRow", "onboard"]
