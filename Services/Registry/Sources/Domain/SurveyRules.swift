import Foundation
import TIBSDomain

extension RegistryRules {
    /// A survey's answers: a real interview date not after `today` (`YYYY-MM-DD`), codes of
    /// the loaded survey lists (each at most once), usefulness 1–5, texts within limits.
    public func validate(_ input: SurveyAnswers, today: String) throws(ValidationErrors) -> SurveyAnswers {
        var answers = input
        var v = Validator()
        answers.conductedOn = TextRules.trimmed(answers.conductedOn)
        if v.require(answers.conductedOn, field: "conducted_on") {
            if v.check(Self.isCalendarDate(answers.conductedOn), field: "conducted_on", "must be a date written YYYY-MM-DD") {
                v.check(answers.conductedOn <= today, field: "conducted_on", "must not be in the future (today is \(today))")
                v.check(answers.conductedOn >= "2000-01-01", field: "conducted_on", "must not be before 2000-01-01")
            }
        }
        answers.successReasons = surveyCodes(answers.successReasons, .successReason, field: "success_reasons", &v)
        answers.failureReasons = surveyCodes(answers.failureReasons, .failureReason, field: "failure_reasons", &v)
        answers.advantages = surveyCodes(answers.advantages, .advantage, field: "advantages", &v)
        answers.barriers = surveyCodes(answers.barriers, .barrier, field: "barriers", &v)
        answers.expectedSupport = surveyCodes(answers.expectedSupport, .expectedSupport, field: "expected_support", &v)
        for (text, field) in [(answers.successReasonsText, "success_reasons_text"), (answers.failureReasonsText, "failure_reasons_text"),
                              (answers.advantagesText, "advantages_text"), (answers.barriersText, "barriers_text"),
                              (answers.expectationsText, "expectations_text")] {
            v.checkText(text, max: RegistryLimits.surveyText, field: field, multiline: true)
        }
        guard v.checkCount(answers.supportUsed.count, max: RegistryLimits.codesPerList, field: "support_used", "entries") else {
            try v.throwIfAny()
            return answers
        }
        let forms = surveyCodes(answers.supportUsed.map(\.form), .supportForm, field: "support_used", suffix: ".form", &v)
        for index in answers.supportUsed.indices {
            answers.supportUsed[index].form = forms[index]
            let path = Validator.index("support_used", index)
            v.check((1...5).contains(answers.supportUsed[index].usefulness), field: path + ".usefulness",
                    "must be from 1 (useless) to 5 (very useful)")
            v.checkText(answers.supportUsed[index].note, max: RegistryLimits.note, field: path + ".note", multiline: true)
        }
        try v.throwIfAny()
        return answers
    }

    func surveyCodes(_ input: [VersionedCode], _ question: SurveyQuestion, field: String, suffix: String = "",
                     _ v: inout Validator) -> [VersionedCode] {
        guard v.checkCount(input.count, max: RegistryLimits.codesPerList, field: field, "codes") else { return input }
        var seen = Set<String>()
        return input.enumerated().map { index, raw in
            let version = raw.version.isEmpty ? codes.survey.version : TextRules.trimmed(raw.version)
            let code = VersionedCode(code: TextRules.trimmed(raw.code).lowercased(), version: version)
            let path = Validator.index(field, index) + suffix
            if version != codes.survey.version {
                v.add(field: path + ".version", "survey code list \(version) is not loaded; this registry uses \(codes.survey.version)")
            } else if codes.survey.code(code.code, of: question) == nil {
                v.add(field: path + ".code", CodeListCatalog.notInList(raw.code, isNot: "a \(question.rawValue) code of survey list \(version)",
                                                                       list: CodeListCatalog.Name.survey(question), version: version))
            } else if !seen.insert(code.code).inserted {
                v.add(field: path + ".code", "\(code.code) is listed twice")
            }
            return code
        }
    }

    /// `YYYY-MM-DD` naming a real day of the Gregorian calendar.
    public static func isCalendarDate(_ text: String) -> Bool {
        CalendarDate(text) != nil
    }

    /// The UTC calendar date of `date`, `YYYY-MM-DD`.
    public static func calendarDate(_ date: Date) -> String {
        CalendarDate(date).description
    }
}
