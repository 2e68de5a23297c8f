/// One spelling of enum values for every place tibsctl reads or prints them — typed flags, CSV
/// columns, `call`'s JSON and tables: the proto name (`SIZE_CLASS_MICRO`) or the short name
/// (`micro`: the proto name without the prefix every value of the enum shares, lower case, words
/// joined by `-`), in any case, with `-`, `_` or a space between words. Tables print the short name.
extension DescriptorPool.EnumType {
    /// The prefix every value shares, up to its last `_` ("SIZE_CLASS_"); empty when they share none.
    var sharedPrefix: String {
        let names = Array(numbers.keys)
        guard var prefix = names.first else { return "" }
        for other in names.dropFirst() {
            while !other.hasPrefix(prefix) { prefix = String(prefix.dropLast()) }
        }
        guard let underscore = prefix.lastIndex(of: "_") else { return "" }
        return String(prefix[...underscore])
    }

    /// "SIZE_CLASS_MICRO" → "micro", "OFFER_KIND_VALUE_CHAIN_PARTNER" → "value-chain-partner".
    func shortName(_ name: String) -> String {
        let prefix = sharedPrefix
        let short = name.hasPrefix(prefix) && name.count > prefix.count ? String(name.dropFirst(prefix.count)) : name
        return EnumText.shortWords(short)
    }

    /// The value's proto name for what a user wrote, nil when it names none. The unspecified value
    /// (number 0) is only taken by its proto name: as a short name it would be a filter matching all.
    func protoName(spelled text: String) -> String? {
        let wanted = EnumText.protoWords(text)
        guard !wanted.isEmpty else { return nil }
        if numbers[wanted] != nil { return wanted }
        let full = sharedPrefix + wanted
        if let number = numbers[full], number != 0 { return full }
        return nil
    }

    /// The short names of the values a user may choose (all but the unspecified one), in number order.
    var choices: [String] {
        numbers.filter { $0.value != 0 }.sorted { $0.value < $1.value }.map { shortName($0.key) }
    }

    /// The refusal of a spelling: "'huge' is not one of micro, small, medium (or the proto names, SIZE_CLASS_MICRO, …; any case)".
    func refusal(_ text: String) -> String {
        EnumText.refusal(text, choices: choices, example: numbers.filter { $0.value != 0 }.min { $0.value < $1.value }?.key)
    }
}

/// What reading an enum from the schema and reading one tibsctl knows at compile time (``EnumWord``)
/// share: how a user's word is normalised, and how a refusal reads.
enum EnumText {
    /// "value chain-partner " → "VALUE_CHAIN_PARTNER": any case, `-`, `_` or a space between words.
    static func protoWords(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).uppercased()
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
    }

    /// "VALUE_CHAIN_PARTNER" → "value-chain-partner".
    static func shortWords(_ name: String) -> String { name.lowercased().replacingOccurrences(of: "_", with: "-") }

    /// "'huge' is not one of micro, small, medium (or the proto names, SIZE_CLASS_MICRO, …; any case)".
    static func refusal(_ text: String, choices: [String], example: String?) -> String {
        "'\(text)' is not one of \(choices.joined(separator: ", "))"
            + (example.map { " (or the proto names, \($0), …; any case)" } ?? "")
    }
}
