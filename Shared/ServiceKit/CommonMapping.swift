import Foundation
import SwiftProtobuf
import TIBSDomain
import TIBSProto

/// proto ⇄ domain for the shapes of `tibs.common.v1` every service uses: versioned codes,
/// regions, times. A service adds its own enums in an extension of its own
/// (`CommonMapping+Registry.swift`).
public enum CommonMapping {
    public static func code(_ proto: Tibs_Common_V1_Code) -> VersionedCode { VersionedCode(code: proto.code, version: proto.version) }
    public static func proto(_ code: VersionedCode) -> Tibs_Common_V1_Code { .with { $0.code = code.code; $0.version = code.version } }

    public static func region(_ proto: Tibs_Common_V1_RegionRef) -> RegionRef {
        RegionRef(country: proto.country, nutsCode: proto.nutsCode, nutsVersion: proto.nutsVersion)
    }
    public static func proto(_ region: RegionRef) -> Tibs_Common_V1_RegionRef {
        .with { $0.country = region.country; $0.nutsCode = region.nutsCode; $0.nutsVersion = region.nutsVersion }
    }

    public static func timestamp(_ date: Date) -> Google_Protobuf_Timestamp { Google_Protobuf_Timestamp(date: date) }

    /// `tibs.common.v1.ContactPerson` (services whose proto predates it keep their own message).
    public static func contact(_ proto: Tibs_Common_V1_ContactPerson) -> ContactPerson {
        ContactPerson(name: proto.name, email: proto.email, phone: proto.phone, jobTitle: proto.jobTitle,
                      consentGiven: proto.consentGiven, consentRecordedAt: proto.hasConsentRecordedAt ? proto.consentRecordedAt.date : nil)
    }

    public static func proto(_ contact: ContactPerson) -> Tibs_Common_V1_ContactPerson {
        .with {
            $0.name = contact.name
            $0.email = contact.email
            $0.phone = contact.phone
            $0.jobTitle = contact.jobTitle
            $0.consentGiven = contact.consentGiven
            if let at = contact.consentRecordedAt { $0.consentRecordedAt = timestamp(at) }
        }
    }
}
