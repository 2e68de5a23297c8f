import TIBSDomain
import TIBSServiceApp

/// The lifecycle's field rules: notes, the consent and the outcome's survey codes. Each reports
/// every broken rule at once with the proto field names.
public struct LifecycleRules: Sendable {
    public let codes: CodeLists

    public init(codes: CodeLists) {
        self.codes = codes
    }

    /// A step's or an outcome's note: multiline free text, trimmed.
    public func note(_ value: String, field: String = "note", _ v: inout Validator) -> String {
        let note = TextRules.trimmed(value)
        v.checkText(note, max: LifecycleLimits.note, field: field, multiline: true)
        return note
    }

    /// A day `YYYY-MM-DD`; empty is nil unless `required`.
    public func day(_ value: String, field: String, required: Bool, _ v: inout Validator) -> CalendarDate? {
        let text = TextRules.trimmed(value)
        if text.isEmpty {
            if required { v.add(field: field, "is required (YYYY-MM-DD)") }
            return nil
        }
        let day = CalendarDate(text)
        v.check(day != nil, field: field, "must be a day written YYYY-MM-DD")
        return day
    }

    /// The consent an introduction needs. Missing or not yet valid consent is FAILED_PRECONDITION
    /// (the match may not be introduced yet); malformed text is INVALID_ARGUMENT.
    public func consent(givenBy: String, givenOn: String, recordedBy: String, today: CalendarDate) throws -> MatchConsent {
        let by = TextRules.trimmed(givenBy)
        var v = Validator()
        v.checkText(by, max: LifecycleLimits.consentGivenBy, field: "consent.given_by")
        try v.throwIfAny()
        guard !by.isEmpty else {
            throw ServiceError.failedPrecondition("consent.given_by is empty: record who gave the SME's consent before the introduction")
        }
        guard let on = CalendarDate(TextRules.trimmed(givenOn)) else {
            throw ServiceError.failedPrecondition("consent.given_on must be the day the SME consented (YYYY-MM-DD)")
        }
        guard on <= today else {
            throw ServiceError.failedPrecondition("consent.given_on \(on) is in the future (today is \(today))")
        }
        return MatchConsent(givenBy: by, givenOn: on, recordedBy: recordedBy)
    }

    /// The outcome's codes, each of its survey list (`success-reason`, `failure-reason`,
    /// `advantage`) at the list's version (empty: the current one), no repeats; reasons of the
    /// other kind than `success` says are refused.
    public func outcome(_ input: MatchOutcomeInput) throws(ValidationErrors) -> MatchOutcomeInput {
        var v = Validator()
        var out = input
        out.successReasons = codeList(input.successReasons, .successReason, field: "outcome.success_reasons", &v)
        out.failureReasons = codeList(input.failureReasons, .failureReason, field: "outcome.failure_reasons", &v)
        out.advantages = codeList(input.advantages, .advantage, field: "outcome.advantages", &v)
        if input.success {
            v.check(input.failureReasons.isEmpty, field: "outcome.failure_reasons", "must be empty for a successful outcome")
        } else {
            v.check(input.successReasons.isEmpty, field: "outcome.success_reasons", "must be empty for an unsuccessful outcome")
        }
        out.note = note(input.note, field: "outcome.note", &v)
        try v.throwIfAny()
        return out
    }

    private func codeList(_ given: [VersionedCode], _ question: SurveyQuestion, field: String, _ v: inout Validator) -> [VersionedCode] {
        guard v.checkCount(given.count, max: LifecycleLimits.codes, field: field, "codes") else { return [] }
        var seen = Set<String>()
        var result: [VersionedCode] = []
        for (index, value) in given.enumerated() {
            let path = Validator.index(field, index)
            let version = TextRules.trimmed(value.version)
            guard let code = codes.survey.code(value.code, of: question) else {
                v.add(field: path + ".code", CodeListCatalog.notInList(nil, isNot: "a code of the survey list \"\(question.rawValue)\" \(codes.survey.version)",
                                                                       list: CodeListCatalog.Name.survey(question), version: codes.survey.version))
                continue
            }
            if !version.isEmpty && version != code.version {
                v.add(field: path + ".version", "must be \(code.version), the survey list's version")
                continue
            }
            if !seen.insert(code.code).inserted {
                v.add(field: path + ".code", "repeats \(code.code)")
                continue
            }
            result.append(VersionedCode(code: code.code, version: code.version))
        }
        return result
    }
}
