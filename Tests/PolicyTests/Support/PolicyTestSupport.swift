import Foundation
import GRDB
import Testing
import TIBSDomain
import TIBSIdentity
import TIBSPolicy
import TIBSServiceApp
import TIBSStore
import TIBSTestSupport

/// Noon UTC of `day`, for a ``ManualClock`` start.
func noon(_ day: String) -> Date {
    // reason: test days are literals.
    Date(timeIntervalSince1970: TimeInterval(CalendarDate(day)!.dayNumber * 86_400 + 43_200))
}

func day(_ text: String) -> CalendarDate {
    // reason: test days are literals.
    CalendarDate(text)!
}

/// The policy use cases on a temporary store, with the clock the test moves (today 2026-06-15 unless told).
func withPolicy<T>(clock: ManualClock = ManualClock(noon("2026-06-15")), overdueAfterDays: Int = 90,
                   _ body: (PolicyApp) async throws -> T) async throws -> T {
    let settings = PolicySettings(overdueAfterDays: overdueAfterDays)
    return try await withServiceStore(PolicyService.definition(settings: settings), clock: clock.now) { store in
        try await body(PolicyService.app(store: store, settings: settings))
    }
}

func principal(_ role: Role, regions: Set<String> = [], subject: String? = nil) -> Principal {
    Principal(subject: subject ?? "\(role.rawValue)-tester", role: role, regions: regions, keyID: "test", expiresAt: .distantFuture, tokenID: UUID().uuidString)
}

func caller(_ role: Role, regions: Set<String> = [], subject: String? = nil, method: String = "/test") -> Caller {
    Caller(principal: principal(role, regions: regions, subject: subject), requestID: UUID().uuidString, method: method)
}

let admin = caller(.admin, subject: "admin-1")
/// A Latvian broker (Riga and Pieriga).
let rigaBroker = caller(.broker, regions: ["LV006", "LV007"], subject: "broker-riga")

/// The ServiceError `body` fails with (an issue when it does not).
@discardableResult
func serviceError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async -> ServiceError? {
    await #expect(throws: ServiceError.self, sourceLocation: sourceLocation) { try await body() }
}

/// The fields of the violations `body` fails with.
@discardableResult
func violations(_ fields: [String]? = nil, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async -> [String] {
    let error = await #expect(throws: ValidationErrors.self, sourceLocation: sourceLocation) { try await body() }
    let found = error?.fields ?? []
    if let fields { #expect(found == fields, "\(String(describing: error))", sourceLocation: sourceLocation) }
    return found
}

/// Runs `body` and checks it left every table of the store as it was.
func expectUnchanged(_ store: ServiceStore, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async -> Void) async throws {
    let before = try await StoreSnapshot.take(store)
    await body()
    #expect(try await StoreSnapshot.take(store) == before, "a refused call changed the store", sourceLocation: sourceLocation)
}

enum Fixtures {
    static func contact(_ name: String = "Ilze Kalniņa") -> ContactPerson {
        ContactPerson(name: name, email: "ilze@example.lv", jobTitle: "Head of unit", consentGiven: true)
    }

    static func ministry(country: String = "LV") -> InstitutionFields {
        InstitutionFields(name: "Ministry of Economics", kind: .ministry, level: .national, country: country,
                          website: "https://www.em.example.lv", contacts: [contact()])
    }

    static func council(region: String = "LV006") -> InstitutionFields {
        InstitutionFields(name: "Riga Planning Region", kind: .regionalCouncil, level: .regional, country: "LV", region: region)
    }

    static func strategy(_ region: String = "LV00", from: String = "2021-01-01", to: String = "", areas: [String] = ["ict"],
                         title: String = "Smart specialisation strategy") -> RegionalStrategyInput {
        RegionalStrategyInput(region: region, validFrom: from, validTo: to,
                              priorities: areas.map { PriorityArea(s3Area: VersionedCode(code: $0, version: ""), weight: 0.8) },
                              documentTitle: title, documentURL: "https://example.lv/ris3.pdf")
    }

    static func issue(regions: [String] = ["LV006"], barriers: [String] = ["financing"], from: String = "2026-01", to: String = "2026-06") -> PolicyIssueInput {
        PolicyIssueInput(barriers: barriers.map { VersionedCode(code: $0, version: "") }, regions: regions, title: "Export finance gap",
                         statement: "Riga SMEs name financing as their first barrier.", requestedChange: "An export guarantee line for micro firms.",
                         evidenceFromMonth: from, evidenceToMonth: to)
    }

    static func action(institution: String, submittedOn: String = "2026-03-01", kind: ActionKind = .letter) -> InfluenceActionInput {
        InfluenceActionInput(kind: kind, institutionID: institution, submittedOn: submittedOn,
                             documents: [DocumentRef(title: "Letter to the ministry", url: "https://example.lv/letter.pdf")], summary: "Asked for a guarantee line.")
    }

    static func sme(_ id: String, size: SizeClass? = .micro, s3: [String] = ["ict"], region: String = "LV006") -> SMEFacts {
        SMEFacts(id: id, country: "LV", region: region, sizeClass: size, s3Areas: s3)
    }

    static func survey(_ id: String, sme: String, on date: String = "2026-03-10", region: String = "LV006",
                       stage: InternationalisationStage? = .exploring, barriers: [String] = ["financing"]) -> SurveyFacts {
        SurveyFacts(id: id, smeID: sme, country: String(region.prefix(2)), region: region, conductedOn: day(date), stage: stage, barriers: barriers)
    }
}

extension PolicyApp {
    /// Applies ledger changes in one write, as the follower does.
    func ledger(_ body: @escaping @Sendable (Database) throws -> Void) async throws {
        try await store.write { db in try body(db) }
    }
}
