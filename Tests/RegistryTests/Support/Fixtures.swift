import Foundation
import TIBSProto

/// Valid requests for each partner region; tests change one field to break one rule.
enum Fixtures {
    static func region(_ country: String, _ nuts: String) -> Tibs_Common_V1_RegionRef {
        .with { $0.country = country; $0.nutsCode = nuts }
    }

    static func code(_ code: String, _ version: String = "") -> Tibs_Common_V1_Code {
        .with { $0.code = code; $0.version = version }
    }

    static func contact(name: String = "Ilze Kalniņa", email: String = "ilze.kalnina@example.lv") -> Tibs_Registry_V1_ContactPerson {
        .with {
            $0.name = name
            $0.email = email
            $0.phone = "+371 2612 3456"
            $0.jobTitle = "Export manager"
            $0.consentGiven = true
        }
    }

    /// A small Vidzeme software company unless told otherwise.
    static func sme(registration: String = "LV40003245652", country: String = "LV", nuts: String = "LV008",
                    name: String = "Gauja Data SIA", contacts: [Tibs_Registry_V1_ContactPerson] = [contact()]) -> Tibs_Registry_V1_SmeFields {
        .with {
            $0.legalName = name
            $0.region = region(country, nuts)
            $0.registrationID = registration
            $0.headcount = 24
            $0.annualTurnoverEur = 3_100_000
            $0.balanceSheetTotalEur = 1_800_000
            $0.naceCodes = [code("62.01", "2")]
            $0.s3Areas = [code("ict"), code("smart-cities")]
            $0.description_p = "Data platforms for municipal utilities in Valmiera and Cēsis"
            $0.languages = ["lv", "en"]
            $0.website = "https://gaujadata.example.lv"
            $0.contacts = contacts
        }
    }

    static func need(kind: Tibs_Registry_V1_NeedKind = .valueChainPartner, title: String = "Partner for smart water metering pilots") -> Tibs_Registry_V1_NeedFields {
        .with {
            $0.kind = kind
            $0.title = title
            $0.description_p = "A hardware partner with certified LoRaWAN meters for a pilot in two towns"
            $0.keywords = ["LoRaWAN", "water metering"]
            $0.s3Areas = [code("sustainable-water")]
            $0.naceCodes = [code("26.51", "2")]
            $0.wantedCountries = ["DK", "FI"]
            $0.trl = 6
        }
    }

    static func offer(kind: Tibs_Registry_V1_OfferKind = .productOrService) -> Tibs_Registry_V1_OfferFields {
        .with {
            $0.kind = kind
            $0.title = "Utility data platform"
            $0.keywords = ["SCADA", "dashboards"]
            $0.s3Areas = [code("ict")]
            $0.trl = 9
        }
    }

    static func survey(on date: String = "2025-10-14", stage: Tibs_Registry_V1_InternationalisationStage = .stageExploring,
                       barriers: [String] = ["finding-reliable-partners", "regulation-and-standards"]) -> Tibs_Registry_V1_SurveyAnswers {
        .with {
            $0.conductedOn = date
            $0.experience = .experienceOccasional
            $0.stage = stage
            $0.successReasons = [code("product-quality")]
            $0.advantages = [code("new-customers"), code("knowledge-transfer")]
            $0.barriers = barriers.map { code($0) }
            $0.barriersText = "Public tenders abroad ask for references we do not have"
            $0.supportUsed = [.with { $0.form = code("b2b-matchmaking"); $0.usefulness = 4 }]
            $0.expectedSupport = [code("partner-search")]
        }
    }
}
