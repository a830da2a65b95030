// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {LowLevelCall} from "@openzeppelin/contracts/utils/LowLevelCall.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";
import {IIPRegistry} from "./interfaces/IIPRegistry.sol";

/// @title IPRegistry
/// @notice Salted-commitment registry of member organisations' innovations with
/// revisions, transfers between active members and an ownership history that answers
/// "who owned this at time t". The commitment names the organisation and the asset id is
/// derived from the registering organisation, so a copied transaction gives the copier an
/// asset of its own that proves nothing. Who may act is decided by the ConsortiumRegistry.
/// @dev Storage written per operation (fresh slots cost 22,100 gas each on paris):
/// - register: one fresh slot, the packed record (registrant, time, kind, version 1,
///   version count 1, transfer count 0). The metadata hash and the commitment live in the
///   event only: `verify` recomputes the id from the org, the salt and the content hash.
/// - revise: three fresh slots (the new version's record, its link to the lineage root,
///   the root's version index entry) and one rewrite of the root's record (the count).
/// - transfer: one fresh checkpoint slot and one rewrite of the root's record (the
///   transfer count), which the owner check has read already; a second transfer in the
///   same block time rewrites the last checkpoint instead (it keeps the last receiver).
///   Keeping the count in the record, not in an array's length slot, spares the first
///   transfer of a lineage a fresh slot and every ownership read a cold one.
/// Ownership belongs to a lineage, not to a single version: a transfer of any version
/// moves every version, and all versions share the root's checkpoints. A version's
/// `ownerAt` is zero before the version's own registration time.
contract IPRegistry is IIPRegistry {
    /// @dev The packed record of one version: one storage slot (16+6+1+3+3+3 = 32 bytes).
    struct Record {
        bytes16 registrant; // the org that registered this version (owner at that time)
        uint48 registeredAt; // block time of the registration; zero = unknown asset
        Kind kind;
        uint24 version; // 1-based position in the lineage
        uint24 versionCount; // on the root only: number of versions in the lineage
        uint24 transferCount; // on the root only: number of transfer checkpoints
    }

    /// @dev The owner of a lineage from block time `at` on (one slot: 6+16 bytes).
    struct Checkpoint {
        uint48 at;
        bytes16 to;
    }

    uint8 private constant _KIND_COUNT = uint8(type(Kind).max) + 1;
    // Sentinel index: the registration is not part of a batch, revert with the plain error.
    uint256 private constant _SINGLE = type(uint256).max;

    IConsortiumRegistry private immutable _registry;

    mapping(bytes32 asset => Record) private _records;
    // Lineage root of every version from the second on (the root is its own root).
    mapping(bytes32 asset => bytes32 root) private _roots;
    // Versions 2.. of each lineage by number (version 1 is the root itself).
    mapping(bytes32 root => mapping(uint256 version => bytes32 asset)) private _versions;
    // Owners after each transfer of a lineage, oldest first, at strictly increasing times;
    // their number is the root record's transferCount.
    mapping(bytes32 root => mapping(uint256 index => Checkpoint)) private _transfers;

    /// @param registry_ the ConsortiumRegistry deciding who may act
    constructor(address registry_) {
        if (registry_.code.length == 0) revert InvalidRegistry(registry_);
        _registry = IConsortiumRegistry(registry_);
    }

    // ---------------------------------------------------------------- registration

    /// @inheritdoc IIPRegistry
    function register(bytes32 commitment, bytes32 metadataHash, uint8 kind) external returns (bytes32 asset) {
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        asset = _register(org, commitment, metadataHash, kind, _SINGLE);
    }

    /// @inheritdoc IIPRegistry
    function registerBatch(Registration[] calldata entries) external returns (bytes32[] memory assets) {
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        uint256 n = entries.length;
        assets = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) {
            Registration calldata e = entries[i];
            assets[i] = _register(org, e.commitment, e.metadataHash, e.kind, i);
        }
    }

    /// @inheritdoc IIPRegistry
    function revise(
        bytes32 predecessor,
        bytes32 commitment,
        bytes32 metadataHash
    ) external returns (bytes32 asset) {
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        (bytes32 root, Record storage rootRecord, uint24 version) = _nextVersion(predecessor, org);
        asset = _requireNew(org, commitment, _SINGLE);

        Kind kind = rootRecord.kind;
        rootRecord.versionCount = version;
        _records[asset] = Record({
            registrant: org,
            registeredAt: Time.timestamp(),
            kind: kind,
            version: version,
            versionCount: 0,
            transferCount: 0
        });
        _roots[asset] = root;
        _versions[root][version] = asset;
        emit AssetRevised(asset, predecessor, org, root, version, kind, metadataHash, commitment);
    }

    // ---------------------------------------------------------------- transfer

    /// @inheritdoc IIPRegistry
    function transfer(bytes32 asset, bytes16 to, bytes32 documentHash) external {
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        Record storage record = _existing(asset);
        (bytes32 root, Record storage rootRecord) = _lineage(asset, record);
        uint256 count = rootRecord.transferCount;
        mapping(uint256 => Checkpoint) storage transfers = _transfers[root];
        Checkpoint memory last = count == 0 ? Checkpoint(0, rootRecord.registrant) : transfers[count - 1];
        if (last.to != org) revert NotAssetOwner(asset, last.to, org);
        if (to == org) revert SelfTransfer(asset, org);
        // isActive is the cheap check; only when it fails, requireActive reverts with the
        // registry's OrgNotActive(to, status), which says why (unknown, suspended, offboarded)
        if (!_registry.isActive(to)) _registry.requireActive(to, 0);

        uint48 time = Time.timestamp();
        // One checkpoint per block time: a later transfer in the same block time keeps
        // the last receiver. Block times never decrease, so the times stay sorted. (The
        // equality with the block time groups transfers; it decides nothing a miner gains.)
        // slither-disable-next-line timestamp,incorrect-equality
        if (count != 0 && last.at == time) {
            transfers[count - 1].to = to;
        } else {
            transfers[count] = Checkpoint(time, to);
            rootRecord.transferCount = SafeCast.toUint24(count + 1);
        }
        emit AssetTransferred(root, org, to, documentHash);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IIPRegistry
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IIPRegistry
    function exists(bytes32 asset) external view returns (bool) {
        // registeredAt != 0 means "registered"; no time is compared
        // slither-disable-next-line timestamp
        return _records[asset].registeredAt != 0;
    }

    /// @inheritdoc IIPRegistry
    function ownerOf(bytes32 asset) external view returns (bytes16) {
        Record storage record = _records[asset];
        if (record.registeredAt == 0) return bytes16(0);
        (bytes32 root, Record storage rootRecord) = _lineage(asset, record);
        return _currentOwner(root, rootRecord);
    }

    /// @inheritdoc IIPRegistry
    function ownerAt(bytes32 asset, uint256 timestamp) external view returns (bytes16) {
        Record storage record = _records[asset];
        uint48 registeredAt = record.registeredAt;
        if (registeredAt == 0 || timestamp < registeredAt) return bytes16(0);
        (bytes32 root, Record storage rootRecord) = _lineage(asset, record);
        return _ownerAt(root, rootRecord, timestamp);
    }

    /// @inheritdoc IIPRegistry
    function getAsset(bytes32 asset) external view returns (Asset memory info) {
        Record storage record = _records[asset];
        if (record.registeredAt == 0) return info;
        (bytes32 root, Record storage rootRecord) = _lineage(asset, record);
        info.registrant = record.registrant;
        info.registeredAt = record.registeredAt;
        info.kind = record.kind;
        info.version = uint32(record.version);
        info.root = root;
        info.predecessor = record.version == 1 ? bytes32(0) : _versionOf(root, record.version - 1);
        info.owner = _currentOwner(root, rootRecord);
    }

    /// @inheritdoc IIPRegistry
    function rootOf(bytes32 asset) external view returns (bytes32 root) {
        Record storage record = _records[asset];
        if (record.registeredAt != 0) (root, ) = _lineage(asset, record);
    }

    /// @inheritdoc IIPRegistry
    function predecessorOf(bytes32 asset) external view returns (bytes32) {
        Record storage record = _records[asset];
        uint32 version = record.version;
        if (version < 2) return bytes32(0);
        (bytes32 root, ) = _lineage(asset, record);
        return _versionOf(root, version - 1);
    }

    /// @inheritdoc IIPRegistry
    function latestVersion(bytes32 asset) external view returns (bytes32) {
        Record storage record = _records[asset];
        if (record.registeredAt == 0) return bytes32(0);
        (bytes32 root, Record storage rootRecord) = _lineage(asset, record);
        return _versionOf(root, rootRecord.versionCount);
    }

    /// @inheritdoc IIPRegistry
    function versionCount(bytes32 asset) external view returns (uint256) {
        Record storage record = _records[asset];
        if (record.registeredAt == 0) return 0;
        (, Record storage rootRecord) = _lineage(asset, record);
        return rootRecord.versionCount;
    }

    /// @inheritdoc IIPRegistry
    function versionAt(bytes32 asset, uint256 version) external view returns (bytes32) {
        Record storage record = _existing(asset);
        (bytes32 root, Record storage rootRecord) = _lineage(asset, record);
        uint256 count = rootRecord.versionCount;
        if (version == 0 || version > count) revert IndexOutOfRange(asset, version, count);
        return _versionOf(root, version);
    }

    /// @inheritdoc IIPRegistry
    function transferCount(bytes32 asset) external view returns (uint256) {
        Record storage record = _records[asset];
        if (record.registeredAt == 0) return 0;
        (, Record storage rootRecord) = _lineage(asset, record);
        return rootRecord.transferCount;
    }

    /// @inheritdoc IIPRegistry
    function transferAt(bytes32 asset, uint256 index) external view returns (uint48 timestamp, bytes16 to) {
        Record storage record = _existing(asset);
        (bytes32 root, Record storage rootRecord) = _lineage(asset, record);
        uint256 length = rootRecord.transferCount;
        if (index >= length) revert IndexOutOfRange(asset, index, length);
        Checkpoint storage checkpoint = _transfers[root][index];
        return (checkpoint.at, checkpoint.to);
    }

    /// @inheritdoc IIPRegistry
    function verify(bytes32 asset, bytes16 org, bytes32 salt, bytes32 contentHash) external view returns (bool) {
        Record storage record = _records[asset];
        // registeredAt != 0 means "registered"; no time is compared
        // slither-disable-next-line timestamp
        return
            record.registeredAt != 0 &&
            record.registrant == org &&
            assetIdOf(org, commitmentOf(org, salt, contentHash)) == asset;
    }

    /// @inheritdoc IIPRegistry
    function commitmentOf(bytes16 org, bytes32 salt, bytes32 contentHash) public pure returns (bytes32) {
        return keccak256(abi.encode(org, salt, contentHash));
    }

    /// @inheritdoc IIPRegistry
    function assetIdOf(bytes16 org, bytes32 commitment) public pure returns (bytes32) {
        return keccak256(abi.encode(org, commitment));
    }

    // ---------------------------------------------------------------- internals

    function _register(
        bytes16 org,
        bytes32 commitment,
        bytes32 metadataHash,
        uint8 kind,
        uint256 index
    ) private returns (bytes32 asset) {
        if (kind >= _KIND_COUNT) _reject(index, abi.encodeWithSelector(InvalidKind.selector, kind));
        asset = _requireNew(org, commitment, index);
        _records[asset] = Record({
            registrant: org,
            registeredAt: Time.timestamp(),
            kind: Kind(kind),
            version: 1,
            versionCount: 1,
            transferCount: 0
        });
        emit AssetRegistered(asset, org, Kind(kind), metadataHash, commitment);
    }

    /// @dev The id `org` registers `commitment` under; reverts unless it is new.
    function _requireNew(bytes16 org, bytes32 commitment, uint256 index) private view returns (bytes32 asset) {
        if (commitment == bytes32(0)) _reject(index, abi.encodeWithSelector(ZeroCommitment.selector));
        asset = assetIdOf(org, commitment);
        // only `org` itself can have registered this id: it is derived from `org`
        if (_records[asset].registrant != bytes16(0)) {
            _reject(index, abi.encodeWithSelector(AssetAlreadyRegistered.selector, asset, org));
        }
    }

    /// @dev The lineage of `predecessor` and the number of the version revising it;
    /// reverts unless `org` owns the lineage and `predecessor` is its latest version.
    function _nextVersion(
        bytes32 predecessor,
        bytes16 org
    ) private view returns (bytes32 root, Record storage rootRecord, uint24 version) {
        Record storage prev = _existing(predecessor);
        (root, rootRecord) = _lineage(predecessor, prev);
        bytes16 owner = _currentOwner(root, rootRecord);
        if (owner != org) revert NotAssetOwner(predecessor, owner, org);
        uint256 count = rootRecord.versionCount;
        if (prev.version != count) revert NotLatestVersion(predecessor, _versionOf(root, count));
        version = SafeCast.toUint24(count + 1);
    }

    function _existing(bytes32 asset) private view returns (Record storage record) {
        record = _records[asset];
        if (record.registeredAt == 0) revert UnknownAsset(asset);
    }

    /// @dev The root id and root record of the lineage of a known `asset`.
    function _lineage(
        bytes32 asset,
        Record storage record
    ) private view returns (bytes32 root, Record storage rootRecord) {
        if (record.version == 1) return (asset, record);
        root = _roots[asset];
        rootRecord = _records[root];
    }

    /// @dev Version `version` (1-based, within range) of the lineage rooted at `root`.
    function _versionOf(bytes32 root, uint256 version) private view returns (bytes32) {
        return version == 1 ? root : _versions[root][version];
    }

    /// @dev The latest checkpoint's org, or the registrant while there is none.
    function _currentOwner(bytes32 root, Record storage rootRecord) private view returns (bytes16) {
        uint256 count = rootRecord.transferCount;
        return count == 0 ? rootRecord.registrant : _transfers[root][count - 1].to;
    }

    /// @dev The owner of the lineage `root` at the end of block time `timestamp` (not
    /// before its registration): the receiver of the last transfer at or before it, or
    /// the registrant when there is none. The latest transfer is tried first (the usual
    /// question is about the present), then a binary search of the earlier ones.
    function _ownerAt(bytes32 root, Record storage rootRecord, uint256 timestamp) private view returns (bytes16) {
        uint256 count = rootRecord.transferCount;
        if (count == 0) return rootRecord.registrant;
        mapping(uint256 => Checkpoint) storage transfers = _transfers[root];
        Checkpoint storage last = transfers[count - 1];
        if (last.at <= timestamp) return last.to;
        // the first of transfers[0 .. count - 1) after `timestamp`, or count - 1 (the last)
        uint256 low = 0;
        uint256 high = count - 1;
        while (low < high) {
            uint256 mid = (low + high) >> 1; // no overflow: both below 2^24
            if (transfers[mid].at > timestamp) high = mid;
            else low = mid + 1;
        }
        return high == 0 ? rootRecord.registrant : transfers[high - 1].to;
    }

    /// @dev A single registration reverts with the entry's own error; a batch wraps it
    /// with the entry's index so the importer knows which row to fix.
    function _reject(uint256 index, bytes memory reason) private pure {
        if (index == _SINGLE) LowLevelCall.bubbleRevert(reason); // the encoded error, unchanged
        revert BatchEntryRejected(index, reason);
    }
}
