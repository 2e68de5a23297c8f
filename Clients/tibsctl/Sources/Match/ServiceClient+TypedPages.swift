import SwiftProtobuf
import TIBSProto

extension ServiceClient {
    /// Reads a list method page by page as the compiled `Response` while `all` is set (or once),
    /// handing each page (message and JSON) to `page`; the next page token is `page.nextPageToken`.
    func typedPages<Response: SwiftProtobuf.Message>(
        _ method: String, _ request: JSONValue, as type: Response.Type, all: Bool,
        _ page: (Response, JSONValue) throws -> Void
    ) async throws {
        var request = request
        while true {
            let answer = try await unary(method, request, as: type)
            try page(answer.message, answer.json)
            guard case .string(let next)? = answer.json["page"]?["nextPageToken"], !next.isEmpty else { return }
            guard all else {
                Console.err("more results: pass --all, or --page-token \(next)")
                return
            }
            request = request.setting(["page", "pageToken"], .string(next))
        }
    }

    /// A unary match call printed as the detail table of the Match it answers, or its JSON.
    func matchCall(_ method: String, _ request: JSONValue, json: Bool, metadata: [String: String] = [:]) async throws {
        let answer: (message: Tibs_Match_V1_Match, json: JSONValue)
        if metadata.isEmpty {
            answer = try await unary(method, request, as: Tibs_Match_V1_Match.self)
        } else {
            // The typed call takes no metadata: the JSON answer is read back into the message.
            let raw = try await unary(method, request, metadata: metadata)
            var options = JSONDecodingOptions()
            options.ignoreUnknownFields = true
            answer = (try Tibs_Match_V1_Match(jsonString: raw.compactText, options: options), raw)
        }
        printJSONOrTable(answer.json, asJSON: json) { MatchView.detail(answer.message) }
    }
}
