import Foundation
import GRDB
import NIOConcurrencyHelpers
import SwiftProtobuf
import TIBSProto
import TIBSRPC

/// What the chaos writers write, by the service that owns it.
enum ChaosKind: String, CaseIterable, Sendable {
    case sme, need, survey, provider, resource, institution, issue, action, match
}

/// The writers' log: every acknowledged entity with the version of its last acknowledged write
/// (0 for surveys, which have none), the acknowledged calls by method, the retried failures by
/// status code, and the writes that never got an answer.
final class ChaosLedger: Sendable {
    private struct State {
        var versions: [ChaosKind: [String: UInt64]] = [:]
        var calls: [String: Int] = [:]
        var retried: [String: Int] = [:]
        var failures: [String] = []
    }
    private let state = NIOLockedValueBox(State())

    /// `version` is the entity's version in the answer; only its writer writes to it, one call at a
    /// time, so the last acknowledgement is the version the store must hold.
    func acknowledge(_ kind: ChaosKind, _ id: String, version: UInt64, method: String) {
        state.withLockedValue { state in
            state.versions[kind, default: [:]][id] = version
            state.calls[method, default: 0] += 1
        }
    }

    func retried(_ code: String) { state.withLockedValue { $0.retried[code, default: 0] += 1 } }
    func fail(_ what: String) { state.withLockedValue { $0.failures.append(what) } }
    func versions(_ kind: ChaosKind) -> [String: UInt64] { state.withLockedValue { $0.versions[kind] ?? [:] } }
    var failures: [String] { state.withLockedValue { $0.failures } }
    var everyKindWritten: Bool { state.withLockedValue { state in ChaosKind.allCases.allSatisfy { !(state.versions[$0] ?? [:]).isEmpty } } }

    var summary: String {
        state.withLockedValue { state in
            let calls = state.calls.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            let retried = state.retried.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return "acknowledged calls: \(calls) (\(state.calls.values.reduce(0, +)) in all); "
                + "retried after: \(retried.isEmpty ? "nothing" : retried)"
        }
    }
}

/// What the services store, read through their lists (paged), and what the match replica holds
/// (its file): every entity's id with its version.
struct ChaosInventory: Equatable {
    var byKind: [ChaosKind: [String: UInt64]] = [:]

    func versions(_ kind: ChaosKind) -> [String: UInt64] { byKind[kind] ?? [:] }

    /// The kinds the match service replicates, by its table.
    var replicated: [String: [String: UInt64]] {
        ["replica_smes": versions(.sme), "replica_needs": versions(.need), "replica_providers": versions(.provider),
         "replica_resources": versions(.resource)]
    }

    static func read(registry: RPCClient, catalogue: RPCClient, policy: RPCClient, match: RPCClient) async throws -> ChaosInventory {
        var inventory = ChaosInventory()
        inventory.byKind[.sme] = try await pages { token in
            let page: Tibs_Registry_V1_ListSmesResponse = try await registry.unary(ChaosMethods.registry + "ListSmes", Tibs_Registry_V1_ListSmesRequest.with {
                $0.page = .chaosPage(token)
            })
            return (page.smes.map { ($0.id, $0.version) }, page.page.nextPageToken)
        }
        inventory.byKind[.need] = try await pages { token in
            let page: Tibs_Registry_V1_ListNeedsResponse = try await registry.unary(ChaosMethods.registry + "ListNeeds", Tibs_Registry_V1_ListNeedsRequest.with {
                $0.page = .chaosPage(token)
            })
            return (page.needs.map { ($0.id, $0.version) }, page.page.nextPageToken)
        }
        inventory.byKind[.survey] = try await pages { token in
            let page: Tibs_Registry_V1_ListSurveysResponse = try await registry.unary(ChaosMethods.registry + "ListSurveys", Tibs_Registry_V1_ListSurveysRequest.with {
                $0.page = .chaosPage(token)
            })
            return (page.surveys.map { ($0.id, 0) }, page.page.nextPageToken)
        }
        inventory.byKind[.provider] = try await pages { token in
            let page: Tibs_Catalogue_V1_ListProvidersResponse = try await catalogue.unary(ChaosMethods.catalogue + "ListProviders",
                                                                                           Tibs_Catalogue_V1_ListProvidersRequest.with {
                $0.page = .chaosPage(token)
            })
            return (page.providers.map { ($0.id, $0.version) }, page.page.nextPageToken)
        }
        // Unspecified lists the published ones only: every status the writers reach, one by one.
        var resources: [String: UInt64] = [:]
        for status in [Tibs_Catalogue_V1_ReviewStatus.draft, .submitted, .published] {
            resources.merge(try await pages { token in
                let page: Tibs_Catalogue_V1_ListResourcesResponse = try await catalogue.unary(ChaosMethods.catalogue + "ListResources",
                                                                                               Tibs_Catalogue_V1_ListResourcesRequest.with {
                    $0.status = status
                    $0.page = .chaosPage(token)
                })
                return (page.resources.map { ($0.id, $0.version) }, page.page.nextPageToken)
            }) { first, _ in first }
        }
        inventory.byKind[.resource] = resources
        inventory.byKind[.institution] = try await pages { token in
            let page: Tibs_Policy_V1_ListInstitutionsResponse = try await policy.unary(ChaosMethods.policy + "ListInstitutions",
                                                                                        Tibs_Policy_V1_ListInstitutionsRequest.with {
                $0.page = .chaosPage(token)
            })
            return (page.institutions.map { ($0.id, $0.version) }, page.page.nextPageToken)
        }
        inventory.byKind[.issue] = try await pages { token in
            let page: Tibs_Policy_V1_ListPolicyIssuesResponse = try await policy.unary(ChaosMethods.policy + "ListPolicyIssues",
                                                                                        Tibs_Policy_V1_ListPolicyIssuesRequest.with {
                $0.page = .chaosPage(token)
            })
            return (page.issues.map { ($0.id, $0.version) }, page.page.nextPageToken)
        }
        inventory.byKind[.action] = try await pages { token in
            let page: Tibs_Policy_V1_ListInfluenceActionsResponse = try await policy.unary(ChaosMethods.policy + "ListInfluenceActions",
                                                                                            Tibs_Policy_V1_ListInfluenceActionsRequest.with {
                $0.page = .chaosPage(token)
            })
            return (page.actions.map { ($0.id, $0.version) }, page.page.nextPageToken)
        }
        inventory.byKind[.match] = try await pages { token in
            let page: Tibs_Match_V1_ListMatchesResponse = try await match.unary(ChaosMethods.match + "ListMatches", Tibs_Match_V1_ListMatchesRequest.with {
                $0.page = .chaosPage(token)
            })
            return (page.matches.map { ($0.id, $0.version) }, page.page.nextPageToken)
        }
        return inventory
    }

    /// Every page's entries; an id listed twice (a paging bug) fails, as a second copy would.
    private static func pages(_ page: (String) async throws -> ([(String, UInt64)], String)) async throws -> [String: UInt64] {
        var versions: [String: UInt64] = [:]
        var token = ""
        repeat {
            let (found, next) = try await page(token)
            for (id, version) in found {
                guard versions.updateValue(version, forKey: id) == nil else { throw ChaosInventoryError(id: id) }
            }
            token = next
        } while !token.isEmpty
        return versions
    }

    /// Each table's ids with the version of the record stored for it, from the match service's
    /// file (read-only).
    static func replica(_ database: URL) throws -> [String: [String: UInt64]] {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: database.path, configuration: configuration).read { db in
            func versions(_ table: String, _ version: (Data) throws -> UInt64) throws -> [String: UInt64] {
                var found: [String: UInt64] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT id, record FROM \(table)") {
                    found[row["id"]] = try version(row["record"])
                }
                return found
            }
            return [
                "replica_smes": try versions("replica_smes") { try Tibs_Registry_V1_Sme(serializedBytes: $0).version },
                "replica_needs": try versions("replica_needs") { try Tibs_Registry_V1_Need(serializedBytes: $0).version },
                "replica_providers": try versions("replica_providers") { try Tibs_Catalogue_V1_Provider(serializedBytes: $0).version },
                "replica_resources": try versions("replica_resources") { try Tibs_Catalogue_V1_Resource(serializedBytes: $0).version },
            ]
        }
    }
}

struct ChaosInventoryError: Error, CustomStringConvertible {
    let id: String
    var description: String { "\(id) was listed twice" }
}

enum ChaosMethods {
    static let registry = "/tibs.registry.v1.SmeRegistry/"
    static let catalogue = "/tibs.catalogue.v1.ResourceCatalogue/"
    static let policy = "/tibs.policy.v1.PolicyInfluence/"
    static let match = "/tibs.match.v1.Matchmaking/"
}

extension Tibs_Common_V1_PageRequest {
    static func chaosPage(_ token: String) -> Self { .with { $0.pageSize = 500; $0.pageToken = token } }
}
