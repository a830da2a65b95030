"""Every view of the event index against the reference implementation (the views before
they were made fast: tests/support/events_reference)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from tests.support.events_reference import frames as ref_frames
from tests.support.events_reference import scorecard as ref_scorecard
from tests.support.events_reference import views as ref_views
from valuechain.events import frames, scorecard, views
from valuechain.events.store import Store

NOW = pd.Timestamp("2026-06-01", tz="UTC")  # licences' status at a fixed moment


def view_pairs() -> dict[str, tuple[Callable[[Store], Any], Callable[[Store], Any]]]:
    """name -> (fast, reference), each taking a Store."""
    pairs: dict[str, tuple[Callable[[Store], Any], Callable[[Store], Any]]] = {}
    for name in ("members", "operator_offers", "role_holders", "pauses"):
        pairs[name] = (getattr(frames, name), getattr(ref_frames, name))
    for name in ("ip_history", "access_log", "orders", "order_history", "quality", "signals"):
        pairs[name] = (getattr(views, name), getattr(ref_views, name))
    pairs["licences"] = (lambda s: views.licences(s, NOW), lambda s: ref_views.licences(s, NOW))
    pairs["scorecard"] = (scorecard.scorecard, ref_scorecard.scorecard)
    return pairs


def filtered_pairs(org: str) -> dict[str, tuple[Callable[[Store], Any], Callable[[Store], Any]]]:
    """The views that take a filter, filtered by ``org`` (and the first order)."""
    return {
        "access_log(org)": (lambda s: views.access_log(s, org), lambda s: ref_views.access_log(s, org)),
        "signals(recipient)": (lambda s: views.signals(s, org), lambda s: ref_views.signals(s, org)),
        "licences(org)": (lambda s: views.licences(s, NOW, org), lambda s: ref_views.licences(s, NOW, org)),
        "order_history(1)": (lambda s: views.order_history(s, 1), lambda s: ref_views.order_history(s, 1)),
    }


def assert_views_equal(store: Store, org: str | None = None) -> dict[str, int]:
    """Every view equals the reference's (values, column by column; timestamps compared
    at one resolution), and with ``org`` the filtered views too; returns the rows of
    each, so a caller can check they are not all empty."""
    sizes = {}
    pairs = {**view_pairs(), **(filtered_pairs(org) if org else {})}
    for name, (fast, reference) in pairs.items():
        got, expected = fast(store), reference(store)
        assert list(got.columns) == list(expected.columns), name
        assert len(got) == len(expected), (name, len(got), len(expected))
        for column in expected.columns:
            a, b = got[column], expected[column]
            if isinstance(b.dtype, pd.DatetimeTZDtype) or isinstance(a.dtype, pd.DatetimeTZDtype):
                a, b = a.astype("datetime64[us, UTC]"), b.astype("datetime64[us, UTC]")
            pd.testing.assert_series_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_names=False,
                                           obj=f"{name}.{column}")
        sizes[name] = len(got)
    return sizes
