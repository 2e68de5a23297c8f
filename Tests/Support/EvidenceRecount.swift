import Foundation
import TIBSProto
import TIBSRPC

/// The barrier counts as they must be, recounted from the registry's current SMEs and surveys
/// (ListSmes + ListSurveys through the registry), by the documented rule: every survey of the
/// period counts, under its SME's current size class.
public struct EvidenceRecount: Equatable, Sendable, CustomStringConvertible {
    public var surveys = 0
    public var barriers: [String: Int] = [:]

    public init(surveys: Int = 0, barriers: [String: Int] = [:]) {
        self.surveys = surveys
        self.barriers = barriers
    }

    public var description: String { "\(surveys) surveys, barriers \(barriers.sorted { $0.key < $1.key })" }

    static let listSmes = "/tibs.registry.v1.SmeRegistry/ListSmes"
    static let listSurveys = "/tibs.registry.v1.SmeRegistry/ListSurveys"

    /// Surveys conducted in `months` (YYYY-MM, inclusive) whose SME's current size class passes `size`.
    public static func of(_ registry: RPCClient, from: String, to: String, size: Tibs_Registry_V1_SizeClass? = nil) async throws -> EvidenceRecount {
        var sizes: [String: Tibs_Registry_V1_SizeClass] = [:]
        var token = ""
        repeat {
            let page: Tibs_Registry_V1_ListSmesResponse = try await registry.unary(listSmes, Tibs_Registry_V1_ListSmesRequest.with {
                $0.page = .with { $0.pageSize = 500; $0.pageToken = token }
            })
            for sme in page.smes { sizes[sme.id] = sme.sizeClass }
            token = page.page.nextPageToken
        } while !token.isEmpty
        var recount = EvidenceRecount()
        token = ""
        repeat {
            let page: Tibs_Registry_V1_ListSurveysResponse = try await registry.unary(listSurveys, Tibs_Registry_V1_ListSurveysRequest.with {
                $0.page = .with { $0.pageSize = 500; $0.pageToken = token }
            })
            for survey in page.surveys {
                let month = String(survey.answers.conductedOn.prefix(7))
                guard month >= from, month <= to else { continue }
                if let size, sizes[survey.smeID] != size { continue }
                recount.surveys += 1
                for barrier in Set(survey.answers.barriers.map(\.code)) { recount.barriers[barrier, default: 0] += 1 }
            }
            token = page.page.nextPageToken
        } while !token.isEmpty
        return recount
    }

    /// The same figures from the policy service's GetBarrierReport.
    public static func report(_ report: Tibs_Policy_V1_BarrierReport) -> EvidenceRecount {
        var recount = EvidenceRecount(surveys: Int(report.surveysInPeriod))
        for barrier in report.barriers where barrier.surveys > 0 { recount.barriers[barrier.barrier.code] = Int(barrier.surveys) }
        return recount
    }
}
