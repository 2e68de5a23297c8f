import Foundation
import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp
import TIBSServiceKit

/// CreateResource, GetResource, UpdateResource, the review steps, ListResources, ImportResources.
enum ResourceHandlers {
    /// Rows accepted in one import call (as ImportSmes).
    static let maxImportRows = 50_000

    static func register(on router: inout RPCRouter, app: CatalogueApp) {
        router.unary(CatalogueMethods.createResource, access: .writers) { (request: Tibs_Catalogue_V1_CreateResourceRequest, context) in
            let caller = try PortSupport.caller(context)
            let providerID = try PortSupport.id(request.providerID, field: "provider_id")
            let created = try await PortSupport.under("fields") {
                try await app.createResource(providerID: providerID, CatalogueMapping.input(request.fields), by: caller,
                                             idempotency: try PortSupport.ticket(context, request))
            }
            return try PortSupport.answer(created, CatalogueMapping.proto)
        }

        router.unary(CatalogueMethods.getResource, access: .authenticated) { (request: Tibs_Catalogue_V1_GetResourceRequest, context) in
            CatalogueMapping.proto(try await app.getResource(id: try PortSupport.id(request.id), for: try context.requirePrincipal()))
        }

        router.unary(CatalogueMethods.updateResource, access: .writers) { (request: Tibs_Catalogue_V1_UpdateResourceRequest, context) in
            let id = try PortSupport.id(request.id)
            let expected = try PortSupport.expectedVersion(request.expectedVersion)
            let caller = try PortSupport.caller(context)
            let view = try await PortSupport.under("fields") {
                try await app.updateResource(id: id, expectedVersion: expected, CatalogueMapping.input(request.fields), by: caller)
            }
            return CatalogueMapping.proto(view)
        }

        for (path, step) in [(CatalogueMethods.submitResource, ReviewStep.submit), (CatalogueMethods.publishResource, .publish),
                             (CatalogueMethods.retireResource, .retire)] {
            router.unary(path, access: .writers) { (request: Tibs_Catalogue_V1_ReviewStepRequest, context) in
                let id = try PortSupport.id(request.id)
                let expected = try PortSupport.expectedVersion(request.expectedVersion)
                return CatalogueMapping.proto(try await app.review(step, id: id, expectedVersion: expected, note: request.note,
                                                                   by: try PortSupport.caller(context)))
            }
        }

        router.unary(CatalogueMethods.listResources, access: .authenticated) { (request: Tibs_Catalogue_V1_ListResourcesRequest, context) in
            var filter = ResourceFilter()
            filter.kind = CommonMapping.resourceKind(request.kind)
            filter.providerID = request.providerID
            filter.country = request.country
            filter.region = request.region
            filter.s3Area = request.s3Area
            filter.nacePrefix = request.nacePrefix
            filter.transnationalOnly = request.transnationalOnly
            filter.language = request.language
            filter.text = request.text
            filter.status = CommonMapping.reviewStatus(request.status)
            filter.includeClosed = request.includeClosed
            filter = try filter.validated(codes: app.rules.codes, trlMin: Int(request.trlMin), trlMax: Int(request.trlMax), validOn: request.validOn)
            let (page, fingerprint) = try PortSupport.page(request.page, listing: "resource", filter: filter)
            let result = try await app.listResources(filter, page: page, for: try context.requirePrincipal())
            return Tibs_Catalogue_V1_ListResourcesResponse.with {
                $0.resources = result.items.map(CatalogueMapping.proto)
                $0.page = PortSupport.pageInfo(result, fingerprint: fingerprint)
            }
        }

        router.clientStreaming(CatalogueMethods.importResources, access: .writers) {
            (rows: RequestStream<Tibs_Catalogue_V1_ImportResourceRow>, context) in
            let caller = try PortSupport.caller(context)
            let summary = try await ImportStream.run(rows, maxRows: maxImportRows, chunkSize: CatalogueApp.importChunkSize, map: { row in
                // An unknown enum number in a row rejects that row, not the stream.
                let unknown = UnknownEnumValues.violations(in: row)
                return ImportRow(providerID: row.providerID, input: CatalogueMapping.input(row.fields), unknownEnums: unknown)
            }, write: { chunk in
                try await app.importChunk(chunk.map { ($0.providerID, $0.input) }, by: caller, precheck: chunk.map(\.precheck))
            })
            return Tibs_Catalogue_V1_ImportResourcesResponse.with {
                $0.results = summary.results.map { result(row: $0.row, $0.outcome) }
                $0.created = summary.created
                $0.updated = summary.updated
                $0.unchanged = summary.unchanged
                $0.rejected = summary.rejected
            }
        }
    }

    /// One import row as mapped, with what the router would have refused in a unary request.
    struct ImportRow: Sendable {
        let providerID: String
        let input: ResourceInput
        let unknownEnums: [Violation]

        var precheck: [FieldViolation] { unknownEnums.map { FieldViolation(field: $0.field, description: $0.description) } }
    }

    static func result(row: UInt32, _ outcome: ImportOutcome) -> Tibs_Catalogue_V1_ImportResourceResult {
        .with {
            $0.row = row
            switch outcome {
            case .created(let id): $0.outcome = .created; $0.resourceID = id
            case .updated(let id): $0.outcome = .updated; $0.resourceID = id
            case .unchanged(let id): $0.outcome = .unchanged; $0.resourceID = id
            case .rejected(let violations):
                $0.outcome = .rejected
                $0.violations = violations.map { violation in
                    .with {
                        // Paths of the row: the provider id stands beside the fields.
                        $0.field = violation.field == "provider_id" || violation.field.hasPrefix("fields") ? violation.field : "fields." + violation.field
                        $0.description_p = violation.description
                    }
                }
            }
        }
    }
}
