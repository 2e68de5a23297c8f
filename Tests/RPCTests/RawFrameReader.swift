import TIBSTestSupport

/// Reads server frames from a `RawConnection` until a condition on everything read so far holds,
/// so a test waits for the frame it needs (a GoAway, a Close) instead of for a time.
struct RawFrameReader {
    let connection: RawConnection
    private(set) var bytes: [UInt8] = []

    init(_ connection: RawConnection) { self.connection = connection }

    var frames: [Wire.ServerFrame] { Wire.frames(bytes).compactMap(Wire.serverFrame) }

    /// Reads until `condition` holds for the frames so far; false if the connection closed first.
    mutating func read(until condition: ([Wire.ServerFrame]) -> Bool) async -> Bool {
        while !condition(frames) {
            let more = await connection.read(atLeast: 1)
            guard !more.isEmpty else { return false }
            bytes += more
        }
        return true
    }

    /// Reads everything until the server closes the connection.
    mutating func readUntilClosed() async {
        bytes += await connection.readUntilClosed()
    }
}
