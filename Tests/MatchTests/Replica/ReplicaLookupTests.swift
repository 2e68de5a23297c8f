import Testing
import TIBSDomain
@testable import TIBSMatch
import TIBSServiceApp

/// Ids as callers give them: qualified, or bare and looked up across the registries.
@Suite struct ReplicaLookupTests {
    let entries: [QualifiedID: Int] = [QualifiedID(upstream: "registry-lv", id: "a"): 1, QualifiedID(upstream: "registry-lt", id: "a"): 2,
                                       QualifiedID(upstream: "registry-lt", id: "b"): 3]
    let registries = ["registry-lv", "registry-lt"]

    func resolve(_ text: String) throws -> QualifiedID {
        try ReplicaLookup.resolve(text, field: "need_id", what: "need", registries: registries, in: entries)
    }

    @Test func bareIdsAreFoundInTheOneRegistryThatHasThem() throws {
        #expect(try resolve(" b ") == QualifiedID(upstream: "registry-lt", id: "b"))
        #expect(try resolve("registry-lv/a") == QualifiedID(upstream: "registry-lv", id: "a"))
    }

    @Test func anIdInTwoRegistriesMustBeQualified() {
        let error = #expect(throws: ValidationErrors.self) { try resolve("a") }
        #expect(error?.fields == ["need_id"])
        #expect(error?.description.contains("registry-lv, registry-lt") == true)
    }

    @Test func unknownMalformedAndForeignIdsAreRefused() {
        #expect(throws: ServiceError.notFound(entity: "need", id: "c")) { try resolve("c") }
        #expect(throws: ServiceError.notFound(entity: "need", id: "registry-lv/b")) { try resolve("registry-lv/b") }
        for text in ["", "registry-lv/", "/a", "catalogue-fi/a", "a\u{0007}", String(repeating: "x", count: 201)] {
            let error = #expect(throws: ValidationErrors.self, "\(text.debugDescription)") { try resolve(text) }
            #expect(error?.fields == ["need_id"])
        }
    }
}
