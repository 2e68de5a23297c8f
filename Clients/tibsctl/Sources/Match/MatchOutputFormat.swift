import ArgumentParser

/// `--format` of `match find`: the readable table, or the server's answer as JSON.
enum MatchOutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json
}
