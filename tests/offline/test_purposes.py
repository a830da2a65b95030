"""The purpose vocabulary (valuechain/catenax/purposes.json): the one mapping from
Catena-X purpose id to on-chain bit, from which contracts/libraries/Purposes.sol is
generated and the Python ``Purpose`` flag derived."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from valuechain.catenax.purposes import INDIVIDUAL, MANUFACTURING, render_solidity, vocabulary
from valuechain.contract_types import ALL_PURPOSES, Purpose
from valuechain.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "fixtures/catenax/odrl/2025-09/schema/constraint/usage-purpose-constraint-schema.json"

#: Append-only: these bits are on chain in every licence; never move one.
PINNED = [
    "cx.core.legalRequirementForThirdparty:1", "cx.core.industrycore:1", "cx.core.qualityNotifications:1",
    "cx.pcf.base:1", "cx.quality.base:1", "cx.dcm.base:1", "cx.puris.base:1", "cx.circular.dpp:1",
    "cx.circular.smc:1", "cx.circular.marketplace:1", "cx.circular.materialaccounting:1", "cx.bpdm.gate.upload:1",
    "cx.bpdm.gate.download:1", "cx.bpdm.pool:1", "cx.bpdm.vas.dataquality.upload:1",
    "cx.bpdm.vas.dataquality.download:1", "cx.bpdm.vas.bdv.upload:1", "cx.bpdm.vas.bdv.download:1",
    "cx.bpdm.vas.fpd.upload:1", "cx.bpdm.vas.fpd.download:1", "cx.bpdm.vas.swd.upload:1", "cx.bpdm.vas.swd.download:1",
    "cx.bpdm.vas.nps.upload:1", "cx.bpdm.vas.nps.download:1", "cx.bpdm.vas.countryrisk:1",
    "cx.core.digitalTwinRegistry:1", "cx.ccm.base:1", "cx.bpdm.poolAll:1", "cx.logistics.base:1",
    "valuechain.individual:1", "valuechain.manufacturing:1",
]


def test_existing_bits_are_pinned():
    voc = vocabulary()
    assert [e.id for e in voc.entries[: len(PINNED)]] == PINNED
    assert [e.bit for e in voc.entries] == list(range(len(voc.entries)))
    assert voc.by_id(MANUFACTURING).value == int(Purpose.MANUFACTURING) == 1 << 30
    assert voc.by_id(INDIVIDUAL).value == int(Purpose.INDIVIDUAL)


def test_every_purpose_of_the_official_schema_has_a_bit():
    schema = json.loads(SCHEMA.read_text())
    official = {d["const"] for d in schema["definitions"].values() if "const" in d and d.get("type") == "string"}
    official.discard("UsagePurpose")
    official.discard("isAnyOf")
    assert len(official) == 29
    assert official <= {e.id for e in vocabulary().entries if e.kind == "catenax"}


def test_solidity_library_is_generated_from_the_table():
    assert (ROOT / "contracts/libraries/Purposes.sol").read_text() == render_solidity()
    assert ALL_PURPOSES == vocabulary().mask < 1 << vocabulary().width
    assert {m.name: int(m) for m in Purpose} == {e.name: e.value for e in vocabulary().entries}


def test_ids_and_names_parse_and_format():
    voc = vocabulary()
    bits = voc.bits(["cx.pcf.base:1", "manufacturing", "CX_QUALITY_BASE_1"])
    assert bits == 1 << 3 | 1 << 30 | 1 << 4
    assert voc.ids(bits | 1 << 35) == ("cx.pcf.base:1", "cx.quality.base:1", "valuechain.manufacturing:1", "bit35")


@pytest.mark.parametrize("bad", ["cx.pcf.base:2", "telepathy", ""])
def test_unknown_purpose_is_refused(bad):
    with pytest.raises(InputError, match="unknown purpose") as info:
        vocabulary().bits(["cx.pcf.base:1", bad], "$.purposes")
    assert info.value.where == "$.purposes[1]" and info.value.found == bad
