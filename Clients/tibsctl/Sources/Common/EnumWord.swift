/// Words for the values of an enum tibsctl knows at compile time (`ActionStep`, `MatchStateWord`),
/// read with the spelling of every enum flag (``DescriptorPool/EnumType/protoName(spelled:)``): the
/// hyphenated word or the proto name, in any case, with `-`, `_` or a space between words.
protocol EnumWord: RawRepresentable, CaseIterable, Sendable where RawValue == String {
    /// The prefix every proto name of the enum starts with: "MATCH_STATE_".
    static var protoPrefix: String { get }
}

extension EnumWord {
    /// "MATCH_STATE_IN_DISCUSSION" for "in-discussion".
    var enumName: String { Self.protoPrefix + EnumText.protoWords(rawValue) }

    /// The value for `word` among `choices`; anything else is refused naming the choices.
    static func parse(_ word: String, flag: String, among choices: [Self]) throws(CLIFailure) -> Self {
        var wanted = EnumText.protoWords(word)
        if wanted.hasPrefix(protoPrefix) { wanted = String(wanted.dropFirst(protoPrefix.count)) }
        guard let value = choices.first(where: { EnumText.protoWords($0.rawValue) == wanted }) else {
            throw CLIFailure.usage("\(flag): " + EnumText.refusal(TerminalText.escape(word), choices: choices.map(\.rawValue),
                                                                  example: choices.first?.enumName))
        }
        return value
    }
}
