// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ILicenceCheck} from "./ILicenceCheck.sol";

/// @title Data licensing: published terms, purpose-scoped and time-limited licences, access receipts
/// @notice The owner of an IPRegistry asset licenses it to other member organisations under
/// a published set of terms (no negotiation: terms are templates identified by their
/// hash). A licence names the asset, the licensee org, the purposes it covers (a subset of
/// the terms' purposes) and a validity window; it expires by time with no transaction.
/// The licensor is always the asset's CURRENT owner (IPRegistry.ownerOf): licences follow
/// the asset, and after a transfer only the new owner can revoke them. A sublicence's
/// licensor is the licensee of its parent licence.
///
/// Nobody holds a licence it did not agree to, except by the owner's direct grant: an
/// offer (the owner's, or a sublicence offered by a licensee whose terms allow it) takes
/// effect only when its licensee accepts it, and only while its offeror is an active
/// member that can still make it (the owner; the licensee of a live parent). Pending
/// offers occupy none of the licensee's places (MAX_LICENCES_PER_HOLDER).
///
/// A licence is identified by the pair (asset, licence id): every function taking a
/// licence id also takes its asset. The id is `licenceIdOf(asset, licensee, basis, nonce)`
/// where `basis` is the terms id (the parent licence id for a sublicence) and `nonce` the
/// number of licences proposed for (asset, licensee) before it, so the terms of a licence
/// are bound to its id and carried by its creation event rather than stored again.
///
/// Purposes are sets of bits (uint64): each bit one purpose of the Catena-X ODRL profile's
/// vocabulary (cx.quality.base:1, cx.pcf.base:1, ..., both profile generations) or one of
/// two valuechain entries (an individually agreed purpose; manufacturing), as the
/// append-only table valuechain/catenax/purposes.json assigns them (library Purposes is
/// generated from it). ALL_PURPOSES masks the known bits; a set naming another bit is
/// refused. Terms carry the purposes their policy allows, a licence a subset of them, and
/// an access receipt exactly one of its licence's.
///
/// Times are unix seconds. A `start` of zero means "when the licence takes effect": the
/// grant's block time, or the acceptance's for an offer or a request. A licence is in
/// force from `start` (inclusive) to `end` (exclusive).
interface IDataLicensing is ILicenceCheck {
    /// @notice The life of a licence. The numeric values are part of the ABI. EXPIRED
    /// and LAPSED are never stored: views derive them from ACTIVE past its end and
    /// OFFERED past its acceptance deadline.
    enum LicenceStatus {
        NONE,
        REQUESTED,
        OFFERED,
        ACTIVE,
        EXPIRED,
        LAPSED,
        DECLINED,
        WITHDRAWN,
        REVOKED,
        RENOUNCED
    }

    /// @notice Why a licence was revoked. The numeric values are part of the ABI;
    /// PARENT_ENDED is set by the contract on the sublicences of a licence that was
    /// revoked or renounced and cannot be given to `revoke`.
    enum RevocationReason {
        NONE,
        BREACH,
        TERMS_VIOLATION,
        ASSET_WITHDRAWN,
        OTHER,
        PARENT_ENDED
    }

    /// @notice A set of licence terms; its id is `termsIdOf(terms)`.
    /// @param purposes the purposes a licence under these terms may cover (bitmask)
    /// @param derivatives whether licensees may create derived works
    /// @param sublicensing whether licensees may sublicense (within their own licence)
    /// @param maxDuration the longest validity window of a licence, in seconds
    /// @param legalTextHash the hash of the legal text (kept off chain)
    struct Terms {
        uint64 purposes;
        bool derivatives;
        bool sublicensing;
        uint40 maxDuration;
        bytes32 legalTextHash;
    }

    /// @notice A licence as `getLicence` reports it (all zero for an unknown licence).
    /// @param licensee the organisation licensed (or requesting, or offered, a licence)
    /// @param licensor the asset's current owner; for a sublicence the parent's licensee
    /// @param purposes the purposes covered (bitmask)
    /// @param start first second in force; zero while an offer or request floats ("from acceptance")
    /// @param end first second no longer in force
    /// @param status the effective status (EXPIRED / LAPSED derived from the time)
    /// @param reason why it was revoked (NONE unless REVOKED)
    /// @param derivatives copied from the terms
    /// @param sublicensable whether its licensee may sublicense (terms allow it and it is
    /// not itself a sublicence)
    /// @param parent the licence this one is a sublicence of, zero for a licence
    /// @param offeror the organisation that made a pending offer: the owner then, or the
    /// sublicensor of a sublicence offer (zero otherwise)
    /// @param deadline the last second a pending offer can be accepted (zero otherwise)
    struct Licence {
        bytes16 licensee;
        bytes16 licensor;
        uint64 purposes;
        uint40 start;
        uint40 end;
        LicenceStatus status;
        RevocationReason reason;
        bool derivatives;
        bool sublicensable;
        bytes32 parent;
        bytes16 offeror;
        uint40 deadline;
    }

    /// @notice `publisher` published the terms `terms` (their id) with these contents.
    event TermsPublished(
        bytes32 indexed terms,
        bytes16 indexed publisher,
        uint64 purposes,
        bool derivatives,
        bool sublicensing,
        uint40 maxDuration,
        bytes32 legalTextHash
    );
    /// @notice The owner `licensor` granted `licensee` the licence `licence` on `asset`
    /// under `terms`; `nonce` completes its id (see `licenceIdOf`).
    event LicenceGranted(
        bytes32 indexed asset,
        bytes16 indexed licensor,
        bytes16 indexed licensee,
        bytes32 licence,
        bytes32 terms,
        uint64 purposes,
        uint40 start,
        uint40 end,
        uint32 nonce
    );
    /// @notice The owner `licensor` offered `licensee` the licence `licence`, to be accepted
    /// by `deadline` (inclusive); `start` zero means from acceptance.
    event LicenceOffered(
        bytes32 indexed asset,
        bytes16 indexed licensor,
        bytes16 indexed licensee,
        bytes32 licence,
        bytes32 terms,
        uint64 purposes,
        uint40 start,
        uint40 end,
        uint40 deadline,
        uint32 nonce
    );
    /// @notice `licensee` accepted the offer `licence` of `licensor` (the owner, or the
    /// sublicensor of a sublicence offer); it is in force from `start`.
    event OfferAccepted(bytes32 indexed asset, bytes16 indexed licensor, bytes16 indexed licensee, bytes32 licence, uint40 start);
    /// @notice `licensee` declined the offer `licence` of `licensor` (its offeror).
    event OfferDeclined(bytes32 indexed asset, bytes16 indexed licensor, bytes16 indexed licensee, bytes32 licence);
    /// @notice `licensor` withdrew the offer `licence` to `licensee`: the asset's owner, or
    /// for a sublicence offer its sublicensor or the asset's owner.
    event OfferWithdrawn(bytes32 indexed asset, bytes16 indexed licensor, bytes16 indexed licensee, bytes32 licence);
    /// @notice `licensee` asked `owner` (the asset's owner then) for the licence `licence`.
    event LicenceRequested(
        bytes32 indexed asset,
        bytes16 indexed licensee,
        bytes16 indexed owner,
        bytes32 licence,
        bytes32 terms,
        uint64 purposes,
        uint40 start,
        uint40 end,
        uint32 nonce
    );
    /// @notice The owner `licensor` granted the request `licence` of `licensee`; in force from `start`.
    event RequestGranted(bytes32 indexed asset, bytes16 indexed licensor, bytes16 indexed licensee, bytes32 licence, uint40 start);
    /// @notice The owner `licensor` declined the request `licence` of `licensee`.
    event RequestDeclined(bytes32 indexed asset, bytes16 indexed licensor, bytes16 indexed licensee, bytes32 licence);
    /// @notice `licensee` withdrew its request `licence`, addressed to the asset's owner `owner`.
    event RequestWithdrawn(bytes32 indexed asset, bytes16 indexed owner, bytes16 indexed licensee, bytes32 licence);
    /// @notice `sublicensor`, licensee of `parent`, offered `sublicensee` the sublicence
    /// `licence` of `asset` (under the parent's terms), to be accepted by `deadline`
    /// (inclusive); `start` zero means from acceptance. Its acceptance is `OfferAccepted`,
    /// its other ends `OfferDeclined` and `OfferWithdrawn`, as for the owner's offers.
    event SublicenceOffered(
        bytes32 indexed asset,
        bytes16 indexed sublicensor,
        bytes16 indexed sublicensee,
        bytes32 licence,
        bytes32 parent,
        uint64 purposes,
        uint40 start,
        uint40 end,
        uint40 deadline,
        uint32 nonce
    );
    /// @notice `licensor` revoked `licence` of `licensee` for `reason`; `noteHash` is the
    /// hash of a supporting document (zero if none). Sublicences of a revoked or renounced
    /// licence are revoked with PARENT_ENDED, their sublicensor as `licensor`.
    event LicenceRevoked(
        bytes32 indexed asset,
        bytes16 indexed licensor,
        bytes16 indexed licensee,
        bytes32 licence,
        RevocationReason reason,
        bytes32 noteHash
    );
    /// @notice `licensee` gave up `licence`, granted by `licensor`.
    event LicenceRenounced(bytes32 indexed asset, bytes16 indexed licensor, bytes16 indexed licensee, bytes32 licence);
    /// @notice `recorder` (the licensee or the asset's owner as data provider) recorded an
    /// access to `asset` by `licensee` under `licence` for `purpose`; `accessHash` is the
    /// hash of what was accessed.
    event AccessRecorded(
        bytes32 indexed asset,
        bytes16 indexed licensee,
        bytes16 indexed recorder,
        bytes32 licence,
        uint64 purpose,
        bytes32 accessHash
    );

    /// @notice The ConsortiumRegistry address given to the constructor holds no contract.
    error InvalidRegistry(address registry);
    /// @notice The IPRegistry address given to the constructor holds no contract.
    error InvalidIPRegistry(address ipRegistry);
    /// @notice `purposes` is empty or sets a bit that names no known purpose.
    error InvalidPurposes(uint64 purposes);
    /// @notice Terms need a maximum duration above zero.
    error ZeroMaxDuration();
    /// @notice Terms need the hash of their legal text.
    error ZeroLegalTextHash();
    /// @notice No terms with this id were published.
    error UnknownTerms(bytes32 terms);
    /// @notice `purposes` asks for bits outside `allowed` (the terms', or the parent licence's).
    error PurposesNotAllowed(uint64 purposes, uint64 allowed);
    /// @notice The window is not valid now: `start` is in the past, or `end` is not after
    /// it (a zero `start` stands for the current block time), or `end` is after
    /// 2106-02-07 (2**32 - 1: licence windows are stored in 32 bits).
    error InvalidWindow(uint40 start, uint40 end);
    /// @notice The window lasts `duration` seconds, longer than the terms' `maxDuration`.
    error DurationTooLong(uint256 duration, uint40 maxDuration);
    /// @notice An offer's `deadline` must not be in the past and must come before its `end`.
    error InvalidDeadline(uint40 deadline, uint40 end);
    /// @notice No asset with this id is registered in the IPRegistry.
    error UnknownAsset(bytes32 asset);
    /// @notice `caller` (an organisation) acted as owner of `asset`, which belongs to `owner`.
    error NotAssetOwner(bytes32 asset, bytes16 owner, bytes16 caller);
    /// @notice `org` would license `asset` to itself (it owns it, or holds the parent licence).
    error SelfLicence(bytes32 asset, bytes16 org);
    /// @notice No licence, offer or request `licence` exists on `asset`.
    error UnknownLicence(bytes32 asset, bytes32 licence);
    /// @notice `caller` acted as licensee of `licence`, whose licensee is `licensee`.
    error NotLicensee(bytes32 asset, bytes32 licence, bytes16 licensee, bytes16 caller);
    /// @notice `caller` is neither the sublicensor nor the asset's owner of the sublicence `licence`.
    error NotLicensor(bytes32 asset, bytes32 licence, bytes16 caller);
    /// @notice `licence` is `status`, which does not allow this.
    error WrongStatus(bytes32 asset, bytes32 licence, LicenceStatus status);
    /// @notice The offer `licence` was made by `offeror`, no longer the asset's owner (`owner` is).
    error OfferorNotOwner(bytes32 asset, bytes32 licence, bytes16 offeror, bytes16 owner);
    /// @notice The request `licence` can no longer be granted: its window ended at `end`.
    error WindowPassed(bytes32 asset, bytes32 licence, uint40 end);
    /// @notice `org` already holds `max` licences on `asset` that are in force or will be.
    error TooManyLicences(bytes32 asset, bytes16 org, uint256 max);
    /// @notice The terms of `licence` do not allow sublicensing, or it is itself a sublicence.
    error SublicensingNotAllowed(bytes32 asset, bytes32 licence);
    /// @notice `licence` already has `max` (accepted) sublicences.
    error TooManySublicences(bytes32 asset, bytes32 licence, uint256 max);
    /// @notice A sublicence window [`start`, `end`) reaches outside its parent's
    /// [`parentStart`, `parentEnd`).
    error ExceedsParent(bytes32 parent, uint40 start, uint40 end, uint40 parentStart, uint40 parentEnd);
    /// @notice `reason` is not a RevocationReason a licensor may give (BREACH..OTHER).
    error InvalidReason(uint8 reason);
    /// @notice `licence` is not in force now (`status`, window [`start`, `end`)).
    error LicenceNotInForce(bytes32 asset, bytes32 licence, LicenceStatus status, uint40 start, uint40 end);
    /// @notice An access receipt must cite exactly one known purpose; `purpose` is not one.
    error NotOnePurpose(uint64 purpose);
    /// @notice `purpose` is not covered by the purposes `licensed` of the licence.
    error PurposeNotLicensed(bytes32 asset, bytes32 licence, uint64 purpose, uint64 licensed);
    /// @notice `caller` is neither the licensee nor the asset's owner, so it cannot record
    /// accesses under `licence`.
    error NotAccessRecorder(bytes32 asset, bytes32 licence, bytes16 caller);

    // Constant getters keep OpenZeppelin's UPPER_CASE naming (like DEFAULT_ADMIN_ROLE).
    // slither-disable-start naming-convention

    /// @notice Every known purpose bit (the vocabulary's, see library Purposes).
    function ALL_PURPOSES() external view returns (uint64);
    /// @notice How many licences one org may hold on one asset that are in force or not
    /// yet started (expired, revoked and renounced ones do not count).
    function MAX_LICENCES_PER_HOLDER() external view returns (uint256);
    /// @notice How many sublicences one licence may ever have: accepted sublicence offers,
    /// in force or ended. Pending, declined, withdrawn and lapsed offers do not count; an
    /// offer cannot be made, or accepted, once the parent has this many.
    function MAX_SUBLICENCES() external view returns (uint256);

    // slither-disable-end naming-convention

    /// @notice Publish `terms` (any active member's operator) and return their id. Terms
    /// published before are not stored again: the call returns their id and emits nothing.
    function publishTerms(Terms calldata terms) external returns (bytes32 id);

    /// @notice Grant `licensee` (an active org other than the owner) a licence on `asset`
    /// for `purposes` (within the terms') from `start` (zero: now) to `end`, under the
    /// published `terms`. Only an operator of the asset's (active) owner.
    function grant(
        bytes32 asset,
        bytes16 licensee,
        bytes32 terms,
        uint64 purposes,
        uint40 start,
        uint40 end
    ) external returns (bytes32 licence);
    /// @notice Offer `licensee` a licence as `grant` would give it, to be accepted by
    /// `deadline` (inclusive, before `end`); `start` zero means from acceptance. Only an
    /// operator of the asset's owner. Returns the licence id the acceptance will activate.
    function offer(
        bytes32 asset,
        bytes16 licensee,
        bytes32 terms,
        uint64 purposes,
        uint40 start,
        uint40 end,
        uint40 deadline
    ) external returns (bytes32 licence);
    /// @notice Ask the owner of `asset` for a licence for the caller's organisation
    /// (checked as `grant` checks it; `start` zero means from the grant). Returns its id.
    function request(
        bytes32 asset,
        bytes32 terms,
        uint64 purposes,
        uint40 start,
        uint40 end
    ) external returns (bytes32 licence);
    /// @notice Accept a pending proposal, putting the licence in force: an offer (by an
    /// operator of its licensee, by the deadline, while its offeror is active and still
    /// the asset's owner; for a sublicence offer while its sublicensor is active and the
    /// parent licence live, ACTIVE and unexpired, with fewer than MAX_SUBLICENCES) or a
    /// request (by an operator of the asset's owner: the grant). A start in the past
    /// moves to the acceptance time. Reverts OrgNotActive (the registry's) naming an
    /// inactive offeror, WrongStatus naming an ended parent.
    function accept(bytes32 asset, bytes32 licence) external;
    /// @notice Decline a pending proposal: an offer (its licensee) or a request (the
    /// asset's owner).
    function decline(bytes32 asset, bytes32 licence) external;
    /// @notice Withdraw a pending proposal: an offer (the asset's owner; a sublicence
    /// offer also its sublicensor) or a request (its licensee).
    function withdraw(bytes32 asset, bytes32 licence) external;
    /// @notice Offer `sublicensee` (an active org) a sublicence of `asset` under the
    /// caller's licence `parent`, to be accepted by `deadline` (inclusive, before `end`):
    /// only its licensee's operator, only while it is active and unexpired, only when its
    /// terms allow sublicensing, never beyond its purposes or window (`start` zero: from
    /// acceptance). The sublicensee accepts, declines or lets it lapse; the offer takes
    /// none of its places until accepted. A sublicence cannot be sublicensed again and
    /// ends when its parent is revoked or renounced. Returns the sublicence id.
    function sublicense(
        bytes32 asset,
        bytes32 parent,
        bytes16 sublicensee,
        uint64 purposes,
        uint40 start,
        uint40 end,
        uint40 deadline
    ) external returns (bytes32 licence);
    /// @notice Revoke `licence` (active and unexpired, started or not) for `reason` (a
    /// RevocationReason number, BREACH..OTHER) citing `noteHash`: an operator of the
    /// asset's CURRENT owner, or for a sublicence also of its sublicensor. Its sublicences
    /// are revoked with it.
    function revoke(bytes32 asset, bytes32 licence, uint8 reason, bytes32 noteHash) external;
    /// @notice Give up `licence` (active and unexpired): an operator of its licensee. Its
    /// sublicences are revoked with it.
    function renounce(bytes32 asset, bytes32 licence) external;
    /// @notice Record an access to `asset` under `licence` for `purpose` (exactly one
    /// purpose bit, one of the licence's: NotOnePurpose, PurposeNotLicensed otherwise), `accessHash` naming what was accessed: an operator of the licensee or of
    /// the asset's owner (the data provider). Reverts unless the licence is in force now
    /// and its licensee active. Stores nothing: the event is the receipt.
    function recordAccess(bytes32 asset, bytes32 licence, uint64 purpose, bytes32 accessHash) external;

    /// @notice The ConsortiumRegistry consulted for who may act.
    function registry() external view returns (address);
    /// @notice The IPRegistry whose assets are licensed and whose owners are the licensors.
    function ipRegistry() external view returns (address);
    /// @notice The published terms `id` (zeroed when unknown), who published them and when.
    function getTerms(bytes32 id) external view returns (Terms memory terms, bytes16 publisher, uint40 publishedAt);
    /// @notice Whether terms with this id were published.
    function termsPublished(bytes32 id) external view returns (bool);
    /// @notice The licence `licence` on `asset` (zeroed when unknown).
    function getLicence(bytes32 asset, bytes32 licence) external view returns (Licence memory);
    /// @notice The effective status of `licence` on `asset` (NONE when unknown).
    function statusOf(bytes32 asset, bytes32 licence) external view returns (LicenceStatus);
    /// @notice The sublicences of `licence` (accepted sublicence offers), in order of acceptance.
    function sublicencesOf(bytes32 asset, bytes32 licence) external view returns (bytes32[] memory);
    /// @notice The number of licences, offers and requests ever made for `org` on `asset`:
    /// the nonce of the next one.
    function proposalCount(bytes32 asset, bytes16 org) external view returns (uint32);
    /// @notice The id of terms: `keccak256(abi.encode(terms))`.
    function termsIdOf(Terms calldata terms) external pure returns (bytes32);
    /// @notice The id of a licence: `keccak256(abi.encode(asset, licensee, basis, nonce))`,
    /// `basis` being its terms id (its parent licence id for a sublicence).
    function licenceIdOf(bytes32 asset, bytes16 licensee, bytes32 basis, uint32 nonce) external pure returns (bytes32);
}
