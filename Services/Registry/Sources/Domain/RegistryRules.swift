import Foundation
import TIBSDomain

/// Length limits of the registry's text fields, in grapheme clusters (``TextRules/length(_:)``).
public enum RegistryLimits {
    public static let name = 200
    public static let registrationID = 40
    public static let description = 4_000
    public static let website = 500
    public static let shortText = 200
    public static let surveyText = 2_000
    public static let note = 500
    public static let keyword = 50
    public static let codesPerList = 20
    public static let languages = 20
    public static let contacts = 20
    public static let keywords = 20
    public static let countries = 60
}

/// The registry's domain rules over the loaded code lists: each `validate` checks every
/// field, reports all broken rules at once (field paths in proto names, relative to the
/// request's `fields`), and returns the value in canonical form (trimmed text, canonical
/// codes, default code-list versions filled in). Rules that need stored data (unique
/// registration id, the assigned broker exists) belong to the registry service.
public struct RegistryRules: Sendable {
    public let codes: CodeLists
    /// The code-list, region and contact rules every service shares.
    public let shared: CodeRules

    public init(codes: CodeLists = .bundled) {
        self.codes = codes
        self.shared = CodeRules(codes: codes)
    }

    public func validate(_ input: SMEProfile) throws(ValidationErrors) -> SMEProfile {
        var profile = input
        var v = Validator()
        profile.legalName = TextRules.trimmed(profile.legalName)
        if v.require(profile.legalName, field: "legal_name") {
            v.checkText(profile.legalName, max: RegistryLimits.name, field: "legal_name")
        }
        profile.region = shared.region(profile.region, field: "region", &v)
        profile.registrationID = TextRules.trimmed(profile.registrationID)
        if v.require(profile.registrationID, field: "registration_id") {
            v.checkText(profile.registrationID, max: RegistryLimits.registrationID, field: "registration_id")
            v.check(profile.registrationID.unicodeScalars.allSatisfy { Self.registrationScalars.contains($0) }
                        && profile.registrationKey.count >= 2,
                    field: "registration_id", "must be a VAT or register number: letters A-Z, digits, spaces, '.', '-', '/'")
        }
        figures(profile.figures, &v)
        profile.naceCodes = shared.nace(profile.naceCodes, field: "nace_codes", required: true, max: RegistryLimits.codesPerList, &v)
        profile.s3Areas = shared.s3(profile.s3Areas, field: "s3_areas", max: RegistryLimits.codesPerList, &v)
        v.checkText(profile.description, max: RegistryLimits.description, field: "description", multiline: true)
        profile.languages = shared.languages(profile.languages, field: "languages", max: RegistryLimits.languages, &v)
        profile.website = TextRules.trimmed(profile.website)
        if v.checkText(profile.website, max: RegistryLimits.website, field: "website") {
            v.checkURL(profile.website, field: "website")
        }
        profile.assignedBrokerID = TextRules.trimmed(profile.assignedBrokerID)
        if !profile.assignedBrokerID.isEmpty {
            v.check(UUIDv7Generator.isValid(profile.assignedBrokerID), field: "assigned_broker_id", "must be a broker id (a UUID)")
        }
        let contactsCounted = v.checkCount(profile.contacts.count, max: RegistryLimits.contacts, field: "contacts", "contact persons")
        for index in profile.contacts.indices where contactsCounted {
            v.nested(Validator.index("contacts", index)) { v in
                profile.contacts[index] = shared.contact(profile.contacts[index], &v)
            }
        }
        try v.throwIfAny()
        return profile
    }

    /// The size class of valid figures (``validate(_:)-(SMEProfile)`` guarantees there is one).
    public func sizeClass(_ figures: EnterpriseFigures) -> SizeClass {
        SMEDefinition.sizeClass(of: figures) ?? .medium
    }

    func figures(_ figures: EnterpriseFigures, _ v: inout Validator) {
        v.check(figures.headcount >= 1, field: "headcount", "must be at least 1 (staff headcount in annual work units)")
        v.check(figures.headcount < SMEDefinition.headcountLimit, field: "headcount",
                "must be below \(SMEDefinition.headcountLimit): larger enterprises are not SMEs (EU definition \(SMEDefinition.version))")
        if figures.annualTurnoverEUR > SMEDefinition.turnoverLimit, figures.balanceSheetTotalEUR > SMEDefinition.balanceSheetLimit {
            v.add(field: "annual_turnover_eur",
                  "turnover above EUR 50 M together with a balance sheet above EUR 43 M is not an SME (EU definition \(SMEDefinition.version))")
        }
    }

    static let registrationScalars = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .-/".unicodeScalars)

}
