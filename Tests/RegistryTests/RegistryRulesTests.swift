import Foundation
import Testing
@testable import TIBSDomain
@testable import TIBSRegistry

@Suite("Registry domain rules")
struct RegistryRulesTests {
    let rules = RegistryRules()

    func profile(headcount: Int = 20, turnover: UInt64 = 1_000_000, balance: UInt64 = 1_000_000) -> SMEProfile {
        SMEProfile(legalName: "Kouvola Logistics Oy", region: RegionRef(country: "FI", nutsCode: "fi1c4", nutsVersion: ""),
                   registrationID: "FI 2345678-9", figures: EnterpriseFigures(headcount: headcount, annualTurnoverEUR: turnover, balanceSheetTotalEUR: balance),
                   naceCodes: [VersionedCode(code: "5229", version: "2")])
    }

    @Test(arguments: [
        (5, UInt64(1_500_000), UInt64(9_000_000), SizeClass?.some(.micro)),
        (5, 3_000_000, 3_000_000, .small),
        (49, 10_000_000, 80_000_000, .small),
        (60, 1, 1, .medium),
        (249, 60_000_000, 43_000_000, .medium),
        (249, 50_000_001, 43_000_001, nil),
        (250, 1, 1, nil),
    ])
    func theEUDefinitionClassifiesByHeadcountAndEitherFinancialCeiling(headcount: Int, turnover: UInt64, balance: UInt64, expected: SizeClass?) {
        #expect(SMEDefinition.sizeClass(of: EnterpriseFigures(headcount: headcount, annualTurnoverEUR: turnover, balanceSheetTotalEUR: balance)) == expected)
    }

    @Test func validationReturnsCanonicalCodesAndDefaultVersions() throws {
        let valid = try rules.validate(profile())
        #expect(valid.region.nutsCode == "FI1C4" && valid.region.nutsVersion == "2021")
        #expect(valid.naceCodes == [VersionedCode(code: "52.29", version: "2")])
        #expect(valid.registrationKey == "FI23456789")
    }

    @Test func anEnterpriseAboveBothFinancialCeilingsIsNotAnSME() {
        #expect(throws: ValidationErrors([FieldViolation(field: "annual_turnover_eur",
                                                         description: "turnover above EUR 50 M together with a balance sheet above EUR 43 M is not an SME (EU definition 2003/361/EC)")])) {
            _ = try rules.validate(profile(turnover: 51_000_000, balance: 44_000_000))
        }
    }

    @Test func aRegionMustLieInTheCountry() {
        var wrong = profile()
        wrong.region.country = "SE"
        do {
            _ = try rules.validate(wrong)
            Issue.record("accepted FI1C4 in SE")
        } catch {
            #expect(error.fields == ["region.nuts_code"])
        }
    }

    @Test func phoneNumbersAndLanguageCodesFollowTheirShapes() {
        #expect(CodeRules.isPhoneNumber("+45 65 50 10 00"))
        #expect(!CodeRules.isPhoneNumber("12345"))
        #expect(!CodeRules.isPhoneNumber("45+6550100"))
        #expect(CodeRules.isLanguageCode("lt") && !CodeRules.isLanguageCode("LT") && !CodeRules.isLanguageCode("lit"))
    }

    @Test func offersMayNotAskForFundingAndNeedsMayNotOfferCapacity() {
        #expect(!PostingKind.funding.allowed(on: .offer))
        #expect(!PostingKind.productionCapacity.allowed(on: .need))
        #expect(PostingKind.valueChainPartner.allowed(on: .need) && PostingKind.valueChainPartner.allowed(on: .offer))
    }

    @Test func calendarDatesAreRealDays() {
        #expect(RegistryRules.isCalendarDate("2024-02-29"))
        #expect(!RegistryRules.isCalendarDate("2025-02-29"))
        #expect(!RegistryRules.isCalendarDate("2025-1-05"))
        #expect(RegistryRules.calendarDate(Date(timeIntervalSince1970: 1_700_000_000)) == "2023-11-14")
    }
}

@Suite("Survey code lists")
struct SurveyCodesTests {
    @Test func theBundledListHasEveryQuestionWithItsVersion() {
        let codes = CodeLists.bundled.survey
        #expect(codes.version == "2026-11")
        for question in SurveyQuestion.allCases { #expect(!codes.codes(question).isEmpty) }
        #expect(codes.code("Financing", of: .barrier)?.label == "Lack of financing for internationalisation")
        #expect(codes.code("financing", of: .advantage) == nil)
    }

    @Test func aListWithAnUnknownQuestionOrAMissingQuestionIsRefused() {
        #expect(throws: CodeListError.self) { _ = try SurveyCodes.parse(csv: "list,code,label\nweather,rain,Rain\n", version: "x") }
        #expect(throws: CodeListError.self) { _ = try SurveyCodes.parse(csv: "list,code,label\nbarrier,rain,Rain\n", version: "x") }
    }
}

@Suite("UUIDv7")
struct UUIDv7Tests {
    @Test func idsCarryVersionAndVariantAndIncreaseWithinOneMillisecond() {
        let frozen = Date(timeIntervalSince1970: 1_800_000_000)
        let generator = UUIDv7Generator(clock: { frozen })
        let ids = (0..<5_000).map { _ in generator.next() }
        #expect(ids.allSatisfy(UUIDv7Generator.isValid))
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
    }

    @Test func theTimestampLeadsTheId() {
        #expect(UUIDv7Generator.format(millis: 0x0193_6f4c_6d2e, counter: 0xa31, random: 0).hasPrefix("01936f4c-6d2e-7a31-8"))
        #expect(!UUIDv7Generator.isValid("01936F4C-6D2E-7A31-9B0C-4D5E6F708192"))
        #expect(!UUIDv7Generator.isValid("01936f4c-6d2e-4a31-9b0c-4d5e6f708192"))
    }

    @Test func everyPartSitsInItsRFC9562Bits() {
        #expect(UUIDv7Generator.format(millis: 0xFFFF_FFFF_FFFF, counter: 0xFFF, random: .max) == "ffffffff-ffff-7fff-bfff-ffffffffffff")
        #expect(UUIDv7Generator.format(millis: 0x0193_6f4c_6d2e, counter: 0xa31, random: 0x1b0c_4d5e_6f70_8192)
                == "01936f4c-6d2e-7a31-9b0c-4d5e6f708192")
        for _ in 0..<1_000 {
            let millis = UInt64.random(in: 0...0xFFFF_FFFF_FFFF), counter = UInt16.random(in: 0...0xFFF), random = UInt64.random(in: 0...UInt64.max)
            let text = UUIDv7Generator.format(millis: millis, counter: counter, random: random)
            let hex = text.replacingOccurrences(of: "-", with: "")
            #expect(UUIDv7Generator.isValid(text) && hex.count == 32)
            #expect(UInt64(hex.prefix(12), radix: 16) == millis)
            #expect(UInt64(hex.dropFirst(13).prefix(3), radix: 16) == UInt64(counter))
            #expect(UInt64(hex.suffix(16), radix: 16) == random & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000)
        }
    }
}
