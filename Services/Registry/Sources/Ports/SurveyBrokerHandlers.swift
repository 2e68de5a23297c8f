import Foundation
import TIBSDomain
import TIBSProto
import TIBSServiceApp
import TIBSServiceKit
import TIBSRPC

/// RecordSurvey, ListSurveys, RegisterBroker, ListBrokers.
enum SurveyBrokerHandlers {
    static func register(on router: inout RPCRouter, app: RegistryApp) {
        router.unary(RegistryMethods.recordSurvey, access: .writers) { (request: Tibs_Registry_V1_RecordSurveyRequest, context) in
            let smeID = try PortSupport.id(request.smeID, field: "sme_id")
            let answers = SurveyMapping.answers(request.answers)
            var v = Validator()
            v.check(CommonMapping.experience(request.answers.experience) != nil, field: "answers.experience",
                    "is required: none, occasional or regular")
            v.check(CommonMapping.stage(request.answers.stage) != nil, field: "answers.stage", "is required: the stage of internationalisation")
            if !v.isValid {
                let today = RegistryRules.calendarDate(app.store.clock())
                v.collect(under: "answers") { () throws(ValidationErrors) in _ = try app.rules.validate(answers, today: today) }
                try v.throwIfAny()
            }
            let caller = try PortSupport.caller(context)
            let ticket = try PortSupport.ticket(context, request)
            let created = try await PortSupport.under("answers") {
                try await app.recordSurvey(smeID: smeID, answers, by: caller, idempotency: ticket)
            }
            return try PortSupport.answer(created, SurveyMapping.proto)
        }

        router.unary(RegistryMethods.listSurveys, access: .authenticated) { (request: Tibs_Registry_V1_ListSurveysRequest, _) in
            var filter = SurveyFilter()
            filter.smeID = request.smeID
            filter.region = request.region
            filter.from = request.conductedFrom
            filter.to = request.conductedTo
            filter = try filter.validated(codes: app.rules.codes)
            let (page, fingerprint) = try PortSupport.page(request.page, listing: "survey", filter: filter)
            let result = try await app.listSurveys(filter, page: page)
            return Tibs_Registry_V1_ListSurveysResponse.with {
                $0.surveys = result.items.map(SurveyMapping.proto)
                $0.page = PortSupport.pageInfo(result, fingerprint: fingerprint)
            }
        }

        router.unary(RegistryMethods.registerBroker, access: .admins) { (request: Tibs_Registry_V1_RegisterBrokerRequest, context) in
            SurveyMapping.proto(try await app.registerBroker(SurveyMapping.profile(request), by: try PortSupport.caller(context)))
        }

        router.unary(RegistryMethods.listBrokers, access: .authenticated) { (request: Tibs_Registry_V1_ListBrokersRequest, _) in
            var v = Validator()
            let filter = BrokerFilter(region: v.nutsFilter(request.region, codes: app.rules.codes, field: "region"))
            try v.throwIfAny()
            let (page, fingerprint) = try PortSupport.page(request.page, listing: "broker", filter: filter)
            let result = try await app.listBrokers(region: filter.region, page: page)
            return Tibs_Registry_V1_ListBrokersResponse.with {
                $0.brokers = result.items.map(SurveyMapping.proto)
                $0.page = PortSupport.pageInfo(result, fingerprint: fingerprint)
            }
        }
    }
}
