import Foundation
import GRDB
import TIBSDomain
import TIBSIdentity
import TIBSServiceApp
import TIBSStore

extension CatalogueApp {
    /// Drafts a resource of a provider. INVALID_ARGUMENT for broken rules, NOT_FOUND for an
    /// unknown provider, PERMISSION_DENIED outside the caller's regions.
    public func createResource(providerID: String, _ input: ResourceInput, by caller: Caller,
                               idempotency: IdempotencyTicket? = nil) async throws -> Created<ResourceView> {
        var validated = try rules.validate(input)
        let now = store.now
        validated.contact = stamped(validated.contact, now: now)
        let fields = validated
        let id = ids.next()
        return try await store.groupWrite { db in
            let provider = try requireProvider(db, providerID)
            try CatalogueAccess.requireWrite(provider.profile.region.nutsCode, by: caller.principal)
            let resource = Resource(id: id, providerID: providerID, region: provider.profile.region, fields: fields,
                                    createdAt: now, updatedAt: now)
            let view = ResourceView(resource, for: caller.principal)
            return try changes.idempotent(db, idempotency, caller, encode: { try codec.encode($0) }) {
                try insert(db, resource, by: caller)
                return view
            }
        }
    }

    func insert(_ db: Database, _ resource: Resource, by caller: Caller) throws {
        if let existing = try ResourceTable.id(db, providerID: resource.providerID, kind: resource.fields.kind, title: resource.fields.title) {
            throw ServiceError.alreadyExists("provider \(resource.providerID) already has the \(resource.fields.kind.rawValue) '\(resource.fields.title)' (\(existing))")
        }
        let record = try ResourceTable.save(db, resource, nace: rules.codes.nace, codec: codec, isNew: true)
        try changes.record(db, caller, .resource, resource.id, .created, payload: record)
    }

    /// A resource as `principal` may see it. Unpublished resources are NOT_FOUND for callers who
    /// may not see them, so their existence does not leak.
    public func getResource(id: String, for principal: Principal) async throws -> ResourceView {
        try await store.read { db in
            let resource = try requireResource(db, id)
            guard resource.status == .published || CatalogueAccess.maySeeUnpublished(of: resource.region.nutsCode, principal) else {
                throw ServiceError.notFound(entity: "resource", id: id)
            }
            return ResourceView(resource, for: principal)
        }
    }

    /// Replaces every field of a resource, keeping its review status. A published resource
    /// must stay complete enough to be published (FAILED_PRECONDITION naming what is missing);
    /// a retired one is no longer edited.
    public func updateResource(id: String, expectedVersion: Int64, _ input: ResourceInput, by caller: Caller) async throws -> ResourceView {
        var validated = try rules.validate(input)
        let now = store.now
        validated.contact = stamped(validated.contact, now: now)
        let given = validated
        return try await store.groupWrite { db in
            var fields = given
            var resource = try requireResource(db, id)
            try CatalogueAccess.requireWrite(resource.region.nutsCode, by: caller.principal)
            guard resource.version == expectedVersion else {
                throw ServiceError.staleVersion(entity: "resource", id: id, expected: expectedVersion, actual: resource.version)
            }
            guard resource.status != .retired else { throw ServiceError.failedPrecondition("resource \(id) is retired: it can no longer be edited") }
            if !CatalogueAccess.maySeeContacts(of: resource.region.nutsCode, caller.principal) { fields.contact = resource.fields.contact }
            if resource.status == .published { try requireComplete(fields) }
            if let owner = try ResourceTable.id(db, providerID: resource.providerID, kind: fields.kind, title: fields.title), owner != id {
                throw ServiceError.alreadyExists("provider \(resource.providerID) already has the \(fields.kind.rawValue) '\(fields.title)' (\(owner))")
            }
            resource.fields = fields
            resource.version += 1
            resource.updatedAt = now
            let record = try ResourceTable.save(db, resource, nace: rules.codes.nace, codec: codec, isNew: false)
            try changes.record(db, caller, .resource, id, .updated, payload: record)
            return ResourceView(resource, for: caller.principal)
        }
    }

    /// Submits, publishes or retires a resource (the review walk, ``ReviewStep``). Publishing
    /// needs a complete enough resource and a reviewer of its region. FAILED_PRECONDITION names
    /// the current and the requested state when the step does not apply.
    public func review(_ step: ReviewStep, id: String, expectedVersion: Int64, note: String, by caller: Caller) async throws -> ResourceView {
        var v = Validator()
        v.checkText(note, max: CatalogueLimits.shortText, field: "note", multiline: true)
        try v.throwIfAny()
        let now = store.now
        return try await store.groupWrite { db in
            var resource = try requireResource(db, id)
            try CatalogueAccess.requireWrite(resource.region.nutsCode, by: caller.principal)
            if step == .publish { try CatalogueAccess.requirePublish(resource.region.nutsCode, by: caller.principal) }
            guard resource.version == expectedVersion else {
                throw ServiceError.staleVersion(entity: "resource", id: id, expected: expectedVersion, actual: resource.version)
            }
            let next: ReviewStatus
            switch step.apply(to: resource.status) {
            case .success(let status): next = status
            case .failure(let refusal):
                throw ServiceError.failedPrecondition("\(refusal) (resource \(id) is \(resource.status.rawValue); \(step.rawValue) was asked)")
            }
            if step == .publish { try requireComplete(resource.fields) }
            resource.status = next
            resource.version += 1
            resource.updatedAt = now
            switch next {
            case .published: resource.publishedAt = now
            case .retired:
                resource.retiredAt = now
                resource.retiredReason = "retired by \(caller.principal.subject)" + (note.isEmpty ? "" : ": \(TextRules.trimmed(note))")
            case .draft, .submitted: break
            }
            let record = try ResourceTable.save(db, resource, nace: rules.codes.nace, codec: codec, isNew: false)
            try changes.record(db, caller, .resource, id, .updated, payload: record)
            return ResourceView(resource, for: caller.principal)
        }
    }

    /// FAILED_PRECONDITION with one violation per missing item when `fields` are not complete
    /// enough to be published (docs/catalogue.md, Review).
    func requireComplete(_ fields: ResourceFields) throws {
        let score = Completeness(fields)
        guard !score.isPublishable else { return }
        throw IncompleteResource(score: score)
    }

    /// One page of resources as `principal` may see them. Asking for unpublished statuses needs
    /// a region (or provider) the caller may write; PERMISSION_DENIED otherwise.
    public func listResources(_ filter: ResourceFilter, page: PageRequest, for principal: Principal) async throws -> Page<ResourceView> {
        let today = self.today
        return try await store.read { db in
            if let status = filter.status, status != .published {
                let region = filter.providerID.isEmpty ? filter.region : try regionOf(db, filter.providerID)
                guard principal.role == .admin || principal.role == .service || (!region.isEmpty && CatalogueAccess.maySeeUnpublished(of: region, principal)) else {
                    throw ServiceError.permissionDenied("\(principal.role.rawValue) '\(principal.subject)' may list \(status.rawValue) resources only "
                                                        + "of a region it writes: filter by region or provider")
                }
            }
            return try ResourceTable.list(db, filter: filter, today: today, page: page, codec: codec) {
                CatalogueAccess.maySeeContacts(of: $0.nutsCode, principal)
            }.map { ResourceView($0, for: principal) }
        }
    }

    /// Retires every programme whose window closed before today, each on the feed as updated
    /// with its reason; returns them. Run at start and on a schedule (``FreshnessSweeper``).
    @discardableResult
    public func retireClosedProgrammes() async throws -> [Resource] {
        let today = self.today
        let now = store.now
        let caller = Caller(principal: Principal(subject: "tibs-catalogue", role: .service, regions: [], keyID: "", expiresAt: .distantFuture,
                                                 tokenID: ""),
                            requestID: "freshness-\(today)", method: "freshness")
        return try await store.groupWrite { db in
            try ResourceTable.closedProgrammes(db, before: today, codec: codec).map { resource in
                var resource = resource
                resource.status = .retired
                resource.retiredAt = now
                resource.retiredReason = "window closed on \(resource.fields.validity.closesOn?.description ?? "")"
                resource.version += 1
                resource.updatedAt = now
                let record = try ResourceTable.save(db, resource, nace: rules.codes.nace, codec: codec, isNew: false)
                try changes.record(db, caller, .resource, resource.id, .updated, payload: record)
                return resource
            }
        }
    }
}

/// Publishing refused below the completeness threshold: FAILED_PRECONDITION with one violation
/// per missing item (the check's field and what to add).
public struct IncompleteResource: Error, Sendable {
    public let score: Completeness
}
