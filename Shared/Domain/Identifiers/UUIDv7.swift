import Foundation
import NIOConcurrencyHelpers

/// Entity ids of every TIBS service: UUIDv7 (RFC 9562), lower-case text.
///
/// Why v7: ids must be unique across the registries of several regions that one match
/// service follows, so they carry 74 random bits; and they start with the creation time in
/// milliseconds, so ids sort by age and a B-tree keyed on them appends at the end instead of
/// splitting pages at random.
///
/// One generator per process is enough. Within one millisecond it counts up in the 12 bits
/// after the timestamp (RFC 9562 method 1), so the ids one generator hands out are strictly
/// increasing even when the clock stands still or steps back.
public final class UUIDv7Generator: Sendable {
    private struct State {
        var lastMillis: UInt64 = 0
        var counter: UInt16 = 0
    }
    private let state = NIOLockedValueBox(State())
    private let clock: @Sendable () -> Date

    public init(clock: @escaping @Sendable () -> Date = { Date() }) {
        self.clock = clock
    }

    /// The process-wide generator on the system clock.
    public static let shared = UUIDv7Generator()

    /// A new id, e.g. `01936f4c-6d2e-7a31-9b0c-4d5e6f708192`.
    public func next() -> String {
        let now = UInt64(max(0, clock().timeIntervalSince1970 * 1000))
        let (millis, counter): (UInt64, UInt16) = state.withLockedValue { state in
            if now > state.lastMillis {
                state.lastMillis = now
                state.counter = UInt16.random(in: 0...0x3FF)  // leaves room to count up
            } else if state.counter < 0xFFF {
                state.counter += 1
            } else {
                state.lastMillis += 1  // 4096 ids in one millisecond: borrow the next one
                state.counter = 0
            }
            return (state.lastMillis, state.counter)
        }
        return Self.format(millis: millis, counter: counter, random: UInt64.random(in: 0...UInt64.max))
    }

    /// The text of a UUIDv7 with these parts (exposed for tests). Written straight into the
    /// string's 36 bytes: every create makes one, and per-byte strings cost more than the rest.
    static func format(millis: UInt64, counter: UInt16, random: UInt64) -> String {
        let high = (millis & 0xFFFF_FFFF_FFFF) << 16 | 0x7000 | UInt64(counter & 0x0FFF)
        let low = random & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // RFC 9562 variant
        return String(unsafeUninitializedCapacity: 36) { text in
            var position = 0
            for nibble in 0..<32 {
                if nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                let word = nibble < 16 ? high : low
                let value = Int(truncatingIfNeeded: word >> UInt64(60 - 4 * (nibble % 16))) & 0xF
                text[position] = value < 10 ? UInt8(ascii: "0") + UInt8(value) : UInt8(ascii: "a") + UInt8(value - 10)
                position += 1
            }
            return position
        }
    }

    /// True for the canonical text of a UUIDv7 as ``next()`` writes it: lower-case hex,
    /// 8-4-4-4-12, version 7, RFC 9562 variant. Use it to reject malformed ids before a lookup.
    public static func isValid(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 36 else { return false }
        for (index, scalar) in scalars.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard scalar == "-" else { return false }
            } else {
                guard ("0"..."9").contains(scalar) || ("a"..."f").contains(scalar) else { return false }
            }
        }
        return scalars[14] == "7" && "89ab".unicodeScalars.contains(scalars[19])
    }
}
