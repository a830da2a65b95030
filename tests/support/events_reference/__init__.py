"""The event index's views as they were before they were made fast for a million events
(issue 15): frames, views and the scorecard reading every event of a contract row by
row. Kept as the reference the fast views must equal (tests/support/events_compare.py),
not used by the package."""
