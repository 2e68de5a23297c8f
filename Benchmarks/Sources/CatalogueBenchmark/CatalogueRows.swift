import Foundation
import GRDB
import TIBSProto

/// The providers and resources every case writes: row `index` of a mix over the six partner
/// regions whose S3 areas, TRL ranges, scopes, windows and words make the benchmark query
/// select a real subset (about 2 % of the rows).
enum CatalogueRows {
    static let regions = [("LV", "LV008"), ("PL", "PL841"), ("DK", "DK031"), ("DE", "DE60"), ("FI", "FI1C4"), ("LT", "LT011")]
    static let areas = ["ict", "bioeconomy", "circular-economy", "advanced-manufacturing"]
    static let words = ["sensor", "hydrogen", "forest", "logistics", "battery", "food", "maritime", "robotics"]

    static func provider(_ index: Int) -> Tibs_Catalogue_V1_ProviderFields {
        let (country, nuts) = regions[index % regions.count]
        return .with {
            $0.name = "Benchmark technology centre \(index)"
            $0.kind = .technologyCentre
            $0.region = .with { $0.country = country; $0.nutsCode = nuts }
            $0.website = "https://centre\(index).example"
            $0.description_p = "Applied research and test facilities for SMEs around the Baltic Sea."
        }
    }

    static func resource(_ index: Int, prefix: String) -> Tibs_Catalogue_V1_ResourceFields {
        let low = UInt32(1 + index % 9)
        return .with {
            $0.kind = index % 2 == 0 ? .technology : .facility
            $0.title = "Benchmark resource \(prefix)\(index)"
            $0.description_p = "A pilot line and the engineers who run it, booked by SMEs by the day. "
                + "Topic: \(words[index % words.count]) \(words[(index / 8) % words.count]); row \(index)."
            $0.keywords = ["pilot line", words[(index / 3) % words.count]]
            $0.s3Areas = [.with { $0.code = areas[index % areas.count] }]
            $0.naceCodes = [.with { $0.code = "72.19"; $0.version = "2" }]
            $0.trl = .with { $0.min = low; $0.max = min(9, low + UInt32(index % 3)) }
            $0.capacity = "10 days a month"
            $0.accessScope = index % 3 == 0 ? .national : .transnational
            $0.accessConditions = "Booked two weeks ahead."
            $0.costModel = .fee
            $0.languages = ["en"]
            $0.contact = .with {
                $0.name = "Contact Person \(index)"
                $0.email = "contact\(index)@centre.example"
                $0.consentGiven = true
            }
            $0.validity = .with { $0.opensOn = "2020-01-01"; $0.closesOn = "2099-12-31" }
        }
    }

    /// The benchmark query: three filters (S3 area, open to foreign SMEs, TRL range) and free text,
    /// over drafts (the fill imports drafts; the status index serves published ones the same way).
    static func query(page: Tibs_Common_V1_PageRequest = .init()) -> Tibs_Catalogue_V1_ListResourcesRequest {
        .with {
            $0.status = .draft
            $0.s3Area = "bioeconomy"
            $0.transnationalOnly = true
            $0.trlMin = 6
            $0.trlMax = 7
            $0.text = "hydrogen"
            $0.page = page
        }
    }

    /// The same query as ListResources runs it on SQLite (ResourceTable.list with Paging.fetch):
    /// the count of the first page, then the page itself, 100 rows and one more.
    static let floorCount = """
        SELECT COUNT(*) FROM resources WHERE status = ? AND s3_index LIKE ? AND trl_min > 0 AND trl_min <= ? AND trl_max >= ? \
        AND transnational = 1 AND NOT (runs_in_calls = 1 AND closes_on != '' AND closes_on < ?) \
        AND rowid IN (SELECT rowid FROM resource_text WHERE resource_text MATCH ?)
        """
    static let floorPage = """
        SELECT id, record FROM resources WHERE status = ? AND s3_index LIKE ? AND trl_min > 0 AND trl_min <= ? AND trl_max >= ? \
        AND transnational = 1 AND NOT (runs_in_calls = 1 AND closes_on != '' AND closes_on < ?) \
        AND rowid IN (SELECT rowid FROM resource_text WHERE resource_text MATCH ?) ORDER BY id LIMIT ?
        """

    /// The floor's arguments, in the order of `floorCount` (`floorPage` adds the limit).
    static func floorArguments(today: String) -> StatementArguments {
        ["draft", "%,bioeconomy,%", 7, 6, today, "\"hydrogen\"*"]
    }
}
