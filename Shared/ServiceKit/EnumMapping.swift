/// A proto enum ⇄ domain enum table, for every service's enums: one list of pairs instead of
/// two switches that must be kept in step. A proto value not in the table (UNSPECIFIED, or a
/// number this build does not know) maps to nil, which the handler reports as a violation or
/// reads as "any"; a domain value not in the table (a kind one side does not offer) maps to
/// the given fallback. Test each table round-trips over the domain's `allCases`.
public struct EnumMapping<Proto: Hashable & Sendable, Domain: Hashable & Sendable>: Sendable {
    private let domainOfProto: [Proto: Domain]
    private let toProto: [Domain: Proto]

    public init(_ pairs: [(Proto, Domain)]) {
        domainOfProto = Dictionary(pairs.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first })
        toProto = Dictionary(pairs.map { ($0.1, $0.0) }, uniquingKeysWith: { first, _ in first })
    }

    public func domain(_ proto: Proto) -> Domain? { domainOfProto[proto] }

    public func proto(_ domain: Domain, otherwise fallback: Proto) -> Proto { toProto[domain] ?? fallback }
}
