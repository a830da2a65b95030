"""The suite's contract types in Python. GENERATED: do not edit.

Written by ``tools/gen_contract_types.py`` (``make types``) from Brownie's build artifacts
(solc ASTs and ABIs); ``tests/tooling/test_contract_types.py`` fails when it is stale.
Enums and structs keep their Solidity names; ``Role`` and ``Purpose`` are the role and
purpose constants as bits; ``ERRORS`` holds every custom error's ABI by selector.
"""

# ruff: noqa: E501
from __future__ import annotations

from typing import Any, NamedTuple

from valuechain.abi import CatenaXEnum, ChainEnum, ChainFlag

# ---------------------------------------------------------------- enums


class Status(ChainEnum):
    """IConsortiumRegistry.Status: Lifecycle of a member organisation. OFFBOARDED is final."""

    NONE = 0
    ACTIVE = 1
    SUSPENDED = 2
    OFFBOARDED = 3


class LicenceStatus(ChainEnum):
    """IDataLicensing.LicenceStatus: The life of a licence. The numeric values are part of the ABI.
    EXPIRED and LAPSED are never stored: views derive them from ACTIVE past its end and OFFERED
    past its acceptance deadline.
    """

    NONE = 0
    REQUESTED = 1
    OFFERED = 2
    ACTIVE = 3
    EXPIRED = 4
    LAPSED = 5
    DECLINED = 6
    WITHDRAWN = 7
    REVOKED = 8
    RENOUNCED = 9


class RevocationReason(ChainEnum):
    """IDataLicensing.RevocationReason: Why a licence was revoked. The numeric values are part of
    the ABI; PARENT_ENDED is set by the contract on the sublicences of a licence that was
    revoked or renounced and cannot be given to `revoke`.
    """

    NONE = 0
    BREACH = 1
    TERMS_VIOLATION = 2
    ASSET_WITHDRAWN = 3
    OTHER = 4
    PARENT_ENDED = 5


class Kind(ChainEnum):
    """IIPRegistry.Kind: What an asset is. The numeric values are part of the ABI."""

    DESIGN = 0
    PROCESS = 1
    SOFTWARE = 2
    DATASET = 3
    OTHER = 4


class NoticeKind(CatenaXEnum):
    """IQualityNotifications.NoticeKind: CX-0125 notification type: investigation (top-down) or
    alert (bottom-up).
    """

    NONE = 0
    INVESTIGATION = 1
    ALERT = 2


class NoticeParty(ChainEnum):
    """IQualityNotifications.NoticeParty: The two parties of a notification; NONE where either is
    meant.
    """

    NONE = 0
    SENDER = 1
    RECEIVER = 2


class NoticeSeverity(CatenaXEnum):
    """IQualityNotifications.NoticeSeverity: CX-0125 severity (JSON: MINOR, MAJOR, CRITICAL, LIFE-
    THREATENING).
    """

    MINOR = 0
    MAJOR = 1
    CRITICAL = 2
    LIFE_THREATENING = 3


class NoticeStatus(CatenaXEnum):
    """IQualityNotifications.NoticeStatus: CX-0125 notification status (NONE: no such
    notification). CREATED and RECEIVED are never stored (see the contract notes); they keep the
    JSON mapping complete.
    """

    NONE = 0
    CREATED = 1
    SENT = 2
    RECEIVED = 3
    ACKNOWLEDGED = 4
    ACCEPTED = 5
    DECLINED = 6
    CLOSED = 7
    CANCELED = 8


class Side(ChainEnum):
    """ISupplyOrders.Side: The two sides of an order; NONE where either side is meant."""

    NONE = 0
    OEM = 1
    SUPPLIER = 2


class State(ChainEnum):
    """ISupplyOrders.State: Lifecycle state of an order (NONE: no such order)."""

    NONE = 0
    ISSUED = 1
    CONFIRMED = 2
    REJECTED = 3
    IN_PRODUCTION = 4
    QUALITY_HOLD = 5
    READY_TO_SHIP = 6
    SHIPPED = 7
    DELIVERED = 8
    CLOSED = 9
    DISPUTED = 10
    CANCELLED = 11


class DisruptionStatus(CatenaXEnum):
    """ISupplySignals.DisruptionStatus: CX-0146 `status` of a disruption (open, resolved), coded as
    `valuechain.catenax` codes it.
    """

    OPEN = 0
    RESOLVED = 1


class Effect(CatenaXEnum):
    """ISupplySignals.Effect: CX-0146 `effect` (demand-reduction, demand-increase, capacity-
    reduction, capacity-increase).
    """

    DEMAND_REDUCTION = 0
    DEMAND_INCREASE = 1
    CAPACITY_REDUCTION = 2
    CAPACITY_INCREASE = 3


class RootCause(CatenaXEnum):
    """ISupplySignals.RootCause: CX-0146 `leadingRootCause`, in the order of the standard's
    enumeration (strike, natural-disaster, production-incident, pandemic-or-epidemic, logistics-
    disruption, war, insolvency, other).
    """

    STRIKE = 0
    NATURAL_DISASTER = 1
    PRODUCTION_INCIDENT = 2
    PANDEMIC_OR_EPIDEMIC = 3
    LOGISTICS_DISRUPTION = 4
    WAR = 5
    INSOLVENCY = 6
    OTHER = 7


class SignalKind(ChainEnum):
    """ISupplySignals.SignalKind: The two kinds of signal; NONE where no signal is meant."""

    NONE = 0
    CAPACITY = 1
    DISRUPTION = 2


# ---------------------------------------------------------------- role and purpose bits


class Role(ChainFlag):
    """Role bits of member organisations (an org's role set is an OR of them). On chain: uint8."""

    OEM = 1
    SUPPLIER = 2
    AUDITOR = 4
    LOGISTICS = 8


class Purpose(ChainFlag):
    """Usage purpose bits of data licences (terms and licences carry an OR of them). On chain:
    uint64.
    """

    CX_CORE_LEGALREQUIREMENTFORTHIRDPARTY_1 = 1
    CX_CORE_INDUSTRYCORE_1 = 2
    CX_CORE_QUALITYNOTIFICATIONS_1 = 4
    CX_PCF_BASE_1 = 8
    CX_QUALITY_BASE_1 = 16
    CX_DCM_BASE_1 = 32
    CX_PURIS_BASE_1 = 64
    CX_CIRCULAR_DPP_1 = 128
    CX_CIRCULAR_SMC_1 = 256
    CX_CIRCULAR_MARKETPLACE_1 = 512
    CX_CIRCULAR_MATERIALACCOUNTING_1 = 1024
    CX_BPDM_GATE_UPLOAD_1 = 2048
    CX_BPDM_GATE_DOWNLOAD_1 = 4096
    CX_BPDM_POOL_1 = 8192
    CX_BPDM_VAS_DATAQUALITY_UPLOAD_1 = 16384
    CX_BPDM_VAS_DATAQUALITY_DOWNLOAD_1 = 32768
    CX_BPDM_VAS_BDV_UPLOAD_1 = 65536
    CX_BPDM_VAS_BDV_DOWNLOAD_1 = 131072
    CX_BPDM_VAS_FPD_UPLOAD_1 = 262144
    CX_BPDM_VAS_FPD_DOWNLOAD_1 = 524288
    CX_BPDM_VAS_SWD_UPLOAD_1 = 1048576
    CX_BPDM_VAS_SWD_DOWNLOAD_1 = 2097152
    CX_BPDM_VAS_NPS_UPLOAD_1 = 4194304
    CX_BPDM_VAS_NPS_DOWNLOAD_1 = 8388608
    CX_BPDM_VAS_COUNTRYRISK_1 = 16777216
    CX_CORE_DIGITALTWINREGISTRY_1 = 33554432
    CX_CCM_BASE_1 = 67108864
    CX_BPDM_POOLALL_1 = 134217728
    CX_LOGISTICS_BASE_1 = 268435456
    INDIVIDUAL = 536870912
    MANUFACTURING = 1073741824


#: AccessControl role ids (bytes32 constants named *_ROLE), by name.
ROLE_IDS: dict[str, bytes] = {
    "DEFAULT_ADMIN_ROLE": bytes.fromhex("0000000000000000000000000000000000000000000000000000000000000000"),
    "GUARDIAN_ROLE": bytes.fromhex("55435dd261a4b9b3364963f7738a7a662ad9c84396d64be3365284bb7f0a5041"),
    "ONBOARDER_ROLE": bytes.fromhex("7a93d8ea4114216a6420421cde774cf65ea417fd00003042d83173841d14d941"),
}

# ---------------------------------------------------------------- public constants

ALL_PURPOSES = 2147483647  # uint64
DEFAULT_ADMIN_ROLE = bytes.fromhex("0000000000000000000000000000000000000000000000000000000000000000")  # bytes32
GUARDIAN_ROLE = bytes.fromhex("55435dd261a4b9b3364963f7738a7a662ad9c84396d64be3365284bb7f0a5041")  # bytes32
MAX_LICENCES_PER_HOLDER = 4  # uint256
MAX_OPERATORS = 16  # uint8
MAX_ORDERS = 16  # uint256
MAX_SCORE = 10000  # uint16
MAX_SUBLICENCES = 8  # uint256
ONBOARDER_ROLE = bytes.fromhex("7a93d8ea4114216a6420421cde774cf65ea417fd00003042d83173841d14d941")  # bytes32

# ---------------------------------------------------------------- structs


class Admission(NamedTuple):
    """IConsortiumRegistry.Admission: One entry of an admission: the org, its roles, profile and
    first operator.
    """

    bpnl: bytes
    roles: int
    profileHash: bytes
    operator: str


class Org(NamedTuple):
    """IConsortiumRegistry.Org: A member organisation as stored (one packed slot plus its profile
    hash). `operatorCount` counts bound keys (0 after admission until the first key accepts);
    `keyEpoch` grows on every suspension and offboarding and voids older offers.
    """

    roles: int
    status: Status
    joinedAt: int
    operatorCount: int
    keyEpoch: int
    profileHash: bytes


class Licence(NamedTuple):
    """IDataLicensing.Licence: A licence as `getLicence` reports it (all zero for an unknown
    licence).
    """

    licensee: bytes
    licensor: bytes
    purposes: int
    start: int
    end: int
    status: LicenceStatus
    reason: RevocationReason
    derivatives: bool
    sublicensable: bool
    parent: bytes
    offeror: bytes
    deadline: int


class Terms(NamedTuple):
    """IDataLicensing.Terms: A set of licence terms; its id is `termsIdOf(terms)`."""

    purposes: int
    derivatives: bool
    sublicensing: bool
    maxDuration: int
    legalTextHash: bytes


class Asset(NamedTuple):
    """IIPRegistry.Asset: An asset (one version) as the views report it. All fields are zero for an
    unknown asset (`registeredAt == 0`).
    """

    registrant: bytes
    registeredAt: int
    kind: Kind
    version: int
    root: bytes
    predecessor: bytes
    owner: bytes


class Registration(NamedTuple):
    """IIPRegistry.Registration: One entry of a batch registration: the commitment (`commitmentOf`
    with the registering org), the metadata hash and the kind as its `Kind` number (checked).
    """

    commitment: bytes
    metadataHash: bytes
    kind: int


class Notice(NamedTuple):
    """IQualityNotifications.Notice: What a sender sends (input of `investigate`, `alert` and
    `forward`).
    """

    id: bytes
    receiver: bytes
    severity: NoticeSeverity
    targetDate: int
    itemsRoot: bytes
    contentHash: bytes
    orderIds: list[int]


class NotificationRecord(NamedTuple):
    """IQualityNotifications.NotificationRecord: A notification as stored."""

    sender: bytes
    receiver: bytes
    kind: NoticeKind
    status: NoticeStatus
    severity: NoticeSeverity
    targetDate: int
    itemsRoot: bytes


class Amendment(NamedTuple):
    """ISupplyOrders.Amendment: A pending amendment proposal of an order (one slot)."""

    proposal: int
    quantity: int
    dueDay: int
    proposer: Side
    signalKind: SignalKind
    signalId: bytes


class Order(NamedTuple):
    """ISupplyOrders.Order: An order as stored: three slots."""

    oem: bytes
    supplier: bytes
    partNumber: bytes
    quantity: int
    shippedQuantity: int
    receivedQuantity: int
    dueDay: int
    unit: bytes
    minScore: int
    lastScore: int
    lastSampleSize: int
    lastDefects: int
    version: int
    state: State
    hasDesignAsset: bool


class OrderTerms(NamedTuple):
    """ISupplyOrders.OrderTerms: What the OEM orders (input of `placeOrder`)."""

    supplier: bytes
    partNumber: bytes
    quantity: int
    unit: bytes
    dueDay: int
    minScore: int
    designAsset: bytes


class CapacityFigures(NamedTuple):
    """ISupplySignals.CapacityFigures: A capacity signal's figures as posted (input of
    `signalCapacity`).
    """

    signalId: bytes
    site: bytes
    material: bytes
    week: int
    actualCapacity: int
    maximumCapacity: int
    demand: int
    contentHash: bytes


class CapacityRecord(NamedTuple):
    """ISupplySignals.CapacityRecord: The latest capacity signal of an (oem, site, material), one
    storage slot.
    """

    signalId: bytes
    week: int
    actualCapacity: int
    maximumCapacity: int
    demand: int


class DisruptionNotice(NamedTuple):
    """ISupplySignals.DisruptionNotice: A disruption notification as posted (input of
    `signalDisruption`).
    """

    notificationId: bytes
    cause: RootCause
    effect: Effect
    status: DisruptionStatus
    start: int
    expectedEnd: int
    contentHash: bytes


class DisruptionRecord(NamedTuple):
    """ISupplySignals.DisruptionRecord: The latest disruption an OEM addressed to a recipient, one
    storage slot; `status` as posted (see `latestDisruption` for the current one).
    """

    notificationId: bytes
    cause: RootCause
    effect: Effect
    status: DisruptionStatus
    start: int
    expectedEnd: int


class LogPatch(NamedTuple):
    """LogEmitter.LogPatch: A 32-byte word of a template that varies from copy to copy: word 0..3
    is a topic, 4 + k the k-th word of the data. With no `choices` the copy numbered `n` holds
    the template's word plus `n * step` (a step of 2**128 counts in a left-aligned bytes16),
    else `choices[n % choices.length]`.
    """

    word: int
    step: int
    choices: list[bytes]


class LogTemplate(NamedTuple):
    """LogEmitter.LogTemplate: One log: its topics (1 to 4, the first being the event's signature
    hash), its data and the words that vary.
    """

    topics: list[bytes]
    data: bytes
    patches: list[LogPatch]


#: Enums and structs by Solidity name, as ABIs name them in ``internalType``.
ENUMS: dict[str, type[ChainEnum]] = {
    "IConsortiumRegistry.Status": Status,
    "IDataLicensing.LicenceStatus": LicenceStatus,
    "IDataLicensing.RevocationReason": RevocationReason,
    "IIPRegistry.Kind": Kind,
    "IQualityNotifications.NoticeKind": NoticeKind,
    "IQualityNotifications.NoticeParty": NoticeParty,
    "IQualityNotifications.NoticeSeverity": NoticeSeverity,
    "IQualityNotifications.NoticeStatus": NoticeStatus,
    "ISupplyOrders.Side": Side,
    "ISupplyOrders.State": State,
    "ISupplySignals.DisruptionStatus": DisruptionStatus,
    "ISupplySignals.Effect": Effect,
    "ISupplySignals.RootCause": RootCause,
    "ISupplySignals.SignalKind": SignalKind,
}
STRUCTS: dict[str, type[tuple[Any, ...]]] = {
    "IConsortiumRegistry.Admission": Admission,
    "IConsortiumRegistry.Org": Org,
    "IDataLicensing.Licence": Licence,
    "IDataLicensing.Terms": Terms,
    "IIPRegistry.Asset": Asset,
    "IIPRegistry.Registration": Registration,
    "IQualityNotifications.Notice": Notice,
    "IQualityNotifications.NotificationRecord": NotificationRecord,
    "ISupplyOrders.Amendment": Amendment,
    "ISupplyOrders.Order": Order,
    "ISupplyOrders.OrderTerms": OrderTerms,
    "ISupplySignals.CapacityFigures": CapacityFigures,
    "ISupplySignals.CapacityRecord": CapacityRecord,
    "ISupplySignals.DisruptionNotice": DisruptionNotice,
    "ISupplySignals.DisruptionRecord": DisruptionRecord,
    "LogEmitter.LogPatch": LogPatch,
    "LogEmitter.LogTemplate": LogTemplate,
}

# ---------------------------------------------------------------- custom errors

#: The ABI of every custom error of the build (OpenZeppelin's included), by selector.
ERRORS: dict[str, dict[str, Any]] = {
    "0x6697b232": {"type": "error", "name": "AccessControlBadConfirmation", "inputs": []},
    "0x19ca5ebb": {"type": "error", "name": "AccessControlEnforcedDefaultAdminDelay", "inputs": [{"internalType": "uint48", "name": "schedule", "type": "uint48"}]},
    "0x3fc3c27a": {"type": "error", "name": "AccessControlEnforcedDefaultAdminRules", "inputs": []},
    "0xc22c8022": {"type": "error", "name": "AccessControlInvalidDefaultAdmin", "inputs": [{"internalType": "address", "name": "defaultAdmin", "type": "address"}]},
    "0xe2517d3f": {"type": "error", "name": "AccessControlUnauthorizedAccount", "inputs": [{"internalType": "address", "name": "account", "type": "address"}, {"internalType": "bytes32", "name": "neededRole", "type": "bytes32"}]},
    "0x63ecae80": {"type": "error", "name": "AlreadyOperator", "inputs": [{"internalType": "address", "name": "account", "type": "address"}, {"internalType": "bytes16", "name": "org", "type": "bytes16"}]},
    "0xe561b748": {"type": "error", "name": "AlreadyResolved", "inputs": [{"internalType": "bytes16", "name": "oem", "type": "bytes16"}, {"internalType": "bytes16", "name": "notificationId", "type": "bytes16"}]},
    "0x5c84ae68": {"type": "error", "name": "AmendmentMismatch", "inputs": [{"internalType": "uint256", "name": "orderId", "type": "uint256"}, {"internalType": "uint32", "name": "proposal", "type": "uint32"}, {"internalType": "uint32", "name": "pending", "type": "uint32"}]},
    "0xaa3db519": {"type": "error", "name": "AssetAlreadyRegistered", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes16", "name": "firstOwner", "type": "bytes16"}]},
    "0x56e97e82": {"type": "error", "name": "BadPatch", "inputs": [{"internalType": "uint256", "name": "index", "type": "uint256"}, {"internalType": "uint256", "name": "word", "type": "uint256"}]},
    "0xdc837bb8": {"type": "error", "name": "BadTopics", "inputs": [{"internalType": "uint256", "name": "index", "type": "uint256"}, {"internalType": "uint256", "name": "topics", "type": "uint256"}]},
    "0x8ec81511": {"type": "error", "name": "BatchEntryRejected", "inputs": [{"internalType": "uint256", "name": "index", "type": "uint256"}, {"internalType": "bytes", "name": "reason", "type": "bytes"}]},
    "0x6c544f33": {"type": "error", "name": "CallFailed", "inputs": [{"internalType": "address", "name": "target", "type": "address"}, {"internalType": "bytes", "name": "reason", "type": "bytes"}]},
    "0x44fac19d": {"type": "error", "name": "DueDayInPast", "inputs": [{"internalType": "uint24", "name": "dueDay", "type": "uint24"}, {"internalType": "uint256", "name": "today", "type": "uint256"}]},
    "0x3e66e1ab": {"type": "error", "name": "DurationTooLong", "inputs": [{"internalType": "uint256", "name": "duration", "type": "uint256"}, {"internalType": "uint40", "name": "maxDuration", "type": "uint40"}]},
    "0xf561b39e": {"type": "error", "name": "EmptyAmendment", "inputs": [{"internalType": "uint256", "name": "orderId", "type": "uint256"}]},
    "0xd93c0665": {"type": "error", "name": "EnforcedPause", "inputs": []},
    "0xfeeafacb": {"type": "error", "name": "ExceedsParent", "inputs": [{"internalType": "bytes32", "name": "parent", "type": "bytes32"}, {"internalType": "uint40", "name": "start", "type": "uint40"}, {"internalType": "uint40", "name": "end", "type": "uint40"}, {"internalType": "uint40", "name": "parentStart", "type": "uint40"}, {"internalType": "uint40", "name": "parentEnd", "type": "uint40"}]},
    "0x8dfc202b": {"type": "error", "name": "ExpectedPause", "inputs": []},
    "0x4efafedc": {"type": "error", "name": "InactiveParty", "inputs": [{"internalType": "uint256", "name": "orderId", "type": "uint256"}, {"internalType": "enum ISupplyOrders.State", "name": "state", "type": "uint8"}, {"internalType": "bytes16", "name": "callerOrg", "type": "bytes16"}]},
    "0x24345e87": {"type": "error", "name": "IndexOutOfRange", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "uint256", "name": "index", "type": "uint256"}, {"internalType": "uint256", "name": "length", "type": "uint256"}]},
    "0x77678fc9": {"type": "error", "name": "InvalidCapacity", "inputs": [{"internalType": "uint32", "name": "actualCapacity", "type": "uint32"}, {"internalType": "uint32", "name": "maximumCapacity", "type": "uint32"}]},
    "0x4a6b7465": {"type": "error", "name": "InvalidCitation", "inputs": [{"internalType": "uint256", "name": "orderId", "type": "uint256"}, {"internalType": "enum ISupplySignals.SignalKind", "name": "kind", "type": "uint8"}, {"internalType": "bytes16", "name": "signalId", "type": "bytes16"}]},
    "0x8ce4ae66": {"type": "error", "name": "InvalidDeadline", "inputs": [{"internalType": "uint40", "name": "deadline", "type": "uint40"}, {"internalType": "uint40", "name": "end", "type": "uint40"}]},
    "0x84871021": {"type": "error", "name": "InvalidIPRegistry", "inputs": [{"internalType": "address", "name": "ipRegistry", "type": "address"}]},
    "0x04818320": {"type": "error", "name": "InvalidKind", "inputs": [{"internalType": "uint8", "name": "kind", "type": "uint8"}]},
    "0xb426a118": {"type": "error", "name": "InvalidPeriod", "inputs": [{"internalType": "uint40", "name": "start", "type": "uint40"}, {"internalType": "uint40", "name": "expectedEnd", "type": "uint40"}]},
    "0xd8ecd57b": {"type": "error", "name": "InvalidPurposes", "inputs": [{"internalType": "uint64", "name": "purposes", "type": "uint64"}]},
    "0x28e4159c": {"type": "error", "name": "InvalidQuantity", "inputs": [{"internalType": "uint32", "name": "quantity", "type": "uint32"}, {"internalType": "uint32", "name": "maximum", "type": "uint32"}]},
    "0x8bb97331": {"type": "error", "name": "InvalidReason", "inputs": [{"internalType": "uint8", "name": "reason", "type": "uint8"}]},
    "0xbedb7658": {"type": "error", "name": "InvalidReceiver", "inputs": [{"internalType": "bytes16", "name": "receiver", "type": "bytes16"}]},
    "0x540b9601": {"type": "error", "name": "InvalidRegistry", "inputs": [{"internalType": "address", "name": "registry", "type": "address"}]},
    "0xacd371d6": {"type": "error", "name": "InvalidRoles", "inputs": [{"internalType": "uint8", "name": "roles", "type": "uint8"}]},
    "0xa8030ede": {"type": "error", "name": "InvalidSample", "inputs": [{"internalType": "uint24", "name": "sampleSize", "type": "uint24"}, {"internalType": "uint24", "name": "defects", "type": "uint24"}]},
    "0xd5c7261e": {"type": "error", "name": "InvalidScore", "inputs": [{"internalType": "uint16", "name": "score", "type": "uint16"}]},
    "0x27f16f9e": {"type": "error", "name": "InvalidStatusChange", "inputs": [{"internalType": "bytes16", "name": "org", "type": "bytes16"}, {"internalType": "enum IConsortiumRegistry.Status", "name": "status", "type": "uint8"}]},
    "0xb9d0e514": {"type": "error", "name": "InvalidSupplier", "inputs": [{"internalType": "bytes16", "name": "supplier", "type": "bytes16"}]},
    "0x36e64f0b": {"type": "error", "name": "InvalidWeek", "inputs": [{"internalType": "uint24", "name": "week", "type": "uint24"}]},
    "0x9b86885d": {"type": "error", "name": "InvalidWindow", "inputs": [{"internalType": "uint40", "name": "start", "type": "uint40"}, {"internalType": "uint40", "name": "end", "type": "uint40"}]},
    "0x577c134e": {"type": "error", "name": "LastOperator", "inputs": [{"internalType": "bytes16", "name": "org", "type": "bytes16"}, {"internalType": "address", "name": "account", "type": "address"}]},
    "0x107deec2": {"type": "error", "name": "LicenceNotInForce", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes32", "name": "licence", "type": "bytes32"}, {"internalType": "enum IDataLicensing.LicenceStatus", "name": "status", "type": "uint8"}, {"internalType": "uint40", "name": "start", "type": "uint40"}, {"internalType": "uint40", "name": "end", "type": "uint40"}]},
    "0xa7aae6a0": {"type": "error", "name": "LicensingUnavailable", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}]},
    "0x6a3e2baa": {"type": "error", "name": "MalformedBpnl", "inputs": [{"internalType": "bytes16", "name": "bpnl", "type": "bytes16"}]},
    "0xb6887b97": {"type": "error", "name": "MalformedBpns", "inputs": [{"internalType": "bytes16", "name": "site", "type": "bytes16"}]},
    "0xd608cd35": {"type": "error", "name": "MalformedNotificationId", "inputs": [{"internalType": "bytes16", "name": "id", "type": "bytes16"}]},
    "0x4423c1c5": {"type": "error", "name": "MalformedUuid", "inputs": [{"internalType": "bytes16", "name": "id", "type": "bytes16"}]},
    "0x35140492": {"type": "error", "name": "MerkleProofInvalidMultiproof", "inputs": []},
    "0xf8d5b72b": {"type": "error", "name": "MissingRole", "inputs": [{"internalType": "bytes16", "name": "org", "type": "bytes16"}, {"internalType": "uint8", "name": "role", "type": "uint8"}]},
    "0xca9bc0b9": {"type": "error", "name": "NoOperatorOffer", "inputs": [{"internalType": "address", "name": "account", "type": "address"}, {"internalType": "bytes16", "name": "org", "type": "bytes16"}]},
    "0xbd3aeea4": {"type": "error", "name": "NoPendingAmendment", "inputs": [{"internalType": "uint256", "name": "orderId", "type": "uint256"}]},
    "0x91c0aaa2": {"type": "error", "name": "NoRecipients", "inputs": []},
    "0x35004087": {"type": "error", "name": "NotAccessRecorder", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes32", "name": "licence", "type": "bytes32"}, {"internalType": "bytes16", "name": "caller", "type": "bytes16"}]},
    "0xc0ae66ad": {"type": "error", "name": "NotAnOperator", "inputs": [{"internalType": "address", "name": "account", "type": "address"}]},
    "0x64a5e069": {"type": "error", "name": "NotAssetOwner", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes16", "name": "owner", "type": "bytes16"}, {"internalType": "bytes16", "name": "caller", "type": "bytes16"}]},
    "0x702274e7": {"type": "error", "name": "NotLatestVersion", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes32", "name": "latest", "type": "bytes32"}]},
    "0x56dbf23a": {"type": "error", "name": "NotLicensee", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes32", "name": "licence", "type": "bytes32"}, {"internalType": "bytes16", "name": "licensee", "type": "bytes16"}, {"internalType": "bytes16", "name": "caller", "type": "bytes16"}]},
    "0xaefc73fb": {"type": "error", "name": "NotLicensor", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes32", "name": "licence", "type": "bytes32"}, {"internalType": "bytes16", "name": "caller", "type": "bytes16"}]},
    "0x86c8804d": {"type": "error", "name": "NotOnePurpose", "inputs": [{"internalType": "uint64", "name": "purpose", "type": "uint64"}]},
    "0xceea97e1": {"type": "error", "name": "NotOperatorOf", "inputs": [{"internalType": "address", "name": "account", "type": "address"}, {"internalType": "bytes16", "name": "org", "type": "bytes16"}]},
    "0x84eb01e8": {"type": "error", "name": "NotSuspended", "inputs": [{"internalType": "bytes16", "name": "org", "type": "bytes16"}, {"internalType": "enum IConsortiumRegistry.Status", "name": "status", "type": "uint8"}]},
    "0x3131f14c": {"type": "error", "name": "NotificationExists", "inputs": [{"internalType": "bytes16", "name": "id", "type": "bytes16"}]},
    "0x006c5333": {"type": "error", "name": "OfferorNotOwner", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes32", "name": "licence", "type": "bytes32"}, {"internalType": "bytes16", "name": "offeror", "type": "bytes16"}, {"internalType": "bytes16", "name": "owner", "type": "bytes16"}]},
    "0xfa4114aa": {"type": "error", "name": "OrderAlreadyHeld", "inputs": [{"internalType": "uint256", "name": "orderId", "type": "uint256"}, {"internalType": "bytes16", "name": "holder", "type": "bytes16"}]},
    "0xefbc90f7": {"type": "error", "name": "OrderOnHold", "inputs": [{"internalType": "uint256", "name": "orderId", "type": "uint256"}, {"internalType": "bytes16", "name": "notificationId", "type": "bytes16"}]},
    "0x1cd96155": {"type": "error", "name": "OrgAlreadyExists", "inputs": [{"internalType": "bytes16", "name": "org", "type": "bytes16"}]},
    "0x86f955a4": {"type": "error", "name": "OrgNotActive", "inputs": [{"internalType": "bytes16", "name": "org", "type": "bytes16"}, {"internalType": "enum IConsortiumRegistry.Status", "name": "status", "type": "uint8"}]},
    "0x15082071": {"type": "error", "name": "PurposeNotLicensed", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes32", "name": "licence", "type": "bytes32"}, {"internalType": "uint64", "name": "purpose", "type": "uint64"}, {"internalType": "uint64", "name": "licensed", "type": "uint64"}]},
    "0x8f736d35": {"type": "error", "name": "PurposesNotAllowed", "inputs": [{"internalType": "uint64", "name": "purposes", "type": "uint64"}, {"internalType": "uint64", "name": "allowed", "type": "uint64"}]},
    "0x327269a7": {"type": "error", "name": "SafeCastOverflowedIntDowncast", "inputs": [{"internalType": "uint8", "name": "bits", "type": "uint8"}, {"internalType": "int256", "name": "value", "type": "int256"}]},
    "0xa8ce4432": {"type": "error", "name": "SafeCastOverflowedIntToUint", "inputs": [{"internalType": "int256", "name": "value", "type": "int256"}]},
    "0x6dfcc650": {"type": "error", "name": "SafeCastOverflowedUintDowncast", "inputs": [{"internalType": "uint8", "name": "bits", "type": "uint8"}, {"internalType": "uint256", "name": "value", "type": "uint256"}]},
    "0x24775e06": {"type": "error", "name": "SafeCastOverflowedUintToInt", "inputs": [{"internalType": "uint256", "name": "value", "type": "uint256"}]},
    "0x991802c2": {"type": "error", "name": "SelfLicence", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes16", "name": "org", "type": "bytes16"}]},
    "0x74af6cfb": {"type": "error", "name": "SelfTransfer", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes16", "name": "org", "type": "bytes16"}]},
    "0x2a623d59": {"type": "error", "name": "ShipmentNotOverdue", "inputs": [{"internalType": "uint256", "name": "orderId", "type": "uint256"}, {"internalType": "uint24", "name": "dueDay", "type": "uint24"}, {"internalType": "uint256", "name": "today", "type": "uint256"}]},
    "0x1ff487ee": {"type": "error", "name": "SublicensingNotAllowed", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes32", "name": "licence", "type": "bytes32"}]},
    "0x5501d1fd": {"type": "error", "name": "SupplierNotLicensed", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes16", "name": "supplier", "type": "bytes16"}]},
    "0x3bb084c6": {"type": "error", "name": "TargetDateInPast", "inputs": [{"internalType": "uint40", "name": "targetDate", "type": "uint40"}, {"internalType": "uint256", "name": "nowTime", "type": "uint256"}]},
    "0x3f864273": {"type": "error", "name": "TooManyLicences", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes16", "name": "org", "type": "bytes16"}, {"internalType": "uint256", "name": "max", "type": "uint256"}]},
    "0x742b6f93": {"type": "error", "name": "TooManyOperators", "inputs": [{"internalType": "bytes16", "name": "org", "type": "bytes16"}, {"internalType": "uint256", "name": "max", "type": "uint256"}]},
    "0xf507012a": {"type": "error", "name": "TooManyOrders", "inputs": [{"internalType": "uint256", "name": "count", "type": "uint256"}, {"internalType": "uint256", "name": "maximum", "type": "uint256"}]},
    "0xe9a7705b": {"type": "error", "name": "TooManySublicences", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes32", "name": "licence", "type": "bytes32"}, {"internalType": "uint256", "name": "max", "type": "uint256"}]},
    "0xd4a266ab": {"type": "error", "name": "UncitableSignal", "inputs": [{"internalType": "uint256", "name": "orderId", "type": "uint256"}, {"internalType": "enum ISupplySignals.SignalKind", "name": "kind", "type": "uint8"}, {"internalType": "bytes16", "name": "signalId", "type": "bytes16"}]},
    "0x1059be3e": {"type": "error", "name": "UnknownAsset", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}]},
    "0x6939215d": {"type": "error", "name": "UnknownDisruption", "inputs": [{"internalType": "bytes16", "name": "oem", "type": "bytes16"}, {"internalType": "bytes16", "name": "recipient", "type": "bytes16"}, {"internalType": "bytes16", "name": "notificationId", "type": "bytes16"}]},
    "0x530134ee": {"type": "error", "name": "UnknownLicence", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes32", "name": "licence", "type": "bytes32"}]},
    "0xd7d5758e": {"type": "error", "name": "UnknownNotification", "inputs": [{"internalType": "bytes16", "name": "id", "type": "bytes16"}]},
    "0x40ddeab2": {"type": "error", "name": "UnknownOrder", "inputs": [{"internalType": "uint256", "name": "orderId", "type": "uint256"}]},
    "0xfb754e01": {"type": "error", "name": "UnknownOrg", "inputs": [{"internalType": "bytes16", "name": "org", "type": "bytes16"}]},
    "0x2bc0664b": {"type": "error", "name": "UnknownTerms", "inputs": [{"internalType": "bytes32", "name": "terms", "type": "bytes32"}]},
    "0x5e094a07": {"type": "error", "name": "UnsortedRecipients", "inputs": [{"internalType": "uint256", "name": "index", "type": "uint256"}, {"internalType": "bytes16", "name": "recipient", "type": "bytes16"}]},
    "0xedf617ef": {"type": "error", "name": "WindowPassed", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes32", "name": "licence", "type": "bytes32"}, {"internalType": "uint40", "name": "end", "type": "uint40"}]},
    "0xd13c7713": {"type": "error", "name": "WrongNotificationStatus", "inputs": [{"internalType": "bytes16", "name": "id", "type": "bytes16"}, {"internalType": "enum IQualityNotifications.NoticeStatus", "name": "status", "type": "uint8"}, {"internalType": "bytes16", "name": "callerOrg", "type": "bytes16"}]},
    "0xb14e390f": {"type": "error", "name": "WrongParty", "inputs": [{"internalType": "bytes16", "name": "id", "type": "bytes16"}, {"internalType": "enum IQualityNotifications.NoticeStatus", "name": "status", "type": "uint8"}, {"internalType": "bytes16", "name": "callerOrg", "type": "bytes16"}, {"internalType": "enum IQualityNotifications.NoticeParty", "name": "required", "type": "uint8"}]},
    "0xd88f2f9f": {"type": "error", "name": "WrongSide", "inputs": [{"internalType": "uint256", "name": "orderId", "type": "uint256"}, {"internalType": "enum ISupplyOrders.State", "name": "state", "type": "uint8"}, {"internalType": "bytes16", "name": "callerOrg", "type": "bytes16"}, {"internalType": "enum ISupplyOrders.Side", "name": "required", "type": "uint8"}]},
    "0x7a670afe": {"type": "error", "name": "WrongState", "inputs": [{"internalType": "uint256", "name": "orderId", "type": "uint256"}, {"internalType": "enum ISupplyOrders.State", "name": "state", "type": "uint8"}, {"internalType": "bytes16", "name": "callerOrg", "type": "bytes16"}]},
    "0x70eeb12b": {"type": "error", "name": "WrongStatus", "inputs": [{"internalType": "bytes32", "name": "asset", "type": "bytes32"}, {"internalType": "bytes32", "name": "licence", "type": "bytes32"}, {"internalType": "enum IDataLicensing.LicenceStatus", "name": "status", "type": "uint8"}]},
    "0xd92e233d": {"type": "error", "name": "ZeroAddress", "inputs": []},
    "0x51bda03d": {"type": "error", "name": "ZeroCommitment", "inputs": []},
    "0x3d1f525e": {"type": "error", "name": "ZeroItemsRoot", "inputs": []},
    "0x1f8ab025": {"type": "error", "name": "ZeroLegalTextHash", "inputs": []},
    "0xc5aa527a": {"type": "error", "name": "ZeroMaterial", "inputs": []},
    "0xa75e7434": {"type": "error", "name": "ZeroMaxDuration", "inputs": []},
    "0x89961e91": {"type": "error", "name": "ZeroOperator", "inputs": []},
    "0x5b609550": {"type": "error", "name": "ZeroPartNumber", "inputs": []},
    "0xf21c16aa": {"type": "error", "name": "ZeroUnit", "inputs": []},
}

#: The NatSpec @notice of each error, by selector: `arg` names its arguments.
ERROR_NOTICES: dict[str, str] = {
    "0x6697b232": "The caller of a function is not the expected one. NOTE: Don't confuse with {AccessControlUnauthorizedAccount}.",
    "0x19ca5ebb": "The delay for transferring the default admin delay is enforced and the operation must wait until `schedule`. NOTE: `schedule` can be 0 indicating there's no transfer scheduled.",
    "0x3fc3c27a": "At least one of the following rules was violated: - The `DEFAULT_ADMIN_ROLE` must only be managed by itself. - The `DEFAULT_ADMIN_ROLE` must only be held by one account at the time. - Any `DEFAULT_ADMIN_ROLE` transfer must be in two delayed steps.",
    "0xc22c8022": "The new default admin is not a valid default admin.",
    "0xe2517d3f": "The `account` is missing a role.",
    "0x63ecae80": "`account` already operates `org`; an account operates at most one org.",
    "0xe561b748": "`oem` resolved disruption `notificationId` before.",
    "0x5c84ae68": "The acceptance names proposal `proposal`, but the pending one is `pending` (it was replaced in between).",
    "0xaa3db519": "`asset` was registered before; `firstOwner` registered it and holds its priority. Asset ids are per organisation: only `firstOwner` itself can meet this, by registering the same commitment again.",
    "0x56e97e82": "A patch names a word the template does not have.",
    "0xdc837bb8": "A template has no topic or more than four.",
    "0x8ec81511": "Entry `index` of a batch was rejected with the custom error `reason`.",
    "0x6c544f33": "The call to `target` reverted with `reason`.",
    "0x44fac19d": "The due day `dueDay` lies before `today`.",
    "0x3e66e1ab": "The window lasts `duration` seconds, longer than the terms' `maxDuration`.",
    "0xf561b39e": "The proposal changes neither quantity nor due day.",
    "0xd93c0665": "The operation failed because the contract is paused.",
    "0xfeeafacb": "A sublicence window [`start`, `end`) reaches outside its parent's [`parentStart`, `parentEnd`).",
    "0x8dfc202b": "The operation failed because the contract is not paused.",
    "0x4efafedc": "The caller's org `callerOrg` is the right side of order `orderId` (in `state`) but is suspended, offboarded, or no longer holds its side's role.",
    "0x24345e87": "`index` is out of range: the list of `asset` has `length` entries.",
    "0x77678fc9": "The actual capacity exceeds the maximum capacity.",
    "0x4a6b7465": "A citation names a kind without an id or an id without a kind.",
    "0x8ce4ae66": "An offer's `deadline` must not be in the past and must come before its `end`.",
    "0x84871021": "The IPRegistry address given to the constructor holds no contract.",
    "0x04818320": "`kind` is not the number of a `Kind`.",
    "0xb426a118": "The start time is zero or the expected end lies before it.",
    "0xd8ecd57b": "`purposes` is empty or sets a bit that names no known purpose.",
    "0x28e4159c": "`quantity` is zero or above `maximum`.",
    "0x8bb97331": "`reason` is not a RevocationReason a licensor may give (BREACH..OTHER).",
    "0xbedb7658": "A notification cannot be sent to the sender's own org.",
    "0x540b9601": "The ConsortiumRegistry address given to the constructor holds no contract.",
    "0xacd371d6": "`roles` is empty or sets a bit that names no known role.",
    "0xa8030ede": "A quality sample must be non-empty and have at most `sampleSize` defects.",
    "0xd5c7261e": "A score or threshold above 10,000 basis points.",
    "0x27f16f9e": "The status change is not allowed from `status`.",
    "0xb9d0e514": "An org cannot take this supplier role here (itself, or the order's current supplier on a reallocation).",
    "0x36e64f0b": "`week` is not an ISO week written year * 100 + week (year 1970 or later).",
    "0x9b86885d": "The window is not valid now: `start` is in the past, or `end` is not after it (a zero `start` stands for the current block time), or `end` is after 2106-02-07 (2**32 - 1: licence windows are stored in 32 bits).",
    "0x577c134e": "Removing `account` would leave `org` without any operator.",
    "0x107deec2": "`licence` is not in force now (`status`, window [`start`, `end`)).",
    "0xa7aae6a0": "The order names a design asset but no licence contract is configured.",
    "0x6a3e2baa": "`bpnl` is not `BPNL` followed by 12 characters of [0-9A-Z].",
    "0xb6887b97": "`site` is neither zero nor `BPNS` followed by 12 characters of [0-9A-Za-z].",
    "0xd608cd35": "`id` is not an RFC 4122 UUID.",
    "0x4423c1c5": "`id` is not a UUID (RFC 4122 variant, version 1 to 8).",
    "0x35140492": "The multiproof provided is not valid.",
    "0xf8d5b72b": "`org` does not hold `role`.",
    "0xca9bc0b9": "`account` holds no live offer of an operator binding to `org` (never offered, withdrawn, taken, or voided by a suspension or offboarding since).",
    "0xbd3aeea4": "Order `orderId` has no pending amendment proposal.",
    "0x91c0aaa2": "A signal needs at least one recipient.",
    "0x35004087": "`caller` is neither the licensee nor the asset's owner, so it cannot record accesses under `licence`.",
    "0xc0ae66ad": "`account` operates no organisation.",
    "0x64a5e069": "`caller` (an organisation) acted as owner of `asset`, which belongs to `owner`.",
    "0x702274e7": "`asset` is not the latest version of its lineage, which is `latest`: only the latest version can be revised, so the lineage stays a single chain.",
    "0x56dbf23a": "`caller` acted as licensee of `licence`, whose licensee is `licensee`.",
    "0xaefc73fb": "`caller` is neither the sublicensor nor the asset's owner of the sublicence `licence`.",
    "0x86c8804d": "An access receipt must cite exactly one known purpose; `purpose` is not one.",
    "0xceea97e1": "`account` is not an operator of `org`.",
    "0x84eb01e8": "The council recovers only a SUSPENDED org; `org` is `status`.",
    "0x3131f14c": "A notification with id `id` exists already.",
    "0x006c5333": "The offer `licence` was made by `offeror`, no longer the asset's owner (`owner` is).",
    "0xfa4114aa": "Order `orderId` is held by the open notification `holder` already.",
    "0xefbc90f7": "Order `orderId` cannot ship while the open quality notification `notificationId` (QualityNotifications) holds it.",
    "0x1cd96155": "An organisation with this BPNL was admitted before (offboarded ones too).",
    "0x86f955a4": "`org` is not ACTIVE (it is `status`).",
    "0x15082071": "`purpose` is not covered by the purposes `licensed` of the licence.",
    "0x8f736d35": "`purposes` asks for bits outside `allowed` (the terms', or the parent licence's).",
    "0x327269a7": "Value doesn't fit in an int of `bits` size.",
    "0xa8ce4432": "An int value doesn't fit in a uint of `bits` size.",
    "0x6dfcc650": "Value doesn't fit in a uint of `bits` size.",
    "0x24775e06": "A uint value doesn't fit in an int of `bits` size.",
    "0x991802c2": "`org` would license `asset` to itself (it owns it, or holds the parent licence).",
    "0x74af6cfb": "The transfer of `asset` names its current owner `org` as receiver.",
    "0x2a623d59": "Order `orderId` is READY_TO_SHIP, its supplier can ship and its due day `dueDay` has not passed (`today`): the OEM may cancel or reallocate it only after the due day or while the supplier is inactive.",
    "0x1ff487ee": "The terms of `licence` do not allow sublicensing, or it is itself a sublicence.",
    "0x5501d1fd": "`supplier` is not entitled to `asset`: it neither owns it nor holds a licence in force for it with the manufacturing purpose (or it is not active).",
    "0x3bb084c6": "The target date `targetDate` lies before `nowTime`.",
    "0x3f864273": "`org` already holds `max` licences on `asset` that are in force or will be.",
    "0x742b6f93": "`org` already has the maximum number `max` of operator accounts.",
    "0xf507012a": "`count` orders named, more than `maximum`.",
    "0xe9a7705b": "`licence` already has `max` (accepted) sublicences.",
    "0xd4a266ab": "Disruption `signalId` is not the latest disruption the order's OEM addressed to its supplier (never sent, sent to another supplier, by another OEM, or superseded).",
    "0x1059be3e": "No asset with this id is registered in the IPRegistry.",
    "0x6939215d": "`notificationId` is not the latest disruption `oem` addressed to `recipient` (never signalled to it, or superseded there).",
    "0x530134ee": "No licence, offer or request `licence` exists on `asset`.",
    "0xd7d5758e": "No notification has id `id`.",
    "0x40ddeab2": "No order has id `orderId`.",
    "0xfb754e01": "No organisation with this BPNL was ever admitted.",
    "0x2bc0664b": "No terms with this id were published.",
    "0x5e094a07": "Recipients must be listed in strictly ascending order (which also rules out duplicates and the zero org); entry `index` is not.",
    "0xedf617ef": "The request `licence` can no longer be granted: its window ended at `end`.",
    "0xd13c7713": "Notification `id` is in `status`, from which the step is not allowed.",
    "0xb14e390f": "The caller's org `callerOrg` (zero: none) is not the party `required` of notification `id`, which is in `status`.",
    "0xd88f2f9f": "The caller's org `callerOrg` (zero: the caller operates no org) is not the side `required` of order `orderId` (NONE: either side), which is in `state`.",
    "0x7a670afe": "Order `orderId` is in `state`, from which the step is not allowed.",
    "0x70eeb12b": "`licence` is `status`, which does not allow this.",
    "0xd92e233d": "The registry address is zero.",
    "0x51bda03d": "The zero commitment cannot name an asset (zero means \"none\" in the views).",
    "0x3d1f525e": "The affected items root is zero.",
    "0x1f8ab025": "Terms need the hash of their legal text.",
    "0xc5aa527a": "The material hash is zero.",
    "0xa75e7434": "Terms need a maximum duration above zero.",
    "0x89961e91": "The operator account is the zero address.",
    "0x5b609550": "The part number is zero.",
    "0xf21c16aa": "The unit code is empty.",
}
