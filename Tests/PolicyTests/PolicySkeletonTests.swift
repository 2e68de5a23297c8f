import Testing
import TIBSPolicy
import TIBSTestSupport

@Suite struct PolicySkeletonTests {
    @Test func theDefinitionServesOnThePolicyPortWithItsOwnFile() {
        let definition = PolicyService.definition()
        #expect(definition.defaultPort == 7403)
        #expect(definition.databaseFile == "policy.sqlite")
        #expect(definition.secureDelete)
    }
}
