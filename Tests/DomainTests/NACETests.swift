import Testing
@testable import TIBSDomain

@Suite("NACE Rev. 2 and Rev. 2.1")
struct NACETests {
    let nace = CodeLists.bundled.nace

    private func counts(_ version: String) -> [NACELevel: Int] {
        var counts: [NACELevel: Int] = [:]
        for entry in nace.list(version: version)?.entries ?? [] { counts[entry.level, default: 0] += 1 }
        return counts
    }

    @Test func bothVersionsAreBundled() {
        #expect(nace.versions == ["2", "2.1"])
    }

    @Test func rev2LevelCountsMatchTheRegulation() {
        #expect(counts(NACE.rev2) == [.section: 21, .division: 88, .group: 272, .class: 615])
    }

    @Test func rev21LevelCountsMatchTheRegulation() {
        #expect(counts(NACE.rev2_1) == [.section: 22, .division: 87, .group: 287, .class: 651])
    }

    @Test func everyEntryCarriesItsVersion() {
        #expect(nace.list(version: "2")?.entries.allSatisfy { $0.version == "2" } == true)
        #expect(nace.list(version: "2.1")?.entries.allSatisfy { $0.version == "2.1" } == true)
        #expect(nace.entry(code: "62.01", version: "2")?.versionedCode == VersionedCode(code: "62.01", version: "2"))
    }

    @Test func classAncestorsRunGroupDivisionSection() {
        let chain = nace.ancestors(of: "62.01", version: NACE.rev2).map(\.code)
        #expect(chain == ["62.0", "62", "J"])
        #expect(nace.section(of: "62.01", version: NACE.rev2)?.code == "J")
        #expect(nace.ancestors(of: "J", version: NACE.rev2).isEmpty)
    }

    @Test func sameDivisionSitsInAnotherSectionInRev21() {
        #expect(nace.ancestors(of: "62.10", version: NACE.rev2_1).map(\.code) == ["62.1", "62", "K"])
        #expect(nace.section(of: "62", version: NACE.rev2_1)?.code == "K")
    }

    @Test func codesAreValidOnlyInTheirOwnVersion() {
        #expect(nace.isValid(code: "62.01", version: NACE.rev2))
        #expect(!nace.isValid(code: "62.01", version: NACE.rev2_1))
        #expect(nace.isValid(code: "62.10", version: NACE.rev2_1))
        #expect(!nace.isValid(code: "V", version: NACE.rev2))
        #expect(nace.isValid(code: "V", version: NACE.rev2_1))
    }

    @Test(arguments: ["99.99", "62.0.1", "6.2", "620.1", "ZZ", "", "62.", "62010", "AB", "W", "00"])
    func invalidCodesAreRejected(code: String) {
        #expect(!nace.isValid(code: code, version: NACE.rev2))
        #expect(!nace.isValid(code: code, version: NACE.rev2_1))
    }

    @Test func unknownVersionRejectsEveryCode() {
        #expect(!nace.isValid(code: "62.01", version: "3"))
        #expect(nace.ancestors(of: "62.01", version: "3").isEmpty)
    }

    @Test func dotlessAndPaddedSpellingsNormaliseToCanonical() {
        #expect(NACE.normalize("6201") == "62.01")
        #expect(NACE.normalize(" 62.01 ") == "62.01")
        #expect(NACE.normalize("620") == "62.0")
        #expect(NACE.normalize("62") == "62")
        #expect(NACE.normalize("j") == "J")
        #expect(NACE.normalize("6.2") == nil)
        #expect(NACE.normalize("62010") == nil)
        #expect(nace.entry(code: "6201", version: NACE.rev2)?.title == "Computer programming activities")
    }

    @Test func prefixFilterMatchesBySectionOrDigits() {
        #expect(nace.matches(code: "62.01", prefix: "62", version: NACE.rev2))
        #expect(nace.matches(code: "62.01", prefix: "62.0", version: NACE.rev2))
        #expect(nace.matches(code: "62.01", prefix: "J", version: NACE.rev2))
        #expect(!nace.matches(code: "62.01", prefix: "K", version: NACE.rev2))
        #expect(nace.matches(code: "62.10", prefix: "K", version: NACE.rev2_1))
        #expect(!nace.matches(code: "63.11", prefix: "62", version: NACE.rev2))
        #expect(nace.matches(code: "62.01", prefix: "62.01", version: NACE.rev2))
        #expect(!nace.matches(code: "62.01", prefix: "", version: NACE.rev2))
        #expect(NACE.digitPrefixMatches(code: "6201", prefix: "6"))
        #expect(!NACE.digitPrefixMatches(code: "62.01", prefix: "J"))
    }

    @Test func childrenAreTheLevelBelow() {
        #expect(nace.children(of: "62.0", version: NACE.rev2).map(\.code) == ["62.01", "62.02", "62.03", "62.09"])
    }

    @Test func adminListWithBrokenHierarchyIsRejected() {
        let orphan = "code,parent,level,title\nA,,1,Agriculture\n01,B,2,Crops\n"
        #expect(throws: CodeListError.self) { try NACE.parse(csv: orphan, version: "x") }
        let badShape = "code,parent,level,title\nA,,1,Agriculture\n1,A,2,Crops\n"
        #expect(throws: CodeListError.self) { try NACE.parse(csv: badShape, version: "x") }
        let duplicate = "code,parent,level,title\nA,,1,Agriculture\nA,,1,Again\n"
        #expect(throws: CodeListError.duplicateCode(list: "NACE x", code: "A")) {
            try NACE.parse(csv: duplicate, version: "x")
        }
    }

    @Test func adminListLoadsWithShuffledColumnsAndParentsAfterChildren() throws {
        let csv = "title,level,code,parent,note\nCrops,2,01,A,\n\"Agriculture, forestry\",1,A,,x\n"
        let list = try NACE.parse(csv: csv, version: "test")
        #expect(list.entry(code: "01")?.parent == "A")
        #expect(list.entry(code: "A")?.title == "Agriculture, forestry")
    }
}
