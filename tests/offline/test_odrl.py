"""Catena-X ODRL usage policies <-> licence terms (valuechain.catenax.odrl), on the
official samples of catenax-eV/cx-odrl-profile (fixtures/catenax/odrl, CC-BY-4.0) and
broken copies of them."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import rfc8785
from eth_utils import keccak

from valuechain import licensing
from valuechain.catenax import odrl
from valuechain.catenax.purposes import vocabulary
from valuechain.catenax.sidecar import Sidecar
from valuechain.errors import InputError

ODRL = Path(__file__).resolve().parents[2] / "fixtures/catenax/odrl"
SAMPLES = ODRL / "2025-09/samples"
POLICIES = sorted([*(ODRL / "2024").glob("*.json"), *(SAMPLES.glob("usage-policy*.json"))])
CONSTRAINTS = sorted(SAMPLES.glob("*-constraint-sample.json"))
BASE = SAMPLES / "usage-policy-sample.json"
BIT = {e.id: e.value for e in vocabulary().entries}


def read(path: Path):
    return json.loads(path.read_text())


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_official_policies_round_trip(path):
    terms = odrl.load(path)
    again = odrl.parse(odrl.export_terms(terms))
    assert again == terms
    assert odrl.canonical(odrl.export_terms(terms)) == odrl.canonical(read(path))
    assert terms.legal_text_hash == keccak(rfc8785.dumps(read(path)))


def test_2025_sample_terms():
    terms = odrl.load(SAMPLES / "usage-policy-comprehensive-sample.json")
    assert terms.generation == "2025-09" and terms.policy_id == "some-usage-policy-id"
    assert terms.purpose_ids == ("cx.core.digitalTwinRegistry:1", "cx.pcf.base:1", "cx.circular.dpp:1")
    assert terms.individual_purposes == ("PublishDataOnCompanyWebPage", "ModifyAndAmendData")
    assert terms.purposes == (BIT["cx.core.digitalTwinRegistry:1"] | BIT["cx.pcf.base:1"] | BIT["cx.circular.dpp:1"]
                              | BIT["valuechain.individual:1"])
    assert (terms.framework, terms.framework_version) == ("DataExchangeGovernance", "1.0")
    assert terms.contract_references == ("ContractID250620197", "AGB9832", "ContractConstraint_Warranty",
                                         "ContractConstraint_DataQuality")
    assert terms.usage_end == odrl.UsageEnd("unlimited", "cx.dataUsageEnd.unlimited:1")
    assert terms.max_duration_s == odrl.UNLIMITED_S and terms.not_after is None


@pytest.mark.parametrize("name", ["example_usage_policy.json", "example_usage_policy_expanded.json"])
def test_2024_generation_compact_and_expanded(name):
    terms = odrl.load(ODRL / "2024" / name)
    assert terms.generation == "2024"
    assert (terms.purpose_ids, terms.purposes) == (("cx.core.industrycore:1",), BIT["cx.core.industrycore:1"])
    assert (terms.framework, terms.framework_version, terms.contract_references) == (
        "DataExchangeGovernance", "1.0", ("x12345",))
    assert terms.usage_end is None


def test_compact_and_expanded_2024_mean_the_same_but_hash_apart():
    compact, expanded = (odrl.load(ODRL / "2024" / n) for n in ("example_usage_policy.json",
                                                                "example_usage_policy_expanded.json"))
    assert (compact.purposes, compact.framework, compact.contract_references) == (
        expanded.purposes, expanded.framework, expanded.contract_references)
    assert compact.legal_text_hash != expanded.legal_text_hash  # the hash is of the text as agreed


def _with_constraint(constraint: dict) -> dict:
    """The 2025-09 usage policy sample with ``constraint`` replacing the one of the same
    left operand (or one of the same kind of usage end), else added."""
    policy = read(BASE)
    members = policy["permission"][0]["constraint"][0]["and"]
    left = constraint["leftOperand"]
    ends = set(odrl.USAGE_END)
    same = [i for i, c in enumerate(members) if c["leftOperand"] == left or {c["leftOperand"], left} <= ends]
    if same:
        members[same[0]] = constraint
    else:
        members.append(constraint)
    return policy


@pytest.mark.parametrize("path", CONSTRAINTS, ids=lambda p: p.name)
def test_every_official_constraint_sample_round_trips_in_a_policy(path):
    constraint = read(path)
    terms = odrl.parse(_with_constraint(constraint))
    assert odrl.parse(odrl.export_terms(terms)) == terms
    left, right = constraint["leftOperand"], constraint["rightOperand"]
    if left == "UsagePurpose":
        assert terms.purpose_ids == tuple(right)
    elif left == "ContractReference":
        assert terms.contract_references == tuple(right)
    elif left == "DataUsageEndDate":
        assert terms.usage_end == odrl.UsageEnd("date", right) and terms.not_after.year == 2023
    elif left == "DataUsageEndDurationDays":
        assert terms.usage_end == odrl.UsageEnd("days", 2) and terms.max_duration_s == 2 * 86400


def test_the_hash_is_of_the_canonical_form():
    """Whitespace and key order do not change the hash; any value does."""
    policy = read(BASE)
    reordered = json.loads(json.dumps(policy, indent=7, sort_keys=True))
    assert odrl.parse(reordered).legal_text_hash == odrl.parse(policy).legal_text_hash
    changed = copy.deepcopy(policy)
    changed["permission"][0]["constraint"][0]["and"][0]["rightOperand"] = "DataExchangeGovernance:1.1"
    assert odrl.parse(changed).legal_text_hash != odrl.parse(policy).legal_text_hash


@pytest.mark.parametrize("name,where,expected", [
    ("unknown-purpose.json", "permission[0].constraint[0].and[1].rightOperand[2]", "Catena-X purpose vocabulary"),
    ("2024-unknown-purpose.json", "permission[0].constraint.and[2].rightOperand", "Catena-X purpose vocabulary"),
    ("unknown-constraint.json", "permission[0].constraint[0].and[2].leftOperand", "left operand of the Catena-X"),
    ("wrong-purpose-operator.json", "permission[0].constraint[0].and[1].operator", "isAnyOf"),
    ("missing-right-operand.json", "permission[0].constraint[0].and[1].rightOperand", "rightOperand"),
    ("empty-purposes.json", "permission[0].constraint[0].and[1].rightOperand", "a value for UsagePurpose"),
    ("framework-without-version.json", "permission[0].constraint[0].and[0].rightOperand", "NAME:VERSION"),
    ("or-constraint.json", "permission[0].constraint[0].or", "`and`"),
    ("unknown-context.json", "@context[0]", "Catena-X policy context"),
    ("access-action.json", "permission[0].action", "use"),
    ("malformed.json", "line 66, column 4", "JSON-LD ODRL policy"),
])
def test_broken_copies_name_the_json_path(name, where, expected):
    with pytest.raises(odrl.PolicyError) as info:
        odrl.load(ODRL / "broken" / name)
    assert isinstance(info.value, InputError)
    assert info.value.where == where and expected in info.value.expected
    assert where in str(info.value) or name == "malformed.json"


def test_official_access_policy_is_not_licence_terms():
    with pytest.raises(odrl.PolicyError, match=r"permission\[0\]\.action: expected use"):
        odrl.load(SAMPLES / "access-policy.json")


def test_a_policy_needs_purposes_and_one_usage_end():
    policy = read(BASE)
    del policy["permission"][0]["constraint"][0]["and"][1]
    with pytest.raises(odrl.PolicyError, match="UsagePurpose constraint"):
        odrl.parse(policy)
    policy = _with_constraint({"leftOperand": "DataUsageEndDurationDays", "operator": "eq", "rightOperand": 30})
    policy["permission"][0]["constraint"][0]["and"].append(
        {"leftOperand": "DataUsageEndDate", "operator": "eq", "rightOperand": "2030-01-01T00:00:00Z"})
    with pytest.raises(odrl.PolicyError, match=r"and\[3\]\.leftOperand: expected one usage end constraint"):
        odrl.parse(policy)


@pytest.mark.parametrize("right", [0, -3, "30", True])
def test_duration_must_be_positive_days(right):
    policy = _with_constraint({"leftOperand": "DataUsageEndDurationDays", "operator": "eq", "rightOperand": right})
    with pytest.raises(odrl.PolicyError, match="positive whole number of days") as info:
        odrl.parse(policy)
    assert info.value.where == "permission[0].constraint[0].and[2].rightOperand"


def test_licence_export_is_an_agreement_with_its_purposes_and_end():
    terms = odrl.load(SAMPLES / "usage-policy-comprehensive-sample.json")
    facts = odrl.LicenceFacts(licence=b"\x11" * 32, asset=b"\x22" * 32, licensor="BPNL00000003B2OM",
                              licensee="BPNL00000003AYRE", purposes=BIT["cx.pcf.base:1"] | BIT["valuechain.individual:1"],
                              end=1_900_000_000)
    agreement = odrl.export_licence(terms, facts)
    assert agreement["@type"] == "Agreement" and agreement["@id"] == "0x" + "11" * 32
    assert (agreement["assigner"], agreement["assignee"], agreement["target"]) == (
        "BPNL00000003B2OM", "BPNL00000003AYRE", "0x" + "22" * 32)
    back = odrl.parse(agreement)
    assert back.purposes == facts.purposes
    assert back.purpose_ids == ("cx.pcf.base:1",) and back.individual_purposes == terms.individual_purposes
    assert back.usage_end == odrl.UsageEnd("date", "2030-03-17T17:46:40Z")
    assert (back.framework, back.contract_references) == (terms.framework, terms.contract_references)
    assert odrl.parse(odrl.export_terms(back)) == back
    assert terms.document == odrl.load(SAMPLES / "usage-policy-comprehensive-sample.json").document  # untouched


@pytest.mark.parametrize("name", ["example_usage_policy.json", "example_usage_policy_expanded.json"])
def test_licence_export_of_2024_policies(name):
    terms = odrl.load(ODRL / "2024" / name)
    facts = odrl.LicenceFacts(b"\x01" * 32, b"\x02" * 32, "BPNL00000003B2OM", "BPNL00000003AYRE",
                              BIT["cx.core.industrycore:1"], 1_800_000_000)
    back = odrl.parse(odrl.export_licence(terms, facts))
    assert (back.generation, back.purposes, back.usage_end.kind) == ("2024", facts.purposes, "date")


def test_sidecar_keeps_the_policy_by_its_hash(tmp_path):
    terms = odrl.load(SAMPLES / "usage-policy-sample.json")
    sidecar = Sidecar()
    odrl.remember(sidecar, terms)
    sidecar.save(tmp_path / "s.json")
    kept = Sidecar.load(tmp_path / "s.json")
    assert odrl.recall(kept, terms.legal_text_hash) == terms
    assert odrl.recall(kept, b"\x00" * 32) is None
    entry = kept.documents["0x" + terms.legal_text_hash.hex()]
    entry["payload"]["@id"] = "tampered"
    with pytest.raises(odrl.PolicyError, match="sidecar was altered"):
        odrl.recall(kept, terms.legal_text_hash)


RFC_8785_INPUT = r"""{
  "numbers": [333333333.33333329, 1E30, 4.50,
              2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}"""
RFC_8785_OUTPUT = r"""{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"""


def test_jcs_matches_rfc_8785_example():
    """RFC 8785 section 3.2.2 / 3.2.3: sorted keys, ES6 number form, minimal escapes."""
    assert odrl.canonical(json.loads(RFC_8785_INPUT)) == RFC_8785_OUTPUT.encode("utf-8")


def test_usage_end_date_bounds_licence_ends():
    policy = odrl.parse(_with_constraint(read(SAMPLES / "data-usage-end-date-constraint-sample.json")))
    terms = licensing.policy_terms(policy)
    assert terms.not_after == datetime(2023, 10, 4, 12, 30, tzinfo=UTC) and terms.max_duration_s == odrl.UNLIMITED_S
    licensing.check_not_after(terms, datetime(2023, 10, 4, 12, 30, tzinfo=UTC))
    with pytest.raises(InputError, match="DataUsageEndDate") as info:
        licensing.check_not_after(terms, datetime(2023, 10, 4, 12, 31, tzinfo=UTC))
    assert info.value.where == "--days"


def test_policy_file_serves_as_terms():
    terms = licensing.load_terms(SAMPLES / "usage-policy-sample.json")
    policy = odrl.load(SAMPLES / "usage-policy-sample.json")
    assert terms.as_tuple() == (policy.purposes, False, False, odrl.UNLIMITED_S, policy.legal_text_hash)
