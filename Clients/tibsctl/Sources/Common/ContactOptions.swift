import ArgumentParser

/// The flags of one contact person (personal data: recorded only with `--consent`).
struct ContactOptions: ParsableArguments {
    @Option(name: .customLong("contact-name"), help: "A contact person (needs --consent).") var contactName: String?
    @Option(name: .customLong("contact-email")) var contactEmail: String?
    @Option(name: .customLong("contact-phone")) var contactPhone: String?
    @Option(name: .customLong("contact-job-title")) var contactJobTitle: String?
    @Flag(name: .long, help: "The contact person consented to being recorded.") var consent = false

    /// The ContactPerson, nil when no --contact-name is given.
    var json: JSONValue? {
        guard let contactName else { return nil }
        return object([("name", .string(contactName)), ("email", contactEmail.map(JSONValue.string)),
                       ("phone", contactPhone.map(JSONValue.string)), ("jobTitle", contactJobTitle.map(JSONValue.string)),
                       ("consentGiven", .bool(consent))])
    }
}
