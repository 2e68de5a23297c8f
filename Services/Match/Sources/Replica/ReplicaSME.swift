/// What the replica keeps of a followed SME for scoring, teasers and duplicates (no contacts:
/// the registry's feed never carries them).
struct ReplicaSME: Sendable, Hashable {
    var id: QualifiedID
    var legalName: String
    var registrationID: String
    var country: String
    var nuts: String
    var naceCodes: [String]
    var s3Areas: [String]
    /// The registry's InternationalisationStage number (0 unknown … 5 established abroad).
    var stage: Int
    /// The registry's SizeClass number (0 unknown, 1 micro, 2 small, 3 medium).
    var sizeClass: Int

    /// "an SME in LV008, NACE 62.01, 10-49 staff": no name, contacts or website.
    var teaser: String {
        var parts = ["an SME in \(nuts)"]
        if let nace = naceCodes.first { parts.append("NACE \(nace)") }
        switch sizeClass {
        case 1: parts.append("1-9 staff")
        case 2: parts.append("10-49 staff")
        case 3: parts.append("50-249 staff")
        default: break
        }
        return parts.joined(separator: ", ")
    }
}
