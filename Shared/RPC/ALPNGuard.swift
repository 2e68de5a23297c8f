import NIOCore

/// Enforces PROTOCOL.md's ALPN rule before TLS starts: a client that offers ALPN must offer
/// `tibs/1`; a client that offers none is accepted. OpenSSL would otherwise continue a handshake
/// whose ALPN lists do not overlap, so the ClientHello is read here first.
///
/// Buffers only the first TLS record (at most 16 KiB + 5 bytes), then hands it on and leaves the
/// pipeline. Anything that is not a ClientHello it can read is passed to TLS to reject.
final class ALPNGuardHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private var buffered: ByteBuffer?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        var buffer: ByteBuffer
        if var existing = buffered {
            existing.writeBuffer(&incoming)
            buffer = existing
        } else {
            buffer = incoming
        }
        switch ClientHelloInspector.inspect(buffer.readableBytesView) {
        case .needMoreBytes:
            buffered = buffer
        case .refuse:
            buffered = nil
            context.close(promise: nil)
        case .pass:
            buffered = nil
            context.fireChannelRead(wrapInboundOut(buffer))
            context.pipeline.syncOperations.removeHandler(self, promise: nil)
        }
    }
}

/// Reads the ALPN extension of a TLS ClientHello. Pure, so it is tested on bytes.
enum ClientHelloInspector {
    enum Verdict: Equatable {
        case needMoreBytes
        /// ALPN offered without `tibs/1`.
        case refuse
        /// No ALPN, `tibs/1` among the offers, or not something this reader understands.
        case pass
    }

    static func inspect<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> Verdict where Bytes.Element == UInt8, Bytes.Index == Int {
        var reader = ByteReader(bytes: Array(bytes))
        guard let recordType = reader.u8(), let _ = reader.u16(), let recordLength = reader.u16() else { return .needMoreBytes }
        guard recordType == 0x16 else { return .pass }  // not a handshake record: TLS will reject it
        guard reader.remaining >= Int(recordLength) else { return .needMoreBytes }
        var record = ByteReader(bytes: reader.take(Int(recordLength)) ?? [])
        guard record.u8() == 0x01, let helloLength = record.u24() else { return .pass }
        guard record.remaining >= helloLength else { return .pass }  // spans records: not inspected
        guard record.skip(2 + 32),
              let sessionLength = record.u8(), record.skip(Int(sessionLength)),
              let suitesLength = record.u16(), record.skip(Int(suitesLength)),
              let compressionLength = record.u8(), record.skip(Int(compressionLength)),
              let extensionsLength = record.u16(), var extensions = record.take(Int(extensionsLength)).map(ByteReader.init)
        else { return .pass }
        while extensions.remaining >= 4 {
            guard let type = extensions.u16(), let length = extensions.u16(), let body = extensions.take(Int(length)) else { return .pass }
            guard type == 16 else { continue }  // application_layer_protocol_negotiation
            var list = ByteReader(bytes: body)
            guard let listLength = list.u16(), var names = list.take(Int(listLength)).map(ByteReader.init) else { return .refuse }
            while let nameLength = names.u8(), let name = names.take(Int(nameLength)) {
                if name == Array(tibsALPN.utf8) { return .pass }
            }
            return .refuse
        }
        return .pass
    }
}

/// Bounds-checked big-endian reads.
struct ByteReader {
    private let bytes: [UInt8]
    private var index = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - index }

    mutating func u8() -> UInt8? { take(1)?.first }
    mutating func u16() -> UInt16? { take(2).map { UInt16($0[0]) << 8 | UInt16($0[1]) } }
    mutating func u24() -> Int? { take(3).map { Int($0[0]) << 16 | Int($0[1]) << 8 | Int($0[2]) } }
    mutating func skip(_ count: Int) -> Bool { take(count) != nil }

    mutating func take(_ count: Int) -> [UInt8]? {
        guard count >= 0, remaining >= count else { return nil }
        defer { index += count }
        return Array(bytes[index..<index + count])
    }
}
