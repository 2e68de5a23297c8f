import Foundation
import TIBSProto

/// Valid catalogue requests; tests change one field to break one rule.
enum CatalogueFixtures {
    static func region(_ country: String, _ nuts: String) -> Tibs_Common_V1_RegionRef {
        .with { $0.country = country; $0.nutsCode = nuts }
    }

    static func contact(name: String = "Kari Virtanen", email: String = "kari.virtanen@example.fi") -> Tibs_Catalogue_V1_ContactPerson {
        .with { $0.name = name; $0.email = email; $0.phone = "+358 40 123 4567"; $0.consentGiven = true }
    }

    /// A Kymenlaakso university of applied sciences unless told otherwise.
    static func provider(country: String = "FI", nuts: String = "FI1C4", name: String = "Kouvola University of Applied Sciences",
                         contacts: [Tibs_Catalogue_V1_ContactPerson] = [contact()]) -> Tibs_Catalogue_V1_ProviderFields {
        .with {
            $0.name = name
            $0.kind = .university
            $0.region = region(country, nuts)
            $0.website = "https://xamk.example.fi"
            $0.description_p = "Applied research in logistics, forest industry and digital services."
            $0.contacts = contacts
        }
    }

    static let longDescription = "A pilot line for printed and hybrid electronics: screen and inkjet printing, roll-to-roll lamination, "
        + "reliability testing. SMEs book days on the line with an engineer."

    /// A complete, publishable resource of `kind`.
    static func resource(kind: Tibs_Catalogue_V1_ResourceKind = .facility, title: String = "Printed electronics pilot line",
                         scope: Tibs_Catalogue_V1_AccessScope = .transnational) -> Tibs_Catalogue_V1_ResourceFields {
        .with {
            $0.kind = kind
            $0.title = title
            $0.description_p = longDescription
            $0.keywords = ["printed electronics", "pilot line", "sensors"]
            $0.s3Areas = [.with { $0.code = "ict" }]
            $0.naceCodes = [.with { $0.code = "26.11"; $0.version = "2" }]
            $0.trl = .with { $0.min = 4; $0.max = 7 }
            $0.capacity = "10 line days a month"
            $0.availability = "weekdays"
            $0.accessScope = scope
            $0.accessConditions = "Booked two weeks ahead; an engineer runs the line with the SME."
            $0.costModel = .coFunding
            $0.coFundingRatePercent = 50
            $0.languages = ["fi", "en"]
            $0.contact = contact()
            $0.validity = .with { $0.opensOn = "2023-09-01"; $0.closesOn = "2023-12-31" }
        }
    }
}
