import ArgumentParser

/// `--page-size`, `--page-token`, `--all` of every list command.
struct PageOptions: ParsableArguments {
    @Option(name: .customLong("page-size")) var pageSize: UInt32?
    @Option(name: .customLong("page-token")) var pageToken: String?
    @Flag(help: "Follow every page.") var all = false

    var request: JSONValue? { pageRequest(size: pageSize, token: pageToken) }
}
