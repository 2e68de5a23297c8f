/// Which server each example goes to, and what the document lacks: every method a server serves
/// (its Reflection/Describe) needs an example, and every example must name a served method.
enum APIExampleCoverage {
    /// One server's name ("registry") and the full paths of the methods its Describe lists.
    struct Server: Sendable {
        let name: String
        let methods: Set<String>
    }

    /// The servers that serve `method`, in the order given: a service's own methods go to it
    /// alone, built-in methods (Health, Reflection, Admin) to each.
    static func targets(of method: String, in servers: [Server]) -> [Server] {
        servers.filter { $0.methods.contains(method) }
    }

    /// One sentence per method served without an example and per example of a method nobody serves.
    static func problems(_ examples: [APIExample], servers: [Server]) -> [String] {
        let documented = Set(examples.map(\.method))
        var problems: [String] = []
        for example in examples where targets(of: example.method, in: servers).isEmpty {
            problems.append("docs/api-examples.md line \(example.line): \(example.method) is served by no service (\(servers.map(\.name).joined(separator: ", ")))")
        }
        for server in servers {
            for method in server.methods.subtracting(documented).sorted() {
                problems.append("\(method), served by \(server.name), has no example in docs/api-examples.md")
            }
        }
        return problems
    }
}
