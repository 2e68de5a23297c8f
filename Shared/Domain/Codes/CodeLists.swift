import Foundation

/// The data-driven code lists a service validates and scores against, in one value.
///
/// Services start from ``bundled`` (NACE Rev. 2 and Rev. 2.1, the NUTS 2021 BSR seed,
/// the S3 areas 2026-11) and may replace parts with admin-supplied lists built by
/// ``NACE/parse(csv:version:)``, ``NUTS/parse(csv:version:)`` and
/// ``S3Areas/parse(csv:version:)``, then ``init(nace:nuts:s3:)``.
/// ISO countries (``Countries``) and ``TRL`` are fixed tables and not part of this value.
public struct CodeLists: Sendable {
    public let nace: NACE
    public let nuts: NUTS
    public let s3: S3Areas
    /// The answer codes of the internationalisation survey (``SurveyCodes/parse(csv:version:)``).
    public let survey: SurveyCodes

    /// Combines lists, for example the bundled NACE with an admin-loaded full NUTS list.
    /// Without `survey`, the bundled survey codes are used.
    public init(nace: NACE, nuts: NUTS, s3: S3Areas, survey: SurveyCodes? = nil) {
        self.nace = nace
        self.nuts = nuts
        self.s3 = s3
        self.survey = survey ?? CodeLists.bundled.survey
    }

    /// The lists shipped inside this module, loaded once on first use.
    ///
    /// The bundled files are part of the build and checked by the tests, so failing to
    /// read them is a packaging bug, not a runtime condition.
    public static let bundled: CodeLists = {
        do {
            return try loadBundled()
        } catch {
            // reason: the bundled resources are build artefacts verified by tests; a failure is a packaging bug.
            fatalError("TIBSDomain bundled code lists are broken: \(error)")
        }
    }()

    /// The version of the bundled NUTS seed.
    public static let bundledNUTSVersion = "2021"

    /// Loads the bundled lists, reporting problems as errors (used by ``bundled`` and by
    /// tests that want the error instead of a trap).
    public static func loadBundled() throws(CodeListError) -> CodeLists {
        let rev2 = try NACE.parse(csv: try resource("nace-rev2"), version: NACE.rev2)
        let rev21 = try NACE.parse(csv: try resource("nace-rev2.1"), version: NACE.rev2_1)
        return CodeLists(
            nace: try NACE([rev2, rev21]),
            nuts: try NUTS.parse(csv: try resource("nuts-bsr-2021"), version: bundledNUTSVersion),
            s3: try S3Areas.parse(csv: try resource("s3-areas"), version: S3Areas.bundledVersion),
            survey: try SurveyCodes.parse(csv: try resource("survey-codes"), version: SurveyCodes.bundledVersion)
        )
    }

    /// The text of a bundled CSV in the module's `CodeLists` resource folder.
    static func resource(_ name: String) throws(CodeListError) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "CodeLists"),
              let data = try? Data(contentsOf: url),
              let text = String(data: data, encoding: .utf8) else {
            throw .missingResource(name: "\(name).csv")
        }
        return text
    }
}
