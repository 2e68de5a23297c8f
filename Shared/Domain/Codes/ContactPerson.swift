import Foundation

/// A contact person of an SME, a provider or an institution. Personal data: held only with the
/// person's consent, shown only to admins and the brokers of the entity's region, never put in
/// the change feed, and removed by erasure.
public struct ContactPerson: Sendable, Hashable, Codable {
    public var name: String
    public var email: String
    public var phone: String
    public var jobTitle: String
    public var consentGiven: Bool
    /// When consent was recorded; the service stamps it when the client leaves it out.
    public var consentRecordedAt: Date?

    public init(name: String, email: String = "", phone: String = "", jobTitle: String = "",
                consentGiven: Bool, consentRecordedAt: Date? = nil) {
        self.name = name
        self.email = email
        self.phone = phone
        self.jobTitle = jobTitle
        self.consentGiven = consentGiven
        self.consentRecordedAt = consentRecordedAt
    }
}
