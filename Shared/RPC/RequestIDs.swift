import Synchronization

/// Request ids for calls whose client sent none: UUID-shaped strings (version 4 layout).
///
/// A call must not pay a system call for its id (it did: `getrandom` per id was a tenth of the
/// server's event-loop time in the RPC benchmark). Ids are a process-wide counter passed through
/// the splitmix64 finaliser, a bijection, keyed with 128 random bits drawn once: unique within the
/// process for 2^64 calls and unrelated across processes. They are NOT secret: splitmix64 is not a
/// cryptographic permutation, so whoever sees a few ids may predict others. Use them to correlate
/// logs, never as a capability or a secret.
enum RequestIDs {
    private static let keys: (UInt64, UInt64) = {
        var generator = SystemRandomNumberGenerator()
        return (generator.next(), generator.next())
    }()
    private static let counter = Atomic<UInt64>(0)

    static func make() -> String {
        let sequence = counter.add(1, ordering: .relaxed).newValue
        var high = mix(sequence ^ keys.0)
        var low = mix(sequence &+ keys.1)
        high = (high & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000  // version 4
        low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000     // RFC 4122 variant
        return format(high, low)
    }

    /// splitmix64's output function: a bijection on UInt64 that scatters neighbouring inputs.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 8-4-4-4-12 lowercase hex, written straight into the string's storage.
    static func format(_ high: UInt64, _ low: UInt64) -> String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var index = 0
            func put(_ value: UInt64, nibbles: Int) {
                for shift in stride(from: (nibbles - 1) * 4, through: 0, by: -4) {
                    buffer[index] = digits.utf8Start[Int((value >> UInt64(shift)) & 0xF)]
                    index += 1
                }
            }
            func dash() { buffer[index] = UInt8(ascii: "-"); index += 1 }
            put(high >> 32, nibbles: 8); dash()
            put(high >> 16, nibbles: 4); dash()
            put(high, nibbles: 4); dash()
            put(low >> 48, nibbles: 4); dash()
            put(low, nibbles: 12)
            return index
        }
    }
}
