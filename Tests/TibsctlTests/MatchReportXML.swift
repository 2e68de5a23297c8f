import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A flows report page read back with a real XML parser: the heat map's cells and the funnel
/// charts' bars with the numbers they carry, and every element name. Parsing fails — and so the
/// test — if the page is not well-formed XML.
final class MatchReportXML: NSObject, XMLParserDelegate {
    struct Cell: Equatable {
        var from: String
        var to: String
        var matches: UInt64
        var introductions: UInt64
        var agreements: UInt64
    }

    struct Bar: Equatable {
        var label: String
        var value: UInt64
    }

    private(set) var cells: [Cell] = []
    /// One entry per funnel `<svg>`, its bars in order.
    private(set) var funnels: [[Bar]] = []
    private(set) var elements: [String] = []
    private(set) var text = ""
    private(set) var failure: String?
    private var inFunnel = false

    static func parse(_ document: String) -> MatchReportXML {
        let reader = MatchReportXML()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = reader
        if !parser.parse() { reader.failure = reader.failure ?? "\(parser.parserError.map { "\($0)" } ?? "unknown parse error")" }
        return reader
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(name)
        let classes = (attributes["class"] ?? "").split(separator: " ")
        if name == "svg" {
            inFunnel = classes.contains("funnel")
            if inFunnel { funnels.append([]) }
        }
        if name == "g", classes.contains("cell") {
            cells.append(Cell(from: attributes["data-from"] ?? "", to: attributes["data-to"] ?? "",
                              matches: UInt64(attributes["data-value"] ?? "") ?? .max,
                              introductions: UInt64(attributes["data-introductions"] ?? "") ?? .max,
                              agreements: UInt64(attributes["data-agreements"] ?? "") ?? .max))
        }
        if name == "g", classes.contains("bar"), inFunnel, !funnels.isEmpty {
            funnels[funnels.count - 1].append(Bar(label: attributes["data-label"] ?? "", value: UInt64(attributes["data-value"] ?? "") ?? .max))
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { failure = "\(parseError) at line \(parser.lineNumber)" }
}
