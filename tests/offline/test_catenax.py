"""valuechain.catenax: the official Catena-X examples load, validate, map to chain values
and come back; broken copies of them are refused with the exact JSON path of each problem.

Plain functions: nothing here touches the chain."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import re
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eth_utils import keccak
from jsonschema import Draft4Validator, FormatChecker

from valuechain import catenax as cx
from valuechain.errors import ChainError, ConfigError, InputError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "catenax"
NOTIFICATION = "DemandAndCapacityNotification"
CAPACITY = "WeekBasedCapacityGroup"
DEMAND = "WeekBasedMaterialDemand"
MODELS = (NOTIFICATION, CAPACITY, DEMAND)
CLASSES = {NOTIFICATION: cx.DemandAndCapacityNotification, CAPACITY: cx.WeekBasedCapacityGroup,
           DEMAND: cx.WeekBasedMaterialDemand}
MATERIAL = "MNR-7307-AU340474.002"
UTC = UTC


def sample(model: str) -> dict[str, Any]:
    """The official example of ``model``, parsed like the library does (exact numbers)."""
    return cx._json.parse_json((FIXTURES / f"{model}-3.0.0.sample.json").read_text())


def write(tmp_path: Path, data: Any, name: str = "payload.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else cx.dumps(data))
    return path


def problems_of(tmp_path: Path, data: Any) -> cx.PayloadError:
    with pytest.raises(cx.PayloadError) as caught:
        cx.load(write(tmp_path, data))
    return caught.value


def assert_single_problem(error: cx.PayloadError, path: str, expected: str) -> None:
    assert error.paths == (path,), str(error)
    assert expected in error.problems[0].expected, str(error)
    assert f"{path}: expected" in str(error)


def unix(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp())


# --- the official examples ----------------------------------------------------------------


@pytest.mark.parametrize("model", MODELS)
def test_official_example_loads_as_its_model(model):
    payload = cx.load(FIXTURES / f"{model}-3.0.0.sample.json")
    assert type(payload) is CLASSES[model]
    assert cx.detect_model(sample(model)) == model
    assert payload.raw == sample(model)
    assert payload.payload_hash == keccak(cx.canonical_json(sample(model)))


def test_notification_example_typed_values():
    n = cx.load(FIXTURES / f"{NOTIFICATION}-3.0.0.sample.json")
    assert n.notification_id == UUID("d9452f24-3bf3-4134-b3eb-68858f1b2362")
    assert n.source_disruption_id == UUID("c69cb3e4-16ad-43c3-82b9-0deac75ecf9e")
    assert (n.leading_root_cause, n.effect, n.status) == (
        cx.RootCause.STRIKE, cx.Effect.DEMAND_REDUCTION, cx.NotificationStatus.RESOLVED)
    assert n.start_date_of_effect == datetime(2023, 12, 13, 14, tzinfo=UTC)
    assert n.expected_end_date_of_effect == datetime(2023, 12, 17, 7, tzinfo=UTC)
    assert n.affected_sites_sender == ("BPNS7588787849VQ",)
    assert n.affected_sites_recipient == ("BPNS6666787765VQ",)
    assert n.related_notification_ids == (UUID("d05cef4a-b692-45bf-87cc-eda2d84e4c04"),)
    assert n.materials_affected[0].material_number_customer == MATERIAL
    assert n.materials_affected[0].material_number_supplier == "MNR-8101-ID146955.001"
    assert n.text == "Capacity reduction due to ongoing strike."


def test_notification_example_chain_values():
    signal = cx.to_chain(cx.load(FIXTURES / f"{NOTIFICATION}-3.0.0.sample.json"))
    assert signal == cx.DisruptionSignal(
        notification_id=bytes.fromhex("d9452f243bf34134b3eb68858f1b2362"),
        source_disruption_id=bytes.fromhex("c69cb3e416ad43c382b90deac75ecf9e"),
        leading_root_cause=0,
        effect=0,
        status=1,
        start_date_of_effect=unix(2023, 12, 13, 14),
        expected_end_date_of_effect=unix(2023, 12, 17, 7),
        content_changed_at=unix(2023, 12, 13, 14),
        affected_sites_sender=(b"BPNS7588787849VQ",),
        affected_sites_recipient=(b"BPNS6666787765VQ",),
        related_notification_ids=(bytes.fromhex("d05cef4ab69245bf87cceda2d84e4c04"),),
        materials_affected=(keccak(MATERIAL.encode()),),
        payload_hash=keccak(cx.canonical_json(sample(NOTIFICATION))),
    )


def test_capacity_example_chain_values():
    group = cx.load(FIXTURES / f"{CAPACITY}-3.0.0.sample.json")
    assert group.capacities[0].actual_capacity == 1000
    assert group.demand_volatility_parameters.rolling_horizon_alert_thresholds[0].relative_negative_deviation \
        == Decimal("0.3")
    signal = cx.to_chain(group)
    assert signal == cx.CapacitySignal(
        capacity_group_id=bytes.fromhex("0157ba42d2a84e2885657b07830c1110"),
        customer=b"BPNL8888888888XX",
        supplier=b"BPNL6666666666YY",
        changed_at=unix(2023, 3, 10, 12, 27, 11),
        unit_of_measure=1,  # unit:piece
        capacity_group_is_inactive=True,
        payload_hash=keccak(cx.canonical_json(sample(CAPACITY))),
        capacities=(cx.CapacityWeek(site=b"BPNS8888888888XX", material=keccak(MATERIAL.encode()), week=202231,
                                    actual_capacity=1_000_000, maximum_capacity=2_000_000,
                                    agreed_capacity=1_800_000),),
    )


def test_demand_example_chain_values():
    signal = cx.to_chain(cx.load(FIXTURES / f"{DEMAND}-3.0.0.sample.json"))
    assert signal == cx.MaterialDemandSignal(
        material_demand_id=bytes.fromhex("0157ba42d2a84e2885657b07830c1110"),
        customer=b"BPNL8888888888XX",
        supplier=b"BPNL6666666666YY",
        material=keccak(MATERIAL.encode()),
        changed_at=unix(2023, 11, 5, 13, 15, 30),
        unit_of_measure=1,
        material_demand_is_inactive=True,
        payload_hash=keccak(cx.canonical_json(sample(DEMAND))),
        demands=(cx.DemandWeek(customer_location=b"BPNS8888888888XX", demand_category=0, week=202341,
                               demand=1_000_000),),
    )


@pytest.mark.parametrize("model", MODELS)
def test_round_trip_through_chain_and_sidecar_file_is_exact(model, tmp_path):
    payload = cx.load(FIXTURES / f"{model}-3.0.0.sample.json")
    sidecar = cx.Sidecar()
    sidecar.remember(payload)
    sidecar.save(tmp_path / "sidecar.json")
    restored = cx.Sidecar.load(tmp_path / "sidecar.json")

    document = cx.export_json(cx.to_chain(payload), restored)
    assert document == sample(model)
    assert list(document) == list(sample(model))  # key order too
    assert cx._json.parse_json(cx.dumps(document)) == sample(model)
    again = cx.from_chain(cx.to_chain(payload), restored)
    assert again == payload
    assert cx.to_chain(again) == cx.to_chain(payload)


def strip_hash(signal: cx.Signal) -> cx.Signal:
    return dataclasses.replace(signal, payload_hash=bytes(32))


@pytest.mark.parametrize("model, off_chain_required", [
    (NOTIFICATION, {}),
    (CAPACITY, {"name": "any name"}),
    (DEMAND, {"materialDescriptionCustomer": "any description"}),
])
def test_without_documents_every_on_chain_field_comes_back(model, off_chain_required):
    payload = cx.load(FIXTURES / f"{model}-3.0.0.sample.json")
    signal = cx.to_chain(payload)
    full = cx.Sidecar()
    full.remember(payload)
    materials_only = cx.Sidecar(materials=full.materials)

    if off_chain_required:
        with pytest.raises(cx.PayloadError) as caught:
            cx.export_json(signal, materials_only)
        assert caught.value.paths == tuple(f"$.{key}" for key in off_chain_required)
        assert "sidecar" in str(caught.value)
    document = cx.export_json(signal, materials_only, strict=False)
    assert not set(document) - set(sample(model))
    reloaded = cx.to_chain(cx.parse({**document, **off_chain_required}))
    if model == CAPACITY:
        # a group's material hash lives in linkedDemandSeries, whose customerLocation and
        # demandCategory are off chain: without the document the series cannot be written
        assert "linkedDemandSeries" not in document
        assert {w.material for w in reloaded.capacities} == {bytes(32)}
        signal = dataclasses.replace(signal, capacities=tuple(
            dataclasses.replace(w, material=bytes(32)) for w in signal.capacities))
    assert strip_hash(reloaded) == strip_hash(signal)


def test_notification_without_sidecar_exports_normal_form():
    signal = cx.to_chain(cx.load(FIXTURES / f"{NOTIFICATION}-3.0.0.sample.json"))
    signal = dataclasses.replace(signal, materials_affected=())
    document = cx.export_json(signal)
    assert document == {
        "notificationId": "urn:uuid:d9452f24-3bf3-4134-b3eb-68858f1b2362",
        "sourceDisruptionId": "urn:uuid:c69cb3e4-16ad-43c3-82b9-0deac75ecf9e",
        "leadingRootCause": "strike",
        "effect": "demand-reduction",
        "status": "resolved",
        "startDateOfEffect": "2023-12-13T14:00:00Z",
        "contentChangedAt": "2023-12-13T14:00:00Z",
        "expectedEndDateOfEffect": "2023-12-17T07:00:00Z",
        "affectedSitesSender": ["BPNS7588787849VQ"],
        "affectedSitesRecipient": ["BPNS6666787765VQ"],
        "relatedNotificationIds": ["urn:uuid:d05cef4a-b692-45bf-87cc-eda2d84e4c04"],
    }


@pytest.mark.parametrize("model", [NOTIFICATION, DEMAND])
def test_export_of_an_unknown_material_hash_needs_the_sidecar(model):
    signal = cx.to_chain(cx.load(FIXTURES / f"{model}-3.0.0.sample.json"))
    with pytest.raises(ConfigError, match="0x" + keccak(MATERIAL.encode()).hex() + ".*sidecar"):
        cx.export_json(signal, cx.Sidecar(), strict=False)


def test_chain_values_win_over_the_sidecar_document():
    notification = cx.load(FIXTURES / f"{NOTIFICATION}-3.0.0.sample.json")
    group = cx.load(FIXTURES / f"{CAPACITY}-3.0.0.sample.json")
    sidecar = cx.Sidecar()
    sidecar.remember(notification)
    sidecar.remember(group)

    reopened = dataclasses.replace(cx.to_chain(notification), status=int(cx.NotificationStatus.OPEN),
                                   leading_root_cause=int(cx.RootCause.PRODUCTION_INCIDENT),
                                   effect=int(cx.Effect.CAPACITY_REDUCTION), payload_hash=b"\x01" * 32)
    document = cx.export_json(reopened, sidecar)
    assert (document["status"], document["leadingRootCause"], document["effect"]) == (
        "open", "production-incident", "capacity-reduction")
    assert document["text"] == sample(NOTIFICATION)["text"]  # off chain: from the document of this id
    assert document["contentChangedAt"] == "2023-12-13T15:00:00+01:00"  # same instant: original spelling

    signal = cx.to_chain(group)
    week = dataclasses.replace(signal.capacities[0], actual_capacity=1_250_500, agreed_capacity=cx.ABSENT_QUANTITY)
    later = cx.CapacityWeek(week.site, week.material, 202232, 0, 2_000_000, 5)
    document = cx.export_json(dataclasses.replace(signal, capacities=(week, later)), sidecar)
    assert document["capacities"] == [
        {"pointInTime": "2022-08-01", "actualCapacity": Decimal("1250.5"), "maximumCapacity": 2000,
         "deltaProductionResult": 400},
        {"pointInTime": "2022-08-08", "agreedCapacity": Decimal("0.005"), "actualCapacity": 0,
         "maximumCapacity": 2000},
    ]
    assert document["name"] == sample(CAPACITY)["name"]


def variant_capacity_group() -> dict[str, Any]:
    """The capacity example with two materials, two sites, fractions, no agreedCapacity."""
    data = sample(CAPACITY)
    data["linkedDemandSeries"].append({"materialNumberCustomer": "MNR-0000-SECOND", "customerLocation":
                                       "BPNS8888888888XX", "demandCategory": {"demandCategoryCode": "SR99"}})
    data["supplierLocations"] = ["BPNS000000000002", "BPNS8888888888XX"]
    data["capacities"] = [
        {"pointInTime": "2024-12-30", "actualCapacity": Decimal("0.125"), "maximumCapacity": Decimal("10.50")},
        {"pointInTime": "2025-01-06", "actualCapacity": 7, "maximumCapacity": 9, "agreedCapacity": 0},
    ]
    return data


def test_capacity_group_with_several_materials_and_fractions_round_trips():
    group = cx.parse(variant_capacity_group())
    signal = cx.to_chain(group)
    key = MATERIAL + "\nMNR-0000-SECOND"
    assert {(w.site, w.material) for w in signal.capacities} == {(b"BPNS000000000002", keccak(key.encode()))}
    assert [(w.week, w.actual_capacity, w.maximum_capacity, w.agreed_capacity) for w in signal.capacities] == [
        (202501, 125, 10_500, cx.ABSENT_QUANTITY),  # 2024-12-30 is in ISO week 2025-W01
        (202502, 7_000, 9_000, 0),
    ]
    sidecar = cx.Sidecar()
    sidecar.remember(group)
    assert sidecar.material_number(keccak(key.encode())) == key
    assert cx.export_json(signal, sidecar) == variant_capacity_group()
    bare = cx.export_json(signal, strict=False)
    assert bare["capacities"] == [
        {"pointInTime": "2024-12-30", "actualCapacity": Decimal("0.125"), "maximumCapacity": Decimal("10.5")},
        {"pointInTime": "2025-01-06", "agreedCapacity": 0, "actualCapacity": 7, "maximumCapacity": 9},
    ]
    assert bare["supplierLocations"] == ["BPNS000000000002"]


def test_capacity_group_without_sites_materials_or_weeks():
    data = sample(CAPACITY)
    for key in ("supplierLocations", "linkedDemandSeries"):
        del data[key]
    data["capacities"][0].pop("agreedCapacity")
    signal = cx.to_chain(cx.parse(data))
    assert signal.capacities[0].site == bytes(16) and signal.capacities[0].material == bytes(32)
    assert "supplierLocations" not in cx.export_json(signal, strict=False)
    empty = cx.to_chain(cx.parse({**data, "capacities": []}))
    assert empty.capacities == ()
    sidecar = cx.Sidecar()
    sidecar.remember(cx.parse({**data, "capacities": []}))
    assert cx.export_json(empty, sidecar) == {**data, "capacities": []}


def test_demand_with_several_series_round_trips():
    data = sample(DEMAND)
    data["demandSeries"][0]["demands"].append({"demand": Decimal("2.5"), "pointInTime": "2023-10-16"})
    data["demandSeries"].append({"customerLocation": "BPNS000000000003", "demandCategory":
                                 {"demandCategoryCode": "ED01"}, "demands": []})
    data["demandSeries"].append({"customerLocation": "BPNS8888888888XX", "demandCategory":
                                 {"demandCategoryCode": "PO01"},
                                 "demands": [{"demand": 0, "pointInTime": "2023-10-09"}]})
    payload = cx.parse(data)
    signal = cx.to_chain(payload)
    assert [(w.customer_location, w.demand_category, w.week, w.demand) for w in signal.demands] == [
        (b"BPNS8888888888XX", 0, 202341, 1_000_000),
        (b"BPNS8888888888XX", 0, 202342, 2_500),
        (b"BPNS8888888888XX", int(cx.DemandCategory.PHASE_OUT_PERIOD), 202341, 0),
    ]
    sidecar = cx.Sidecar()
    sidecar.remember(payload)
    assert cx.export_json(signal, sidecar) == data
    bare = cx.export_json(signal, cx.Sidecar(materials=sidecar.materials), strict=False)
    assert [s["demandCategory"]["demandCategoryCode"] for s in bare["demandSeries"]] == ["0001", "PO01"]


def test_chain_level_values_accept_what_web3_returns():
    signal = cx.to_chain(cx.load(FIXTURES / f"{CAPACITY}-3.0.0.sample.json"))
    week = signal.capacities[0]
    from_web3 = cx.CapacitySignal(
        "0x" + signal.capacity_group_id.hex(), signal.customer, signal.supplier, str(signal.changed_at), 1, 1,
        "0x" + signal.payload_hash.hex(),
        [("0x" + week.site.hex(), "0x" + week.material.hex(), week.week, week.actual_capacity,
          week.maximum_capacity, week.agreed_capacity)],
    )
    assert from_web3 == signal
    with pytest.raises(ChainError, match="capacity_group_id: expected bytes16, got 15 bytes"):
        dataclasses.replace(signal, capacity_group_id=b"\x00" * 15)
    with pytest.raises(ChainError, match="week: expected an unsigned integer"):
        cx.CapacityWeek(week.site, week.material, -1, 0, 0, 0)


@pytest.mark.parametrize("change, message", [
    ({"leading_root_cause": 8}, "leadingRootCause: chain value 8 is not a RootCause code"),
    ({"effect": 4}, "effect: chain value 4 is not a Effect code"),
    ({"status": 2}, "status: chain value 2 is not a DisruptionStatus code"),
    ({"start_date_of_effect": 0}, "startDateOfEffect: chain value 0 is not a time after 1970"),
    ({"notification_id": b"\x00" * 16}, "notificationId: chain value 0x0+ is not a UUIDv4"),
    ({"affected_sites_sender": (b"BPNL8888888888XX",)}, "affectedSitesSender: .* is not a BPNS number"),
])
def test_export_refuses_values_no_payload_can_have(change, message):
    signal = cx.to_chain(cx.load(FIXTURES / f"{NOTIFICATION}-3.0.0.sample.json"))
    with pytest.raises(ChainError, match=message):
        cx.export_json(dataclasses.replace(signal, **change))


@pytest.mark.parametrize("change, message", [
    ({"week": 202260}, r"capacities\[0\].week: chain value 202260 is not an ISO week"),
    ({"actual_capacity": cx.ABSENT_QUANTITY}, r"capacities\[0\].actualCapacity: chain value"),
])
def test_export_refuses_impossible_weeks(change, message):
    signal = cx.to_chain(cx.load(FIXTURES / f"{CAPACITY}-3.0.0.sample.json"))
    weeks = (dataclasses.replace(signal.capacities[0], **change),)
    with pytest.raises(ChainError, match=message):
        cx.export_json(dataclasses.replace(signal, capacities=weeks), strict=False)
    with pytest.raises(ChainError, match="unitOfMeasure: chain value 36"):
        cx.export_json(dataclasses.replace(signal, unit_of_measure=36), strict=False)


def test_enumerations_follow_the_standard_order():
    assert cx.RootCause.cx_values() == ("strike", "natural-disaster", "production-incident", "pandemic-or-epidemic",
                                        "logistics-disruption", "war", "insolvency", "other")
    assert [int(c) for c in cx.RootCause] == list(range(8))
    assert cx.Effect.cx_values() == ("demand-reduction", "demand-increase", "capacity-reduction",
                                     "capacity-increase")
    assert [int(e) for e in cx.Effect] == list(range(4))
    assert (cx.NotificationStatus.OPEN, cx.NotificationStatus.RESOLVED) == (0, 1)
    assert cx.RootCause.from_cx("production-incident") is cx.RootCause.PRODUCTION_INCIDENT
    assert cx.DemandCategory.from_code("PO01").code == "PO01"
    assert cx.UNITS[0] == "unit:piece" and len(cx.UNITS) == 35


def test_canonical_json_ignores_key_order_whitespace_and_number_spelling():
    a = cx._json.parse_json('{"b": [1.50, 2], "a": "ä", "c": 100.0}')
    b = cx._json.parse_json('{"c":1E+2,"a":"\\u00e4","b":[1.5,2.000]}')
    assert cx.canonical_json(a) == cx.canonical_json(b) == '{"a":"ä","b":[1.5,2],"c":100}'.encode()
    assert cx.payload_hash(a) == keccak(cx.canonical_json(a))
    long = Decimal("1.00000000000000000000000000000001")  # more digits than Decimal's default context
    assert cx.canonical_json([long, Decimal("-0.0"), Decimal("1.2300E-5")]) == (
        b"[1.00000000000000000000000000000001,0,0.0000123]")


def test_sidecar_file_errors(tmp_path):
    assert cx.Sidecar.load(tmp_path / "absent.json").documents == {}
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(ConfigError, match=r"bad\.json: not a readable sidecar"):
        cx.Sidecar.load(tmp_path / "bad.json")
    (tmp_path / "old.json").write_text('{"version": 0, "materials": {}, "documents": {}}')
    with pytest.raises(ConfigError, match="not a version 1 sidecar"):
        cx.Sidecar.load(tmp_path / "old.json")


# --- broken copies ------------------------------------------------------------------------


def broken(model: str, edit: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    data = sample(model)
    edit(data)
    return data


def put(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """An edit setting ``value`` at a dotted path (``capacities.0.actualCapacity``)."""
    *parents, last = path.split(".")

    def edit(data: dict[str, Any]) -> None:
        target: Any = data
        for step in parents:
            target = target[int(step)] if isinstance(target, list) else target[step]
        target[int(last) if isinstance(target, list) else last] = value
    return edit


def drop(path: str) -> Callable[[dict[str, Any]], None]:
    *parents, last = path.split(".")

    def edit(data: dict[str, Any]) -> None:
        target: Any = data
        for step in parents:
            target = target[int(step)] if isinstance(target, list) else target[step]
        del target[last]
    return edit


@pytest.mark.parametrize("model, field, value", [
    (CAPACITY, "customer", "BPNL8888888888xx"),
    (CAPACITY, "supplier", "BPNS6666666666YY"),
    (DEMAND, "customer", "BPNL88888888"),
    (DEMAND, "supplier", 42),
])
def test_wrong_bpnl(tmp_path, model, field, value):
    error = problems_of(tmp_path, broken(model, put(field, value)))
    assert_single_problem(error, f"$.{field}", "a BPNL")
    assert isinstance(error, InputError)


@pytest.mark.parametrize("model, path, value, json_path", [
    (NOTIFICATION, "affectedSitesSender.0", "BPNS7588787849V", "$.affectedSitesSender[0]"),
    (CAPACITY, "supplierLocations.0", "BPNL8888888888XX", "$.supplierLocations[0]"),
    (CAPACITY, "linkedDemandSeries.0.customerLocation", "BPNS-8888888888X", "$.linkedDemandSeries[0].customerLocation"),
    (DEMAND, "demandSeries.0.expectedSupplierLocation", "", "$.demandSeries[0].expectedSupplierLocation"),
])
def test_wrong_bpns(tmp_path, model, path, value, json_path):
    assert_single_problem(problems_of(tmp_path, broken(model, put(path, value))), json_path, "a BPNS")


@pytest.mark.parametrize("model, path, value, json_path, expected", [
    (NOTIFICATION, "leadingRootCause", "earthquake", "$.leadingRootCause", "one of strike, natural-disaster"),
    (NOTIFICATION, "leadingRootCause", "Strike", "$.leadingRootCause", "one of strike"),
    (NOTIFICATION, "effect", "capacity-loss", "$.effect", "one of demand-reduction, demand-increase"),
    (NOTIFICATION, "status", "closed", "$.status", "one of resolved, open"),  # the schema's order
    (NOTIFICATION, "status", 1, "$.status", "one of resolved, open"),
    (CAPACITY, "unitOfMeasure", "unit:bucket", "$.unitOfMeasure", "one of unit:piece"),
    (DEMAND, "demandSeries.0.demandCategory.demandCategoryCode", "9999",
     "$.demandSeries[0].demandCategory.demandCategoryCode", "one of 0001, A1S1"),
])
def test_unknown_enum_value(tmp_path, model, path, value, json_path, expected):
    error = problems_of(tmp_path, broken(model, put(path, value)))
    assert_single_problem(error, json_path, expected)
    assert json.dumps(value) in str(error)


REQUIRED = [(model, key) for model in MODELS for key in cx.aspect_model(model).required]


@pytest.mark.parametrize("model, key", REQUIRED)
def test_missing_required_property(tmp_path, model, key):
    error = problems_of(tmp_path, broken(model, drop(key)))
    assert_single_problem(error, f"$.{key}", "required")
    assert str(error).endswith(f"$.{key}: expected a value (required property), found missing")


@pytest.mark.parametrize("model, path, json_path", [
    (CAPACITY, "capacities.0.maximumCapacity", "$.capacities[0].maximumCapacity"),
    (CAPACITY, "capacities.0.pointInTime", "$.capacities[0].pointInTime"),
    (CAPACITY, "linkedDemandSeries.0.demandCategory", "$.linkedDemandSeries[0].demandCategory"),
    (CAPACITY, "demandVolatilityParameters.measurementInterval", "$.demandVolatilityParameters.measurementInterval"),
    (DEMAND, "demandSeries.0.demands.0.demand", "$.demandSeries[0].demands[0].demand"),
    (DEMAND, "demandSeries.0.customerLocation", "$.demandSeries[0].customerLocation"),
])
def test_missing_nested_required_property(tmp_path, model, path, json_path):
    assert_single_problem(problems_of(tmp_path, broken(model, drop(path))), json_path, "required")


def test_missing_unit_when_not_omitted(tmp_path):
    error = problems_of(tmp_path, broken(CAPACITY, drop("unitOfMeasure")))
    assert_single_problem(error, "$.unitOfMeasure", "as unitOfMeasureIsOmitted is false")
    error = problems_of(tmp_path, broken(DEMAND, put("unitOfMeasureIsOmitted", True)))
    assert_single_problem(error, "$.unitOfMeasure", "no unitOfMeasure, as unitOfMeasureIsOmitted is true")
    omitted = broken(DEMAND, put("unitOfMeasureIsOmitted", True))
    del omitted["unitOfMeasure"]
    assert cx.to_chain(cx.parse(omitted)).unit_of_measure == 0


@pytest.mark.parametrize("model, path, value, json_path, found", [
    (CAPACITY, "capacities.0.pointInTime", "2022-08-02", "$.capacities[0].pointInTime", "a Tuesday"),
    (CAPACITY, "capacities.0.pointInTime", "2022-08-07", "$.capacities[0].pointInTime", "a Sunday"),
    (DEMAND, "demandSeries.0.demands.0.pointInTime", "2023-10-13", "$.demandSeries[0].demands[0].pointInTime",
     "a Friday"),
])
def test_point_in_time_not_a_monday(tmp_path, model, path, value, json_path, found):
    error = problems_of(tmp_path, broken(model, put(path, value)))
    assert_single_problem(error, json_path, "the Monday of a week")
    assert found in error.problems[0].found


@pytest.mark.parametrize("value", ["2022-02-28T00:00:00Z", "2022-8-1", "2022-02-30", "01.08.2022", 20220801])
def test_point_in_time_not_a_date(tmp_path, value):
    error = problems_of(tmp_path, broken(CAPACITY, put("capacities.0.pointInTime", value)))
    assert error.paths == ("$.capacities[0].pointInTime",)


@pytest.mark.parametrize("model, path, value, json_path, expected", [
    (CAPACITY, "capacities.0.actualCapacity", -5, "$.capacities[0].actualCapacity", "a number ≥ 0"),
    (CAPACITY, "capacities.0.maximumCapacity", Decimal("-0.001"), "$.capacities[0].maximumCapacity",
     "a number ≥ 0"),
    (CAPACITY, "capacities.0.agreedCapacity", -1, "$.capacities[0].agreedCapacity", "a number ≥ 0"),
    (CAPACITY, "capacities.0.actualCapacity", Decimal("1.0005"), "$.capacities[0].actualCapacity",
     "at most 3 decimal places"),
    (CAPACITY, "capacities.0.actualCapacity", Decimal("1.0000000000000000000000000001"),
     "$.capacities[0].actualCapacity", "at most 3 decimal places"),  # beyond Decimal's 28-digit context
    (CAPACITY, "capacities.0.actualCapacity", Decimal("1E+18"), "$.capacities[0].actualCapacity",
     "a number ≤ 999999999999999999.999"),
    (CAPACITY, "capacities.0.actualCapacity", "1000", "$.capacities[0].actualCapacity", "a number"),
    (CAPACITY, "capacities.0.actualCapacity", True, "$.capacities[0].actualCapacity", "a number"),
    (DEMAND, "demandSeries.0.demands.0.demand", -1000, "$.demandSeries[0].demands[0].demand", "a number ≥ 0"),
])
def test_bad_quantity(tmp_path, model, path, value, json_path, expected):
    assert_single_problem(problems_of(tmp_path, broken(model, put(path, value))), json_path, expected)


def test_largest_quantity_is_accepted_and_exact():
    data = broken(CAPACITY, put("capacities.0.maximumCapacity", Decimal("999999999999999999.999")))
    week = cx.to_chain(cx.parse(data)).capacities[0]
    assert week.maximum_capacity == 999_999_999_999_999_999_999 < cx.ABSENT_QUANTITY


@pytest.mark.parametrize("model, path, value, json_path", [
    (NOTIFICATION, "notificationId", "urn:uuid:not-a-uuid", "$.notificationId"),
    (NOTIFICATION, "sourceDisruptionId", "c69cb3e4-16ad-13c3-82b9-0deac75ecf9e", "$.sourceDisruptionId"),  # v1
    (NOTIFICATION, "relatedNotificationIds.0", "urn:uuid:d05cef4a-b692-45bf-c7cc-eda2d84e4c04",
     "$.relatedNotificationIds[0]"),  # wrong variant
    (NOTIFICATION, "materialsAffected.0.materialGlobalAssetId", "uuid:48878d48-6f1d-47f5-8ded-a441d0d879df",
     "$.materialsAffected[0].materialGlobalAssetId"),
    (CAPACITY, "capacityGroupId", "0157ba42d2a84e2885657b07830c1110", "$.capacityGroupId"),
    (CAPACITY, "linkedCapacityGroups.0", "be4d8470-2de6-43d2-b5f8-2e5d3eebf3f", "$.linkedCapacityGroups[0]"),
    (DEMAND, "materialDemandId", "{0157ba42-d2a8-4e28-8565-7b07830c1110}", "$.materialDemandId"),
])
def test_bad_uuid(tmp_path, model, path, value, json_path):
    assert_single_problem(problems_of(tmp_path, broken(model, put(path, value))), json_path, "a UUIDv4")


def test_uuid_spellings_are_accepted_and_kept():
    data = broken(NOTIFICATION, put("notificationId", "D9452F24-3BF3-4134-B3EB-68858F1B2362"))
    payload = cx.parse(data)
    assert payload.notification_id == UUID("d9452f24-3bf3-4134-b3eb-68858f1b2362")
    sidecar = cx.Sidecar()
    sidecar.remember(payload)
    assert cx.export_json(cx.to_chain(payload), sidecar)["notificationId"] == "D9452F24-3BF3-4134-B3EB-68858F1B2362"


@pytest.mark.parametrize("key", ["text", "resolvingMeasureDescription"])
def test_text_too_long(tmp_path, key):
    error = problems_of(tmp_path, broken(NOTIFICATION, put(key, "x" * 4001)))
    assert_single_problem(error, f"$.{key}", "at most 4000 characters")
    assert error.problems[0].found == "4001 characters"
    assert cx.parse(broken(NOTIFICATION, put(key, "ü" * 4000))).raw[key] == "ü" * 4000


@pytest.mark.parametrize("path, value, json_path", [
    ("startDateOfEffect", "2023-12-13T15:00:00", "$.startDateOfEffect"),  # no offset: instant unknown
    ("contentChangedAt", "2023-12-13 15:00:00+01:00", "$.contentChangedAt"),
    ("expectedEndDateOfEffect", "2023-02-30T08:00:00+01:00", "$.expectedEndDateOfEffect"),
    ("expectedEndDateOfEffect", "2023-12-17T08:00:00+15:00", "$.expectedEndDateOfEffect"),
    ("startDateOfEffect", "1969-12-31T23:59:59Z", "$.startDateOfEffect"),
    ("expectedEndDateOfEffect", "1970-01-01T00:00:00.999Z", "$.expectedEndDateOfEffect"),  # 0 = absent on chain
])
def test_bad_date_time(tmp_path, path, value, json_path):
    assert_single_problem(problems_of(tmp_path, broken(NOTIFICATION, put(path, value))), json_path, "date-time")


@pytest.mark.parametrize("text, found", [
    ('{"notificationId": "urn:uuid:d9452f24-3bf3-4134-b3eb-68858f1b2362",', "line 1 column"),
    ("", "Expecting value at line 1 column 1"),
    ("{'status': 'open'}", "Expecting property name enclosed in double quotes"),
    ('{"status": NaN}', "NaN is not a JSON number"),
    ('{"status": "open", "status": "resolved"}', "'status' appears twice"),
])
def test_malformed_json(tmp_path, text, found):
    error = problems_of(tmp_path, text)
    assert error.paths == ("$",)
    assert "well-formed JSON" in error.problems[0].expected
    assert found in error.problems[0].found
    assert str(error).startswith(str(tmp_path / "payload.json"))


def test_not_utf8(tmp_path):
    (tmp_path / "latin1.json").write_bytes('{"text": "Störung"}'.encode("latin-1"))
    with pytest.raises(cx.PayloadError, match="expected UTF-8 text"):
        cx.load(tmp_path / "latin1.json")


@pytest.mark.parametrize("data, found", [
    ({"orderId": "4711", "quantity": 5}, "properties orderId, quantity"),
    ({}, "an empty object"),
    ({"customer": "BPNL8888888888XX", "supplier": "BPNL6666666666YY"}, "properties customer, supplier"),
    ([sample(NOTIFICATION)], "an array"),
    ('"WeekBasedCapacityGroup"', '"WeekBasedCapacityGroup"'),
])
def test_json_matching_no_model(tmp_path, data, found):
    error = problems_of(tmp_path, data)
    assert error.paths == ("$",)
    assert found in error.problems[0].found


def test_json_matching_two_models_equally(tmp_path):
    error = problems_of(tmp_path, {"name": "x", "text": "y"})
    assert error.paths == ("$",)
    assert "as many of DemandAndCapacityNotification as of WeekBasedCapacityGroup" in str(error)


def test_model_is_detected_despite_errors(tmp_path):
    """A capacity group with a property of another model is judged as a capacity group."""
    error = problems_of(tmp_path, broken(CAPACITY, put("text", "from a notification")))
    assert "(WeekBasedCapacityGroup 3.0.1)" in str(error)  # the newest version's problems
    assert_single_problem(error, "$.text", "only the properties capacityGroupId, name")


@pytest.mark.parametrize("model, path, value, json_path, expected", [
    (CAPACITY, "capacities.0.agreedCapcity", 5, "$.capacities[0].agreedCapcity", "only the properties pointInTime"),
    (CAPACITY, "capacityGroupIsInactive", "false", "$.capacityGroupIsInactive", "true or false"),
    (CAPACITY, "capacities", {"pointInTime": "2022-08-01"}, "$.capacities", "an array"),
    (CAPACITY, "capacities.0.deltaProductionResult", Decimal("1E+999999"), "$.capacities[0].deltaProductionResult",
     "fewer than 100 digits"),
    (CAPACITY, "capacities.0", "2022-08-01", "$.capacities[0]", "an object"),
    (CAPACITY, "demandVolatilityParameters.measurementInterval", 0, "$.demandVolatilityParameters.measurementInterval",
     "a number ≥ 1"),
    (CAPACITY, "demandVolatilityParameters.rollingHorizonAlertThresholds.0.relativeNegativeDeviation", 1.5,
     "$.demandVolatilityParameters.rollingHorizonAlertThresholds[0].relativeNegativeDeviation", "a number ≤ 1"),
    (NOTIFICATION, "materialsAffected.0", {}, "$.materialsAffected[0]", "at least one of materialGlobalAssetId"),
    (NOTIFICATION, "text", None, "$.text", "a string"),
    (DEMAND, "materialNumberCustomer", ["MNR"], "$.materialNumberCustomer", "a string"),
])
def test_other_malformed_values(tmp_path, model, path, value, json_path, expected):
    assert_single_problem(problems_of(tmp_path, broken(model, put(path, value))), json_path, expected)


@pytest.mark.parametrize("model, edit, json_path, expected", [
    (CAPACITY, lambda d: d["capacities"].append({**d["capacities"][0], "actualCapacity": 1}),
     "$.capacities[1].pointInTime", "weeks (pointInTime) unique"),
    (CAPACITY, lambda d: d["supplierLocations"].append("BPNS8888888888XX"), "$.supplierLocations[1]", "sites unique"),
    (DEMAND, lambda d: d["demandSeries"].append(copy.deepcopy(d["demandSeries"][0])), "$.demandSeries[1]",
     "customerLocation and demandCategory"),
    (DEMAND, lambda d: d["demandSeries"][0]["demands"].append({"demand": 1, "pointInTime": "2023-10-09"}),
     "$.demandSeries[0].demands[1].pointInTime", "weeks (pointInTime) unique"),
    (NOTIFICATION, lambda d: d["materialsAffected"].append({"materialNumberCustomer": MATERIAL}),
     "$.materialsAffected[1]", "materialNumberCustomer"),
    (NOTIFICATION, put("materialsAffected", [{"materialNumberSupplier": "S-1.0"}, {"materialNumberSupplier": "S-1.0"}]),
     "$.materialsAffected[1]", "materials"),  # no customer number: the same whole item
    (CAPACITY, lambda d: d["linkedCapacityGroups"].append(d["linkedCapacityGroups"][0].upper()),
     "$.linkedCapacityGroups[1]", "capacity group ids unique"),  # the same UUID however spelt
])
def test_repeated_items(tmp_path, model, edit, json_path, expected):
    error = problems_of(tmp_path, broken(model, edit))
    assert_single_problem(error, json_path, expected)
    assert error.problems[0].found == f"a repeat of {json_path.rsplit('[', 1)[0]}[0]" + (
        ".pointInTime" if json_path.endswith("pointInTime") else "")


def test_several_problems_are_reported_together(tmp_path):
    def edit(data: dict[str, Any]) -> None:
        data["customer"] = "BPNL8888888888xx"
        del data["name"]
        data["capacities"][0]["actualCapacity"] = -1
        data["capacities"][0]["pointInTime"] = "2022-08-03"
        data["linkedDemandSeries"][0]["demandCategory"]["demandCategoryCode"] = "X"
        data["capacityGroupId"] = "not-a-uuid"

    error = problems_of(tmp_path, broken(CAPACITY, edit))
    assert sorted(error.paths) == sorted([
        "$.name", "$.capacityGroupId", "$.customer", "$.linkedDemandSeries[0].demandCategory.demandCategoryCode",
        "$.capacities[0].pointInTime", "$.capacities[0].actualCapacity",
    ])
    lines = str(error).splitlines()
    assert len(lines) == 6  # one line per problem, each naming the file, the model and the JSON path
    for line, problem in zip(lines, error.problems, strict=True):
        assert line.startswith(f"{tmp_path / 'payload.json'} (WeekBasedCapacityGroup 3.0.1): {problem.path}: expected ")
    text = str(error)
    assert '$.customer: expected a BPNL' in text and 'found "BPNL8888888888xx"' in text
    assert "$.capacities[0].actualCapacity: expected a number ≥ 0, found -1" in text


def test_several_problems_in_a_notification(tmp_path):
    def edit(data: dict[str, Any]) -> None:
        data["effect"] = "capacity-loss"
        data["status"] = "closed"
        data["text"] = "x" * 5000
        data["affectedSitesRecipient"] = ["BPNS6666787765VQ", "bpns"]
        del data["notificationId"]

    error = problems_of(tmp_path, broken(NOTIFICATION, edit))
    assert sorted(error.paths) == sorted(["$.notificationId", "$.effect", "$.status", "$.text",
                                          "$.affectedSitesRecipient[1]"])


def test_missing_file():
    with pytest.raises(InputError, match=r"nowhere\.json: cannot read the file"):
        cx.load("/nonexistent/nowhere.json")


# --- the official schemas, their versions, and the rules kept by hand -------------------------


SCHEMAS = Path(cx.__file__).parent / "schemas"
VERSIONS = {NOTIFICATION: ("3.0.0",), CAPACITY: ("3.0.0", "3.0.1"), DEMAND: ("3.0.0", "3.0.1")}


def test_the_official_schemas_of_every_version_read_are_in_the_package():
    assert {name: tuple(m.version for m in models) for name, models in cx.aspect_models().items()} == VERSIONS
    for name, versions in VERSIONS.items():
        for version in versions:
            model = cx.aspect_model(name, version)
            assert model.urn.endswith(f":{version}#{name}") and model.urn.startswith("urn:samm:io.catenax.")
            assert model.schema["$schema"] == "http://json-schema.org/draft-04/schema"


def git_blob(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def test_schemas_are_unchanged_copies_with_attribution():
    """Each file is byte for byte the blob NOTICE.md cites (source, commit, CC-BY-4.0)."""
    notice = (SCHEMAS / "NOTICE.md").read_text()
    assert "https://github.com/eclipse-tractusx/sldt-semantic-models" in notice and "CC-BY-4.0" in notice
    files = sorted(SCHEMAS.glob("*/*/gen/*-schema.json"))
    assert len(files) == 5
    for file in files:
        relative = file.relative_to(SCHEMAS).as_posix()
        row = next(line for line in notice.splitlines() if f"`{relative}`" in line)
        assert f"`{git_blob(file.read_bytes())}`" in row, relative
    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    assert any(d.startswith("jsonschema") for d in pyproject["project"]["dependencies"])
    data = pyproject["tool"]["setuptools"]["package-data"]["valuechain.catenax"]
    assert all(any(fnmatch(file.relative_to(SCHEMAS.parent).as_posix(), glob) for glob in data) for file in files)
    assert "schemas/NOTICE.md" in data


@pytest.mark.parametrize("model, version", [(m, v) for m, versions in VERSIONS.items() for v in versions])
def test_each_version_is_validated_on_its_own_schema(model, version, tmp_path):
    payload = cx.parse(sample(model), semantic_id=version)
    assert payload.aspect == cx.aspect_model(model, version)
    urn = cx.aspect_model(model, version).urn
    assert cx.parse(sample(model), semantic_id=urn).aspect.urn == urn
    with pytest.raises(cx.PayloadError, match=rf"\({model} {version}\): \$\.\w+: expected a value"):
        cx.parse(broken(model, drop(cx.aspect_model(model, version).required[0])), semantic_id=version)


def test_without_a_semantic_id_the_newest_version_a_payload_passes_is_taken():
    assert cx.parse(sample(CAPACITY)).aspect.version == "3.0.1"
    assert cx.parse(sample(NOTIFICATION)).aspect.version == "3.0.0"


@pytest.mark.parametrize("semantic_id, expected", [
    ("3.0.2", "expected one of 3.0.0, 3.0.1"),
    ("2.0.0", "expected one of 3.0.0, 3.0.1"),
    ("urn:samm:io.catenax.week_based_capacity_group:2.0.0#WeekBasedCapacityGroup",
     "expected one of urn:samm:io.catenax.demand_and_capacity_notification:3.0.0#DemandAndCapacityNotification"),
])
def test_an_unsupported_semantic_id_is_refused(semantic_id, expected):
    with pytest.raises(cx.UnknownAspectModel, match=re.escape(expected)) as caught:
        cx.parse(sample(CAPACITY), semantic_id=semantic_id)
    assert isinstance(caught.value, InputError) and caught.value.given == semantic_id


def test_a_semantic_id_of_another_model_judges_the_payload_as_that_model():
    urn = cx.aspect_model(DEMAND).urn
    error = cx_error(lambda: cx.parse(sample(CAPACITY), semantic_id=urn))
    assert "(WeekBasedMaterialDemand 3.0.1)" in str(error) and "$.materialDemandId" in error.paths


def cx_error(call: Callable[[], Any]) -> cx.PayloadError:
    with pytest.raises(cx.PayloadError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize("model, edit, json_path", [
    (CAPACITY, put("customer", "BPNL8888888888xx"), "$.customer"),
    (NOTIFICATION, put("sourceDisruptionId", "c69cb3e4-16ad-13c3-82b9-0deac75ecf9e"), "$.sourceDisruptionId"),
    (NOTIFICATION, put("startDateOfEffect", "2023-12-13T15:00:00"), "$.startDateOfEffect"),
    (NOTIFICATION, put("startDateOfEffect", "1969-12-31T23:59:59Z"), "$.startDateOfEffect"),
    (CAPACITY, put("changedAt", "2023-03-10T12:27:11"), "$.changedAt"),
    (CAPACITY, put("capacities.0.pointInTime", "2022-08-02"), "$.capacities[0].pointInTime"),
    (DEMAND, put("demandSeries.0.demands.0.demand", Decimal("1.0005")), "$.demandSeries[0].demands[0].demand"),
    (CAPACITY, put("demandVolatilityParameters.measurementInterval", Decimal("1.5")),
     "$.demandVolatilityParameters.measurementInterval"),
    (CAPACITY, put("capacities.0.agreedCapcity", 5), "$.capacities[0].agreedCapcity"),
    (CAPACITY, drop("unitOfMeasure"), "$.unitOfMeasure"),
    (NOTIFICATION, put("materialsAffected.0", {}), "$.materialsAffected[0]"),
    (CAPACITY, lambda d: d["capacities"].append({**d["capacities"][0], "actualCapacity": 1}),
     "$.capacities[1].pointInTime"),
    (NOTIFICATION, lambda d: d["relatedNotificationIds"].append(d["relatedNotificationIds"][0].upper()[9:]),
     "$.relatedNotificationIds[1]"),
])
def test_rules_the_official_schema_does_not_state_are_kept_by_hand(model, edit, json_path):
    """The official schema accepts each of these; the hand-kept rules refuse them."""
    data = broken(model, edit)
    official = cx.aspect_model(model).schema
    assert not list(Draft4Validator(official, format_checker=FormatChecker(formats=("date",))).iter_errors(data))
    assert cx_error(lambda: cx.parse(data)).paths == (json_path,)


def test_whole_item_repeats_are_reported_at_the_item():
    """uniqueItems of a set without a key rule (none in today's models) names the repeat."""
    problems = cx._schema._problems(cx._schema._Validator({"type": "array", "uniqueItems": True}),
                                    [1, {"a": 1}, Decimal("1.0"), {"a": Decimal("1E0")}, True])
    assert [str(p) for p in problems] == ["$[2]: expected items unique within the array, found a repeat of $[0]",
                                          "$[3]: expected items unique within the array, found a repeat of $[1]"]
