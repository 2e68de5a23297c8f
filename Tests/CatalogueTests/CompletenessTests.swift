import TIBSDomain
import Testing
@testable import TIBSCatalogue

@Suite("Completeness before publication")
struct CompletenessTests {
    static let longDescription = String(repeating: "Pilot line for printed electronics with clean room access. ", count: 3)

    static func complete(_ kind: ResourceKind) -> ResourceFields {
        var fields = ResourceFields(kind: kind, title: "Printed electronics pilot line")
        fields.description = longDescription
        fields.keywords = ["printed electronics", "pilot line", "sensors"]
        fields.s3Areas = [VersionedCode(code: "ict", version: "2026-11")]
        fields.accessConditions = "SMEs of the BSR countries; booked two weeks ahead"
        fields.contact = ContactPerson(name: "Kari Virtanen", email: "kari.virtanen@example.fi", consentGiven: true)
        fields.trl = TRLRange(min: .validatedInLab, max: .demonstratedInRelevantEnvironment)
        fields.validity = ValidityWindow(opensOn: CalendarDate("2026-09-01"), closesOn: CalendarDate("2027-01-31"))
        return fields
    }

    @Test(arguments: ResourceKind.allCases)
    func aCompleteResourceOfEveryKindScoresOneHundredAndIsPublishable(kind: ResourceKind) {
        let score = Completeness(Self.complete(kind))
        #expect(score.percent == 100 && score.isPublishable && score.failed.isEmpty)
    }

    @Test func theChecksThatApplyDependOnTheKind() {
        #expect(Completeness(Self.complete(.technology)).checks.map(\.name).contains("trl"))
        #expect(!Completeness(Self.complete(.technology)).checks.map(\.name).contains("validity"))
        #expect(Completeness(Self.complete(.supportProgramme)).checks.map(\.name).contains("validity"))
        #expect(Completeness(Self.complete(.fundingInstrument)).checks.map(\.name).contains("validity"))
        #expect(Completeness(Self.complete(.expertise)).checks.map(\.name) == ["description", "keywords", "s3_areas", "access_conditions", "contact"])
    }

    @Test func aMissingContactLowersTheScoreButAboveTheThresholdStillPublishes() {
        var fields = Self.complete(.supportProgramme)
        fields.contact = nil
        let score = Completeness(fields)
        #expect(score.percent == 85 && score.isPublishable)
        #expect(score.failed.map(\.name) == ["contact"])
    }

    @Test func belowTheThresholdEveryMissingItemIsNamed() {
        var fields = Self.complete(.equipment)
        fields.description = "Too short"
        fields.keywords = ["one"]
        let score = Completeness(fields)
        #expect(score.percent == 58)  // (85 - 25 - 10) of 85
        #expect(!score.isPublishable)
        #expect(score.failed.map(\.name) == ["description", "keywords"])
    }

    @Test func aProgrammeWithoutADeadlineOrATechnologyWithoutATRLNeverPublishes() {
        var programme = Self.complete(.supportProgramme)
        programme.validity = ValidityWindow(opensOn: CalendarDate("2026-09-01"))
        #expect(Completeness(programme).percent == 85 && !Completeness(programme).isPublishable)
        var technology = Self.complete(.technology)
        technology.trl = nil
        #expect(!Completeness(technology).isPublishable)
    }
}
