// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Bpn
/// @notice Well-formedness of Catena-X Business Partner Numbers held as `bytes16`: a
/// four-letter prefix (`BPNL` for a legal entity, `BPNS` for a site) followed by 12
/// alphanumeric ASCII characters.
/// @dev The 12 trailing characters are checked at once (SWAR) instead of in a byte loop:
/// for a byte c < 0x80, c + (0x80 - k) has its high bit set exactly when c >= k, with no
/// carry into the next byte. That keeps the check cheap on the hot admission path.
library Bpn {
    /// @dev The high bit of each of the 12 trailing bytes.
    uint96 private constant _HIGH = 0x808080808080808080808080;

    /// @notice Whether `bpnl` is a well-formed BPNL: `BPNL` + 12 of [0-9A-Z].
    /// @param bpnl the candidate, ASCII, filling all 16 bytes
    /// @return whether it is well-formed
    function isValidBpnl(bytes16 bpnl) internal pure returns (bool) {
        uint96 tail = uint96(uint128(bpnl));
        return bytes4(bpnl) == "BPNL" && (tail & _HIGH) == 0 && _digitOrUpper(tail) == _HIGH;
    }

    /// @notice Whether `bpns` is a well-formed BPNS: `BPNS` + 12 of [0-9A-Za-z].
    /// @param bpns the candidate, ASCII, filling all 16 bytes
    /// @return whether it is well-formed
    function isValidBpns(bytes16 bpns) internal pure returns (bool) {
        uint96 tail = uint96(uint128(bpns));
        return bytes4(bpns) == "BPNS" && (tail & _HIGH) == 0 && (_digitOrUpper(tail) | _lower(tail)) == _HIGH;
    }

    /// @notice The high bit of each byte of `tail` that is a digit or an upper-case letter.
    /// @dev A byte c is in [k1, k2] when the high bit of c + (0x80 - k1) is set and that of
    /// c + (0x80 - k2 - 1) is clear. Every byte of `tail` must be below 0x80 (ASCII), or
    /// the sums carry into the next byte.
    /// @param tail the 12 characters after the prefix
    /// @return the bytes in [0-9] or [A-Z], marked by their high bit
    function _digitOrUpper(uint96 tail) private pure returns (uint96) {
        unchecked {
            uint96 digit = (tail + 0x505050505050505050505050) & ~(tail + 0x464646464646464646464646);
            uint96 upper = (tail + 0x3f3f3f3f3f3f3f3f3f3f3f3f) & ~(tail + 0x252525252525252525252525);
            return (digit | upper) & _HIGH;
        }
    }

    /// @notice The high bit of each byte of `tail` that is a lower-case letter.
    /// @dev As `_digitOrUpper`, for [a-z]; every byte of `tail` must be below 0x80.
    /// @param tail the 12 characters after the prefix
    /// @return the bytes in [a-z], marked by their high bit
    function _lower(uint96 tail) private pure returns (uint96) {
        unchecked {
            return (tail + 0x1f1f1f1f1f1f1f1f1f1f1f1f) & ~(tail + 0x050505050505050505050505) & _HIGH;
        }
    }
}
