import Testing
@testable import TIBSCtlKit

/// Contact flags of `sme create` and `sme update` never vanish unseen.
@Suite struct SmeFieldOptionsTests {
    @Test func consentWithoutAContactIsAUsageError() throws {
        let options = try SmeFieldOptions.parse(["--legal-name", "Acme", "--consent"])
        #expect(throws: CLIFailure.usage("--consent describes a contact person: pass --contact-name as well")) {
            _ = try options.fields(base: .object([]))
        }
    }

    @Test func contactDetailsWithoutAContactNameAreAUsageError() throws {
        let options = try SmeFieldOptions.parse(["--contact-email", "a@example.lv", "--consent"])
        #expect(throws: CLIFailure.usage("--consent, --contact-email describe a contact person: pass --contact-name as well")) {
            _ = try options.fields(base: .object([]))
        }
    }

    @Test func aContactWithConsentIsSent() throws {
        let options = try SmeFieldOptions.parse(["--contact-name", "Anna", "--consent"])
        let fields = try options.fields(base: .object([]))
        #expect(fields["contacts"] != nil)
    }
}
