import TIBSDomain

/// What one registry survey contributes to the barrier counts: its SME, where and when it was
/// conducted, the stage it found and the barrier codes it named.
public struct SurveyFacts: Sendable, Equatable {
    /// The registry's survey id.
    public var id: String
    public var smeID: String
    /// ISO 3166-1 alpha-2, from the survey's own region.
    public var country: String
    /// NUTS code of the survey's own region.
    public var region: String
    public var conductedOn: CalendarDate
    public var stage: InternationalisationStage?
    /// Survey code list "barrier" codes.
    public var barriers: [String]

    public init(id: String, smeID: String, country: String, region: String, conductedOn: CalendarDate,
                stage: InternationalisationStage?, barriers: [String]) {
        self.id = id
        self.smeID = smeID
        self.country = country
        self.region = region
        self.conductedOn = conductedOn
        self.stage = stage
        self.barriers = barriers
    }
}
