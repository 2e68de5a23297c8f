/// A follower's own refusal (an unusable token file); RPC and store errors pass through as they are.
public struct FollowerError: Error, CustomStringConvertible, Equatable {
    public let description: String
}
