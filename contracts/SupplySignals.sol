// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";
import {ISupplySignals} from "./interfaces/ISupplySignals.sol";
import {Bpn} from "./libraries/Bpn.sol";
import {Roles} from "./libraries/Roles.sol";

/// @title SupplySignals
/// @notice OEM capacity and disruption signals to suppliers (see ISupplySignals).
/// @dev A separate contract from SupplyOrders: signals have a life of their own (Catena-X
/// import, several recipients, no order behind them), orders only cite their ids, and
/// keeping them apart keeps both well under the 24 KB code size limit and lets signals
/// evolve without redeploying orders.
/// Gas: a signal creates no per-signal storage. It overwrites one slot per key: the
/// (oem, site, material) capacity slot, or the (oem, recipient) disruption slot per
/// recipient (5,000 gas once the key was used; the first signal on a key pays 17,100 more
/// to create it). Everything else lives in events. Hence no per-recipient record of
/// capacity signals (another rewritten slot per recipient, about 5,400 gas each): supply
/// order amendments can check disruption citations only (see ISupplyOrders).
contract SupplySignals is ISupplySignals {
    IConsortiumRegistry private immutable _registry;

    // Bit positions of the members of a CapacityRecord packed into one word (signal id in
    // the low 128 bits).
    uint256 private constant _WEEK_SHIFT = 128;
    uint256 private constant _ACTUAL_SHIFT = 152;
    uint256 private constant _MAXIMUM_SHIFT = 184;
    uint256 private constant _DEMAND_SHIFT = 216;
    // Bit positions of the members of a DisruptionRecord packed into one word (notification
    // id in the low 128 bits).
    uint256 private constant _CAUSE_SHIFT = 128;
    uint256 private constant _EFFECT_SHIFT = 136;
    uint256 private constant _STATUS_SHIFT = 144;
    uint256 private constant _START_SHIFT = 152;
    uint256 private constant _END_SHIFT = 192;

    /// @dev The latest CapacityRecord per (oem, site, material) and the latest
    /// DisruptionRecord per (oem, recipient), each packed into one word at the _SHIFTs above:
    /// a signal computes the word and writes it whole (a struct assignment builds a memory
    /// copy and, with enum members, writes member by member). The views unpack them.
    /// The capacity key's (oem, site) pair is one word (`_pair`), which saves a level of
    /// hashing on every signal.
    mapping(bytes32 oemAndSite => mapping(bytes32 material => uint256 record)) private _capacity;
    mapping(bytes16 oem => mapping(bytes16 recipient => uint256 record)) private _latestDisruption;
    mapping(bytes16 oem => mapping(bytes16 notificationId => uint40 time)) private _resolvedAt;

    /// @param registry_ the consortium registry
    constructor(IConsortiumRegistry registry_) {
        _registry = registry_;
    }

    // ---------------------------------------------------------------- signals

    /// @inheritdoc ISupplySignals
    function signalCapacity(CapacityFigures calldata figures, bytes16[] calldata recipients) external {
        bytes16 oem = _registry.requireOperator(msg.sender, Roles.ROLE_OEM);
        _storeCapacity(oem, figures);

        uint256 n = recipients.length;
        if (n == 0) revert NoRecipients();
        bytes16 previous = bytes16(0);
        for (uint256 i = 0; i < n; ) {
            bytes16 recipient = recipients[i];
            _checkRecipient(i, recipient, previous);
            _emitCapacity(oem, recipient, figures);
            previous = recipient;
            unchecked {
                ++i; // i < n
            }
        }
    }

    /// @inheritdoc ISupplySignals
    function signalDisruption(DisruptionNotice calldata notice, bytes16[] calldata recipients) external {
        bytes16 oem = _registry.requireOperator(msg.sender, Roles.ROLE_OEM);
        bytes16 id = notice.notificationId;
        uint40 start = notice.start;
        uint40 expectedEnd = notice.expectedEnd;
        if (!_isUuid(id)) revert MalformedUuid(id);
        if (start == 0 || (expectedEnd != 0 && expectedEnd < start)) revert InvalidPeriod(start, expectedEnd);
        uint256 record = uint256(uint128(id)) |
            (uint256(notice.cause) << _CAUSE_SHIFT) |
            (uint256(notice.effect) << _EFFECT_SHIFT) |
            (uint256(notice.status) << _STATUS_SHIFT) |
            (uint256(start) << _START_SHIFT) |
            (uint256(expectedEnd) << _END_SHIFT);

        uint256 n = recipients.length;
        if (n == 0) revert NoRecipients();
        mapping(bytes16 => uint256) storage latest = _latestDisruption[oem];
        bytes16 previous = bytes16(0);
        for (uint256 i = 0; i < n; ) {
            bytes16 recipient = recipients[i];
            _checkRecipient(i, recipient, previous);
            latest[recipient] = record;
            _emitDisruption(oem, recipient, notice);
            previous = recipient;
            unchecked {
                ++i; // i < n
            }
        }
    }

    /// @inheritdoc ISupplySignals
    function resolveDisruption(bytes16 notificationId, bytes16 recipient, bytes32 contentHash) external {
        bytes16 oem = _registry.requireOperator(msg.sender, Roles.ROLE_OEM);
        if (!_isUuid(notificationId)) revert MalformedUuid(notificationId);
        if (bytes16(uint128(_latestDisruption[oem][recipient])) != notificationId) {
            revert UnknownDisruption(oem, recipient, notificationId);
        }
        mapping(bytes16 => uint40) storage resolved = _resolvedAt[oem];
        if (resolved[notificationId] != 0) revert AlreadyResolved(oem, notificationId);
        resolved[notificationId] = SafeCast.toUint40(block.timestamp);
        emit DisruptionResolved(oem, notificationId, contentHash);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ISupplySignals
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc ISupplySignals
    function latestCapacity(bytes16 oem, bytes16 site, bytes32 material)
        external
        view
        returns (CapacityRecord memory)
    {
        uint256 word = _capacity[_pair(oem, site)][material];
        return
            CapacityRecord({
                signalId: bytes16(uint128(word)),
                week: uint24(word >> _WEEK_SHIFT),
                actualCapacity: uint32(word >> _ACTUAL_SHIFT),
                maximumCapacity: uint32(word >> _MAXIMUM_SHIFT),
                demand: uint32(word >> _DEMAND_SHIFT)
            });
    }

    /// @inheritdoc ISupplySignals
    function occupancyBp(bytes16 oem, bytes16 site, bytes32 material) external view returns (uint256) {
        uint256 word = _capacity[_pair(oem, site)][material];
        uint256 demand = uint32(word >> _DEMAND_SHIFT);
        if (demand == 0) return 0;
        uint256 actual = uint32(word >> _ACTUAL_SHIFT);
        if (actual == 0) return type(uint256).max;
        return (demand * 10_000) / actual;
    }

    /// @inheritdoc ISupplySignals
    function latestDisruption(bytes16 oem, bytes16 recipient)
        external
        view
        returns (DisruptionRecord memory record, DisruptionStatus status)
    {
        uint256 word = _latestDisruption[oem][recipient];
        record = DisruptionRecord({
            notificationId: bytes16(uint128(word)),
            cause: RootCause(uint8(word >> _CAUSE_SHIFT)),
            effect: Effect(uint8(word >> _EFFECT_SHIFT)),
            status: DisruptionStatus(uint8(word >> _STATUS_SHIFT)),
            start: uint40(word >> _START_SHIFT),
            expectedEnd: uint40(word >> _END_SHIFT)
        });
        status = record.status;
        // resolvedAt is a time only for readers; here it is a "resolved at all" flag
        // slither-disable-next-line timestamp
        if (status == DisruptionStatus.OPEN && _resolvedAt[oem][record.notificationId] != 0) {
            status = DisruptionStatus.RESOLVED;
        }
    }

    /// @inheritdoc ISupplySignals
    function latestDisruptionId(bytes16 oem, bytes16 recipient) external view returns (bytes16) {
        return bytes16(uint128(_latestDisruption[oem][recipient]));
    }

    /// @inheritdoc ISupplySignals
    function resolvedAt(bytes16 oem, bytes16 notificationId) external view returns (uint40) {
        return _resolvedAt[oem][notificationId];
    }

    /// @inheritdoc ISupplySignals
    function isValidBpns(bytes16 site) external pure returns (bool) {
        return Bpn.isValidBpns(site);
    }

    /// @inheritdoc ISupplySignals
    function isValidWeek(uint24 week) public pure returns (bool) {
        uint256 year = week / 100;
        uint256 number = week % 100;
        if (year < 1970 || number == 0 || number > 53) return false;
        // An ISO year has 53 weeks when it starts on a Thursday, or is a leap year that
        // starts on a Wednesday: p(year) == 4 or p(year - 1) == 3 with p as below.
        return number < 53 || _isoWeekday(year) == 4 || _isoWeekday(year - 1) == 3;
    }

    // ---------------------------------------------------------------- internals

    /// @dev Checks the figures and makes them the latest of (oem, site, material). Reads
    /// calldata where used: a memory copy of the figures costs more than it saves.
    function _storeCapacity(bytes16 oem, CapacityFigures calldata f) private {
        bytes16 signalId = f.signalId;
        bytes16 site = f.site;
        bytes32 material = f.material;
        uint24 week = f.week;
        uint32 actual = f.actualCapacity;
        uint32 maximum = f.maximumCapacity;
        if (!_isUuid(signalId)) revert MalformedUuid(signalId);
        if (site != bytes16(0) && !Bpn.isValidBpns(site)) revert MalformedBpns(site);
        if (material == bytes32(0)) revert ZeroMaterial();
        if (!isValidWeek(week)) revert InvalidWeek(week);
        if (actual > maximum) revert InvalidCapacity(actual, maximum);
        _capacity[_pair(oem, site)][material] =
            uint256(uint128(signalId)) |
            (uint256(week) << _WEEK_SHIFT) |
            (uint256(actual) << _ACTUAL_SHIFT) |
            (uint256(maximum) << _MAXIMUM_SHIFT) |
            (uint256(f.demand) << _DEMAND_SHIFT);
    }

    /// @dev `oem` in the high 16 bytes, `site` in the low 16 bytes of one word.
    function _pair(bytes16 oem, bytes16 site) private pure returns (bytes32) {
        return bytes32(oem) | (bytes32(site) >> 128);
    }

    /// @dev (year + year/4 - year/100 + year/400) mod 7: the weekday of 31 December.
    function _isoWeekday(uint256 year) private pure returns (uint256) {
        return (year + year / 4 - year / 100 + year / 400) % 7;
    }

    /// @dev Recipient `i` must be an active SUPPLIER org above the one before it.
    function _checkRecipient(uint256 i, bytes16 recipient, bytes16 previous) private view {
        if (recipient <= previous) revert UnsortedRecipients(i, recipient);
        // slither-disable-next-line calls-loop
        _registry.requireActive(recipient, Roles.ROLE_SUPPLIER);
    }

    /// @dev Emits CapacitySignalled with the figures' words copied from calldata as they
    /// are: its data (site, material, week, capacities, demand, content hash) is the
    /// figures' words 1 to 7 in the same order and ABI encoding. `_storeCapacity` has read
    /// every member through Solidity before, which reverts on a value that is not clean
    /// for its type, so the copied words are clean.
    function _emitCapacity(bytes16 oem, bytes16 recipient, CapacityFigures calldata f) private {
        bytes32 topic0 = CapacitySignalled.selector;
        // One calldatacopy instead of decoding and re-encoding seven values per recipient.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            let data := mload(0x40)
            calldatacopy(data, add(f, 0x20), 0xe0)
            log4(data, 0xe0, topic0, oem, recipient, calldataload(f))
        }
    }

    function _emitDisruption(bytes16 oem, bytes16 recipient, DisruptionNotice calldata n) private {
        emit DisruptionSignalled(
            oem,
            recipient,
            n.notificationId,
            n.cause,
            n.effect,
            n.status,
            n.start,
            n.expectedEnd,
            n.contentHash
        );
    }

    /// @dev RFC 4122: variant bits 10 (byte 8) and a version 1 to 8 (high nibble of byte 6).
    /// Byte k of the id is bits (15 - k) * 8 to (15 - k) * 8 + 7 of its uint128.
    function _isUuid(bytes16 id) private pure returns (bool) {
        uint128 x = uint128(id);
        uint256 version = (x >> 76) & 0x0f;
        return (x >> 62) & 0x03 == 2 && version != 0 && version <= 8;
    }
}
