/// A deterministic pseudo-random number generator: xoshiro256** seeded through SplitMix64.
///
/// The same seed gives the same sequence on every platform and Swift version, which is what
/// makes bootstrap intervals reproducible. Prefer `nextIndex(below:)` and `nextUnitInterval()`
/// over the standard library's `random(in:using:)`: the standard library does not promise that
/// its way of turning 64-bit words into bounded values stays the same across releases.
/// Not for cryptographic use.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state0: UInt64
    private var state1: UInt64
    private var state2: UInt64
    private var state3: UInt64

    /// Creates a generator whose whole sequence is determined by `seed` (any value, zero included).
    public init(seed: UInt64) {
        // SplitMix64 spreads the seed over the 256-bit state, as the xoshiro authors recommend; its
        // output function is a bijection, so four consecutive outputs are never all zero (the one
        // state xoshiro must not start from).
        var splitMixState = seed
        func nextSplitMix() -> UInt64 {
            splitMixState &+= 0x9E37_79B9_7F4A_7C15
            var mixed = splitMixState
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
        state0 = nextSplitMix()
        state1 = nextSplitMix()
        state2 = nextSplitMix()
        state3 = nextSplitMix()
    }

    /// The next 64 uniformly distributed bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state1 &* 5, by: 7) &* 9
        let shifted = state1 << 17
        state2 ^= state0
        state3 ^= state1
        state1 ^= state2
        state0 ^= state3
        state2 ^= shifted
        state3 = rotateLeft(state3, by: 45)
        return result
    }

    /// A uniformly distributed integer in `0..<bound`, without modulo bias (Lemire's
    /// multiply-and-reject method). Returns 0 when `bound` is 1 or less, so callers never trap.
    public mutating func nextIndex(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            // Reject the few low words that would make some results more likely than others.
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A uniformly distributed `Double` in `0..<1` with 53 random bits.
    public mutating func nextUnitInterval() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    private func rotateLeft(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }
}
