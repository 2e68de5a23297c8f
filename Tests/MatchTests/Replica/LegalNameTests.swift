import Testing
@testable import TIBSMatch

/// The normalised legal name and registration key duplicates compare.
@Suite struct LegalNameTests {
    @Test(arguments: [
        ("SIA Baltic Sensors", "baltic sensors"), ("Baltic Sensors, SIA", "baltic sensors"),
        ("Przędzalnia Łódź Sp. z o.o.", "przedzalnia lodz"), ("Müller Maschinenbau GmbH", "muller maschinenbau"),
        ("Nordic Øre ApS", "nordic ore"), ("Helsingin Tekniikka Oy", "helsingin tekniikka"),
        ("UAB „Žalias Vėjas“", "zalias vejas"), ("Tartu Print OÜ", "tartu print"), ("AB Volvo", "volvo"),
        ("SIA", "sia"),  // a name that is only a legal form keeps it: an empty key would group everyone
    ])
    func legalFormsPunctuationCaseAndDiacriticsAreFoldedAway(_ name: String, _ expected: String) {
        #expect(LegalName.normalise(name) == expected)
    }

    @Test func registrationIdsCompareWithoutSpacesAndPunctuation() {
        #expect(LegalName.registrationKey("lv 400-03.1") == "LV400031")
        #expect(LegalName.registrationKey(" - ") == "")
    }

    @Test func duplicatesNeedTwoRegistriesAndTheSameCountry() {
        func sme(_ upstream: String, _ id: String, _ name: String, _ registration: String, _ country: String) -> ReplicaSME {
            ReplicaSME(id: QualifiedID(upstream: upstream, id: id), legalName: name, registrationID: registration, country: country,
                       nuts: country + "0", naceCodes: [], s3Areas: [], stage: 0, sizeClass: 0)
        }
        let groups = MatchReplica.duplicates([
            sme("a", "1", "Alpha SIA", "X1", "LV"), sme("a", "2", "SIA Alpha", "X2", "LV"),  // one registry only: not a duplicate
            sme("b", "3", "Beta Oy", "F1", "FI"), sme("c", "4", "Beta", "F2", "EE"),          // other country: not a duplicate
            sme("b", "5", "Gamma", "G-1", "SE"), sme("c", "6", "Delta AB", "G1", "SE"),       // same registration key
        ], country: "")
        #expect(groups.map(\.reason) == [.sameRegistrationID])
        #expect(groups.first?.key == "G1" && groups.first?.entries.map(\.smeID.id) == ["5", "6"])
    }
}
