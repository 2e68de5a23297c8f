import Foundation
import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit

/// GetFlowReport: the transnational flows matrix and the cumulative funnels. Any token.
enum FlowReportHandlers {
    static func register(on router: inout RPCRouter, app: MatchLifecycleApp) {
        router.unary(MatchMethods.getFlowReport, access: .authenticated) { (request: Tibs_Match_V1_GetFlowReportRequest, _) in
            var v = Validator()
            let from = app.rules.day(request.from, field: "from", required: false, &v)
            let to = app.rules.day(request.to, field: "to", required: false, &v)
            v.check(request.regionLevel <= 3, field: "region_level", "must be 0 (country) to 3 (NUTS 3)")
            try v.throwIfAny()
            let end = to ?? app.today
            if let from { v.check(from <= end, field: "to", "must not be before from (\(from))") }
            try v.throwIfAny()
            let report = try await app.flowReport(FlowReportRequest(from: from, to: end, regionLevel: Int(request.regionLevel)))
            return proto(report)
        }
    }

    static func proto(_ report: FlowReport) -> Tibs_Match_V1_FlowReport {
        .with {
            $0.from = report.request.from?.description ?? ""
            $0.to = report.request.to.description
            $0.regionLevel = UInt32(report.request.regionLevel)
            $0.flows = report.flows.map { flow in
                Tibs_Match_V1_RegionFlow.with {
                    $0.fromRegion = flow.fromRegion
                    $0.toRegion = flow.toRegion
                    $0.matches = UInt64(flow.matches)
                    $0.introductions = UInt64(flow.introductions)
                    $0.agreements = UInt64(flow.agreements)
                }
            }
            $0.regionFunnels = report.regionFunnels.map { region, funnel in Tibs_Match_V1_RegionFunnel.with { $0.region = region; $0.funnel = proto(funnel) } }
            $0.brokerFunnels = report.brokerFunnels.map { broker, funnel in Tibs_Match_V1_BrokerFunnel.with { $0.broker = broker; $0.funnel = proto(funnel) } }
            $0.total = proto(report.total)
        }
    }

    static func proto(_ f: FunnelCounts) -> Tibs_Match_V1_FunnelCounts {
        .with {
            $0.proposed = UInt64(f[.proposed])
            $0.shortlisted = UInt64(f[.shortlisted])
            $0.introduced = UInt64(f[.introduced])
            $0.inDiscussion = UInt64(f[.inDiscussion])
            $0.agreement = UInt64(f[.agreement])
            $0.closedWithoutAgreement = UInt64(f[.closedWithoutAgreement])
            $0.declined = UInt64(f[.declined])
        }
    }
}
