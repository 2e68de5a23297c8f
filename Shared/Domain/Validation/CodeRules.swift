import Foundation

/// The rules every service validates shared values with, over the loaded code lists: regions,
/// NACE codes, S3 areas, countries, languages and contact persons. Each reports every broken
/// rule into the caller's ``Validator`` (field paths relative to the value) and returns the
/// value in canonical form (trimmed, canonical codes, default versions filled in). A list over
/// its limit is one violation and is not validated entry by entry.
public struct CodeRules: Sendable {
    public let codes: CodeLists

    public init(codes: CodeLists = .bundled) {
        self.codes = codes
    }

    /// NACE codes without a version are read as Rev. 2.1, the version registers use since 2025.
    public static let defaultNACEVersion = NACE.rev2_1
    /// A person's name or job title, in grapheme clusters.
    public static let nameLength = 200

    /// Languages as ISO 639-1 codes in lower case, no more than `max`.
    public func languages(_ input: [String], field: String, max: Int, _ v: inout Validator) -> [String] {
        let languages = input.map(TextRules.trimmed)
        guard v.checkCount(languages.count, max: max, field: field, "languages") else { return languages }
        for (index, language) in languages.enumerated() {
            v.check(Self.isLanguageCode(language), field: Validator.index(field, index),
                    "must be an ISO 639-1 language code in lower case, like \"lv\"")
        }
        return languages
    }

    /// A contact person: a name, an e-mail or a phone, consent — no consent, no record.
    public func contact(_ input: ContactPerson, _ v: inout Validator) -> ContactPerson {
        var contact = input
        contact.name = TextRules.trimmed(contact.name)
        contact.email = TextRules.trimmed(contact.email)
        contact.phone = TextRules.trimmed(contact.phone)
        contact.jobTitle = TextRules.trimmed(contact.jobTitle)
        if v.require(contact.name, field: "name") { v.checkText(contact.name, max: Self.nameLength, field: "name") }
        v.checkEmail(contact.email, field: "email")
        v.check(contact.phone.isEmpty || Self.isPhoneNumber(contact.phone), field: "phone",
                "must be a phone number: 6 to 15 digits, with optional +, spaces, dashes, dots or brackets")
        v.check(!contact.email.isEmpty || !contact.phone.isEmpty, field: "email", "a contact person needs an e-mail address or a phone number")
        v.checkText(contact.jobTitle, max: Self.nameLength, field: "job_title")
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
                          "NUTS \(region.nutsVersion) is not loaded; this service uses NUTS \(codes.nuts.version)") else { return }
            guard let known = codes.nuts.region(code: region.nutsCode) else {
                v.add(field: "nuts_code", CodeListCatalog.notInList(nil, isNot: "a NUTS \(codes.nuts.version) region code",
                                                                     list: CodeListCatalog.Name.nuts, version: codes.nuts.version))
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
    public func nace(_ input: [VersionedCode], field: String, required: Bool, max: Int, _ v: inout Validator) -> [VersionedCode] {
        if required { v.check(!input.isEmpty, field: field, "needs at least one NACE code") }
        guard v.checkCount(input.count, max: max, field: field, "codes") else { return input }
        var seen = Set<VersionedCode>()
        return input.enumerated().map { index, raw in
            let version = raw.version.isEmpty ? Self.defaultNACEVersion : TextRules.trimmed(raw.version)
            let code = VersionedCode(code: NACE.normalize(raw.code) ?? TextRules.trimmed(raw.code), version: version)
            let path = Validator.index(field, index)
            if codes.nace.list(version: version) == nil {
                v.add(field: path + ".version", "NACE version must be one of \(codes.nace.versions.joined(separator: ", "))")
            } else if !codes.nace.isValid(code) {
                v.add(field: path + ".code", CodeListCatalog.notInList(raw.code, isNot: "a NACE Rev. \(version) code", list: CodeListCatalog.Name.nace,
                                                                       version: version, defaultVersion: Self.defaultNACEVersion))
            } else if !seen.insert(code).inserted {
                v.add(field: path + ".code", "\(code.code) is listed twice")
            }
            return code
        }
    }

    /// S3 area codes of the loaded list, version defaulted, no repeats.
    public func s3(_ input: [VersionedCode], field: String, max: Int, _ v: inout Validator) -> [VersionedCode] {
        guard v.checkCount(input.count, max: max, field: field, "areas") else { return input }
        var seen = Set<String>()
        return input.enumerated().map { index, raw in
            let code = VersionedCode(code: S3Areas.normalize(raw.code), version: raw.version.isEmpty ? codes.s3.version : TextRules.trimmed(raw.version))
            let path = Validator.index(field, index)
            if code.version != codes.s3.version {
                v.add(field: path + ".version", "S3 list \(code.version) is not loaded; this service uses \(codes.s3.version)")
            } else if !codes.s3.isValid(code: code.code) {
                v.add(field: path + ".code", CodeListCatalog.notInList(raw.code, isNot: "an S3 area of list \(codes.s3.version)",
                                                                       list: CodeListCatalog.Name.s3, version: codes.s3.version))
            } else if !seen.insert(code.code).inserted {
                v.add(field: path + ".code", "\(code.code) is listed twice")
            }
            return code
        }
    }

    /// ISO 3166-1 alpha-2 codes, no repeats.
    public func countries(_ input: [String], field: String, max: Int = 60, _ v: inout Validator) -> [String] {
        guard v.checkCount(input.count, max: max, field: field, "countries") else { return input }
        var seen = Set<String>()
        return input.enumerated().map { index, raw in
            let code = Countries.normalize(raw)
            if v.checkCountry(code, field: Validator.index(field, index)) {
                v.check(seen.insert(code).inserted, field: Validator.index(field, index), "\(code) is listed twice")
            }
            return code
        }
    }


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
