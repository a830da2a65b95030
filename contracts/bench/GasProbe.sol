// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title GasProbe
/// @notice Benchmark helper: measures the gas a contract pays to call a view of another
/// contract (the STATICCALL itself, with its cold account access, and the callee's work),
/// as a consuming contract would pay it. Not part of the deployed suite.
contract GasProbe {
    /// @notice `target` was called with a payload starting with `selector` and used `gasUsed`.
    event Measured(address indexed target, bytes4 indexed selector, uint256 gasUsed);

    /// @notice The call to `target` reverted with `reason`.
    error CallFailed(address target, bytes reason);

    /// @notice STATICCALL `target` with `data` and return the gas it took (reverts with
    /// CallFailed if the call reverts). Use `eth_call` for a cold-state figure without a
    /// transaction, or send it as a transaction to record the `Measured` event.
    function measure(address target, bytes calldata data) external returns (uint256 gasUsed) {
        uint256 before = gasleft();
        // A benchmark probe: any target is allowed, a zero target simply measures nothing.
        // slither-disable-next-line low-level-calls,missing-zero-check
        (bool ok, bytes memory result) = target.staticcall(data);
        gasUsed = before - gasleft();
        if (!ok) revert CallFailed(target, result);
        emit Measured(target, bytes4(data), gasUsed);
    }
}
