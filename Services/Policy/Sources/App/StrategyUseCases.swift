import Foundation
import GRDB
import TIBSDomain
import TIBSIdentity
import TIBSServiceApp
import TIBSStore

extension PolicyApp {
    /// Adds a version of a region's strategy; earlier versions stay. Admins only.
    public func setRegionalStrategy(_ input: RegionalStrategyInput, by caller: Caller, idempotency: IdempotencyTicket? = nil) async throws -> Created<RegionalStrategy> {
        try requireAdmin(caller.principal, "set regional strategies")
        let fields = try rules.validate(input)
        let country = rules.codes.nuts.region(code: fields.region)?.isoCountry ?? ""
        let strategy = RegionalStrategy(id: ids.next(), fields: fields, country: country, setAt: store.now, setBy: caller.principal.subject)
        let response = try codec.encode(strategy)
        return try await store.groupWrite { db in
            try changes.idempotent(db, idempotency, caller, encode: { _ in response }) {
                let record = try StrategyTable.insert(db, strategy, codec: codec)
                try changes.record(db, caller, .strategy, strategy.id, .created, payload: record)
                return strategy
            }
        }
    }

    /// The version in force in `region` on `date` (nil: today): the region's own, else the nearest
    /// enclosing region's (`LV006` → `LV00` → `LV0` → `LV`); NOT_FOUND when no region up the chain has one.
    public func regionalPriorities(region: String, on date: CalendarDate?) async throws -> RegionalStrategy {
        let day = date ?? today
        return try await store.read { db in
            var code: String? = region
            while let current = code {
                if let strategy = try StrategyTable.inForce(db, region: current, on: day, codec: codec) { return strategy }
                code = NUTS.parentCode(of: current)
            }
            throw ServiceError.notFound(entity: "regional strategy in force on \(day) for region", id: region)
        }
    }

    public func listRegionalStrategies(_ filter: StrategyFilter, page: PageRequest) async throws -> Page<RegionalStrategy> {
        try await store.read { db in try StrategyTable.list(db, filter: filter, page: page, codec: codec) }
    }
}
