import TIBSServiceApp

extension PolicyApp {
    /// GetSurveyReport: the market research's questions answered from the followed surveys of the
    /// period that the filter selects — the latest survey per SME once, or every survey
    /// (`everySurvey`, to show movement between stages) — overall and per breakdown value. Open
    /// to every role (codes and counts only, no personal data). `sync` says how current it is.
    public func surveyReport(_ request: SurveyReportRequest) async throws -> SurveyReport {
        let selected = try await store.read { db in try SurveyReportTable.surveys(db, filter: request.filter, period: request.period) }
        let counted = request.everySurvey ? selected : SurveyReportTable.latestPerSME(selected)
        let tally = SurveyTally(codes: rules.codes)
        return SurveyReport(period: request.period, everySurvey: request.everySurvey, surveys: counted.count,
                            smes: Set(counted.map(\.smeKey)).count, questions: tally.distributions(counted),
                            breakdowns: tally.breakdowns(counted, by: request.breakdowns), sync: await sync.current())
    }
}
