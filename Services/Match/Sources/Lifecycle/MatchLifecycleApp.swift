import Foundation
import TIBSDomain
import TIBSServiceApp
import TIBSStore

/// The match lifecycle's use cases over the match service's store: propose, walk, outcome,
/// follow-ups, listings and the flows report. Every mutation is one `store.groupWrite` that also
/// appends the "match" feed record and the audit record (``ChangeWriter``). "Today" is the store
/// clock's UTC day, so tests move deadlines by injecting the clock.
public struct MatchLifecycleApp: Sendable {
    public let store: ServiceStore
    /// The replica: proposals (need and candidate as scored now) and the brokers of a region.
    public let directory: any MatchDirectory
    public let settings: LifecycleSettings
    public let rules: LifecycleRules
    public let codec: any LifecycleCoding
    let changes: ChangeWriter<MatchEntityType>
    let ids: UUIDv7Generator

    public init(store: ServiceStore, directory: any MatchDirectory, settings: LifecycleSettings = LifecycleSettings(),
                codec: any LifecycleCoding = LifecycleMapping(), ids: UUIDv7Generator = .shared) {
        self.store = store
        self.directory = directory
        self.settings = settings
        self.rules = LifecycleRules(codes: settings.codes)
        self.codec = codec
        let payloadType = codec.payloadType
        self.changes = ChangeWriter(store: store, payloadType: { _ in payloadType })
        self.ids = ids
    }

    /// The UTC day of the store clock.
    public var today: CalendarDate { CalendarDate(store.clock()) }

    /// The deadline of a step taken on `day`.
    func respondBy(after day: CalendarDate) -> CalendarDate { day.adding(workingDays: settings.responseWorkingDays) }

    /// The stored record and feed payload: the whole match.
    func record(_ match: MatchRecord) throws -> Data { try codec.encode(MatchDisclosure.full(match)) }
}
