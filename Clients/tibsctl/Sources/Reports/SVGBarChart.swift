/// One horizontal bar chart as inline SVG: a row per bar with its label, the bar and its value.
/// Each bar is a `<g class="bar">` carrying the exact number in `data-value` (and `data-label`,
/// plus a `<title>` tooltip), so a reader — or a test — can check the chart against the report.
/// Shares and rates are drawn on a fixed 0–100 % scale (charts stay comparable); signed values
/// (changes) from a middle axis, scaled to the largest magnitude.
struct SVGBarChart: Sendable {
    struct Bar: Sendable {
        var label: String
        var value: Double
        /// What is written beside the bar ("25.0% (12)").
        var text: String
        /// More for the tooltip ("12 of 48 surveys").
        var detail: String = ""
    }

    enum Scale: Sendable {
        /// 0...1, drawn as 0–100 %.
        case unit
        /// Any sign: a middle axis, negative bars to the left.
        case signed
    }

    var title: String
    var bars: [Bar]
    var scale: Scale = .unit

    static let width = 760.0
    static let labelWidth = 250.0
    static let barWidth = 380.0
    static let rowHeight = 22.0
    static let top = 30.0
    static let labelCharacters = 36

    func render() -> String {
        let height = Self.top + Double(max(bars.count, 1)) * Self.rowHeight + 10
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\""
            + " width=\"\(Int(Self.width))\" height=\"\(ReportNumber.coordinate(height))\""
            + " viewBox=\"0 0 \(Int(Self.width)) \(ReportNumber.coordinate(height))\"\(XMLText.attribute("aria-label", title))>"
        svg += XMLText.element("title", title)
        svg += "<text class=\"chart-title\" x=\"0\" y=\"18\">\(XMLText.escape(title))</text>"
        if bars.isEmpty {
            svg += "<text class=\"empty\" x=\"\(Int(Self.labelWidth))\" y=\"\(ReportNumber.coordinate(Self.top + 15))\">no data</text>"
        }
        let magnitude = max(bars.map { abs($0.value) }.max() ?? 0, 0.0001)
        let zero = scale == .unit ? Self.labelWidth : Self.labelWidth + Self.barWidth / 2
        let span = scale == .unit ? Self.barWidth : Self.barWidth / 2
        let full = scale == .unit ? 1.0 : magnitude
        if scale == .signed {
            svg += "<line class=\"axis\" stroke=\"#888\" x1=\"\(ReportNumber.coordinate(zero))\" y1=\"\(Int(Self.top) - 4)\""
                + " x2=\"\(ReportNumber.coordinate(zero))\" y2=\"\(ReportNumber.coordinate(height - 6))\"/>"
        }
        for (index, bar) in bars.enumerated() {
            let y = Self.top + Double(index) * Self.rowHeight
            let length = min(abs(bar.value) / full, 1) * span
            let x = bar.value < 0 ? zero - length : zero
            let textX = bar.value < 0 ? zero + 6 : zero + length + 6
            svg += "<g class=\"bar\"\(XMLText.attribute("data-label", bar.label)) data-value=\"\(ReportNumber.exact(bar.value))\">"
            svg += XMLText.element("title", bar.label + ": " + bar.text + (bar.detail.isEmpty ? "" : " — " + bar.detail))
            svg += "<text class=\"label\" x=\"\(ReportNumber.coordinate(Self.labelWidth - 8))\" y=\"\(ReportNumber.coordinate(y + 14))\""
                + " text-anchor=\"end\">\(XMLText.escape(Self.cut(bar.label)))</text>"
            // The fill is also an attribute: a mail client that drops the page's <style> still shows the bars.
            let (kind, colour) = bar.value < 0 ? ("negative", "#c0504d") : ("positive", "#3a6ea5")
            svg += "<rect class=\"\(kind)\" fill=\"\(colour)\" x=\"\(ReportNumber.coordinate(x))\""
                + " y=\"\(ReportNumber.coordinate(y + 3))\" width=\"\(ReportNumber.coordinate(length))\" height=\"16\"/>"
            svg += "<text class=\"value\" x=\"\(ReportNumber.coordinate(textX))\" y=\"\(ReportNumber.coordinate(y + 14))\">\(XMLText.escape(bar.text))</text>"
            svg += "</g>"
        }
        return svg + "</svg>"
    }

    /// A label short enough for its column; the tooltip keeps it whole.
    static func cut(_ label: String) -> String {
        label.count > labelCharacters ? String(label.prefix(labelCharacters - 1)) + "…" : label
    }
}
