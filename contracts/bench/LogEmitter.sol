// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title LogEmitter
/// @notice Benchmark helper: emits many logs per transaction from templates, so the event
/// index can be measured over a million events of the suite's own event signatures
/// (bench/tooling_events.py deploys one per suite contract and indexes them with the
/// suite's ABIs). Stores nothing, checks nothing. Not part of the deployed suite.
contract LogEmitter {
    /// @notice A 32-byte word of a template that varies from copy to copy: word 0..3 is a
    /// topic, 4 + k the k-th word of the data. With no `choices` the copy numbered `n`
    /// holds the template's word plus `n * step` (a step of 2**128 counts in a left-aligned
    /// bytes16), else `choices[n % choices.length]`.
    struct LogPatch {
        uint256 word;
        uint256 step;
        bytes32[] choices;
    }

    /// @notice One log: its topics (1 to 4, the first being the event's signature hash),
    /// its data and the words that vary.
    struct LogTemplate {
        bytes32[] topics;
        bytes data;
        LogPatch[] patches;
    }

    /// @notice A template has no topic or more than four.
    error BadTopics(uint256 index, uint256 topics);

    /// @notice A patch names a word the template does not have.
    error BadPatch(uint256 index, uint256 word);

    /// @notice Emit, for every template in turn, the copies numbered `first` to
    /// `first + count - 1`.
    function emitMany(LogTemplate[] calldata templates, uint256 first, uint256 count) external {
        for (uint256 t = 0; t < templates.length; ++t) {
            _emitCopies(t, templates[t], first, count);
        }
    }

    function _emitCopies(uint256 index, LogTemplate calldata template, uint256 first, uint256 count) private {
        bytes32[] memory topics = template.topics;
        bytes memory data = template.data;
        uint256 topicCount = topics.length;
        if (topicCount == 0 || topicCount > 4) revert BadTopics(index, topicCount);
        LogPatch[] memory patches = template.patches;
        uint256[] memory bases = new uint256[](patches.length);
        for (uint256 p = 0; p < patches.length; ++p) {
            uint256 word = patches[p].word;
            if (word < 4 ? word >= topicCount : (word - 4) * 32 + 32 > data.length) revert BadPatch(index, word);
            bases[p] = uint256(word < 4 ? topics[word] : _wordAt(data, word - 4));
        }
        for (uint256 n = first; n < first + count; ++n) {
            for (uint256 p = 0; p < patches.length; ++p) {
                bytes32[] memory choices = patches[p].choices;
                bytes32 value = choices.length == 0 ? bytes32(bases[p] + n * patches[p].step) : choices[n % choices.length];
                uint256 word = patches[p].word;
                if (word < 4) topics[word] = value;
                else _setWordAt(data, word - 4, value);
            }
            _log(topics, data);
        }
    }

    // A benchmark helper: the templates' words are read and patched in place in memory, and
    // a log with a number of topics known only at run time needs the LOG0..LOG4 opcodes.
    function _wordAt(bytes memory data, uint256 k) private pure returns (bytes32 value) {
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            value := mload(add(add(data, 32), mul(k, 32)))
        }
    }

    function _setWordAt(bytes memory data, uint256 k, bytes32 value) private pure {
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            mstore(add(add(data, 32), mul(k, 32)), value)
        }
    }

    function _log(bytes32[] memory topics, bytes memory data) private {
        uint256 count = topics.length;
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            let start := add(data, 32)
            let size := mload(data)
            let t := add(topics, 32)
            switch count
            case 1 {
                log1(start, size, mload(t))
            }
            case 2 {
                log2(start, size, mload(t), mload(add(t, 32)))
            }
            case 3 {
                log3(start, size, mload(t), mload(add(t, 32)), mload(add(t, 64)))
            }
            default {
                log4(start, size, mload(t), mload(add(t, 32)), mload(add(t, 64)), mload(add(t, 96)))
            }
        }
    }
}
