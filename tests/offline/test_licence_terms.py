"""Licence terms templates (valuechain.licensing.load_terms) are checked before any chain is asked."""

from __future__ import annotations

import json

import pytest

from valuechain import licensing
from valuechain.errors import InputError


def test_bad_terms_template(tmp_path):
    bad = tmp_path / "t.json"
    bad.write_text(json.dumps({"name": "x", "purposes": ["telepathy"], "derivatives": False, "sublicensing": False,
                               "max_duration_days": 3, "legal_text": "t"}))
    with pytest.raises(InputError, match=r"\$.purposes: unknown purpose 'telepathy'"):
        licensing.load_terms(bad)
