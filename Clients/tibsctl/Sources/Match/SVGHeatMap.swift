/// The region×region flows matrix as inline SVG: a row per need-side region, a column per
/// candidate-side region, each cell shaded by its number of matches (darkest = the largest) and
/// written in it. Each cell is a `<g class="cell">` carrying its exact numbers (`data-from`,
/// `data-to`, `data-value` = matches, `data-introductions`, `data-agreements`, plus a `<title>`
/// tooltip), so a reader — or a test — can check the map against the report. Pairs without a match
/// are drawn too, as empty cells with `data-value="0"`, so the matrix is complete.
struct SVGHeatMap: Sendable {
    struct Cell: Sendable {
        var from: String
        var to: String
        var matches: UInt64
        var introductions: UInt64
        var agreements: UInt64
    }

    var title: String
    var cells: [Cell]

    static let labelWidth = 90.0
    static let cellWidth = 64.0
    static let cellHeight = 28.0
    static let top = 56.0

    /// Every region on either side, sorted, so rows and columns share one order.
    var regions: [String] { Array(Set(cells.flatMap { [$0.from, $0.to] })).sorted() }

    /// A fill from pale to the report blue, by the cell's share of the largest cell.
    static func fill(_ share: Double) -> String {
        let pale = (243.0, 246.0, 250.0), full = (58.0, 110.0, 165.0)
        func mix(_ a: Double, _ b: Double) -> Int { Int((a + (b - a) * min(max(share, 0), 1)).rounded()) }
        return "rgb(\(mix(pale.0, full.0)),\(mix(pale.1, full.1)),\(mix(pale.2, full.2)))"
    }

    func render() -> String {
        let regions = self.regions
        let size = Double(max(regions.count, 1))
        let width = Self.labelWidth + size * Self.cellWidth + 10
        let height = Self.top + size * Self.cellHeight + 30
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heatmap\" role=\"img\""
            + " width=\"\(ReportNumber.coordinate(width))\" height=\"\(ReportNumber.coordinate(height))\""
            + " viewBox=\"0 0 \(ReportNumber.coordinate(width)) \(ReportNumber.coordinate(height))\"\(XMLText.attribute("aria-label", title))>"
        svg += XMLText.element("title", title)
        svg += "<text class=\"chart-title\" x=\"0\" y=\"18\">\(XMLText.escape(title))</text>"
        svg += "<text class=\"axis-title\" x=\"\(Int(Self.labelWidth))\" y=\"34\">candidate side →</text>"
        guard !regions.isEmpty else {
            return svg + "<text class=\"empty\" x=\"\(Int(Self.labelWidth))\" y=\"\(ReportNumber.coordinate(Self.top + 15))\">no data</text></svg>"
        }
        let largest = max(cells.map(\.matches).max() ?? 0, 1)
        var byPair: [String: Cell] = [:]
        for cell in cells { byPair[cell.from + "\u{0}" + cell.to] = cell }
        for (column, region) in regions.enumerated() {
            let x = Self.labelWidth + Double(column) * Self.cellWidth + Self.cellWidth / 2
            svg += "<text class=\"column\" x=\"\(ReportNumber.coordinate(x))\" y=\"\(ReportNumber.coordinate(Self.top - 6))\""
                + " text-anchor=\"middle\">\(XMLText.escape(SVGBarChart.cut(region)))</text>"
        }
        for (row, from) in regions.enumerated() {
            let y = Self.top + Double(row) * Self.cellHeight
            svg += "<text class=\"row\" x=\"\(ReportNumber.coordinate(Self.labelWidth - 8))\" y=\"\(ReportNumber.coordinate(y + 18))\""
                + " text-anchor=\"end\">\(XMLText.escape(SVGBarChart.cut(from)))</text>"
            for (column, to) in regions.enumerated() {
                let cell = byPair[from + "\u{0}" + to] ?? Cell(from: from, to: to, matches: 0, introductions: 0, agreements: 0)
                let x = Self.labelWidth + Double(column) * Self.cellWidth
                svg += "<g class=\"cell\(cell.matches == 0 ? " empty" : "")\"\(XMLText.attribute("data-from", from))\(XMLText.attribute("data-to", to))"
                    + " data-value=\"\(cell.matches)\" data-introductions=\"\(cell.introductions)\" data-agreements=\"\(cell.agreements)\">"
                svg += XMLText.element("title", "\(from) → \(to): \(cell.matches) matches, \(cell.introductions) introductions, "
                    + "\(cell.agreements) agreements")
                svg += "<rect fill=\"\(Self.fill(Double(cell.matches) / Double(largest)))\" stroke=\"#ccc\" x=\"\(ReportNumber.coordinate(x))\""
                    + " y=\"\(ReportNumber.coordinate(y))\" width=\"\(ReportNumber.coordinate(Self.cellWidth))\""
                    + " height=\"\(ReportNumber.coordinate(Self.cellHeight))\"/>"
                if cell.matches > 0 {
                    let dark = Double(cell.matches) / Double(largest) > 0.55
                    svg += "<text class=\"value\" fill=\"\(dark ? "#fff" : "#222")\" x=\"\(ReportNumber.coordinate(x + Self.cellWidth / 2))\""
                        + " y=\"\(ReportNumber.coordinate(y + 18))\" text-anchor=\"middle\">\(cell.matches)</text>"
                }
                svg += "</g>"
            }
        }
        svg += "<text class=\"axis-title\" x=\"0\" y=\"\(ReportNumber.coordinate(height - 8))\">rows: need side ↓</text>"
        return svg + "</svg>"
    }
}
