import Foundation
import GRPCCore

/// Hands a message's serialized bytes through unchanged: the door routes bytes, and the TIBS
/// router decodes and encodes them exactly as it does for TIBS-RPC (unknown enum values refused,
/// the same "not a valid …" errors).
struct RawMessageCoding: MessageSerializer, MessageDeserializer {
    typealias Message = Data

    func serialize<Bytes: GRPCContiguousBytes>(_ message: Data) throws -> Bytes { Bytes(message) }

    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Data {
        serializedMessageBytes.withUnsafeBytes { Data($0) }
    }
}
