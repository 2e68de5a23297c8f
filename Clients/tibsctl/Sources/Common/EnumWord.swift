/// Words for the values of an enum tibsctl knows at compile time (`ActionStep`, `MatchStateWord`),
/// read with the spelling of every enum flag (``DescriptorPool/EnumType/protoName(spelled:)``): the
/// hyphenated word or the proto name, in any case, with `-`, `_` or a space between words.
protocol EnumWord: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    /// The prefix every proto name of the enum starts with: "MATCH_STATE_".
    static var protoPrefix: String { get }
}

extension EnumWord {
    /// "MATCH_STATE_IN_DISCUSSION" for "in-discussion".
    var enumName: String { Self.protoPrefix + rawValue.uppercased().replacingOccurrences(of: "-", with: "_") }

    /// The value for `word` among `choices`; anything else is refused naming the choices.
    static func parse(_ word: String, flag: String, among choices: [Self]) throws(CLIFailure) -> Self {
        var wanted = word.trimmingCharacters(in: .whitespaces).lowercased()
            .replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-")
        let prefix = protoPrefix.lowercased().replacingOccurrences(of: "_", with: "-")
        if wanted.hasPrefix(prefix) { wanted = String(wanted.dropFirst(prefix.count)) }
        guard let value = choices.first(where: { $0.rawValue == wanted }) else {
            throw CLIFailure.usage("\(flag): '\(TerminalText.escape(word))' is not one of \(choices.map(\.rawValue).joined(separator: ", "))"
                                   + (choices.first.map { " (or the proto names, \($0.enumName), …; any case)" } ?? ""))
        }
        return value
    }
}
