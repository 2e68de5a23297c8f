/// One `--follow NAME=HOST:PORT`: an upstream a service follows, under a name that keys its cursor
/// (so renaming it starts over from sequence 0).
public struct FollowTarget: Sendable, Equatable {
    public var name: String
    public var host: String
    public var port: Int

    public init(name: String, host: String, port: Int) {
        self.name = name
        self.host = host
        self.port = port
    }

    /// Parses `NAME=HOST:PORT` (an IPv6 host in brackets: `name=[::1]:7401`).
    public init(parsing text: String) throws(OptionsError) {
        let refusal = OptionsError(description: "--follow \(text): expected NAME=HOST:PORT, e.g. registry=127.0.0.1:7401")
        guard let equals = text.firstIndex(of: "=") else { throw refusal }
        let name = String(text[..<equals])
        let address = text[text.index(after: equals)...]
        guard let colon = address.lastIndex(of: ":") else { throw refusal }
        var host = String(address[..<colon])
        // A host name or IPv4 address (letters, digits, '-', '.'), or an IPv6 address in brackets:
        // anything else (a second target run in, a space) is refused here, not at connect time.
        var hostCharacters: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
            hostCharacters = { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }),
              !host.isEmpty, host.allSatisfy(hostCharacters),
              let port = Int(address[address.index(after: colon)...]), (1...65_535).contains(port)
        else { throw refusal }
        self.init(name: name, host: host, port: port)
    }
}
