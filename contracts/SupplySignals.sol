// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IConsortiumRegistry} from "../interfaces/IConsortiumRegistry.sol";
import {ISupplySignals} from "../interfaces/ISupplySignals.sol";

/// @title SupplySignals
/// @notice OEM capacity and disruption signals to suppliers (see ISupplySignals).
/// @dev A separate contract from SupplyOrders: signals have their own life (Catena-X
/// import, several recipients, no order behind them), SupplyOrders only reads
/// `signalExists` to check an amendment's citation, and keeping them apart keeps both well
/// under the 24 KB code size limit and lets signals evolve without redeploying orders.
/// Gas: a signal writes no fresh slot once its keys have been used: the OEM's counter slot,
/// the (oem, site, material) capacity slot or the (oem, recipient) disruption slot are
/// overwritten (5,000 gas each). The first signal on a new key pays 17,100 more per new
/// slot; there is no per-signal storage, the full figures live in events.
contract SupplySignals is ISupplySignals {
    using BitMaps for BitMaps.BitMap;

    uint8 private constant _ROLE_OEM = 1;
    uint8 private constant _ROLE_SUPPLIER = 2;

    IConsortiumRegistry private immutable _registry;

    mapping(bytes16 oem => SignalCounts) private _counts;
    mapping(bytes16 oem => mapping(bytes16 site => mapping(bytes32 material => CapacityRecord))) private _capacity;
    mapping(bytes16 oem => mapping(bytes16 recipient => DisruptionRecord)) private _latestDisruption;
    mapping(bytes16 oem => BitMaps.BitMap) private _resolved;

    /// @param registry_ the consortium registry
    constructor(IConsortiumRegistry registry_) {
        _registry = registry_;
    }

    // ---------------------------------------------------------------- signals

    /// @inheritdoc ISupplySignals
    function signalCapacity(CapacityFigures calldata figures, bytes16[] calldata recipients)
        external
        returns (uint64 signalId)
    {
        bytes16 oem = _registry.requireOperator(msg.sender, _ROLE_OEM);
        bytes16 site = figures.site;
        if (!isValidBpns(site)) revert MalformedBpns(site);
        if (figures.material == bytes32(0)) revert ZeroMaterial();
        uint24 week = figures.week;
        if (!_isMonday(week)) revert NotAMonday(week);
        if (figures.actualCapacity > figures.maximumCapacity) {
            revert InvalidCapacity(figures.actualCapacity, figures.maximumCapacity);
        }
        _checkRecipients(recipients);

        signalId = ++_counts[oem].capacitySignals;
        _capacity[oem][site][figures.material] = CapacityRecord({
            signalId: signalId,
            week: week,
            actualCapacity: figures.actualCapacity,
            maximumCapacity: figures.maximumCapacity,
            demand: figures.demand,
            postedAt: uint40(block.timestamp)
        });
        uint256 n = recipients.length;
        for (uint256 i = 0; i < n; ++i) {
            _emitCapacity(oem, recipients[i], signalId, figures);
        }
    }

    /// @inheritdoc ISupplySignals
    function signalDisruption(DisruptionNotice calldata notice, bytes16[] calldata recipients)
        external
        returns (uint64 signalId)
    {
        bytes16 oem = _registry.requireOperator(msg.sender, _ROLE_OEM);
        if (!_isUuidV4(notice.notificationId)) revert MalformedUuid(notice.notificationId);
        DisruptionStatus status = notice.status;
        if (status == DisruptionStatus.NONE) revert InvalidStatus(status);
        uint40 start = notice.start;
        uint40 expectedEnd = notice.expectedEnd;
        if (start == 0 || (expectedEnd != 0 && expectedEnd < start)) revert InvalidPeriod(start, expectedEnd);
        _checkRecipients(recipients);

        signalId = ++_counts[oem].disruptions;
        if (status == DisruptionStatus.RESOLVED) _resolved[oem].set(signalId);
        DisruptionRecord memory record = DisruptionRecord({
            signalId: signalId,
            cause: notice.cause,
            effect: notice.effect,
            start: start,
            expectedEnd: expectedEnd
        });
        uint256 n = recipients.length;
        for (uint256 i = 0; i < n; ++i) {
            bytes16 recipient = recipients[i];
            _latestDisruption[oem][recipient] = record;
            _emitDisruption(oem, recipient, signalId, notice);
        }
    }

    /// @inheritdoc ISupplySignals
    function resolveDisruption(uint64 signalId, bytes16 notificationId, bytes32 contentHash) external {
        bytes16 oem = _registry.requireOperator(msg.sender, _ROLE_OEM);
        if (signalId == 0 || signalId > _counts[oem].disruptions) revert UnknownDisruption(oem, signalId);
        if (notificationId != bytes16(0) && !_isUuidV4(notificationId)) revert MalformedUuid(notificationId);
        BitMaps.BitMap storage resolved = _resolved[oem];
        if (resolved.get(signalId)) revert AlreadyResolved(oem, signalId);
        resolved.set(signalId);
        emit DisruptionResolved(oem, signalId, notificationId, contentHash);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ISupplySignals
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc ISupplySignals
    function signalCounts(bytes16 oem) external view returns (SignalCounts memory) {
        return _counts[oem];
    }

    /// @inheritdoc ISupplySignals
    function signalExists(bytes16 oem, SignalKind kind, uint64 signalId) external view returns (bool) {
        if (signalId == 0) return false;
        SignalCounts storage c = _counts[oem];
        if (kind == SignalKind.CAPACITY) return signalId <= c.capacitySignals;
        if (kind == SignalKind.DISRUPTION) return signalId <= c.disruptions;
        return false;
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
        status = _status(oem, record.signalId);
    }

    /// @inheritdoc ISupplySignals
    function disruptionStatus(bytes16 oem, uint64 signalId) external view returns (DisruptionStatus) {
        if (signalId > _counts[oem].disruptions) return DisruptionStatus.NONE;
        return _status(oem, signalId);
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

    // ---------------------------------------------------------------- internals

    /// @dev Recipients are active SUPPLIER orgs in strictly ascending order.
    function _checkRecipients(bytes16[] calldata recipients) private view {
        uint256 n = recipients.length;
        if (n == 0) revert NoRecipients();
        bytes16 previous = bytes16(0);
        for (uint256 i = 0; i < n; ++i) {
            bytes16 recipient = recipients[i];
            if (recipient <= previous) revert UnsortedRecipients(i, recipient);
            // slither-disable-next-line calls-loop
            _registry.requireActive(recipient, _ROLE_SUPPLIER);
            previous = recipient;
        }
    }

    function _emitCapacity(bytes16 oem, bytes16 recipient, uint64 signalId, CapacityFigures calldata f) private {
        emit CapacitySignalled(
            oem,
            recipient,
            signalId,
            f.site,
            f.material,
            f.week,
            f.actualCapacity,
            f.maximumCapacity,
            f.demand,
            f.contentHash
        );
    }

    function _emitDisruption(bytes16 oem, bytes16 recipient, uint64 signalId, DisruptionNotice calldata d) private {
        emit DisruptionSignalled(
            oem,
            recipient,
            signalId,
            d.notificationId,
            d.cause,
            d.effect,
            d.status,
            d.start,
            d.expectedEnd,
            d.contentHash
        );
    }

    function _status(bytes16 oem, uint64 signalId) private view returns (DisruptionStatus) {
        if (signalId == 0) return DisruptionStatus.NONE;
        return _resolved[oem].get(signalId) ? DisruptionStatus.RESOLVED : DisruptionStatus.OPEN;
    }

    /// @dev Day 0 (1970-01-01) was a Thursday, so Mondays are the days d with d % 7 == 4.
    function _isMonday(uint24 day) private pure returns (bool) {
        return day % 7 == 4;
    }

    /// @dev RFC 4122: version nibble 4 (byte 6), variant bits 10 (byte 8).
    function _isUuidV4(bytes16 id) private pure returns (bool) {
        return uint8(id[6]) >> 4 == 4 && uint8(id[8]) >> 6 == 2;
    }
}
