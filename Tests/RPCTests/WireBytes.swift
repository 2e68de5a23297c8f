/// A minimal protobuf wire encoder and decoder written for the tests, independent of SwiftProtobuf,
/// so the raw-socket tests pin the bytes of the protocol rather than the library's view of them.
enum Wire {
    static func varint(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    static func field(_ number: UInt64, varint value: UInt64) -> [UInt8] { varint(number << 3) + varint(value) }
    static func field(_ number: UInt64, bytes value: [UInt8]) -> [UInt8] { varint(number << 3 | 2) + varint(UInt64(value.count)) + value }
    static func field(_ number: UInt64, string value: String) -> [UInt8] { field(number, bytes: Array(value.utf8)) }

    /// Prefixes a frame body with its big-endian 32-bit length.
    static func frame(_ body: [UInt8]) -> [UInt8] {
        let n = UInt32(body.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + body
    }

    /// Frame{call_id, open: Open{method, metadata, payload?, half_close}}
    static func open(callID: UInt64, method: String, metadata: [String: String] = [:], payload: [UInt8]? = nil, halfClose: Bool = true) -> [UInt8] {
        var open = field(1, string: method)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            open += field(3, bytes: field(1, string: key) + field(2, string: value))
        }
        if let payload { open += field(4, bytes: payload) }
        if halfClose { open += field(5, varint: 1) }
        return frame(field(1, varint: callID) + field(2, bytes: open))
    }

    typealias Fields = [(number: UInt64, varint: UInt64?, bytes: [UInt8]?)]

    /// Decodes one message's top-level fields (varint and length-delimited only).
    static func fields(_ bytes: [UInt8]) -> Fields? {
        var result: Fields = []
        var index = 0
        func readVarint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count, shift < 64 {
                let byte = bytes[index]
                index += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }
        while index < bytes.count {
            guard let key = readVarint() else { return nil }
            switch key & 7 {
            case 0:
                guard let value = readVarint() else { return nil }
                result.append((key >> 3, value, nil))
            case 2:
                guard let length = readVarint(), index + Int(length) <= bytes.count else { return nil }
                result.append((key >> 3, nil, Array(bytes[index..<index + Int(length)])))
                index += Int(length)
            default:
                return nil
            }
        }
        return result
    }

    /// Splits a received byte stream into frame bodies.
    static func frames(_ stream: [UInt8]) -> [[UInt8]] {
        var bodies: [[UInt8]] = []
        var index = 0
        while index + 4 <= stream.count {
            let length = Int(stream[index]) << 24 | Int(stream[index + 1]) << 16 | Int(stream[index + 2]) << 8 | Int(stream[index + 3])
            guard index + 4 + length <= stream.count else { break }
            bodies.append(Array(stream[index + 4..<index + 4 + length]))
            index += 4 + length
        }
        return bodies
    }

    /// A decoded server frame, as far as the tests need it.
    struct ServerFrame: Equatable {
        var callID: UInt64 = 0
        var closeCode: Int64?
        var closePayload: [UInt8]?
        var closeDetail: String?
        var closeTrailers: [String: String] = [:]
        var goAwayCode: Int64?
        var goAwayDetail: String?
        var ping: UInt64?
        var pong: UInt64?
    }

    /// Frame{call_id 0, pong: Pong{data}}
    static func pong(_ data: UInt64) -> [UInt8] { frame(field(8, bytes: field(1, varint: data))) }
    /// Frame{call_id 0, ping: Ping{data}}
    static func ping(_ data: UInt64) -> [UInt8] { frame(field(7, bytes: field(1, varint: data))) }

    static func serverFrame(_ body: [UInt8]) -> ServerFrame? {
        guard let top = fields(body) else { return nil }
        var frame = ServerFrame()
        for field in top {
            switch field.number {
            case 1: frame.callID = field.varint ?? 0
            case 5:
                frame.closeCode = 0
                for inner in fields(field.bytes ?? []) ?? [] {
                    if inner.number == 1 { frame.closeCode = Int64(Int32(truncatingIfNeeded: inner.varint ?? 0)) }
                    if inner.number == 2 { frame.closeDetail = String(decoding: inner.bytes ?? [], as: UTF8.self) }
                    if inner.number == 5 { frame.closePayload = inner.bytes }
                    if inner.number == 4 {
                        let entry = fields(inner.bytes ?? []) ?? []
                        let key: [UInt8] = entry.first(where: { $0.number == 1 })?.bytes ?? []
                        let value: [UInt8] = entry.first(where: { $0.number == 2 })?.bytes ?? []
                        frame.closeTrailers[String(decoding: key, as: UTF8.self)] = String(decoding: value, as: UTF8.self)
                    }
                }
            case 7:
                frame.ping = 0
                for inner in fields(field.bytes ?? []) ?? [] where inner.number == 1 { frame.ping = inner.varint }
            case 8:
                frame.pong = 0
                for inner in fields(field.bytes ?? []) ?? [] where inner.number == 1 { frame.pong = inner.varint }
            case 9:
                frame.goAwayCode = 0
                for inner in fields(field.bytes ?? []) ?? [] {
                    if inner.number == 1 { frame.goAwayCode = Int64(inner.varint ?? 0) }
                    if inner.number == 2 { frame.goAwayDetail = String(decoding: inner.bytes ?? [], as: UTF8.self) }
                }
            default: break
            }
        }
        return frame
    }
}
