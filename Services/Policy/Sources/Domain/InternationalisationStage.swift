/// How far an SME has gone abroad, as a survey records it. The raw value is the proto number and
/// the `stage` column of the evidence tables.
public enum InternationalisationStage: Int, Sendable, CaseIterable, Codable {
    case domesticOnly = 1, exploring = 2, firstForeignContracts = 3, regularExporter = 4, establishedAbroad = 5
}
