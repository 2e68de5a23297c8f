import Foundation
import TIBSDomain
import TIBSProto
import TIBSRegistry

/// The generated brokerage data: SMEs over seven partner regions with one need and one offer
/// each, and resources (a tenth of them support programmes) of providers in the same regions.
/// Text is drawn from a 5,000-word vocabulary with a Zipf-like spread (a few words are common,
/// most rare), at realistic lengths: titles of 4–8 words, descriptions of 25–45, three keywords.
/// Row `i` is the same in every run (a seeded generator per row).
enum MatchRows {
    static let regions = [("LV", "LV008"), ("PL", "PL841"), ("DK", "DK031"), ("DE", "DE600"), ("FI", "FI1C4"), ("LT", "LT011"), ("EE", "EE001")]
    static let s3 = ["ict", "bioeconomy", "agri-food", "advanced-manufacturing", "smart-health", "blue-economy", "energy", "circular-economy"]
    static let nace = ["62.01", "28.99", "10.89", "16.23", "72.19", "71.20", "25.62", "26.51", "35.11", "86.90"]
    static let domainWords = """
        sensor hydrogen forest logistics battery food maritime robotics laser timber textile dairy software cloud security water \
        energy solar wind biogas packaging recycling composite metal machining welding casting testing laboratory pilot plant \
        fermentation protein berry fish algae drone lidar mapping telemedicine wearable clinical diagnostics vaccine enzyme \
        polymer coating furniture sawmill biomass heat pump grid storage charging vehicle port shipping cold chain warehouse \
        tourism gaming training education fintech payment blockchain analytics ai vision automation cobot gripper cnc printing \
        additive design prototype certification export distributor partner market funding voucher grant accelerator incubator
        """.split(separator: " ").map(String.init)
    /// domainWords, then synthetic words ("kaxo", "bilu", …) up to 5,000.
    static let vocabulary: [String] = {
        var words = domainWords
        let syllables = ["ka", "lo", "mi", "nu", "pe", "ri", "sa", "to", "vi", "ze", "bo", "du"]
        var n = 0
        while words.count < 5_000 {
            var word = "", value = n
            for _ in 0..<3 { word += syllables[value % syllables.count]; value /= syllables.count }
            words.append(word + String(n % 7))
            n += 1
        }
        return words
    }()

    /// SplitMix64: a fast, seeded generator, one per row.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        init(_ seed: Int, _ salt: UInt64) { state = UInt64(truncatingIfNeeded: seed) &* 0x9E37_79B9_7F4A_7C15 ^ salt }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A word with a Zipf-like rank distribution (rank ≈ 5000^u²).
    static func word(_ g: inout Generator) -> String {
        let u = Double(g.next() % 1_000_000) / 1_000_000
        let rank = Int(pow(Double(vocabulary.count), u * u)) - 1
        return vocabulary[max(0, min(vocabulary.count - 1, rank))]
    }

    static func words(_ count: Int, _ g: inout Generator) -> String { (0..<count).map { _ in word(&g) }.joined(separator: " ") }

    struct Text {
        var title: String
        var description: String
        var keywords: [String]
    }

    /// Resource texts as the catalogue holds them (``resource(_:)``'s unique titles).
    static func resourceText(_ index: Int) -> Text {
        var text = self.text(index, salt: resourceSalt)
        text.title += " \(index)"
        return text
    }

    static func text(_ index: Int, salt: UInt64) -> Text {
        var g = Generator(index, salt)
        let title = words(4 + Int(g.next() % 5), &g).capitalized
        let description = words(25 + Int(g.next() % 21), &g) + "."
        return Text(title: title, description: description, keywords: (0..<3).map { _ in word(&g) })
    }

    /// Two different S3 areas.
    static func twoAreas(_ index: Int) -> [String] {
        [s3[index % s3.count], s3[(index + 1 + (index / s3.count) % (s3.count - 1)) % s3.count]]
    }

    static func region(_ index: Int) -> (country: String, nuts: String) { regions[index % regions.count] }

    static func sme(_ index: Int) -> SMEProfile {
        let (country, nuts) = region(index)
        return SMEProfile(legalName: "Match benchmark company \(index)",
                          region: RegionRef(country: country, nutsCode: nuts, nutsVersion: "2021"),
                          registrationID: "\(country)MB\(index)",
                          figures: EnterpriseFigures(headcount: 24, annualTurnoverEUR: 3_100_000, balanceSheetTotalEUR: 1_800_000),
                          naceCodes: [VersionedCode(code: nace[index % nace.count], version: "2")],
                          s3Areas: twoAreas(index).map { VersionedCode(code: $0, version: S3Areas.bundledVersion) })
    }

    static let needSalt: UInt64 = 0x4E45_4544, offerSalt: UInt64 = 0x4F46_4652, resourceSalt: UInt64 = 0x5245_534F

    static func posting(_ index: Int, side: PostingSide) -> PostingFields {
        let text = self.text(index, salt: side == .need ? needSalt : offerSalt)
        let kinds: [PostingKind] = side == .need ? [.technology, .expertise, .valueChainPartner, .testingFacility]
                                                 : [.technology, .expertise, .productOrService, .productionCapacity]
        return PostingFields(kind: kinds[index % kinds.count], title: text.title, description: text.description, keywords: text.keywords,
                             s3Areas: [VersionedCode(code: s3[(index * 7) % s3.count], version: S3Areas.bundledVersion)],
                             naceCodes: [VersionedCode(code: nace[(index * 3) % nace.count], version: "2")],
                             trl: TRL(level: 3 + index % 6))
    }

    static func provider(_ index: Int) -> Tibs_Catalogue_V1_ProviderFields {
        let (country, nuts) = region(index)
        return .with {
            $0.name = "Match benchmark centre \(index)"
            $0.kind = .technologyCentre
            $0.region = .with { $0.country = country; $0.nutsCode = nuts }
            $0.website = "https://centre\(index).example"
            $0.description_p = "Applied research and test facilities for SMEs around the Baltic Sea."
        }
    }

    /// Every tenth a support programme with a window open through 2099, the rest facilities and technologies.
    static func resource(_ index: Int) -> Tibs_Catalogue_V1_ResourceFields {
        // ImportResources updates a provider's resource of the same title: every title is made unique.
        let text = resourceText(index)
        let low = UInt32(1 + index % 7)
        return .with {
            $0.kind = index % 10 == 0 ? .supportProgramme : (index % 2 == 0 ? .technology : .facility)
            $0.title = text.title
            $0.description_p = text.description
            $0.keywords = text.keywords
            $0.s3Areas = twoAreas(index / 3).map { code in .with { $0.code = code } }
            $0.naceCodes = [.with { $0.code = nace[index % nace.count]; $0.version = "2" }]
            $0.trl = .with { $0.min = low; $0.max = min(9, low + 2) }
            $0.capacity = "10 days a month"
            $0.accessScope = index % 4 == 0 ? .national : .transnational
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
}
