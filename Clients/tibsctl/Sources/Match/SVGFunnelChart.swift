/// A funnel as inline SVG bars: one bar per state a match reached, its length the count against the
/// largest (the proposals), its text the count and its share of the proposals. Bars follow the
/// report charts' convention (`<g class="bar" data-label data-value>` with the exact count and a
/// `<title>`), so the page can be checked against the report.
struct SVGFunnelChart: Sendable {
    struct Stage: Sendable {
        var label: String
        var count: UInt64
    }

    var title: String
    var stages: [Stage]

    static let width = 620.0
    static let labelWidth = 190.0
    static let barWidth = 320.0
    static let rowHeight = 22.0
    static let top = 30.0

    func render() -> String {
        let height = Self.top + Double(max(stages.count, 1)) * Self.rowHeight + 10
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart funnel\" role=\"img\""
            + " width=\"\(Int(Self.width))\" height=\"\(ReportNumber.coordinate(height))\""
            + " viewBox=\"0 0 \(Int(Self.width)) \(ReportNumber.coordinate(height))\"\(XMLText.attribute("aria-label", title))>"
        svg += XMLText.element("title", title)
        svg += "<text class=\"chart-title\" x=\"0\" y=\"18\">\(XMLText.escape(title))</text>"
        let largest = max(stages.map(\.count).max() ?? 0, 1)
        let base = stages.first?.count ?? 0
        for (index, stage) in stages.enumerated() {
            let y = Self.top + Double(index) * Self.rowHeight
            let length = Double(stage.count) / Double(largest) * Self.barWidth
            let share = base == 0 ? "" : " (\(ReportNumber.percent(Double(stage.count) / Double(base))))"
            svg += "<g class=\"bar\"\(XMLText.attribute("data-label", stage.label)) data-value=\"\(stage.count)\">"
            svg += XMLText.element("title", "\(stage.label): \(stage.count)\(share)")
            svg += "<text class=\"label\" x=\"\(ReportNumber.coordinate(Self.labelWidth - 8))\" y=\"\(ReportNumber.coordinate(y + 14))\""
                + " text-anchor=\"end\">\(XMLText.escape(stage.label))</text>"
            // The centred bars make the funnel's shape; the fill is an attribute for mail clients without <style>.
            let x = Self.labelWidth + (Self.barWidth - length) / 2
            svg += "<rect class=\"positive\" fill=\"#3a6ea5\" x=\"\(ReportNumber.coordinate(x))\" y=\"\(ReportNumber.coordinate(y + 3))\""
                + " width=\"\(ReportNumber.coordinate(length))\" height=\"16\"/>"
            svg += "<text class=\"value\" x=\"\(ReportNumber.coordinate(Self.labelWidth + Self.barWidth + 6))\""
                + " y=\"\(ReportNumber.coordinate(y + 14))\">\(stage.count)\(share)</text>"
            svg += "</g>"
        }
        return svg + "</svg>"
    }
}
