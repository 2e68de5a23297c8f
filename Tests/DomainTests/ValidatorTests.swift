import Testing
@testable import TIBSDomain

@Suite("Validator")
struct ValidatorTests {
    @Test func reportsEveryBrokenFieldAtOnce() {
        var v = Validator()
        v.require("  ", field: "legal_name")
        v.check(Countries.isValid("XX"), field: "country", "must be an ISO 3166-1 alpha-2 code")
        v.check(true, field: "region", "never reported")
        v.checkURL("ftp://example.org", field: "website")
        #expect(throws: ValidationErrors.self) { try v.throwIfAny() }
        do {
            try v.throwIfAny()
        } catch {
            #expect(error.fields == ["legal_name", "country", "website"])
            #expect(error.violations.count == 3)
        }
    }

    @Test func noViolationsMeansNoThrow() throws {
        var v = Validator()
        v.require("Acme SIA", field: "legal_name")
        v.checkEmail("", field: "email")
        #expect(v.isValid)
        try v.throwIfAny()
    }

    @Test func nestedRulesBuildProtoFieldPaths() {
        var v = Validator()
        let emails = ["ok@example.org", "broken", "also@broken"]
        for (i, email) in emails.enumerated() {
            v.nested(Validator.index("contacts", i)) { v in
                v.checkEmail(email, field: "email")
            }
        }
        v.nested("address") { v in
            v.nested("lines") { v in v.add(field: "[0]", "too long") }
        }
        #expect(v.violations.map(\.field) == ["contacts[1].email", "contacts[2].email", "address.lines[0]"])
    }

    @Test func collectKeepsViolationsOfThrowingSubRules() {
        var v = Validator()
        v.collect(under: "needs[0]") { () throws(ValidationErrors) in
            throw ValidationErrors(field: "trl", "must be 1–9")
        }
        v.collect { () throws(ValidationErrors) in }
        #expect(v.violations == [FieldViolation(field: "needs[0].trl", description: "must be 1–9")])
    }

    @Test func requireReturnsPresenceForDependentChecks() {
        var v = Validator()
        let missing: Int? = nil
        let absent = v.require(missing, field: "trl")
        let present = v.require(Optional(4), field: "trl")
        let named = v.require(nil as String?, field: "name")
        #expect(absent == nil)
        #expect(present == 4)
        #expect(!named)
        #expect(v.violations.map(\.field) == ["trl", "name"])
    }

    @Test func lengthCountsGraphemesNotBytes() {
        var v = Validator()
        let short = v.checkText("🇱🇻é", max: 2, field: "title")
        let long = v.checkText("abc", max: 2, field: "title")
        #expect(short)
        #expect(!long)
        #expect(v.violations.map(\.description) == ["must be at most 2 characters"])
    }
}
