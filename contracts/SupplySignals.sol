// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";
import {ISupplySignals} from "./interfaces/ISupplySignals.sol";

/// @title SupplySignals
/// @notice OEM capacity and disruption signals to suppliers (see ISupplySignals).
/// @dev A separate contract from SupplyOrders: signals have a life of their own (Catena-X
/// import, several recipients, no order behind them), orders only cite their ids, and
/// keeping them apart keeps both well under the 24 KB code size limit and lets signals
/// evolve without redeploying orders.
/// Gas: a signal creates no per-signal storage. It overwrites one slot per key: the
/// (oem, site, material) capacity slot, or the (oem, recipient) disruption slot per
/// recipient (5,000 gas once the key was used; the first signal on a key pays 17,100 more
/// to create it). Everything else lives in events.
contract SupplySignals is ISupplySignals {
    uint8 private constant _ROLE_OEM = 1;
    uint8 private constant _ROLE_SUPPLIER = 2;

    IConsortiumRegistry private immutable _registry;

    mapping(bytes16 oem => mapping(bytes16 site => mapping(bytes32 material => CapacityRecord))) private _capacity;
    mapping(bytes16 oem => mapping(bytes16 recipient => DisruptionRecord)) private _latestDisruption;
    mapping(bytes16 oem => mapping(bytes16 notificationId => uint40 time)) private _resolvedAt;

    /// @param registry_ the consortium registry
    constructor(IConsortiumRegistry registry_) {
        _registry = registry_;
    }

    // ---------------------------------------------------------------- signals

    /// @inheritdoc ISupplySignals
    function signalCapacity(CapacityFigures calldata figures, bytes16[] calldata recipients) external {
        bytes16 oem = _registry.requireOperator(msg.sender, _ROLE_OEM);
        CapacityFigures memory f = figures;
        if (!_isUuid(f.signalId)) revert MalformedUuid(f.signalId);
        if (f.site != bytes16(0) && !isValidBpns(f.site)) revert MalformedBpns(f.site);
        if (f.material == bytes32(0)) revert ZeroMaterial();
        if (!isValidWeek(f.week)) revert InvalidWeek(f.week);
        if (f.actualCapacity > f.maximumCapacity) revert InvalidCapacity(f.actualCapacity, f.maximumCapacity);
        _capacity[oem][f.site][f.material] = CapacityRecord({
            signalId: f.signalId,
            week: f.week,
            actualCapacity: f.actualCapacity,
            maximumCapacity: f.maximumCapacity,
            demand: f.demand
        });

        uint256 n = recipients.length;
        if (n == 0) revert NoRecipients();
        bytes16 previous = bytes16(0);
        for (uint256 i = 0; i < n; ++i) {
            bytes16 recipient = recipients[i];
            _checkRecipient(i, recipient, previous);
            _emitCapacity(oem, recipient, f);
            previous = recipient;
        }
    }

    /// @inheritdoc ISupplySignals
    function signalDisruption(DisruptionNotice calldata notice, bytes16[] calldata recipients) external {
        bytes16 oem = _registry.requireOperator(msg.sender, _ROLE_OEM);
        DisruptionRecord memory record = DisruptionRecord({
            notificationId: notice.notificationId,
            cause: notice.cause,
            effect: notice.effect,
            status: notice.status,
            start: notice.start,
            expectedEnd: notice.expectedEnd
        });
        if (!_isUuid(record.notificationId)) revert MalformedUuid(record.notificationId);
        if (record.start == 0 || (record.expectedEnd != 0 && record.expectedEnd < record.start)) {
            revert InvalidPeriod(record.start, record.expectedEnd);
        }

        uint256 n = recipients.length;
        if (n == 0) revert NoRecipients();
        bytes16 previous = bytes16(0);
        for (uint256 i = 0; i < n; ++i) {
            bytes16 recipient = recipients[i];
            _checkRecipient(i, recipient, previous);
            _latestDisruption[oem][recipient] = record;
            _emitDisruption(oem, recipient, record, notice.contentHash);
            previous = recipient;
        }
    }

    /// @inheritdoc ISupplySignals
    function resolveDisruption(bytes16 notificationId, bytes32 contentHash) external {
        bytes16 oem = _registry.requireOperator(msg.sender, _ROLE_OEM);
        if (!_isUuid(notificationId)) revert MalformedUuid(notificationId);
        mapping(bytes16 => uint40) storage resolved = _resolvedAt[oem];
        if (resolved[notificationId] != 0) revert AlreadyResolved(oem, notificationId);
        resolved[notificationId] = uint40(block.timestamp);
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
        return _capacity[oem][site][material];
    }

    /// @inheritdoc ISupplySignals
    function occupancyBp(bytes16 oem, bytes16 site, bytes32 material) external view returns (uint256) {
        CapacityRecord storage r = _capacity[oem][site][material];
        uint256 demand = r.demand;
        if (demand == 0) return 0;
        uint256 actual = r.actualCapacity;
        if (actual == 0) return type(uint256).max;
        return (demand * 10_000) / actual;
    }

    /// @inheritdoc ISupplySignals
    function latestDisruption(bytes16 oem, bytes16 recipient)
        external
        view
        returns (DisruptionRecord memory record, DisruptionStatus status)
    {
        record = _latestDisruption[oem][recipient];
        status = record.status;
        // resolvedAt is a time only for readers; here it is a "resolved at all" flag
        // slither-disable-next-line timestamp
        if (status == DisruptionStatus.OPEN && _resolvedAt[oem][record.notificationId] != 0) {
            status = DisruptionStatus.RESOLVED;
        }
    }

    /// @inheritdoc ISupplySignals
    function resolvedAt(bytes16 oem, bytes16 notificationId) external view returns (uint40) {
        return _resolvedAt[oem][notificationId];
    }

    /// @inheritdoc ISupplySignals
    function isValidBpns(bytes16 site) public pure returns (bool) {
        if (bytes4(site) != "BPNS") return false;
        // The 12 trailing characters checked at once (SWAR, as ConsortiumRegistry does for
        // BPNLs): for a byte c < 0x80, c + (0x80 - k) has its high bit set exactly when
        // c >= k, with no carry into the next byte.
        uint96 x = uint96(uint128(site));
        uint96 high = 0x808080808080808080808080;
        if (x & high != 0) return false;
        unchecked {
            uint96 digit = (x + 0x505050505050505050505050) & ~(x + 0x464646464646464646464646) & high;
            uint96 upper = (x + 0x3f3f3f3f3f3f3f3f3f3f3f3f) & ~(x + 0x252525252525252525252525) & high;
            uint96 lower = (x + 0x1f1f1f1f1f1f1f1f1f1f1f1f) & ~(x + 0x050505050505050505050505) & high;
            return digit | upper | lower == high;
        }
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

    /// @dev (year + year/4 - year/100 + year/400) mod 7: the weekday of 31 December.
    function _isoWeekday(uint256 year) private pure returns (uint256) {
        return (year + year / 4 - year / 100 + year / 400) % 7;
    }

    /// @dev Recipient `i` must be an active SUPPLIER org above the one before it.
    function _checkRecipient(uint256 i, bytes16 recipient, bytes16 previous) private view {
        if (recipient <= previous) revert UnsortedRecipients(i, recipient);
        // slither-disable-next-line calls-loop
        _registry.requireActive(recipient, _ROLE_SUPPLIER);
    }

    function _emitCapacity(bytes16 oem, bytes16 recipient, CapacityFigures memory f) private {
        emit CapacitySignalled(
            oem,
            recipient,
            f.signalId,
            f.site,
            f.material,
            f.week,
            f.actualCapacity,
            f.maximumCapacity,
            f.demand,
            f.contentHash
        );
    }

    function _emitDisruption(bytes16 oem, bytes16 recipient, DisruptionRecord memory r, bytes32 contentHash) private {
        emit DisruptionSignalled(
            oem,
            recipient,
            r.notificationId,
            r.cause,
            r.effect,
            r.status,
            r.start,
            r.expectedEnd,
            contentHash
        );
    }

    /// @dev RFC 4122: variant bits 10 (byte 8) and a version 1 to 8 (high nibble of byte 6).
    function _isUuid(bytes16 id) private pure returns (bool) {
        uint8 version = uint8(id[6]) >> 4;
        return uint8(id[8]) >> 6 == 2 && version != 0 && version <= 8;
    }
}
