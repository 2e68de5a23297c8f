import Foundation
import GRDB
import NIOConcurrencyHelpers
import TIBSDomain
import TIBSIdentity
import TIBSMatch
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit
import TIBSStore
import TIBSTestSupport

/// A MatchDirectory over fixed profiles: one Latvian need (Rīga, LV006) and candidates in Rīga,
/// Vilnius (LT011) and Tallinn (EE001). Any candidate id "catalogue-ee/gen-…" is a fresh Estonian
/// resource, so tests can open as many matches as they need.
struct FixedDirectory: MatchDirectory {
    static let needID = "registry-lv/need-1"
    static let otherNeedID = "registry-lt/need-2"
    static let offerID = "registry-lt/offer-1"
    static let localResourceID = "catalogue-lv/res-1"
    static let smeName = "SIA Rīgas Dati"
    static let smeTeaser = "an SME in LV006, NACE 62.01, 10-49 staff"
    static let offerOwner = "UAB Vilniaus Laboratorija"
    static let offerTeaser = "an SME in LT011, NACE 72.19"

    func proposal(needID: String, candidateID: String, on date: CalendarDate) throws -> Proposal {
        let need: NeedProfile
        switch needID {
        case Self.needID, "need-1":
            need = NeedProfile(id: QualifiedID(upstream: "registry-lv", id: "need-1"), smeID: QualifiedID(upstream: "registry-lv", id: "sme-1"),
                               text: MatchText(title: "Cold-chain sensors"), country: "LV", nuts: "LV006")
        case Self.otherNeedID:
            need = NeedProfile(id: QualifiedID(upstream: "registry-lt", id: "need-2"), smeID: QualifiedID(upstream: "registry-lt", id: "sme-2"),
                               text: MatchText(title: "Testing lab"), country: "LT", nuts: "LT011")
        default: throw ServiceError.notFound(entity: "need", id: needID)
        }
        guard let id = QualifiedID(parsing: candidateID) else { throw ValidationErrors(field: "candidate_id", "must be qualified") }
        let candidate: CandidateProfile
        switch candidateID {
        case Self.offerID:
            candidate = CandidateProfile(id: id, kind: .partnerOffer, ownerID: QualifiedID(upstream: "registry-lt", id: "sme-9"),
                                         ownerName: Self.offerOwner, text: MatchText(title: "IoT sensor co-development"),
                                         country: "LT", nuts: "LT011")
        case Self.localResourceID:
            candidate = CandidateProfile(id: id, kind: .resource, ownerID: QualifiedID(upstream: "catalogue-lv", id: "p-1"),
                                         ownerName: "Rīga Tech Park", text: MatchText(title: "Sensor test bench"), country: "LV", nuts: "LV006")
        case let other where other.hasPrefix("catalogue-ee/gen-"):
            candidate = CandidateProfile(id: id, kind: .resource, ownerID: QualifiedID(upstream: "catalogue-ee", id: "p-2"),
                                         ownerName: "Tallinn Lab", text: MatchText(title: "Cold-chain lab"), country: "EE", nuts: "EE001")
        default: throw ServiceError.notFound(entity: "candidate", id: candidateID)
        }
        var parts = ScoreParts()
        parts.textRelevance = 0.8
        parts.crossBorder = candidate.country == need.country ? 0 : 1
        parts.total = 0.55
        return Proposal(need: need, scored: ScoredCandidate(candidate: candidate, parts: parts, matchedTerms: ["sensor"]),
                        smeName: need.nuts == "LV006" ? Self.smeName : "UAB Kitas", smeTeaser: Self.smeTeaser,
                        candidateOwnerTeaser: Self.offerTeaser)
    }

    func brokers(serving nuts: String) -> [String] {
        switch nuts {
        case let code where code.hasPrefix("LV"): ["broker-lv"]
        case let code where code.hasPrefix("LT"): ["broker-lt", "broker-lt2"]
        case let code where code.hasPrefix("EE"): ["broker-ee"]
        default: []
        }
    }
}

/// A clock on a chosen UTC day at noon, moved by whole days.
final class DayClock: Sendable {
    private let current: NIOLockedValueBox<Date>

    init(_ day: String) { current = NIOLockedValueBox(DayClock.noon(day)) }

    static func noon(_ day: String) -> Date {
        // reason: test days are literals.
        Date(timeIntervalSince1970: TimeInterval(CalendarDate(day)!.dayNumber * 86_400 + 43_200))
    }

    func now() -> Date { current.withLockedValue { $0 } }
    func set(_ day: String) { current.withLockedValue { $0 = DayClock.noon(day) } }
}

enum Lifecycle {
    static let brokerLV = principal(.broker, "broker-lv", ["LV006"])
    static let brokerLT = principal(.broker, "broker-lt", ["LT011"])
    static let brokerEE = principal(.broker, "broker-ee", ["EE"])
    static let brokerPL = principal(.broker, "broker-pl", ["PL84"])
    static let admin = principal(.admin, "admin-1", [])
    static let analyst = principal(.analyst, "analyst-1", [])

    static func principal(_ role: Role, _ subject: String, _ regions: Set<String>) -> Principal {
        Principal(subject: subject, role: role, regions: regions, keyID: "test", expiresAt: Date(timeIntervalSince1970: 4_000_000_000),
                  tokenID: UUID().uuidString)
    }

    static func caller(_ principal: Principal, _ method: String = MatchMethods.advanceMatch) -> Caller {
        Caller(principal: principal, requestID: UUID().uuidString, method: method)
    }

    static func app(_ store: ServiceStore, responseWorkingDays: Int = 10) -> MatchLifecycleApp {
        MatchLifecycleApp(store: store, directory: FixedDirectory(), settings: LifecycleSettings(responseWorkingDays: responseWorkingDays))
    }

    /// The lifecycle alone as a service: its migrations and its methods.
    static func definition() -> ServiceDefinition {
        var migrations = DatabaseMigrator()
        LifecycleMigrations.register(&migrations)
        return ServiceDefinition(name: "tibs-match-lifecycle", defaultPort: 7404, databaseFile: "match.sqlite", migrations: migrations,
                                 watchChangesPath: MatchMethods.watchChanges) { store, _ in
            var router = RPCRouter()
            LifecycleHandlers.register(on: &router, app: app(store))
            return router
        }
    }

    static func withApp<T>(clock: DayClock = DayClock("2026-03-02"), _ body: (MatchLifecycleApp, DayClock) async throws -> T) async throws -> T {
        try await withServiceStore(definition(), clock: { clock.now() }) { store in try await body(app(store), clock) }
    }

    static func propose(_ app: MatchLifecycleApp, need: String = FixedDirectory.needID, candidate: String,
                        by principal: Principal = brokerLV) async throws -> MatchRecord {
        guard case .new(let view) = try await app.proposeMatch(needID: need, candidateID: candidate, note: "",
                                                                by: caller(principal, MatchMethods.proposeMatch)) else {
            throw ServiceError.failedPrecondition("replayed without a ticket")
        }
        return view.match
    }

    static let consentBy = "CEO of the SME"

    /// Walks a match to `state` along the shortest legal path (admins act, consent given today).
    static func walk(_ app: MatchLifecycleApp, _ match: MatchRecord, to state: MatchState) async throws -> MatchRecord {
        let path: [MatchState] = switch state {
        case .proposed: []
        case .shortlisted: [.shortlisted]
        case .introduced: [.shortlisted, .introduced]
        case .inDiscussion: [.shortlisted, .introduced, .inDiscussion]
        case .agreement: [.shortlisted, .introduced, .inDiscussion, .agreement]
        case .closedWithoutAgreement: [.shortlisted, .introduced, .closedWithoutAgreement]
        case .declined: [.declined]
        }
        var current = match
        for next in path { current = try await advance(app, current, to: next) }
        return current
    }

    static func advance(_ app: MatchLifecycleApp, _ match: MatchRecord, to state: MatchState, by principal: Principal = admin,
                        note: String = "") async throws -> MatchRecord {
        let consent = state == .introduced ? (consentBy, app.today.description) : nil
        return try await app.advanceMatch(id: match.id, expectedVersion: match.version,
                                          MatchAdvance(to: state, note: note, consentGivenBy: consent?.0, consentGivenOn: consent?.1),
                                          by: caller(principal)).match
    }

    /// Feed records and the stored rows of the lifecycle's tables: what "nothing changed" compares.
    static func snapshot(_ store: ServiceStore) async throws -> [String] {
        try await store.read { db in
            try String.fetchAll(db, sql: "SELECT id || ':' || version || ':' || state || ':' || hex(record) FROM matches ORDER BY id")
                + [String(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM match_follow_ups WHERE done = 1") ?? -1)]
        } + ["feed:\(store.latestSequence())"]
    }
}
