import Foundation
import TIBSProto
import TIBSRPC
import TIBSServiceKit

/// GetBarrierReport (GetSurveyReport is Evidence/'s).
enum BarrierReportHandlers {
    static func register(on router: inout RPCRouter, app: PolicyApp) {
        router.unary(PolicyMethods.getBarrierReport, access: .authenticated) { (request: Tibs_Policy_V1_GetBarrierReportRequest, _) in
            let asked = try PolicyMapping.request(request, codes: app.rules.codes)
            return PolicyMapping.proto(try await app.barrierReport(asked), codes: app.rules.codes)
        }
    }
}
