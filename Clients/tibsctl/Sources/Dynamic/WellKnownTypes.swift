import Foundation

/// The well-known types whose JSON form is not an object of their fields: Timestamp (RFC 3339),
/// Duration ("1.5s") and the wrappers (the bare value). Empty needs nothing special.
extension DynamicJSON {
    static let wrapperTypes: Set<String> = [
        "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
        "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
        "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue",
    ]

    func wellKnownJSON(_ bytes: [UInt8], range: Range<Int>, type: DescriptorPool.MessageType) throws(DynamicJSONError) -> JSONValue? {
        switch type.fullName {
        case "google.protobuf.Timestamp", "google.protobuf.Duration":
            let (seconds, nanos) = try secondsAndNanos(bytes, range: range, type: type)
            if type.fullName == "google.protobuf.Timestamp" {
                guard let text = Timestamps.format(seconds: seconds, nanos: nanos) else {
                    throw .malformedBinary(type: type.fullName, reason: "time out of range")
                }
                return .string(text)
            }
            return .string(Timestamps.formatDuration(seconds: seconds, nanos: nanos))
        case let name where Self.wrapperTypes.contains(name):
            var plain = DescriptorPool.MessageType(fullName: name + "#plain", fields: type.fields, isMapEntry: false,
                                                   byName: type.byName, byNumber: type.byNumber)
            plain = DescriptorPool.MessageType(fullName: plain.fullName, fields: plain.fields.map { field in
                DescriptorPool.Field(name: field.name, jsonName: field.jsonName, number: field.number, type: field.type,
                                     typeName: field.typeName, isRepeated: false, tracksPresence: true)
            }, isMapEntry: false, byName: type.byName, byNumber: type.byNumber)
            let inner = try json(bytes, range: range, type: plain)
            if let value = inner["value"] { return value }
            guard let field = type.field(number: 1) else { return .null }
            switch field.type {
            case .bool: return .bool(false)
            case .string, .bytes: return .string("")
            case .int64, .uint64: return .string("0")
            default: return .number("0")
            }
        default:
            return nil
        }
    }

    func wellKnownBinary(_ json: JSONValue, type: DescriptorPool.MessageType, path: String) throws(DynamicJSONError) -> [UInt8]? {
        switch type.fullName {
        case "google.protobuf.Timestamp":
            guard case .string(let text) = json, let (seconds, nanos) = Timestamps.parse(text) else {
                throw .invalidValue(path: path, reason: "expected an RFC 3339 time such as \"2024-05-01T12:00:00Z\"")
            }
            return Self.secondsAndNanosBytes(seconds: seconds, nanos: nanos)
        case "google.protobuf.Duration":
            guard case .string(let text) = json, let (seconds, nanos) = Timestamps.parseDuration(text) else {
                throw .invalidValue(path: path, reason: "expected a duration such as \"1.5s\"")
            }
            return Self.secondsAndNanosBytes(seconds: seconds, nanos: nanos)
        case let name where Self.wrapperTypes.contains(name):
            if case .object = json { return nil }  // {"value": ...} is accepted as well
            return try encode(.object([JSONMember("value", json)]), type: DescriptorPool.MessageType(
                fullName: name + "#plain", fields: type.fields, isMapEntry: false, byName: type.byName, byNumber: type.byNumber), path: path)
        default:
            return nil
        }
    }

    private func secondsAndNanos(_ bytes: [UInt8], range: Range<Int>, type: DescriptorPool.MessageType) throws(DynamicJSONError) -> (Int64, Int32) {
        var reader = WireReader(bytes, range: range)
        var seconds: Int64 = 0
        var nanos: Int32 = 0
        do throws(WireReader.Malformed) {
            while !reader.isAtEnd {
                let (number, wireType) = try reader.tag()
                switch (number, wireType) {
                case (1, .varint): seconds = Int64(bitPattern: try reader.varint())
                case (2, .varint): nanos = Int32(truncatingIfNeeded: try reader.varint())
                default: try reader.skip(wireType)
                }
            }
        } catch {
            throw .malformedBinary(type: type.fullName, reason: error.reason)
        }
        return (seconds, nanos)
    }

    private static func secondsAndNanosBytes(seconds: Int64, nanos: Int32) -> [UInt8] {
        var writer = WireWriter()
        if seconds != 0 { writer.tag(1, .varint); writer.varint(UInt64(bitPattern: seconds)) }
        if nanos != 0 { writer.tag(2, .varint); writer.varint(UInt64(bitPattern: Int64(nanos))) }
        return writer.bytes
    }
}

/// RFC 3339 times and protobuf durations, computed on the proleptic Gregorian calendar in UTC
/// (no Foundation calendars: exact for every second from year 1 to 9999).
enum Timestamps {
    static let minSeconds: Int64 = -62_135_596_800  // 0001-01-01T00:00:00Z
    static let maxSeconds: Int64 = 253_402_300_799  // 9999-12-31T23:59:59Z

    static func format(seconds: Int64, nanos: Int32) -> String? {
        guard seconds >= minSeconds, seconds <= maxSeconds, nanos >= 0, nanos < 1_000_000_000 else { return nil }
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secondOfDay / 3600, 2) + ":"
            + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        return text + fraction(nanos) + "Z"
    }

    static func formatDuration(seconds: Int64, nanos: Int32) -> String {
        let negative = seconds < 0 || nanos < 0
        return (negative ? "-" : "") + String(seconds.magnitude) + fraction(Int32(nanos.magnitude)) + "s"
    }

    /// "", ".123", ".123456" or ".123456789": the shortest of 0, 3, 6 or 9 digits that is exact.
    private static func fraction(_ nanos: Int32) -> String {
        guard nanos != 0 else { return "" }
        if nanos % 1_000_000 == 0 { return "." + pad(Int64(nanos / 1_000_000), 3) }
        if nanos % 1000 == 0 { return "." + pad(Int64(nanos / 1000), 6) }
        return "." + pad(Int64(nanos), 9)
    }

    static func parse(_ text: String) -> (Int64, Int32)? {
        let chars = Array(text.utf8)
        guard chars.count >= 20, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
              chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: "t"),
              chars[13] == UInt8(ascii: ":"), chars[16] == UInt8(ascii: ":"),
              let year = digits(chars, 0, 4), let month = digits(chars, 5, 2), let day = digits(chars, 8, 2),
              let hour = digits(chars, 11, 2), let minute = digits(chars, 14, 2), let second = digits(chars, 17, 2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var nanos: Int64 = 0
        if chars[index] == UInt8(ascii: ".") {
            index += 1
            var count = 0
            while index < chars.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(chars[index]) {
                guard count < 9 else { return nil }
                nanos = nanos * 10 + Int64(chars[index] - UInt8(ascii: "0"))
                count += 1
                index += 1
            }
            guard count > 0 else { return nil }
            for _ in count..<9 { nanos *= 10 }
        }
        guard index < chars.count else { return nil }
        var offset: Int64 = 0
        if chars[index] == UInt8(ascii: "Z") || chars[index] == UInt8(ascii: "z") {
            index += 1
        } else if chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-") {
            guard chars.count == index + 6, chars[index + 3] == UInt8(ascii: ":"),
                  let hours = digits(chars, index + 1, 2), let minutes = digits(chars, index + 4, 2), hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (chars[index] == UInt8(ascii: "+") ? 1 : -1)
            index += 6
        } else {
            return nil
        }
        guard index == chars.count else { return nil }
        let seconds = days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        guard seconds >= minSeconds, seconds <= maxSeconds else { return nil }
        return (seconds, Int32(nanos))
    }

    static func parseDuration(_ text: String) -> (Int64, Int32)? {
        guard text.hasSuffix("s") else { return nil }
        var body = Substring(text.dropLast())
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]), !parts[0].hasPrefix("+"), whole <= 315_576_000_000 else { return nil }
        var nanos: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.count <= 9, let value = Int64(fraction), !fraction.hasPrefix("+") else { return nil }
            nanos = value
            for _ in fraction.count..<9 { nanos *= 10 }
        }
        return negative ? (-whole, Int32(-nanos)) : (whole, Int32(nanos))
    }

    private static func digits(_ chars: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for index in start..<start + count {
            guard index < chars.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(chars[index]) else { return nil }
            value = value * 10 + Int64(chars[index] - UInt8(ascii: "0"))
        }
        return value
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
