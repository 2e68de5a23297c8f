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

    public init(codes: CodeLists = .bundled) {
        self.codes = codes
    }

    /// NACE codes without a version are read as Rev. 2.1, the version registers use since 2025.
    public static let defaultNACEVersion = NACE.rev2_1

    public func validate(_ input: SMEProfile) throws(ValidationErrors) -> SMEProfile {
        var profile = input
        var v = Validator()
        profile.legalName = TextRules.trimmed(profile.legalName)
        if v.require(profile.legalName, field: "legal_name") {
            v.checkText(profile.legalName, max: RegistryLimits.name, field: "legal_name")
        }
        profile.region = region(profile.region, field: "region", &v)
        profile.registrationID = TextRules.trimmed(profile.registrationID)
        if v.require(profile.registrationID, field: "registration_id") {
            v.checkText(profile.registrationID, max: RegistryLimits.registrationID, field: "registration_id")
            v.check(profile.registrationID.unicodeScalars.allSatisfy { Self.registrationScalars.contains($0) }
                        && profile.registrationKey.count >= 2,
                    field: "registration_id", "must be a VAT or register number: letters A-Z, digits, spaces, '.', '-', '/'")
        }
        figures(profile.figures, &v)
        profile.naceCodes = nace(profile.naceCodes, field: "nace_codes", required: true, &v)
        profile.s3Areas = s3(profile.s3Areas, field: "s3_areas", &v)
        v.checkText(profile.description, max: RegistryLimits.description, field: "description", multiline: true)
        profile.languages = profile.languages.map(TextRules.trimmed)
        let languagesCounted = v.checkCount(profile.languages.count, max: RegistryLimits.languages, field: "languages", "languages")
        for (index, language) in profile.languages.enumerated() where languagesCounted {
            v.check(Self.isLanguageCode(language), field: Validator.index("languages", index),
                    "must be an ISO 639-1 language code in lower case, like \"lv\"")
        }
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
                profile.contacts[index] = contact(profile.contacts[index], &v)
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

    func contact(_ input: ContactPerson, _ v: inout Validator) -> ContactPerson {
        var contact = input
        contact.name = TextRules.trimmed(contact.name)
        contact.email = TextRules.trimmed(contact.email)
        contact.phone = TextRules.trimmed(contact.phone)
        contact.jobTitle = TextRules.trimmed(contact.jobTitle)
        if v.require(contact.name, field: "name") { v.checkText(contact.name, max: RegistryLimits.name, field: "name") }
        v.checkEmail(contact.email, field: "email")
        v.check(contact.phone.isEmpty || Self.isPhoneNumber(contact.phone), field: "phone",
                "must be a phone number: 6 to 15 digits, with optional +, spaces, dashes, dots or brackets")
        v.check(!contact.email.isEmpty || !contact.phone.isEmpty, field: "email", "a contact person needs an e-mail address or a phone number")
        v.checkText(contact.jobTitle, max: RegistryLimits.shortText, field: "job_title")
        v.check(contact.consentGiven, field: "consent_given", "personal data is held only with the person's recorded consent")
        return contact
    }

    /// A region: a known NUTS code (level 1–3) of the loaded version, lying in the country.
    public func region(_ input: RegionRef, field: String, _ v: inout Validator) -> RegionRef {
        var region = input
        region.country = Countries.normalize(region.country)
        region.nutsCode = NUTS.normalize(region.nutsCode)
        region.nutsVersion = TextRules.trimmed(region.nutsVersion)
        if region.nutsVersion.isEmpty { region.nutsVersion = codes.nuts.version }
        v.nested(field) { v in
            let countryValid = v.checkCountry(region.country, field: "country")
            guard v.require(region.nutsCode, field: "nuts_code") else { return }
            guard v.check(region.nutsVersion == codes.nuts.version, field: "nuts_version",
                          "NUTS \(region.nutsVersion) is not loaded; this registry uses NUTS \(codes.nuts.version)") else { return }
            guard let known = codes.nuts.region(code: region.nutsCode) else {
                v.add(field: "nuts_code", "is not a NUTS \(codes.nuts.version) region code")
                return
            }
            if countryValid {
                v.check(codes.nuts.isRegion(known.code, inCountry: region.country), field: "nuts_code",
                        "\(known.code) (\(known.name)) is not a region of \(region.country)")
            }
            v.check(known.level >= 1, field: "nuts_code", "must be a region (NUTS level 1 to 3), not a whole country")
        }
        return region
    }

    /// NACE codes in canonical form, version defaulted, each existing in its version, no repeats.
    public func nace(_ input: [VersionedCode], field: String, required: Bool, _ v: inout Validator) -> [VersionedCode] {
        if required { v.check(!input.isEmpty, field: field, "needs at least one NACE code") }
        guard v.checkCount(input.count, max: RegistryLimits.codesPerList, field: field, "codes") else { return input }
        var seen = Set<VersionedCode>()
        return input.enumerated().map { index, raw in
            let version = raw.version.isEmpty ? Self.defaultNACEVersion : TextRules.trimmed(raw.version)
            let code = VersionedCode(code: NACE.normalize(raw.code) ?? TextRules.trimmed(raw.code), version: version)
            let path = Validator.index(field, index)
            if codes.nace.list(version: version) == nil {
                v.add(field: path + ".version", "NACE version must be one of \(codes.nace.versions.joined(separator: ", "))")
            } else if !codes.nace.isValid(code) {
                v.add(field: path + ".code", "'\(raw.code)' is not a NACE Rev. \(version) code")
            } else if !seen.insert(code).inserted {
                v.add(field: path + ".code", "\(code.code) is listed twice")
            }
            return code
        }
    }

    /// S3 area codes of the loaded list, version defaulted, no repeats.
    public func s3(_ input: [VersionedCode], field: String, _ v: inout Validator) -> [VersionedCode] {
        guard v.checkCount(input.count, max: RegistryLimits.codesPerList, field: field, "areas") else { return input }
        var seen = Set<String>()
        return input.enumerated().map { index, raw in
            let code = VersionedCode(code: S3Areas.normalize(raw.code), version: raw.version.isEmpty ? codes.s3.version : TextRules.trimmed(raw.version))
            let path = Validator.index(field, index)
            if code.version != codes.s3.version {
                v.add(field: path + ".version", "S3 list \(code.version) is not loaded; this registry uses \(codes.s3.version)")
            } else if !codes.s3.isValid(code: code.code) {
                v.add(field: path + ".code", "'\(raw.code)' is not an S3 area of list \(codes.s3.version)")
            } else if !seen.insert(code.code).inserted {
                v.add(field: path + ".code", "\(code.code) is listed twice")
            }
            return code
        }
    }

    /// ISO 3166-1 alpha-2 codes, no repeats.
    func countries(_ input: [String], field: String, _ v: inout Validator) -> [String] {
        guard v.checkCount(input.count, max: RegistryLimits.countries, field: field, "countries") else { return input }
        var seen = Set<String>()
        return input.enumerated().map { index, raw in
            let code = Countries.normalize(raw)
            if v.checkCountry(code, field: Validator.index(field, index)) {
                v.check(seen.insert(code).inserted, field: Validator.index(field, index), "\(code) is listed twice")
            }
            return code
        }
    }

    static let registrationScalars = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .-/".unicodeScalars)

    /// Two lower-case ASCII letters (ISO 639-1 shape).
    public static func isLanguageCode(_ code: String) -> Bool {
        code.utf8.count == 2 && code.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
    }

    private static let phoneScalars = Set("0123456789 +-.()/".unicodeScalars)

    /// 6–15 digits (E.164 allows 15), with `+` only in front and common separators.
    public static func isPhoneNumber(_ text: String) -> Bool {
        guard text.count <= 30 else { return false }
        guard text.unicodeScalars.allSatisfy({ phoneScalars.contains($0) }),
              !text.dropFirst().contains("+") else { return false }
        let digits = text.unicodeScalars.filter { ("0"..."9").contains($0) }.count
        return (6...15).contains(digits)
    }
}
