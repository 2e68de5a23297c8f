import Foundation
import GRDB
import Testing
import TIBSDomain
import TIBSIdentity
import TIBSPolicy
import TIBSServiceApp
import TIBSStore
import TIBSTestSupport

@Suite struct InstitutionTests {
    @Test func eachGovernanceLevelHasItsOwnPlaceRules() async {
        let rules = PolicyRules()
        #expect(throws: Never.self) { _ = try rules.validate(Fixtures.ministry()) }
        #expect(throws: Never.self) { _ = try rules.validate(Fixtures.council()) }
        #expect(throws: Never.self) { _ = try rules.validate(InstitutionFields(name: "DG REGIO", kind: .euBody, level: .eu)) }
        await violations(["country", "region"]) {
            _ = try rules.validate(InstitutionFields(name: "DG REGIO", kind: .euBody, level: .eu, country: "BE", region: "LV006"))
        }
        await violations(["country"]) { _ = try rules.validate(InstitutionFields(name: "Ministry", kind: .ministry, level: .national)) }
        await violations(["region"]) {
            _ = try rules.validate(InstitutionFields(name: "Ministry", kind: .ministry, level: .national, country: "LV", region: "LV006"))
        }
        await violations(["region"]) { _ = try rules.validate(InstitutionFields(name: "Council", kind: .regionalCouncil, level: .regional, country: "LV")) }
        await violations(["region"]) {
            _ = try rules.validate(InstitutionFields(name: "Council", kind: .regionalCouncil, level: .regional, country: "EE", region: "LV006"))
        }
        await violations(["region"]) {
            _ = try rules.validate(InstitutionFields(name: "Council", kind: .regionalCouncil, level: .regional, country: "LV", region: "LV999"))
        }
        await violations(["name", "kind", "level"]) { _ = try rules.validate(InstitutionFields(name: " ", kind: nil, level: nil)) }
    }

    @Test func contactsNeedConsentAndAWayToReachThePerson() async {
        var fields = Fixtures.ministry()
        fields.contacts = [ContactPerson(name: "Jānis", consentGiven: false)]
        await violations(["contacts[0].email", "contacts[0].consent_given"]) { _ = try PolicyRules().validate(fields) }
    }

    @Test func contactsAreShownToAdminsAndAnalystsOnly() async throws {
        try await withPolicy { app in
            guard case .new(let created) = try await app.createInstitution(Fixtures.ministry(), by: admin) else { return }
            #expect(created.institution.fields.contacts.count == 1)
            #expect(created.institution.fields.contacts[0].consentRecordedAt == app.store.now)
            for role in [Role.admin, .analyst] {
                let view = try await app.getInstitution(id: created.institution.id, for: principal(role))
                #expect(!view.contactsWithheld && view.institution.fields.contacts.count == 1, "\(role)")
            }
            for role in [Role.broker, .integrator, .service] {
                let view = try await app.getInstitution(id: created.institution.id, for: principal(role, regions: ["LV"]))
                #expect(view.contactsWithheld && view.institution.fields.contacts.isEmpty, "\(role)")
                let listed = try await app.listInstitutions(InstitutionFilter(), page: PageRequest(size: 10, after: nil), for: principal(role))
                #expect(listed.items.allSatisfy { $0.contactsWithheld && $0.institution.fields.contacts.isEmpty })
            }
        }
    }

    @Test func onlyAdminsWriteInstitutionsAndARefusalChangesNothing() async throws {
        try await withPolicy { app in
            guard case .new(let created) = try await app.createInstitution(Fixtures.ministry(), by: admin) else { return }
            let id = created.institution.id
            for outsider in [rigaBroker, caller(.analyst), caller(.integrator), caller(.service)] {
                try await expectUnchanged(app.store) {
                    #expect(await serviceError { _ = try await app.createInstitution(Fixtures.council(), by: outsider) }.map(isDenied) == true)
                    #expect(await serviceError {
                        _ = try await app.updateInstitution(id: id, expectedVersion: 1, Fixtures.council(), by: outsider)
                    }.map(isDenied) == true)
                    #expect(await serviceError { _ = try await app.eraseInstitutionPersonalData(id: id, by: outsider) }.map(isDenied) == true)
                }
            }
        }
    }

    @Test func aStaleUpdateIsAbortedAndABrokenOneChangesNothing() async throws {
        try await withPolicy { app in
            guard case .new(let created) = try await app.createInstitution(Fixtures.ministry(), by: admin) else { return }
            let id = created.institution.id
            try await expectUnchanged(app.store) {
                #expect(await serviceError { _ = try await app.updateInstitution(id: id, expectedVersion: 3, Fixtures.council(), by: admin) }
                    == .staleVersion(entity: "institution", id: id, expected: 3, actual: 1))
                await violations(["region"]) {
                    _ = try await app.updateInstitution(id: id, expectedVersion: 1, Fixtures.council(region: "EE001"), by: admin)
                }
            }
            let updated = try await app.updateInstitution(id: id, expectedVersion: 1, Fixtures.council(), by: admin)
            #expect(updated.institution.version == 2)
            #expect(updated.institution.fields.level == .regional)
        }
    }

    @Test func listingFiltersByCountryRegionKindAndLevel() async throws {
        try await withPolicy { app in
            _ = try await app.createInstitution(Fixtures.ministry(), by: admin)
            _ = try await app.createInstitution(Fixtures.ministry(country: "EE"), by: admin)
            _ = try await app.createInstitution(Fixtures.council(), by: admin)
            _ = try await app.createInstitution(InstitutionFields(name: "Interreg BSR", kind: .managingAuthority, level: .eu), by: admin)
            func names(_ filter: InstitutionFilter) async throws -> Int {
                try await app.listInstitutions(filter, page: PageRequest(size: 10, after: nil), for: principal(.analyst)).items.count
            }
            #expect(try await names(InstitutionFilter()) == 4)
            #expect(try await names(InstitutionFilter(country: "LV")) == 2)
            #expect(try await names(InstitutionFilter(region: "LV")) == 1)
            #expect(try await names(InstitutionFilter(kind: .ministry)) == 2)
            #expect(try await names(InstitutionFilter(level: .eu)) == 1)
            #expect(try await names(InstitutionFilter(country: "LV", level: .national)) == 1)
            await violations(["region"]) { _ = try InstitutionFilter(region: "ZZ9").validated(codes: .bundled) }
        }
    }

    @Test func erasureRemovesTheContactsFromTableFeedAndStoredResponses() async throws {
        try await withPolicy { app in
            let ticket = IdempotencyTicket(key: "admin-1|k1", requestDigest: Data([1, 2, 3]))
            guard case .new(let created) = try await app.createInstitution(Fixtures.ministry(), by: admin, idempotency: ticket) else { return }
            let id = created.institution.id
            let result = try await app.eraseInstitutionPersonalData(id: id, by: admin)
            #expect(result.contactsErased == 1)
            #expect(result.version == 2)
            let view = try await app.getInstitution(id: id, for: principal(.admin))
            #expect(view.institution.personalDataErased && view.institution.fields.contacts.isEmpty)
            let leftovers = try await app.store.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM institution_contacts") ?? -1,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM idempotency_keys") ?? -1)
            }
            #expect(leftovers.0 == 0)
            #expect(leftovers.1 == 0)
            let changes = try await app.store.readChanges(after: 0, limit: 10)
            #expect(changes.map(\.kind) == [.created, .erased])
            #expect(changes.allSatisfy { !String(decoding: $0.payload, as: UTF8.self).contains("ilze@example.lv") })
        }
    }

    @Test func aRepeatedCreateUnderOneKeyAnswersTheFirstAndStoresOnce() async throws {
        try await withPolicy { app in
            let ticket = IdempotencyTicket(key: "admin-1|same", requestDigest: Data([9]))
            guard case .new(let first) = try await app.createInstitution(Fixtures.ministry(), by: admin, idempotency: ticket) else {
                Issue.record("the first create was not new"); return
            }
            guard case .replayed = try await app.createInstitution(Fixtures.ministry(), by: admin, idempotency: ticket) else {
                Issue.record("the second create was not a replay"); return
            }
            let listed = try await app.listInstitutions(InstitutionFilter(), page: PageRequest(size: 10, after: nil), for: principal(.admin))
            #expect(listed.items.map(\.institution.id) == [first.institution.id])
        }
    }
}

func isDenied(_ error: ServiceError) -> Bool {
    if case .permissionDenied = error { return true }
    return false
}
