import ArgumentParser

/// `tibsctl import resources FILE.csv`: drafts resources (or updates a provider's resource of the
/// same kind and title) from a CSV file, streamed to ImportResources as the SME import streams.
struct ImportResources: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resources", abstract: "Import catalogue resources from a CSV file (draft, or update by provider + kind + title).",
        discussion: """
        Header (any order; case-insensitive): \(ResourceCSVColumn.names). \
        Required: provider_id, kind, title, access_scope, cost_model. List columns (keywords, s3_areas, nace_codes, \
        eligible_countries, languages) separate items with ';'. Enum columns take the flags' short names \
        (kind support-programme, access_scope transnational, cost_model co-funding). contact_consent is yes or no. \
        Imported resources are drafts (an updated one keeps its review status). Rows stream to the server as they \
        are read; a bad row never blocks a good one. Rejected rows, one line per problem, go to the report file \
        (default FILE.errors.csv). Exit status 9 when any row was rejected.
        """)

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var options: ImportOptions

    func run() async throws {
        let columns = try ResourceCSVColumn.map(header: try CSVRowSource.header(of: options.file))
        try await CSVImport(options: options, connection: connection, json: output.json, service: .catalogue, method: "ImportResources")
            .run { catalogue in { fields, row in ResourceCSVColumn.row(fields, row, columns: columns, catalogue: catalogue) } }
    }
}
