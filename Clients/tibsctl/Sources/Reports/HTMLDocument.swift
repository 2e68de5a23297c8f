/// One self-contained XHTML page: inline CSS, inline SVG charts, no scripts and nothing fetched,
/// so a report file opens offline and mails as one attachment. It is well-formed XML (served or
/// saved as .html it is also valid HTML5). Fragments are built with the helpers here, which escape
/// every text they are given (``XMLText``); `parts` are already-built fragments.
struct HTMLDocument: Sendable {
    var title: String
    var parts: [String]

    func render() -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE html>
        <html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">
        <head>
        <meta charset="UTF-8"/>
        <meta name="generator" content="tibsctl"/>
        \(XMLText.element("title", title))
        <style>\(Self.style)</style>
        </head>
        <body>
        \(XMLText.element("h1", title))
        \(parts.joined(separator: "\n"))
        </body>
        </html>

        """
    }

    /// Print-friendly, no web fonts; no `<`, `>` or `&` (the style is XML text).
    static let style = """
        body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; } h3 { font-size: 1em; }
        table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        p.meta { color: #555; }
        svg.chart { display: block; margin: 0.5em 0 1.5em; font-size: 12px; }
        svg .chart-title { font-weight: bold; font-size: 13px; }
        svg rect.positive { fill: #3a6ea5; } svg rect.negative { fill: #c0504d; }
        svg line.axis { stroke: #888; } svg .empty { fill: #888; }
        """

    static func heading(_ text: String, level: Int = 2) -> String { XMLText.element("h\(level)", text) }

    static func paragraph(_ text: String) -> String { XMLText.element("p", text, attributes: [("class", "meta")]) }

    /// A report's opening lines: what it covers, its filters (when any) and how current it is.
    static func header(_ summary: String, filters: String, _ more: [String]) -> [String] {
        ([summary] + (filters.isEmpty ? [] : ["filters: " + filters]) + more).map(paragraph)
    }

    /// A `<section>` with a heading and its fragments.
    static func section(_ title: String, level: Int = 2, _ parts: [String]) -> String {
        "<section>" + heading(title, level: level) + parts.joined() + "</section>"
    }

    /// A data table; cells of `numeric` columns are right-aligned.
    static func table(header: [String], rows: [[String]], numeric: Set<Int> = []) -> String {
        var html = "<table><thead><tr>" + header.map { XMLText.element("th", $0) }.joined() + "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>" + row.enumerated().map { index, cell in
                XMLText.element("td", cell, attributes: numeric.contains(index) ? [("class", "number")] : [])
            }.joined() + "</tr>"
        }
        return html + "</tbody></table>"
    }
}
