// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";
import {IIPRegistry} from "./interfaces/IIPRegistry.sol";

/// @title IPRegistry
/// @notice Salted-commitment registry of member organisations' innovations with
/// revisions, transfers between active members and an ownership history that answers
/// "who owned this at time t". Who may act is decided by the ConsortiumRegistry.
/// @dev Storage written per operation (fresh slots cost 22,100 gas each on paris):
/// - register: one fresh slot, the packed record (registrant, time, kind,
///   version 1, version count 1). The metadata hash lives in the event only, and no
///   checkpoint is pushed: until the first transfer the owner is the registrant.
/// - revise: three fresh slots (the new version's record, its link to the lineage root,
///   the root's version index entry) and one rewrite of the root's record (the count).
/// - transfer: one fresh checkpoint slot, plus the checkpoint array's length slot
///   (fresh on the lineage's first transfer, rewritten on later ones). The root record
///   is not written: an empty checkpoint array means "never transferred, the registrant
///   owns it", so registration needs no checkpoint and transfer no flag.
/// Ownership belongs to a lineage, not to a single version: a transfer of any version
/// moves every version, and all versions share the root's checkpoints. A version's
/// `ownerAt` is zero before the version's own registration time.
contract IPRegistry is IIPRegistry {
    using Checkpoints for Checkpoints.Trace208;

    /// @dev The packed record of one version: one storage slot (16+6+1+4+4 = 31 bytes).
    struct Record {
        bytes16 registrant; // the org that registered this version (owner at that time)
        uint48 registeredAt; // block time of the registration; zero = unknown asset
        Kind kind;
        uint32 version; // 1-based position in the lineage
        uint32 versionCount; // on the root only: number of versions in the lineage
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
    // Owners after each transfer of a lineage: key block time, value the org as uint128.
    mapping(bytes32 root => Checkpoints.Trace208) private _owners;

    /// @param registry_ the ConsortiumRegistry deciding who may act
    constructor(address registry_) {
        if (registry_.code.length == 0) revert InvalidRegistry(registry_);
        _registry = IConsortiumRegistry(registry_);
    }

    // ---------------------------------------------------------------- registration

    /// @inheritdoc IIPRegistry
    function register(bytes32 commitment, bytes32 metadataHash, uint8 kind) external {
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        _register(org, commitment, metadataHash, kind, _SINGLE);
    }

    /// @inheritdoc IIPRegistry
    function registerBatch(Registration[] calldata entries) external {
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        uint256 n = entries.length;
        for (uint256 i = 0; i < n; ++i) {
            Registration calldata e = entries[i];
            _register(org, e.commitment, e.metadataHash, e.kind, i);
        }
    }

    /// @inheritdoc IIPRegistry
    function revise(bytes32 predecessor, bytes32 commitment, bytes32 metadataHash) external {
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        Record storage prev = _existing(predecessor);
        (bytes32 root, Record storage rootRecord) = _lineage(predecessor, prev);
        bytes16 owner = _currentOwner(root, rootRecord);
        if (owner != org) revert NotAssetOwner(predecessor, owner, org);
        uint32 count = rootRecord.versionCount;
        if (prev.version != count) revert NotLatestVersion(predecessor, _versionOf(root, count));
        _requireNew(commitment, _SINGLE);

        uint32 version = count + 1;
        Kind kind = rootRecord.kind;
        _records[root].versionCount = version;
        _records[commitment] = Record({
            registrant: org,
            registeredAt: uint48(block.timestamp),
            kind: kind,
            version: version,
            versionCount: 0
        });
        _roots[commitment] = root;
        _versions[root][version] = commitment;
        emit AssetRevised(commitment, predecessor, org, root, version, kind, metadataHash);
    }

    // ---------------------------------------------------------------- transfer

    /// @inheritdoc IIPRegistry
    function transfer(bytes32 asset, bytes16 to, bytes32 documentHash) external {
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        Record storage record = _existing(asset);
        (bytes32 root, Record storage rootRecord) = _lineage(asset, record);
        bytes16 owner = _currentOwner(root, rootRecord);
        if (owner != org) revert NotAssetOwner(asset, owner, org);
        if (to == org) revert SelfTransfer(asset, org);
        // isActive is the cheap check; only when it fails, requireActive reverts with the
        // registry's OrgNotActive(to, status), which says why (unknown, suspended, offboarded)
        if (!_registry.isActive(to)) _registry.requireActive(to, 0);

        // push returns the previous and new latest values; the history is what we keep
        // slither-disable-next-line unused-return
        _owners[root].push(uint48(block.timestamp), uint208(uint128(to)));
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
        uint48 key = timestamp > type(uint48).max ? type(uint48).max : uint48(timestamp);
        uint208 owner = _owners[root].upperLookupRecent(key);
        // no checkpoint at or before `key` (or none at all): not transferred yet by then
        return owner == 0 ? rootRecord.registrant : bytes16(uint128(owner));
    }

    /// @inheritdoc IIPRegistry
    function getAsset(bytes32 asset) external view returns (Asset memory info) {
        Record storage record = _records[asset];
        if (record.registeredAt == 0) return info;
        (bytes32 root, Record storage rootRecord) = _lineage(asset, record);
        info.registrant = record.registrant;
        info.registeredAt = record.registeredAt;
        info.kind = record.kind;
        info.version = record.version;
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
        (bytes32 root, ) = _lineage(asset, record);
        return _owners[root].length();
    }

    /// @inheritdoc IIPRegistry
    function transferAt(bytes32 asset, uint256 index) external view returns (uint48 timestamp, bytes16 to) {
        Record storage record = _existing(asset);
        (bytes32 root, ) = _lineage(asset, record);
        Checkpoints.Trace208 storage owners = _owners[root];
        uint256 length = owners.length();
        if (index >= length) revert IndexOutOfRange(asset, index, length);
        Checkpoints.Checkpoint208 memory checkpoint = owners.pos(uint32(index));
        return (checkpoint._key, bytes16(uint128(checkpoint._value)));
    }

    /// @inheritdoc IIPRegistry
    function verify(bytes32 asset, bytes32 salt, bytes32 contentHash) external view returns (bool) {
        // registeredAt != 0 means "registered"; no time is compared
        // slither-disable-next-line timestamp
        return _records[asset].registeredAt != 0 && commitmentOf(salt, contentHash) == asset;
    }

    /// @inheritdoc IIPRegistry
    function commitmentOf(bytes32 salt, bytes32 contentHash) public pure returns (bytes32) {
        return keccak256(abi.encodePacked(salt, contentHash));
    }

    // ---------------------------------------------------------------- internals

    function _register(bytes16 org, bytes32 commitment, bytes32 metadataHash, uint8 kind, uint256 index) private {
        if (kind >= _KIND_COUNT) _reject(index, abi.encodeWithSelector(InvalidKind.selector, kind));
        _requireNew(commitment, index);
        _records[commitment] = Record({
            registrant: org,
            registeredAt: uint48(block.timestamp),
            kind: Kind(kind),
            version: 1,
            versionCount: 1
        });
        emit AssetRegistered(commitment, org, Kind(kind), metadataHash);
    }

    function _requireNew(bytes32 commitment, uint256 index) private view {
        if (commitment == bytes32(0)) _reject(index, abi.encodeWithSelector(ZeroCommitment.selector));
        bytes16 first = _records[commitment].registrant;
        if (first != bytes16(0)) {
            _reject(index, abi.encodeWithSelector(AssetAlreadyRegistered.selector, commitment, first));
        }
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
        uint208 owner = _owners[root].latest();
        return owner == 0 ? rootRecord.registrant : bytes16(uint128(owner));
    }

    /// @dev A single registration reverts with the entry's own error; a batch wraps it
    /// with the entry's index so the importer knows which row to fix.
    function _reject(uint256 index, bytes memory reason) private pure {
        if (index == _SINGLE) {
            // Re-throw the already encoded custom error unchanged (no Solidity statement does)
            // slither-disable-next-line assembly
            assembly ("memory-safe") {
                revert(add(reason, 0x20), mload(reason))
            }
        }
        revert BatchEntryRejected(index, reason);
    }
}
