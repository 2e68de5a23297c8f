import Foundation
import TIBSDomain
import TIBSProto
import TIBSRPC

/// Method paths of the catalogue (the client does not link the service).
enum CataloguePaths {
    static let base = "/tibs.catalogue.v1.ResourceCatalogue/"
    static let createProvider = base + "CreateProvider"
    static let listProviders = base + "ListProviders"
    static let createResource = base + "CreateResource"
    static let getResource = base + "GetResource"
    static let submitResource = base + "SubmitResource"
    static let publishResource = base + "PublishResource"
    static let retireResource = base + "RetireResource"
    static let listResources = base + "ListResources"
}

/// Loads the catalogue demo: each provider, then its resources, walked through the review to
/// published (those marked `draft` stay drafts, those marked `retired` are retired after). Idempotent: every create carries an idempotency
/// key, and a resource is only moved forward from the status it has now, so a second run changes
/// nothing.
struct CatalogueDemoLoad {
    let client: RPCClient
    let data: CatalogueDemoData

    func run() async throws {
        let start = Date().addingTimeInterval(-1)
        let today = Date()
        var providersCreated = 0, resourcesCreated = 0, published = 0, retired = 0, present = 0
        for demo in data.providers {
            let provider: Tibs_Catalogue_V1_Provider = try await client.unary(
                CataloguePaths.createProvider, Tibs_Catalogue_V1_CreateProviderRequest.with { $0.fields = demo.fields },
                metadata: ["idempotency-key": "demo-provider-\(demo.key)"])
            if provider.createdAt.date >= start { providersCreated += 1 }
            for resource in demo.resources {
                let made: Tibs_Catalogue_V1_Resource = try await client.unary(
                    CataloguePaths.createResource,
                    Tibs_Catalogue_V1_CreateResourceRequest.with { $0.providerID = provider.id; $0.fields = resource.fields(today: today) },
                    metadata: ["idempotency-key": "demo-resource-\(resource.key)"])
                if made.createdAt.date >= start { resourcesCreated += 1 } else { present += 1 }
                guard resource.draft != true else { continue }
                // A replayed create answers with the first result: read what the resource is now.
                var current: Tibs_Catalogue_V1_Resource = try await client.unary(CataloguePaths.getResource,
                                                                                  Tibs_Catalogue_V1_GetResourceRequest.with { $0.id = made.id })
                if current.status == .draft {
                    current = try await step(CataloguePaths.submitResource, current, note: "demo data")
                }
                if current.status == .submitted {
                    do {
                        current = try await step(CataloguePaths.publishResource, current, note: "demo data, reviewed by hand")
                        published += 1
                    } catch let error as RPCError where error.code == .failedPrecondition {
                        Swift.print("demo data: \(resource.key) was not published: \(error.detail) "
                                    + error.violations.map { "\($0.field): \($0.description)" }.joined(separator: "; "))
                    }
                }
                if resource.retired == true, current.status == .published {
                    current = try await step(CataloguePaths.retireResource, current, note: "demo data: a retired resource")
                    retired += 1
                }
            }
        }
        Swift.print("catalogue demo data: \(providersCreated) providers and \(resourcesCreated) resources created, \(published) published, "
                    + "\(retired) retired; "
                    + "\(present) resources were already there")
    }

    private func step(_ path: String, _ resource: Tibs_Catalogue_V1_Resource, note: String) async throws -> Tibs_Catalogue_V1_Resource {
        try await client.unary(path, Tibs_Catalogue_V1_ReviewStepRequest.with {
            $0.id = resource.id; $0.expectedVersion = resource.version; $0.note = note
        })
    }
}

/// What the catalogue holds, read back through its public methods: providers and published
/// resources per partner region and kind, and the programmes whose call is open today.
struct CatalogueDemoSummary {
    let client: RPCClient

    func print(address: String) async throws {
        var providers: [Tibs_Catalogue_V1_Provider] = []
        var token = ""
        repeat {
            let page: Tibs_Catalogue_V1_ListProvidersResponse = try await client.unary(
                CataloguePaths.listProviders, Tibs_Catalogue_V1_ListProvidersRequest.with { $0.page = .with { $0.pageSize = 500; $0.pageToken = token } })
            providers += page.providers
            token = page.page.nextPageToken
        } while !token.isEmpty
        var resources: [Tibs_Catalogue_V1_Resource] = []
        repeat {
            let page: Tibs_Catalogue_V1_ListResourcesResponse = try await client.unary(
                CataloguePaths.listResources, Tibs_Catalogue_V1_ListResourcesRequest.with { $0.page = .with { $0.pageSize = 500; $0.pageToken = token } })
            resources += page.resources
            token = page.page.nextPageToken
        } while !token.isEmpty
        let today = CatalogueDemoMapping.day(Date(), plus: 0)
        let programmes = resources.filter { [.supportProgramme, .fundingInstrument].contains($0.fields.kind) }
        let openNow = programmes.filter { resource in
            let window = resource.fields.validity
            return (window.opensOn.isEmpty || window.opensOn <= today) && (window.closesOn.isEmpty || today <= window.closesOn)
        }.sorted { $0.fields.validity.closesOn < $1.fields.validity.closesOn }

        func partner(_ nuts: String) -> String {
            PartnerRegions.launch.first { NUTS.contains(ancestor: $0.nuts, descendant: nuts) }
                .map { "\($0.displayName) (\($0.nuts))" } ?? "other regions"
        }
        let kinds: [(Tibs_Catalogue_V1_ResourceKind, String)] = [
            (.expertise, "exper"), (.equipment, "equip"), (.facility, "facil"), (.technology, "techn"), (.service, "servi"),
            (.training, "train"), (.supportProgramme, "progr"), (.fundingInstrument, "fund"),
        ]
        Swift.print("\nThe resource catalogue at \(address) holds \(providers.count) providers and \(resources.count) published resources "
                    + "(\(openNow.count) programmes open today, \(today)).\n")
        Swift.print(pad("region", 30) + pad("providers", 10, right: true) + kinds.map { pad($0.1, 6, right: true) }.joined()
                    + pad("open now", 10, right: true))
        let regions = PartnerRegions.launch.map { "\($0.displayName) (\($0.nuts))" } + ["other regions"]
        for region in regions {
            let here = resources.filter { partner($0.region.nutsCode) == region }
            let providersHere = providers.filter { partner($0.fields.region.nutsCode) == region }.count
            guard region != "other regions" || !here.isEmpty || providersHere > 0 else { continue }
            let counts = kinds.map { kind in pad("\(here.filter { $0.fields.kind == kind.0 }.count)", 6, right: true) }.joined()
            let open = openNow.filter { partner($0.region.nutsCode) == region }.count
            Swift.print(pad(region, 30) + pad("\(providersHere)", 10, right: true) + counts + pad("\(open)", 10, right: true))
        }
        Swift.print("  (exper expertise, equip equipment, facil facility or test-bed, techn technology, servi service, train training, "
                    + "progr support programme, fund funding instrument)")
        Swift.print("\nProgrammes open now (call deadline first):")
        for programme in openNow {
            let scope = programme.fields.accessScope == .transnational ? "transnational" : programme.fields.accessScope == .national ? "national" : "regional"
            Swift.print("  until \(programme.fields.validity.closesOn)  \(programme.region.country)  \(pad(scope, 13))  \(programme.fields.title)")
        }
    }
}

/// Left- or right-aligned text in a column of `width`.
func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
    let space = String(repeating: " ", count: max(0, width - text.count))
    return right ? space + text : text + space
}
