import Testing
import TIBSMatch

@Suite struct QualifiedIDTests {
    @Test func aQualifiedIDReadsBackFromItsText() throws {
        let id = QualifiedID(upstream: "registry-lv", id: "0192")
        #expect(QualifiedID(parsing: id.description) == id)
        #expect(QualifiedID(parsing: "no-slash") == nil)
        #expect(QualifiedID(parsing: "/0192") == nil)
        #expect(QualifiedID(parsing: "registry-lv/") == nil)
    }
}
