// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IConsortiumRegistry} from "./interfaces/IConsortiumRegistry.sol";
import {IDataLicensing} from "./interfaces/IDataLicensing.sol";
import {IIPRegistry} from "./interfaces/IIPRegistry.sol";
import {ILicenceCheck} from "./interfaces/ILicenceCheck.sol";
import {Purposes} from "./libraries/Purposes.sol";

/// @title DataLicensing
/// @notice Purpose-scoped, time-limited licences on IPRegistry assets under published
/// terms, with offers, requests, sublicences, revocation and access receipts. The
/// licensor is never stored: it is the asset's current owner (IPRegistry.ownerOf), so
/// licences follow the asset through transfers.
/// @dev Storage per operation (a fresh slot costs 22,100 gas on paris):
/// - publishTerms: two fresh slots (packed terms + publisher + time; legal text hash).
/// - grant: two fresh slots on the first licence of an (asset, licensee) pair: the
///   licence record (one packed slot, no asset, no licensor, no terms: the asset is the
///   outer mapping key, the licensor is the owner, the terms are bound by the id and
///   carried by the event) and the holder slot; later licences of the pair rewrite it.
/// - offer: three fresh slots (record, holder slot for the nonce, offeror + deadline);
///   accept rewrites the record and the holder slot and clears the offer slot. request:
///   two fresh slots (record, holder slot); its grant rewrites both.
/// - sublicense (an offer the sublicensee accepts): the record, its parent link, the
///   offer slot and the sublicensee's holder slot for the nonce when fresh; its accept
///   rewrites the record and the holder slot, clears the offer slot and adds the parent's
///   sublicence list entry (and the list's length on the first one).
/// - revoke / renounce: rewrite the record and the holder slot (plus, per live
///   sublicence, the same two). recordAccess: nothing, the event is the receipt.
/// - isLicensed: reads one slot (two for a pair that once held three or more licences).
///
/// The holder index. `isLicensed(asset, org, purpose)` reads `_holders[asset][org]`: up
/// to four entries (purposes, start, end; 13 bytes each), two per slot, plus the pair's
/// proposal nonce. Every licence of the pair that is ACTIVE and not expired (started or
/// not) owns one entry; its record remembers which. So the view answers exactly ("some
/// single licence in force now covers every bit asked") for several licences of one
/// pair (a current licence and its renewal, different purposes, ...) and revoking one of
/// them clears only its own entry, leaving the others' answer intact. An entry whose end
/// has passed is free for the next licence: expiry needs no transaction. The second
/// slot is read only by pairs that ever held more than two licences at a time; a fifth
/// concurrent licence reverts TooManyLicences (renounce or revoke one first). Cost of the
/// view: one cold slot of this contract plus, only when an entry answers yes, the
/// registry's `isActive` of the licensee (suspended and offboarded orgs are not licensed).
contract DataLicensing is IDataLicensing {
    // Licences are windows of block time by design: every comparison with block.timestamp
    // below is the point of the contract, and a validator's few seconds of leeway cannot
    // matter for windows of days. (Slither also follows values stored from the block time,
    // e.g. publishedAt != 0, into this detector.)
    // slither-disable-start timestamp

    /// @inheritdoc IDataLicensing
    uint64 public constant ALL_PURPOSES = Purposes.ALL_PURPOSES;
    /// @inheritdoc IDataLicensing
    uint256 public constant MAX_LICENCES_PER_HOLDER = 4;
    /// @inheritdoc IDataLicensing
    uint256 public constant MAX_SUBLICENCES = 8;

    // Record.flags and StoredTerms.flags bits; Record.flags bits 4-5 hold the holder entry
    uint8 private constant _SUBLICENSABLE = 1;
    uint8 private constant _DERIVATIVES = 2;
    uint8 private constant _SUBLICENCE = 4;
    uint8 private constant _HAS_SUBLICENCES = 8;
    uint8 private constant _FLAG_BITS = 15;
    uint8 private constant _ENTRY_SHIFT = 4;

    // Purposes are stored in 40 bits (the vocabulary holds fewer: ALL_PURPOSES < 2**40),
    // licence times in 32 (until 2106-02-07; later ends are refused as InvalidWindow).
    // Holder-index entry: purposes in bits 0-39, start in bits 40-71, end in bits 72-103.
    uint256 private constant _START_SHIFT = 40;
    uint256 private constant _END_SHIFT = 72;
    uint104 private constant _PURPOSE_MASK = 0xFFFFFFFFFF;

    /// @dev Published terms: slot 0 packs 5+1+5+5+16 = 32 bytes; slot 1 is the legal hash.
    struct StoredTerms {
        uint40 purposes;
        uint8 flags; // _SUBLICENSABLE | _DERIVATIVES
        uint40 maxDuration;
        uint40 publishedAt; // zero: not published
        bytes16 publisher;
        bytes32 legalTextHash;
    }

    /// @dev One licence, offer or request: one slot (16+5+4+4+1+1+1 = 32 bytes).
    struct Record {
        bytes16 licensee;
        uint40 purposes;
        uint32 start; // zero while a proposal floats ("from acceptance")
        uint32 end;
        LicenceStatus status; // stored values only (never EXPIRED / LAPSED)
        uint8 flags; // bits 0-3 the flags; bits 4-5 the holder-index entry it owns while ACTIVE and unexpired
        RevocationReason reason;
    }

    /// @dev A pending offer's second slot (16+5 bytes), cleared when it is answered.
    struct Offer {
        bytes16 offeror;
        uint40 deadline;
    }

    /// @dev The holder index of one (asset, org) pair: slot 0 = entries 0 and 1, the
    /// proposal nonce and whether slot 1 was ever used; slot 1 = entries 2 and 3.
    struct Holder {
        uint104 e0;
        uint104 e1;
        uint32 nonce;
        bool tailUsed;
        uint104 e2;
        uint104 e3;
    }

    IConsortiumRegistry private immutable _registry;
    IIPRegistry private immutable _ip;

    mapping(bytes32 terms => StoredTerms) private _terms;
    mapping(bytes32 asset => mapping(bytes32 licence => Record)) private _licences;
    mapping(bytes32 asset => mapping(bytes32 licence => Offer)) private _offers;
    mapping(bytes32 asset => mapping(bytes32 licence => bytes32 parent)) private _parents;
    mapping(bytes32 asset => mapping(bytes32 licence => bytes32[] subs)) private _sublicences;
    mapping(bytes32 asset => mapping(bytes16 org => Holder)) private _holders;

    /// @param registry_ the ConsortiumRegistry deciding who may act
    /// @param ipRegistry_ the IPRegistry of the licensed assets
    constructor(address registry_, address ipRegistry_) {
        if (registry_.code.length == 0) revert InvalidRegistry(registry_);
        if (ipRegistry_.code.length == 0) revert InvalidIPRegistry(ipRegistry_);
        _registry = IConsortiumRegistry(registry_);
        _ip = IIPRegistry(ipRegistry_);
    }

    // ---------------------------------------------------------------- terms

    /// @inheritdoc IDataLicensing
    function publishTerms(Terms calldata terms) external returns (bytes32 id) {
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        id = termsIdOf(terms);
        StoredTerms storage stored = _terms[id];
        if (stored.publishedAt != 0) return id;
        _checkPurposes(terms.purposes, ALL_PURPOSES);
        if (terms.maxDuration == 0) revert ZeroMaxDuration();
        if (terms.legalTextHash == bytes32(0)) revert ZeroLegalTextHash();

        // the time first: a call between the writes would keep them from merging into one SSTORE
        uint40 publishedAt = SafeCast.toUint40(block.timestamp);
        stored.purposes = uint40(terms.purposes); // checked: within ALL_PURPOSES
        stored.flags = (terms.sublicensing ? _SUBLICENSABLE : 0) | (terms.derivatives ? _DERIVATIVES : 0);
        stored.maxDuration = terms.maxDuration;
        stored.publishedAt = publishedAt;
        stored.publisher = org;
        stored.legalTextHash = terms.legalTextHash;
        emit TermsPublished(
            id,
            org,
            terms.purposes,
            terms.derivatives,
            terms.sublicensing,
            terms.maxDuration,
            terms.legalTextHash
        );
    }

    // ---------------------------------------------------------------- creating licences

    /// @inheritdoc IDataLicensing
    function grant(
        bytes32 asset,
        bytes16 licensee,
        bytes32 terms,
        uint64 purposes,
        uint40 start,
        uint40 end
    ) external returns (bytes32 licence) {
        bytes16 owner = _requireOwner(asset);
        _requireCounterparty(asset, owner, licensee);
        if (start == 0) start = SafeCast.toUint40(block.timestamp);
        uint8 flags = _checkUnderTerms(terms, purposes, start, end);

        Holder storage holder = _holders[asset][licensee];
        uint32 nonce = _nextNonce(holder);
        licence = licenceIdOf(asset, licensee, terms, nonce);
        uint8 entry = _occupy(holder, asset, licensee, _entry(purposes, start, end));
        // checked by _checkUnderTerms: purposes within ALL_PURPOSES, start < end <= type(uint32).max
        _licences[asset][licence] = Record({
            licensee: licensee,
            purposes: uint40(purposes),
            start: uint32(start),
            end: uint32(end),
            status: LicenceStatus.ACTIVE,
            flags: flags | (entry << _ENTRY_SHIFT),
            reason: RevocationReason.NONE
        });
        emit LicenceGranted(asset, owner, licensee, licence, terms, purposes, start, end, nonce);
    }

    /// @inheritdoc IDataLicensing
    function offer(
        bytes32 asset,
        bytes16 licensee,
        bytes32 terms,
        uint64 purposes,
        uint40 start,
        uint40 end,
        uint40 deadline
    ) external returns (bytes32 licence) {
        bytes16 owner = _requireOwner(asset);
        _requireCounterparty(asset, owner, licensee);
        uint32 nonce;
        (licence, nonce) = _propose(asset, licensee, terms, purposes, start, end, LicenceStatus.OFFERED);
        if (deadline < block.timestamp || deadline >= end) revert InvalidDeadline(deadline, end);
        _offers[asset][licence] = Offer({offeror: owner, deadline: deadline});
        emit LicenceOffered(asset, owner, licensee, licence, terms, purposes, start, end, deadline, nonce);
    }

    /// @inheritdoc IDataLicensing
    function request(
        bytes32 asset,
        bytes32 terms,
        uint64 purposes,
        uint40 start,
        uint40 end
    ) external returns (bytes32 licence) {
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        bytes16 owner = _ownerOf(asset);
        if (owner == org) revert SelfLicence(asset, org);
        uint32 nonce;
        (licence, nonce) = _propose(asset, org, terms, purposes, start, end, LicenceStatus.REQUESTED);
        emit LicenceRequested(asset, org, owner, licence, terms, purposes, start, end, nonce);
    }

    /// @inheritdoc IDataLicensing
    function accept(bytes32 asset, bytes32 licence) external {
        Record storage record = _existingLicence(asset, licence);
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        bytes16 licensee = record.licensee;
        LicenceStatus status = record.status;
        if (status == LicenceStatus.OFFERED) {
            if (org != licensee) revert NotLicensee(asset, licence, licensee, org);
            Offer storage pending = _offers[asset][licence];
            if (block.timestamp > pending.deadline) revert WrongStatus(asset, licence, LicenceStatus.LAPSED);
            bytes16 offeror = pending.offeror;
            // An offer binds its offeror only while it may act (an inactive offeror could
            // never revoke what its offer would put in force): its offeror must be active,
            // and still the owner (an owner's offer) or still hold a live parent licence
            // with room (a sublicence offer).
            if (record.flags & _SUBLICENCE == 0) {
                bytes16 owner = _ip.ownerOf(asset);
                if (owner != offeror) revert OfferorNotOwner(asset, licence, offeror, owner);
                _requireActive(offeror);
            } else {
                _attachSublicence(asset, licence, offeror);
            }
            delete _offers[asset][licence];
            uint40 start = _activate(asset, licence, record);
            emit OfferAccepted(asset, offeror, licensee, licence, start);
        } else if (status == LicenceStatus.REQUESTED) {
            bytes16 owner = _ip.ownerOf(asset);
            if (org != owner) revert NotAssetOwner(asset, owner, org);
            _requireActive(licensee);
            uint40 start = _activate(asset, licence, record);
            emit RequestGranted(asset, owner, licensee, licence, start);
        } else {
            revert WrongStatus(asset, licence, status);
        }
    }

    /// @inheritdoc IDataLicensing
    function decline(bytes32 asset, bytes32 licence) external {
        Record storage record = _existingLicence(asset, licence);
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        bytes16 licensee = record.licensee;
        LicenceStatus status = _pendingStatus(asset, licence, record);
        if (status == LicenceStatus.OFFERED) {
            if (org != licensee) revert NotLicensee(asset, licence, licensee, org);
            bytes16 offeror = _offers[asset][licence].offeror;
            delete _offers[asset][licence];
            record.status = LicenceStatus.DECLINED;
            emit OfferDeclined(asset, offeror, licensee, licence);
        } else {
            bytes16 owner = _ip.ownerOf(asset);
            if (org != owner) revert NotAssetOwner(asset, owner, org);
            record.status = LicenceStatus.DECLINED;
            emit RequestDeclined(asset, owner, licensee, licence);
        }
    }

    /// @inheritdoc IDataLicensing
    function withdraw(bytes32 asset, bytes32 licence) external {
        Record storage record = _existingLicence(asset, licence);
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        bytes16 licensee = record.licensee;
        LicenceStatus status = _pendingStatus(asset, licence, record);
        bytes16 owner = _ip.ownerOf(asset);
        if (status == LicenceStatus.OFFERED) {
            if (record.flags & _SUBLICENCE == 0) {
                if (org != owner) revert NotAssetOwner(asset, owner, org);
            } else if (org != _offers[asset][licence].offeror && org != owner) {
                revert NotLicensor(asset, licence, org);
            }
            delete _offers[asset][licence];
            record.status = LicenceStatus.WITHDRAWN;
            emit OfferWithdrawn(asset, org, licensee, licence);
        } else {
            if (org != licensee) revert NotLicensee(asset, licence, licensee, org);
            record.status = LicenceStatus.WITHDRAWN;
            emit RequestWithdrawn(asset, owner, licensee, licence);
        }
    }

    /// @inheritdoc IDataLicensing
    function sublicense(
        bytes32 asset,
        bytes32 parent,
        bytes16 sublicensee,
        uint64 purposes,
        uint40 start,
        uint40 end,
        uint40 deadline
    ) external returns (bytes32 licence) {
        bytes16 org = _checkSublicence(asset, parent, sublicensee, purposes, start, end);
        if (deadline < block.timestamp || deadline >= end) revert InvalidDeadline(deadline, end);
        uint32 nonce;
        (licence, nonce) = _storeSublicenceOffer(asset, parent, sublicensee, purposes, start, end);
        _offers[asset][licence] = Offer({offeror: org, deadline: deadline});
        emit SublicenceOffered(asset, org, sublicensee, licence, parent, purposes, start, end, deadline, nonce);
    }

    // ---------------------------------------------------------------- ending licences

    /// @inheritdoc IDataLicensing
    function revoke(bytes32 asset, bytes32 licence, uint8 reason, bytes32 noteHash) external {
        if (reason == uint8(RevocationReason.NONE) || reason > uint8(RevocationReason.OTHER)) {
            revert InvalidReason(reason);
        }
        Record storage record = _existingLicence(asset, licence);
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        if (record.flags & _SUBLICENCE == 0) {
            bytes16 owner = _ip.ownerOf(asset);
            if (org != owner) revert NotAssetOwner(asset, owner, org);
        } else if (org != _sublicensor(asset, licence) && org != _ip.ownerOf(asset)) {
            revert NotLicensor(asset, licence, org);
        }
        _requireLive(asset, licence, record);

        RevocationReason why = RevocationReason(reason);
        _end(asset, record, LicenceStatus.REVOKED, why);
        emit LicenceRevoked(asset, org, record.licensee, licence, why, noteHash);
        _endSublicences(asset, licence, record);
    }

    /// @inheritdoc IDataLicensing
    function renounce(bytes32 asset, bytes32 licence) external {
        Record storage record = _existingLicence(asset, licence);
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        bytes16 licensee = record.licensee;
        if (org != licensee) revert NotLicensee(asset, licence, licensee, org);
        _requireLive(asset, licence, record);

        _end(asset, record, LicenceStatus.RENOUNCED, RevocationReason.NONE);
        emit LicenceRenounced(asset, _licensorOf(asset, licence, record), licensee, licence);
        _endSublicences(asset, licence, record);
    }

    // ---------------------------------------------------------------- access receipts

    /// @inheritdoc IDataLicensing
    function recordAccess(bytes32 asset, bytes32 licence, uint64 purpose, bytes32 accessHash) external {
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        Record storage record = _licences[asset][licence];
        bytes16 licensee = record.licensee;
        if (licensee == bytes16(0)) revert UnknownLicence(asset, licence);
        uint64 licensed = record.purposes;
        uint40 start = record.start;
        uint40 end = record.end;
        LicenceStatus status = record.status;
        if (status != LicenceStatus.ACTIVE || block.timestamp < start || block.timestamp >= end) {
            revert LicenceNotInForce(asset, licence, _effectiveStatus(asset, licence, record), start, end);
        }
        // exactly one known purpose bit, and one of the licence's
        if (purpose == 0 || purpose & (purpose - 1) != 0 || purpose & ~ALL_PURPOSES != 0) revert NotOnePurpose(purpose);
        if (purpose & licensed == 0) revert PurposeNotLicensed(asset, licence, purpose, licensed);
        if (org != licensee) {
            // the data provider: the asset's owner; it vouches for an active licensee only
            if (org != _ip.ownerOf(asset)) revert NotAccessRecorder(asset, licence, org);
            _requireActive(licensee);
        }
        emit AccessRecorded(asset, licensee, org, licence, purpose, accessHash);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ILicenceCheck
    /// @dev `purpose` zero asks whether `org` holds any licence in force on `asset`.
    function isLicensed(bytes32 asset, bytes16 org, uint64 purpose) public view returns (bool) {
        Holder storage holder = _holders[asset][org];
        if (!_covers(holder.e0, purpose) && !_covers(holder.e1, purpose)) {
            if (!holder.tailUsed) return false;
            if (!_covers(holder.e2, purpose) && !_covers(holder.e3, purpose)) return false;
        }
        return _registry.isActive(org);
    }

    /// @inheritdoc ILicenceCheck
    /// @dev The licence first (one slot of this contract), the owner only when no licence
    /// answers: the common caller is a licensee, and IPRegistry.ownerOf costs a call and
    /// the lineage's slots.
    function isEntitled(bytes32 asset, bytes16 org, uint64 purpose) external view returns (bool) {
        if (isLicensed(asset, org, purpose)) return true;
        if (org == bytes16(0) || _ip.ownerOf(asset) != org) return false;
        return _registry.isActive(org);
    }

    /// @inheritdoc IDataLicensing
    function registry() external view returns (address) {
        return address(_registry);
    }

    /// @inheritdoc IDataLicensing
    function ipRegistry() external view returns (address) {
        return address(_ip);
    }

    /// @inheritdoc IDataLicensing
    function getTerms(bytes32 id) external view returns (Terms memory terms, bytes16 publisher, uint40 publishedAt) {
        StoredTerms storage stored = _terms[id];
        terms.purposes = stored.purposes;
        terms.derivatives = stored.flags & _DERIVATIVES != 0;
        terms.sublicensing = stored.flags & _SUBLICENSABLE != 0;
        terms.maxDuration = stored.maxDuration;
        terms.legalTextHash = stored.legalTextHash;
        return (terms, stored.publisher, stored.publishedAt);
    }

    /// @inheritdoc IDataLicensing
    function termsPublished(bytes32 id) external view returns (bool) {
        return _terms[id].publishedAt != 0;
    }

    /// @inheritdoc IDataLicensing
    function getLicence(bytes32 asset, bytes32 licence) external view returns (Licence memory info) {
        Record storage record = _licences[asset][licence];
        if (record.status == LicenceStatus.NONE) return info;
        uint8 flags = record.flags;
        info.licensee = record.licensee;
        info.licensor = _licensorOf(asset, licence, record);
        info.purposes = record.purposes;
        info.start = record.start;
        info.end = record.end;
        info.status = _effectiveStatus(asset, licence, record);
        info.reason = record.reason;
        info.derivatives = flags & _DERIVATIVES != 0;
        info.sublicensable = flags & _SUBLICENSABLE != 0;
        if (flags & _SUBLICENCE != 0) info.parent = _parents[asset][licence];
        if (record.status == LicenceStatus.OFFERED) {
            Offer storage pending = _offers[asset][licence];
            info.offeror = pending.offeror;
            info.deadline = pending.deadline;
        }
    }

    /// @inheritdoc IDataLicensing
    function statusOf(bytes32 asset, bytes32 licence) external view returns (LicenceStatus) {
        return _effectiveStatus(asset, licence, _licences[asset][licence]);
    }

    /// @inheritdoc IDataLicensing
    function sublicencesOf(bytes32 asset, bytes32 licence) external view returns (bytes32[] memory) {
        return _sublicences[asset][licence];
    }

    /// @inheritdoc IDataLicensing
    function proposalCount(bytes32 asset, bytes16 org) external view returns (uint32) {
        return _holders[asset][org].nonce;
    }

    /// @inheritdoc IDataLicensing
    function termsIdOf(Terms calldata terms) public pure returns (bytes32) {
        return keccak256(abi.encode(terms));
    }

    /// @inheritdoc IDataLicensing
    function licenceIdOf(bytes32 asset, bytes16 licensee, bytes32 basis, uint32 nonce) public pure returns (bytes32) {
        return keccak256(abi.encode(asset, licensee, basis, nonce));
    }

    // ---------------------------------------------------------------- internals: parties

    /// @dev The caller's org, provided it is an active operator of the owner of `asset`.
    function _requireOwner(bytes32 asset) private view returns (bytes16 owner) {
        bytes16 org = _registry.requireOperator(msg.sender, 0);
        owner = _ownerOf(asset);
        if (org != owner) revert NotAssetOwner(asset, owner, org);
    }

    function _ownerOf(bytes32 asset) private view returns (bytes16 owner) {
        owner = _ip.ownerOf(asset);
        if (owner == bytes16(0)) revert UnknownAsset(asset);
    }

    /// @dev The licensee of an owner's grant or offer: another org, and an active one.
    function _requireCounterparty(bytes32 asset, bytes16 owner, bytes16 licensee) private view {
        if (licensee == owner) revert SelfLicence(asset, owner);
        _requireActive(licensee);
    }

    /// @dev isActive is the cheap check; only when it fails, requireActive reverts with the
    /// registry's OrgNotActive(org, status), which says why (unknown, suspended, offboarded).
    function _requireActive(bytes16 org) private view {
        if (!_registry.isActive(org)) _registry.requireActive(org, 0);
    }

    /// @dev The licensor of a licence now: its sublicensor, or the asset's current owner.
    function _licensorOf(bytes32 asset, bytes32 licence, Record storage record) private view returns (bytes16) {
        if (record.flags & _SUBLICENCE != 0) return _sublicensor(asset, licence);
        return _ip.ownerOf(asset);
    }

    function _sublicensor(bytes32 asset, bytes32 licence) private view returns (bytes16) {
        return _licences[asset][_parents[asset][licence]].licensee;
    }

    // ---------------------------------------------------------------- internals: checks

    function _checkPurposes(uint64 purposes, uint64 allowed) private pure {
        if (purposes == 0 || purposes & ~ALL_PURPOSES != 0) revert InvalidPurposes(purposes);
        if (purposes & allowed != purposes) revert PurposesNotAllowed(purposes, allowed);
    }

    /// @dev Checks purposes and the window [`start`, `end`) against the terms (`start`
    /// zero: from now, for a proposal's floating start) and returns the licence flags.
    function _checkUnderTerms(
        bytes32 terms,
        uint64 purposes,
        uint40 start,
        uint40 end
    ) private view returns (uint8 flags) {
        StoredTerms storage stored = _terms[terms];
        if (stored.publishedAt == 0) revert UnknownTerms(terms);
        _checkPurposes(purposes, stored.purposes);
        uint256 from = start > 0 ? start : block.timestamp;
        if (from < block.timestamp || end <= from || end > type(uint32).max) revert InvalidWindow(start, end);
        uint40 maxDuration = stored.maxDuration;
        if (end - from > maxDuration) revert DurationTooLong(end - from, maxDuration);
        return stored.flags;
    }

    function _existingLicence(bytes32 asset, bytes32 licence) private view returns (Record storage record) {
        record = _licences[asset][licence];
        if (record.status == LicenceStatus.NONE) revert UnknownLicence(asset, licence);
    }

    /// @dev Reverts unless the licence is ACTIVE and has not ended (it may not have started).
    function _requireLive(bytes32 asset, bytes32 licence, Record storage record) private view {
        LicenceStatus status = record.status;
        if (status != LicenceStatus.ACTIVE || record.end <= block.timestamp) {
            revert WrongStatus(asset, licence, _effectiveStatus(asset, licence, record));
        }
    }

    /// @dev The status of a proposal that can still be answered (OFFERED before its
    /// deadline, or REQUESTED); reverts WrongStatus otherwise.
    function _pendingStatus(
        bytes32 asset,
        bytes32 licence,
        Record storage record
    ) private view returns (LicenceStatus status) {
        status = _effectiveStatus(asset, licence, record);
        if (status != LicenceStatus.OFFERED && status != LicenceStatus.REQUESTED) {
            revert WrongStatus(asset, licence, status);
        }
    }

    function _effectiveStatus(
        bytes32 asset,
        bytes32 licence,
        Record storage record
    ) private view returns (LicenceStatus status) {
        status = record.status;
        if (status == LicenceStatus.ACTIVE && record.end <= block.timestamp) return LicenceStatus.EXPIRED;
        if (status == LicenceStatus.OFFERED && _offers[asset][licence].deadline < block.timestamp) {
            return LicenceStatus.LAPSED;
        }
    }

    // ---------------------------------------------------------------- internals: state

    /// @dev Records an offer or a request of `licensee` (not yet in the holder index).
    function _propose(
        bytes32 asset,
        bytes16 licensee,
        bytes32 terms,
        uint64 purposes,
        uint40 start,
        uint40 end,
        LicenceStatus status
    ) private returns (bytes32 licence, uint32 nonce) {
        uint8 flags = _checkUnderTerms(terms, purposes, start, end);
        nonce = _nextNonce(_holders[asset][licensee]);
        licence = licenceIdOf(asset, licensee, terms, nonce);
        // checked by _checkUnderTerms: purposes within ALL_PURPOSES, start < end <= type(uint32).max
        _licences[asset][licence] = Record({
            licensee: licensee,
            purposes: uint40(purposes),
            start: uint32(start),
            end: uint32(end),
            status: status,
            flags: flags,
            reason: RevocationReason.NONE
        });
    }

    /// @dev All checks of `sublicense` but the deadline's (`start` zero: from acceptance,
    /// checked as from now); returns the caller's org.
    function _checkSublicence(
        bytes32 asset,
        bytes32 parent,
        bytes16 sublicensee,
        uint64 purposes,
        uint40 start,
        uint40 end
    ) private view returns (bytes16 org) {
        org = _registry.requireOperator(msg.sender, 0);
        Record storage up = _existingLicence(asset, parent);
        if (org != up.licensee) revert NotLicensee(asset, parent, up.licensee, org);
        _requireLive(asset, parent, up);
        if (up.flags & _SUBLICENSABLE == 0) revert SublicensingNotAllowed(asset, parent);
        if (sublicensee == org) revert SelfLicence(asset, org);
        _requireActive(sublicensee);
        _checkPurposes(purposes, up.purposes);
        uint256 from = start > 0 ? start : block.timestamp;
        if (from < block.timestamp || end <= from) revert InvalidWindow(start, end);
        if (from < up.start || end > up.end) revert ExceedsParent(parent, start, end, up.start, up.end);
        _requireSublicenceRoom(asset, parent);
    }

    /// @dev Reverts when `parent` already holds MAX_SUBLICENCES accepted sublicences.
    function _requireSublicenceRoom(bytes32 asset, bytes32 parent) private view {
        if (_sublicences[asset][parent].length >= MAX_SUBLICENCES) {
            revert TooManySublicences(asset, parent, MAX_SUBLICENCES);
        }
    }

    /// @dev Records a checked sublicence offer of `parent` (not yet in the holder index,
    /// not yet among the parent's sublicences: both on acceptance).
    function _storeSublicenceOffer(
        bytes32 asset,
        bytes32 parent,
        bytes16 sublicensee,
        uint64 purposes,
        uint40 start,
        uint40 end
    ) private returns (bytes32 licence, uint32 nonce) {
        nonce = _nextNonce(_holders[asset][sublicensee]);
        licence = licenceIdOf(asset, sublicensee, parent, nonce);
        // checked by _checkSublicence: purposes within the parent's, the window within its window
        _licences[asset][licence] = Record({
            licensee: sublicensee,
            purposes: uint40(purposes),
            start: uint32(start),
            end: uint32(end),
            status: LicenceStatus.OFFERED,
            flags: (_licences[asset][parent].flags & _DERIVATIVES) | _SUBLICENCE,
            reason: RevocationReason.NONE
        });
        _parents[asset][licence] = parent;
    }

    /// @dev On acceptance of the sublicence offer `licence` of `sublicensor`: the parent
    /// must still be live (ACTIVE, unexpired) and have room, and its licensee (the
    /// sublicensor) be active; the sublicence then joins the parent's list.
    function _attachSublicence(bytes32 asset, bytes32 licence, bytes16 sublicensor) private {
        bytes32 parent = _parents[asset][licence];
        Record storage up = _licences[asset][parent];
        _requireLive(asset, parent, up);
        _requireActive(sublicensor);
        _requireSublicenceRoom(asset, parent);
        _sublicences[asset][parent].push(licence);
        up.flags |= _HAS_SUBLICENCES;
    }

    /// @dev Puts an accepted offer or granted request in force; returns its start.
    function _activate(bytes32 asset, bytes32 licence, Record storage record) private returns (uint40 start) {
        uint40 end = record.end;
        if (end <= block.timestamp) revert WindowPassed(asset, licence, end);
        start = record.start;
        if (start < block.timestamp) start = SafeCast.toUint40(block.timestamp);
        bytes16 licensee = record.licensee;
        uint8 entry = _occupy(_holders[asset][licensee], asset, licensee, _entry(record.purposes, start, end));
        record.start = uint32(start); // the block time or a later stored start: fits
        record.status = LicenceStatus.ACTIVE;
        record.flags = (record.flags & _FLAG_BITS) | (entry << _ENTRY_SHIFT);
    }

    /// @dev Ends an ACTIVE, unexpired licence: its status and reason, and its index entry.
    function _end(bytes32 asset, Record storage record, LicenceStatus status, RevocationReason reason) private {
        record.status = status;
        record.reason = reason;
        _release(_holders[asset][record.licensee], record.flags >> _ENTRY_SHIFT);
    }

    /// @dev Revokes, with PARENT_ENDED, the sublicences of `licence` still ACTIVE and unexpired.
    function _endSublicences(bytes32 asset, bytes32 licence, Record storage record) private {
        if (record.flags & _HAS_SUBLICENCES == 0) return;
        bytes16 sublicensor = record.licensee;
        bytes32[] storage subs = _sublicences[asset][licence];
        uint256 n = subs.length; // at most MAX_SUBLICENCES
        for (uint256 i = 0; i < n; ++i) {
            bytes32 sub = subs[i];
            Record storage subRecord = _licences[asset][sub];
            if (subRecord.status != LicenceStatus.ACTIVE || subRecord.end <= block.timestamp) continue;
            _end(asset, subRecord, LicenceStatus.REVOKED, RevocationReason.PARENT_ENDED);
            emit LicenceRevoked(asset, sublicensor, subRecord.licensee, sub, RevocationReason.PARENT_ENDED, bytes32(0));
        }
    }

    function _nextNonce(Holder storage holder) private returns (uint32 nonce) {
        nonce = holder.nonce;
        holder.nonce = nonce + 1;
    }

    /// @dev Stores `entry` in the first free position (empty or expired) and returns it.
    function _occupy(Holder storage holder, bytes32 asset, bytes16 org, uint104 entry) private returns (uint8) {
        if (_free(holder.e0)) {
            holder.e0 = entry;
            return 0;
        }
        if (_free(holder.e1)) {
            holder.e1 = entry;
            return 1;
        }
        if (_free(holder.e2)) {
            holder.e2 = entry;
            holder.tailUsed = true;
            return 2;
        }
        if (_free(holder.e3)) {
            holder.e3 = entry;
            holder.tailUsed = true;
            return 3;
        }
        revert TooManyLicences(asset, org, MAX_LICENCES_PER_HOLDER);
    }

    function _release(Holder storage holder, uint8 position) private {
        if (position == 0) holder.e0 = 0;
        else if (position == 1) holder.e1 = 0;
        else if (position == 2) holder.e2 = 0;
        else holder.e3 = 0;
    }

    /// @dev `purposes` within ALL_PURPOSES (< 2**40), `start` and `end` at most type(uint32).max.
    function _entry(uint64 purposes, uint40 start, uint40 end) private pure returns (uint104) {
        return uint104(purposes) | (uint104(start) << _START_SHIFT) | (uint104(end) << _END_SHIFT);
    }

    /// @dev An entry is free once its end has passed (an empty entry's end is zero).
    function _free(uint104 entry) private view returns (bool) {
        return uint32(entry >> _END_SHIFT) <= block.timestamp;
    }

    /// @dev Whether the entry is in force now and covers every bit of `purpose`.
    function _covers(uint104 entry, uint64 purpose) private view returns (bool) {
        return
            uint64(entry & _PURPOSE_MASK) & purpose == purpose &&
            uint32(entry >> _START_SHIFT) <= block.timestamp &&
            block.timestamp < uint32(entry >> _END_SHIFT);
    }

    // slither-disable-end timestamp
}
