import Foundation
import TIBSDomain

/// What a broker states about an SME: every field a create or update sets.
public struct SMEProfile: Sendable, Hashable, Codable {
    public var legalName: String
    public var region: RegionRef
    /// VAT or company register id as written; unique per country in its ``registrationKey`` form.
    public var registrationID: String
    public var figures: EnterpriseFigures
    public var naceCodes: [VersionedCode]
    public var s3Areas: [VersionedCode]
    public var description: String
    /// ISO 639-1 codes, lower case.
    public var languages: [String]
    public var website: String
    /// A registered broker serving ``region``, or "".
    public var assignedBrokerID: String
    public var contacts: [ContactPerson]

    public init(legalName: String, region: RegionRef, registrationID: String, figures: EnterpriseFigures,
                naceCodes: [VersionedCode], s3Areas: [VersionedCode] = [], description: String = "",
                languages: [String] = [], website: String = "", assignedBrokerID: String = "",
                contacts: [ContactPerson] = []) {
        self.legalName = legalName
        self.region = region
        self.registrationID = registrationID
        self.figures = figures
        self.naceCodes = naceCodes
        self.s3Areas = s3Areas
        self.description = description
        self.languages = languages
        self.website = website
        self.assignedBrokerID = assignedBrokerID
        self.contacts = contacts
    }

    /// The form in which registration ids are compared: upper case, without spaces, dots,
    /// dashes and slashes, so "LV 4000-324.5652" and "lv40003245652" are the same company.
    public var registrationKey: String {
        Self.registrationKey(registrationID)
    }

    public static func registrationKey(_ id: String) -> String {
        String(id.uppercased().unicodeScalars.filter { !" .-/".unicodeScalars.contains($0) }.map(Character.init))
    }

    /// The profile without contact persons: what the change feed and readers without the
    /// right to personal data get.
    public var withoutContacts: SMEProfile {
        var copy = self
        copy.contacts = []
        return copy
    }
}

/// An SME as the registry holds it.
public struct SME: Sendable, Hashable, Codable {
    public var id: String
    public var profile: SMEProfile
    /// Derived from ``SMEProfile/figures`` by ``SMEDefinition``.
    public var sizeClass: SizeClass
    /// The stage of the most recent survey (by interview date), nil before the first.
    public var stage: InternationalisationStage?
    /// 1 on create, +1 per update (optimistic concurrency).
    public var version: Int64
    public var createdAt: Date
    public var updatedAt: Date
    /// Set once ``EraseSmePersonalData`` has removed the contact persons.
    public var personalDataErased: Bool

    public init(id: String, profile: SMEProfile, sizeClass: SizeClass, stage: InternationalisationStage? = nil,
                version: Int64, createdAt: Date, updatedAt: Date, personalDataErased: Bool = false) {
        self.id = id
        self.profile = profile
        self.sizeClass = sizeClass
        self.stage = stage
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.personalDataErased = personalDataErased
    }
}
