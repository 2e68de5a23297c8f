import Foundation
import TIBSDomain
import TIBSProto
import TIBSRegistry

/// The SMEs every case writes: row `index` of a plausible mix over the six partner regions,
/// in both the wire form (CreateSme) and the domain form (bulk fill, raw SQLite).
enum Rows {
    static let regions = [("LV", "LV008"), ("PL", "PL841"), ("DK", "DK031"), ("DE", "DE60"), ("FI", "FI1C4"), ("LT", "LT011")]
    static let nace = ["62.01", "10.51", "16.23", "28.99", "72.11", "52.29"]
    static let s3 = ["ict", "bioeconomy", "agri-food", "advanced-manufacturing", "smart-health", "blue-economy"]

    static func fields(_ index: Int, prefix: String) -> Tibs_Registry_V1_SmeFields {
        let (country, nuts) = regions[index % regions.count]
        return .with {
            $0.legalName = "Benchmark company \(prefix)\(index)"
            $0.region = .with { $0.country = country; $0.nutsCode = nuts }
            $0.registrationID = "\(country)\(prefix)\(index)"
            $0.headcount = UInt32(5 + index % 200)
            $0.annualTurnoverEur = UInt64(200_000 + (index % 97) * 150_000)
            $0.balanceSheetTotalEur = 1_000_000
            $0.naceCodes = [.with { $0.code = nace[index % nace.count]; $0.version = "2" }]
            $0.s3Areas = [.with { $0.code = s3[index % s3.count] }, .with { $0.code = s3[(index + 2) % s3.count] }]
            $0.description_p = "Makes and exports products for partners around the Baltic Sea; row \(index)."
            $0.languages = ["en"]
            $0.website = "https://company\(index).example"
            $0.contacts = [.with {
                $0.name = "Contact Person \(index)"
                $0.email = "contact\(index)@company\(index).example"
                $0.phone = "+371 2000 \(1000 + index % 9000)"
                $0.consentGiven = true
            }]
        }
    }

    static func profile(_ index: Int, prefix: String) -> SMEProfile {
        let fields = fields(index, prefix: prefix)
        return SMEProfile(
            legalName: fields.legalName,
            region: RegionRef(country: fields.region.country, nutsCode: fields.region.nutsCode, nutsVersion: "2021"),
            registrationID: fields.registrationID,
            figures: EnterpriseFigures(headcount: Int(fields.headcount), annualTurnoverEUR: fields.annualTurnoverEur,
                                       balanceSheetTotalEUR: fields.balanceSheetTotalEur),
            naceCodes: fields.naceCodes.map { VersionedCode(code: $0.code, version: $0.version) },
            s3Areas: fields.s3Areas.map { VersionedCode(code: $0.code, version: S3Areas.bundledVersion) },
            description: fields.description_p, languages: fields.languages, website: fields.website,
            contacts: fields.contacts.map {
                ContactPerson(name: $0.name, email: $0.email, phone: $0.phone, consentGiven: true, consentRecordedAt: Date())
            })
    }
}
