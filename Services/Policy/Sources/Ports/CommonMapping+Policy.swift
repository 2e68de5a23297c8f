import Foundation
import TIBSDomain
import TIBSProto
import TIBSServiceKit

/// The policy service's enums, proto ⇄ domain. Each domain enum's raw value is
/// its proto number, so the tables are the raw values; unspecified (0) maps to nil (the router has
/// already refused numbers the schema does not know).
extension CommonMapping {
    static func domain<Domain: RawRepresentable, Proto: RawRepresentable>(_ proto: Proto) -> Domain?
    where Domain.RawValue == Int, Proto.RawValue == Int {
        proto.rawValue == 0 ? nil : Domain(rawValue: proto.rawValue)
    }

    static func proto<Domain: RawRepresentable, Proto: RawRepresentable>(_ domain: Domain?) -> Proto
    where Domain.RawValue == Int, Proto.RawValue == Int {
        // reason: every proto enum has 0 (unspecified), and each domain raw value is a proto number.
        Proto(rawValue: domain?.rawValue ?? 0) ?? Proto(rawValue: 0)!
    }
}
