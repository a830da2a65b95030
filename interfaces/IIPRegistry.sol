// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Intellectual-property registry: provable priority, revisions and ownership history
/// @notice Member organisations register innovations by a salted commitment of their
/// document that names the organisation: `commitmentOf(org, salt, contentHash) =
/// keccak256(abi.encode(org, salt, contentHash))`, computed off chain by the owner. The
/// asset id is derived on chain from the registering organisation, `assetIdOf(org,
/// commitment) = keccak256(abi.encode(org, commitment))`, so a transaction another member
/// copies from the mempool lands under the copier's id: it neither takes the victim's id
/// (nor blocks it) nor opens the victim's document, since `verify` answers for one
/// organisation and the commitment names the victim. The document and the salt stay off
/// chain; the block time of the registration is the priority. Versions of an asset form a
/// lineage (version 1 is its root); the whole lineage belongs to one organisation and
/// moves with a transfer. Ownership history is checkpointed per lineage so `ownerAt`
/// answers for any past moment.
interface IIPRegistry {
    /// @notice What an asset is. The numeric values are part of the ABI.
    enum Kind {
        DESIGN,
        PROCESS,
        SOFTWARE,
        DATASET,
        OTHER
    }

    /// @notice One entry of a batch registration: the commitment (`commitmentOf` with the
    /// registering org), the metadata hash and the kind as its `Kind` number (checked).
    struct Registration {
        bytes32 commitment;
        bytes32 metadataHash;
        uint8 kind;
    }

    /// @notice An asset (one version) as the views report it. All fields are zero for an
    /// unknown asset (`registeredAt == 0`).
    /// @param registrant the organisation that registered this version (its owner then)
    /// @param registeredAt block time of the registration: the priority of the commitment
    /// @param kind the asset's kind (a revision has the kind of its lineage)
    /// @param version position in the lineage, 1 for the first version
    /// @param root the first version of the lineage (the asset itself for version 1)
    /// @param predecessor the version this one revises, zero for version 1
    /// @param owner the lineage's current owner
    struct Asset {
        bytes16 registrant;
        uint48 registeredAt;
        Kind kind;
        uint32 version;
        bytes32 root;
        bytes32 predecessor;
        bytes16 owner;
    }

    /// @notice `owner` registered the new asset `asset` (the first version of a lineage),
    /// `assetIdOf(owner, commitment)`.
    event AssetRegistered(
        bytes32 indexed asset,
        bytes16 indexed owner,
        Kind kind,
        bytes32 metadataHash,
        bytes32 commitment
    );
    /// @notice `owner` registered `asset` (`assetIdOf(owner, commitment)`) as version
    /// `version` of the lineage `root`, revising `predecessor`. This is the registration
    /// event of every version after the first.
    event AssetRevised(
        bytes32 indexed asset,
        bytes32 indexed predecessor,
        bytes16 indexed owner,
        bytes32 root,
        uint32 version,
        Kind kind,
        bytes32 metadataHash,
        bytes32 commitment
    );
    /// @notice The lineage whose first version is `root` (all its versions) passed from
    /// `from` to `to`; `documentHash` is the assignment document's hash (zero if none).
    event AssetTransferred(bytes32 indexed root, bytes16 indexed from, bytes16 indexed to, bytes32 documentHash);

    /// @notice The registry address given to the constructor holds no contract.
    error InvalidRegistry(address registry);
    /// @notice The zero commitment cannot name an asset (zero means "none" in the views).
    error ZeroCommitment();
    /// @notice `kind` is not the number of a `Kind`.
    error InvalidKind(uint8 kind);
    /// @notice `asset` was registered before; `firstOwner` registered it and holds its
    /// priority. Asset ids are per organisation: only `firstOwner` itself can meet this,
    /// by registering the same commitment again.
    error AssetAlreadyRegistered(bytes32 asset, bytes16 firstOwner);
    /// @notice No asset with this id was ever registered.
    error UnknownAsset(bytes32 asset);
    /// @notice `caller` (an organisation) acted on `asset`, which belongs to `owner`.
    error NotAssetOwner(bytes32 asset, bytes16 owner, bytes16 caller);
    /// @notice `asset` is not the latest version of its lineage, which is `latest`:
    /// only the latest version can be revised, so the lineage stays a single chain.
    error NotLatestVersion(bytes32 asset, bytes32 latest);
    /// @notice The transfer of `asset` names its current owner `org` as receiver.
    error SelfTransfer(bytes32 asset, bytes16 org);
    /// @notice `index` is out of range: the list of `asset` has `length` entries.
    error IndexOutOfRange(bytes32 asset, uint256 index, uint256 length);
    /// @notice Entry `index` of a batch was rejected with the custom error `reason`.
    error BatchEntryRejected(uint256 index, bytes reason);

    /// @notice Register `commitment` (`commitmentOf(org, salt, contentHash)` with the
    /// caller's organisation `org`) as a new asset of `org` (any role, must be active),
    /// with the hash of its metadata (in the event only) and its kind (a `Kind` number).
    /// @dev A commitment made for another organisation registers, but its asset never
    /// verifies: `verify` recomputes the commitment with the registrant.
    /// @return asset the new asset's id, `assetIdOf(org, commitment)`
    function register(bytes32 commitment, bytes32 metadataHash, uint8 kind) external returns (bytes32 asset);
    /// @notice Register many assets of the caller's organisation at once (each entry as
    /// `register` would); the whole batch reverts with `BatchEntryRejected(index, reason)`
    /// on the first bad entry.
    /// @return assets the new asset ids, in the order of `entries`
    function registerBatch(Registration[] calldata entries) external returns (bytes32[] memory assets);
    /// @notice Register `commitment` (`commitmentOf` with the caller's organisation `org`)
    /// as the next version of the lineage of `predecessor`, which must be the lineage's
    /// latest version. Only an operator of the lineage's (active) owner may revise; the new
    /// version has the lineage's kind and `org` as registrant.
    /// @dev A lineage holds at most 2^24 - 1 versions (SafeCast's overflow error beyond).
    /// @return asset the new version's id, `assetIdOf(org, commitment)`
    function revise(bytes32 predecessor, bytes32 commitment, bytes32 metadataHash) external returns (bytes32 asset);
    /// @notice Transfer the lineage of `asset` (any of its versions: all move together)
    /// to the active organisation `to`. Only an operator of the (active) owner may
    /// transfer; `documentHash` is the assignment document's hash (zero if none).
    /// @dev A lineage holds at most 2^24 - 1 transfer checkpoints (distinct block times).
    function transfer(bytes32 asset, bytes16 to, bytes32 documentHash) external;

    /// @notice The ConsortiumRegistry consulted for who may act.
    function registry() external view returns (address);
    /// @notice Whether `asset` was registered (as any version).
    function exists(bytes32 asset) external view returns (bool);
    /// @notice The current owner of `asset` (the owner of its lineage), zero if unknown.
    function ownerOf(bytes32 asset) external view returns (bytes16);
    /// @notice The owner of `asset` at the end of block time `timestamp`: zero before
    /// its registration and for unknown assets; the current owner for future times.
    function ownerAt(bytes32 asset, uint256 timestamp) external view returns (bytes16);
    /// @notice Everything known about `asset` (zeroed for an unknown asset).
    function getAsset(bytes32 asset) external view returns (Asset memory);
    /// @notice The first version of the lineage of `asset`, zero if unknown.
    function rootOf(bytes32 asset) external view returns (bytes32);
    /// @notice The version `asset` revises, zero for a first version or an unknown asset.
    function predecessorOf(bytes32 asset) external view returns (bytes32);
    /// @notice The latest version of the lineage of `asset`, zero if unknown.
    function latestVersion(bytes32 asset) external view returns (bytes32);
    /// @notice The number of versions in the lineage of `asset`, zero if unknown.
    function versionCount(bytes32 asset) external view returns (uint256);
    /// @notice Version number `version` (1 = first) of the lineage of `asset`; reverts
    /// IndexOutOfRange when there is no such version.
    function versionAt(bytes32 asset, uint256 version) external view returns (bytes32);
    /// @notice The number of transfers of the lineage of `asset` (several in one block
    /// time count once: the checkpoint keeps the last receiver).
    function transferCount(bytes32 asset) external view returns (uint256);
    /// @notice Transfer number `index` (0 = first) of the lineage of `asset`: its block
    /// time and the receiver; reverts IndexOutOfRange when there is none.
    function transferAt(bytes32 asset, uint256 index) external view returns (uint48 timestamp, bytes16 to);
    /// @notice Whether `org` registered the document `contentHash` with `salt` as `asset`:
    /// `asset` is registered, `org` is its registrant and `asset ==
    /// assetIdOf(org, commitmentOf(org, salt, contentHash))`. False for every other org,
    /// and for a commitment registered by an org it does not name (a copy).
    /// @dev Proves who committed the document and when (`getAsset`'s `registeredAt`),
    /// also after a transfer or the org's offboarding; the current owner is `ownerOf`.
    function verify(bytes32 asset, bytes16 org, bytes32 salt, bytes32 contentHash) external view returns (bool);
    /// @notice The commitment `org` registers for a document: `keccak256(abi.encode(org,
    /// salt, contentHash))`. Computed off chain by the owner; here for checking.
    function commitmentOf(bytes16 org, bytes32 salt, bytes32 contentHash) external pure returns (bytes32);
    /// @notice The id of the asset `org` registers with `commitment`:
    /// `keccak256(abi.encode(org, commitment))`.
    function assetIdOf(bytes16 org, bytes32 commitment) external pure returns (bytes32);
}
