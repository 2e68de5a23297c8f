import Foundation

/// For the fuzz harness (Fuzz/Harness): the CSV file at `path` through `tibsctl import smes`' own
/// header check and row code (``CSVRowSource``, ``SmeCSVColumn``) without a server, as
/// `ImportSmes.run` and `CSVImport.run` drive it: every row becomes an `ImportSmeRow` message or a
/// locally rejected row. The import's types stay internal; this is the one way in.
/// - Returns: the row messages made and the number of rows rejected locally.
package func importSmeRowMessages(csvPath path: String, transcoder: DynamicJSON) throws -> (messages: [Data], rejected: Int) {
    let header = try CSVRowSource.header(of: path)
    let columns = try SmeCSVColumn.map(header: header)
    let tracker = ImportTracker()
    let source = CSVRowSource(path: path, columnCount: header.count, transcoder: transcoder, rowType: "tibs.registry.v1.ImportSmeRow",
                              tracker: tracker) { fields, row in SmeCSVColumn.row(fields, row, columns: columns) }
    var messages: [Data] = []
    while let message = try source.next() { messages.append(message) }
    return (messages, tracker.locallyRejected)
}
