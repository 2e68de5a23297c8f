import ArgumentParser

/// "name, job title, email, phone" of a ContactPerson.
func contactCell(_ contact: JSONValue) -> String {
    [contact["name"], contact["jobTitle"], contact["email"], contact["phone"]].compactMap { $0?.cell }.joined(separator: ", ")
}

/// The detail-table rows of an entity's contact persons (`fields.contacts`), and whether they were
/// withheld from this caller or erased: the same for every entity that holds personal data.
func contactRows(_ entity: JSONValue) -> [[String]] {
    var rows: [[String]] = []
    if case .array(let contacts)? = entity[path: "fields", "contacts"] {
        for contact in contacts { rows.append(["contact", contactCell(contact)]) }
    }
    if entity["contactsWithheld"] == .bool(true) { rows.append(["contacts", "withheld (your token may not see personal data)"]) }
    if entity["personalDataErased"] == .bool(true) { rows.append(["personal data", "erased"]) }
    return rows
}

/// The flags and the call of every `… erase ID --yes` command (Erase<Entity>PersonalData): erasure
/// cannot be undone, so it needs `--yes`.
struct EraseOptions: ParsableArguments {
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @Flag(help: "Confirm: erasure cannot be undone.") var yes = false
    @Argument(help: "The id.") var id: String

    func run(_ method: String, service: ServiceEndpoint) async throws {
        guard yes else { throw CLIFailure.usage("erasing personal data cannot be undone: add --yes") }
        try await ServiceClient.with(connection, service: service) { client in
            let result = try await client.unary(method, .object([JSONMember("id", .string(id))]))
            printJSONOrTable(result, asJSON: output.json) {
                Table(header: ["ID", "CONTACTS ERASED", "VERSION"],
                      rows: [[result["id"]?.cell ?? id, result["contactsErased"]?.cell ?? "0", result["version"]?.cell ?? "-"]])
            }
        }
    }
}
