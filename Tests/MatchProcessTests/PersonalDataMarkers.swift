import Foundation

/// The contact persons' names, e-mail addresses and phone numbers the demo data and the API
/// examples write, by kind: strings that must never appear in an answer to a reader they are
/// withheld from (protobuf carries strings as their UTF-8 bytes, so a byte search finds them in
/// any message, at any depth).
struct PersonalDataMarkers {
    private(set) var byKind: [AccessTable.PersonalData: Set<String>] = [:]

    /// Markers from the demo files (registry, catalogue, policy) and from every example request.
    static func collect(repository: URL, examples: [APIExample]) throws -> PersonalDataMarkers {
        var markers = PersonalDataMarkers()
        let demo: [(String, AccessTable.PersonalData)] = [
            ("Services/Registry/Demo/demo-registry.json", .smeContacts),
            ("Services/Catalogue/Demo/demo-catalogue.json", .catalogueContacts),
            ("Services/Policy/Demo/demo-policy.json", .institutionContacts),
        ]
        for (path, kind) in demo {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: repository.appendingPathComponent(path)))
            markers.add(contactsIn: json, as: kind)
        }
        for example in examples {
            guard let kind = AccessTable.PersonalData.of(method: example.method),
                  let json = try? JSONSerialization.jsonObject(with: Data(example.request.utf8)) else { continue }
            markers.add(contactsIn: json, as: kind)
        }
        return markers
    }

    /// What `reader` must not see: the withheld kinds' markers, less any string that is also a
    /// marker of a kind the reader may see (one person can be an SME's contact and an institution's).
    func withheld(from reader: AccessTable.Reader) -> [String] {
        let kinds = AccessTable.PersonalData.allCases
        let hidden = kinds.filter { $0.isWithheld(from: reader) }.reduce(into: Set<String>()) { $0.formUnion(byKind[$1] ?? []) }
        let shown = kinds.filter { !$0.isWithheld(from: reader) }.reduce(into: Set<String>()) { $0.formUnion(byKind[$1] ?? []) }
        return hidden.subtracting(shown).sorted()
    }

    func count(_ kind: AccessTable.PersonalData) -> Int { byKind[kind]?.count ?? 0 }

    /// Every `contacts: [{…}]` and `contact: {…}` object anywhere in `json`: its name, email and phone.
    private mutating func add(contactsIn json: Any, as kind: AccessTable.PersonalData) {
        if let object = json as? [String: Any] {
            for (key, value) in object {
                if key == "contacts", let people = value as? [[String: Any]] {
                    people.forEach { add(person: $0, as: kind) }
                } else if key == "contact", let person = value as? [String: Any] {
                    add(person: person, as: kind)
                } else {
                    add(contactsIn: value, as: kind)
                }
            }
        } else if let array = json as? [Any] {
            array.forEach { add(contactsIn: $0, as: kind) }
        }
    }

    private mutating func add(person: [String: Any], as kind: AccessTable.PersonalData) {
        for field in ["name", "email", "phone"] {
            // Short strings ("CEO") could occur anywhere; names, addresses and numbers cannot.
            guard let value = person[field] as? String, value.count >= 6 else { continue }
            byKind[kind, default: []].insert(value)
        }
    }
}
