import TIBSProto

/// The market-research report (GetSurveyReport) as a console table, CSV, or one XHTML page with one
/// chart per question, for every survey counted and for each breakdown value. Pure functions of
/// the message.
enum SurveyReportView {
    /// The question codes of the proto, as the seed's market research asks them.
    static let questionTitles = [
        "experience": "Experience with foreign partners", "stage": "Stage of internationalisation",
        "success-reason": "Reasons for success", "failure-reason": "Reasons for failure",
        "advantage": "Main advantages of international contracts", "barrier": "Barriers",
        "support-form": "Support forms and tools used (mean usefulness 1-5)", "expected-support": "Expected support",
    ]

    static func title(_ question: String) -> String { questionTitles[question] ?? question }

    /// One group: every survey counted ("all"), or one breakdown value ("region", "LV008").
    struct Group {
        var dimension: String
        var value: String
        var surveys: UInt64
        var questions: [Tibs_Policy_V1_QuestionDistribution]

        var name: String { dimension == "all" ? "all" : "\(dimension) \(value)" }
    }

    static func groups(_ report: Tibs_Policy_V1_SurveyReport) -> [Group] {
        [Group(dimension: "all", value: "", surveys: report.surveys, questions: report.questions)]
            + report.breakdowns.map { Group(dimension: $0.dimension, value: $0.value, surveys: $0.surveys, questions: $0.questions) }
    }

    static func name(_ answer: Tibs_Policy_V1_CodeShare) -> String { answer.label.isEmpty ? answer.code.code : answer.label }

    static func summary(_ report: Tibs_Policy_V1_SurveyReport) -> String {
        "\(report.period.fromMonth)..\(report.period.toMonth): \(report.surveys) surveys of \(report.smes) SMEs ("
            + (report.everySurvey ? "every survey counted" : "the latest survey per SME counted once") + ")"
    }

    static func table(_ report: Tibs_Policy_V1_SurveyReport) -> String {
        let rows = groups(report).flatMap { group in
            group.questions.flatMap { question in
                question.answers.map { answer in
                    [group.name, question.question, answer.code.code, answer.label, String(answer.count), ReportNumber.percent(answer.share),
                     answer.meanUsefulness > 0 ? ReportNumber.mean(answer.meanUsefulness) : "-"]
                }
            }
        }
        return ["survey " + summary(report),
                Table(header: ["GROUP", "QUESTION", "CODE", "LABEL", "COUNT", "SHARE", "MEAN USEFULNESS"], rows: rows, maxCell: 48).render(),
                EvidenceSyncText.line(report.sync)].joined(separator: "\n")
    }

    static func csv(_ report: Tibs_Policy_V1_SurveyReport) -> String {
        CSVText.render(
            header: ["dimension", "value", "surveys", "question", "respondents", "code", "label", "count", "share", "mean_usefulness"],
            rows: groups(report).flatMap { group in
                group.questions.flatMap { question in
                    question.answers.map { answer in
                        [.text(group.dimension), .text(group.value), .number(String(group.surveys)), .text(question.question),
                         .number(String(question.respondents)), .text(answer.code.code), .text(answer.label), .number(String(answer.count)),
                         .number(ReportNumber.exact(answer.share)), .number(ReportNumber.exact(answer.meanUsefulness))]
                    }
                }
            })
    }

    static func html(_ report: Tibs_Policy_V1_SurveyReport, filters: String = "") -> String {
        var parts = HTMLDocument.header(summary(report), filters: filters, [EvidenceSyncText.line(report.sync)])
        for group in groups(report) {
            let heading = group.dimension == "all" ? "All surveys (\(group.surveys))" : "\(group.dimension) \(group.value) (\(group.surveys) surveys)"
            parts.append(HTMLDocument.section(heading, group.questions.map { chart($0, group) }))
        }
        return HTMLDocument(title: "Survey report \(report.period.fromMonth) to \(report.period.toMonth)", parts: parts).render()
    }

    /// One question's chart: the share of its respondents naming each answer.
    static func chart(_ question: Tibs_Policy_V1_QuestionDistribution, _ group: Group) -> String {
        let place = group.dimension == "all" ? "" : " (\(group.dimension) \(group.value))"
        return SVGBarChart(title: "\(title(question.question))\(place): \(question.respondents) respondents", bars: question.answers.map { answer in
            SVGBarChart.Bar(label: name(answer), value: answer.share,
                            text: "\(ReportNumber.percent(answer.share)) (\(answer.count))"
                                + (answer.meanUsefulness > 0 ? ", usefulness \(ReportNumber.mean(answer.meanUsefulness))" : ""),
                            detail: "\(answer.count) of \(question.respondents) respondents")
        }).render()
    }
}
