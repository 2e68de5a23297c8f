/// The coded questions of the internationalisation survey; each names one code list.
public enum SurveyQuestion: String, Sendable, Hashable, Codable, CaseIterable {
    case barrier
    case successReason = "success-reason"
    case failureReason = "failure-reason"
    case advantage
    case supportForm = "support-form"
    case expectedSupport = "expected-support"
}

/// One answer code of a survey question, e.g. barrier `financing`.
public struct SurveyCode: CodeListEntry, Codable {
    public let question: SurveyQuestion
    /// A lower-case slug, unique within its question.
    public let code: String
    /// The English label shown to users and in reports.
    public let label: String
    public let version: String

    public init(question: SurveyQuestion, code: String, label: String, version: String) {
        self.question = question
        self.code = code
        self.label = label
        self.version = version
    }
}

/// The survey's answer codes, kept as data (`list,code,label` CSV) so that the research team
/// can add a barrier without a release, and versioned so old answers keep their meaning.
/// The bundled list is version "2026-11".
public struct SurveyCodes: Sendable {
    public static let bundledVersion = "2026-11"

    public let version: String
    public let lists: [SurveyQuestion: CodeList<SurveyCode>]

    public init(version: String, lists: [SurveyQuestion: CodeList<SurveyCode>]) {
        self.version = version
        self.lists = lists
    }

    /// The codes of one question in list order (empty when the list has none).
    public func codes(_ question: SurveyQuestion) -> [SurveyCode] {
        lists[question]?.entries ?? []
    }

    /// The entry for `code` (trimmed, lower-cased) of `question`, if the list has it.
    public func code(_ code: String, of question: SurveyQuestion) -> SurveyCode? {
        lists[question]?.entry(code: code.trimmingSpaces().lowercased())
    }

    /// Reads codes from CSV with columns `list,code,label` (any order, extra columns ignored).
    /// Every question must have at least one code; codes are lower-case slugs.
    public static func parse(csv: String, version: String) throws(CodeListError) -> SurveyCodes {
        let name = "survey codes \(version)"
        guard !version.isEmpty else { throw .empty(list: name) }
        let table = try CodeListCSV.table(csv, list: name)
        let listColumn = try CodeListCSV.column(table, ["list", "question"], list: name)
        let codeColumn = try CodeListCSV.column(table, ["code"], list: name)
        let labelColumn = try CodeListCSV.column(table, ["label"], list: name)
        var entries: [SurveyQuestion: [SurveyCode]] = [:]
        for row in table.rows {
            let listName = try CodeListCSV.field(row, listColumn, list: name)
            let code = try CodeListCSV.field(row, codeColumn, list: name)
            let label = try CodeListCSV.field(row, labelColumn, list: name)
            guard let question = SurveyQuestion(rawValue: listName) else {
                throw .invalidRow(list: name, line: row.line, reason: "'\(listName)' is not a survey question")
            }
            guard S3Areas.isSlug(code) else {
                throw .invalidRow(list: name, line: row.line, reason: "'\(code)' is not a lower-case slug")
            }
            guard !label.isEmpty else {
                throw .invalidRow(list: name, line: row.line, reason: "code \(code) has no label")
            }
            entries[question, default: []].append(SurveyCode(question: question, code: code, label: label, version: version))
        }
        var lists: [SurveyQuestion: CodeList<SurveyCode>] = [:]
        for question in SurveyQuestion.allCases {
            guard let codes = entries[question], !codes.isEmpty else { throw .empty(list: "\(name) \(question.rawValue)") }
            lists[question] = try CodeList(name: "\(name) \(question.rawValue)", version: version, entries: codes)
        }
        return SurveyCodes(version: version, lists: lists)
    }
}
