import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An HTML report read back with a real XML parser (libxml2 through FoundationXML): the charts, their
/// bars with the numbers they carry, every element and attribute name, and the text. Parsing fails
/// — and so the test — if the report is not well-formed XML.
final class PolicyReportXML: NSObject, XMLParserDelegate {
    struct Bar: Equatable {
        var label: String
        var value: Double
    }

    /// One `<svg>` with its bars, in document order.
    private(set) var charts: [[Bar]] = []
    private(set) var elements: [String] = []
    private(set) var attributeNames: Set<String> = []
    private(set) var text = ""
    private(set) var failure: String?

    static func parse(_ document: String) -> PolicyReportXML {
        let reader = PolicyReportXML()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = reader
        if !parser.parse() { reader.failure = reader.failure ?? "\(parser.parserError.map { "\($0)" } ?? "unknown parse error")" }
        return reader
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append(name)
        attributeNames.formUnion(attributes.keys)
        if name == "svg" { charts.append([]) }
        if name == "g", attributes["class"] == "bar", !charts.isEmpty {
            charts[charts.count - 1].append(Bar(label: attributes["data-label"] ?? "", value: Double(attributes["data-value"] ?? "") ?? .nan))
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { failure = "\(parseError) at line \(parser.lineNumber)" }
}
