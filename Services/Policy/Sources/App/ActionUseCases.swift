import Foundation
import GRDB
import TIBSDomain
import TIBSIdentity
import TIBSServiceApp
import TIBSStore

extension PolicyApp {
    /// Records an influence action on an issue, SUBMITTED on its submitted_on. Admins and the
    /// brokers of every region of the issue; the issue and the institution must exist (NOT_FOUND).
    public func addInfluenceAction(issueID: String, _ input: InfluenceActionInput, note: String, by caller: Caller,
                                   idempotency: IdempotencyTicket? = nil) async throws -> Created<ActionView> {
        let day = today
        var v = Validator()
        var validated: InfluenceActionFields?
        v.collect(under: "fields") { () throws(ValidationErrors) in validated = try rules.validate(input, today: day) }
        let note = rules.note(note, &v)
        try v.throwIfAny()
        // reason: no violation means the fields were read.
        let fields = validated!
        let id = ids.next()
        let now = store.now
        let action = InfluenceAction(id: id, issueID: issueID, fields: fields, status: .submitted,
                                     history: [ActionTransition(from: nil, to: .submitted, actor: caller.principal.subject, at: now,
                                                                onDate: fields.submittedOn, note: note)], version: 1)
        let view = self.view(action, on: day)
        let response = try codec.encode(action)
        return try await store.groupWrite { db in
            let issue = try requireIssue(db, issueID)
            try PolicyAccess.requireWrite(issue.fields.regions, by: caller.principal)
            _ = try requireInstitution(db, fields.institutionID, withContacts: false)
            return try changes.idempotent(db, idempotency, caller, encode: { _ in response }) {
                let record = try ActionTable.save(db, action, codec: codec, isNew: true)
                try changes.record(db, caller, .action, id, .created, payload: record)
                return view
            }
        }
    }

    /// One step of the walk (``ActionStatus``): FAILED_PRECONDITION naming both states when the walk
    /// does not allow it; ABORTED when `expectedVersion` is stale; `onDate` (nil: today) not before
    /// the last step and not in the future. The documents are added to the action's.
    public func advanceInfluenceAction(id: String, expectedVersion: Int64, to: ActionStatus, onDate: CalendarDate?, note: String,
                                       documents: [DocumentRef], by caller: Caller) async throws -> ActionView {
        let day = today
        var v = Validator()
        let note = rules.note(note, &v)
        let documents = rules.documents(documents, field: "documents", &v)
        let on = onDate ?? day
        v.check(on <= day, field: "on_date", "must not be in the future (today is \(day))")
        try v.throwIfAny()
        let now = store.now
        return try await store.groupWrite { db in
            guard var action = try ActionTable.load(db, id: id, codec: codec) else { throw ServiceError.notFound(entity: "influence action", id: id) }
            let issue = try requireIssue(db, action.issueID)
            try PolicyAccess.requireWrite(issue.fields.regions, by: caller.principal)
            guard action.version == expectedVersion else {
                throw ServiceError.staleVersion(entity: "influence action", id: id, expected: expectedVersion, actual: action.version)
            }
            guard action.status.canAdvance(to: to) else {
                throw ServiceError.failedPrecondition(ActionWalk.refusal(from: action.status, to: to))
            }
            if let last = action.history.last?.onDate, on < last {
                throw ValidationErrors(field: "on_date", "must not be before the last step's day (\(last))")
            }
            guard action.fields.documents.count + documents.count <= PolicyLimits.documents else {
                throw ValidationErrors(field: "documents", "an action holds at most \(PolicyLimits.documents) documents")
            }
            action.history.append(ActionTransition(from: action.status, to: to, actor: caller.principal.subject, at: now, onDate: on, note: note))
            action.status = to
            action.fields.documents += documents
            action.version += 1
            let record = try ActionTable.save(db, action, codec: codec, isNew: false)
            try changes.record(db, caller, .action, id, .updated, payload: record)
            return view(action, on: day)
        }
    }

    public func listInfluenceActions(_ filter: ActionFilter, page: PageRequest) async throws -> Page<ActionView> {
        let day = today
        return try await store.read { db in
            try ActionTable.list(db, filter: filter, page: page, today: day, overdueAfterDays: settings.overdueAfterDays, codec: codec)
                .map { view($0, on: day) }
        }
    }

    func view(_ action: InfluenceAction, on day: CalendarDate) -> ActionView {
        ActionView(action: action, overdue: action.isOverdue(today: day, afterDays: settings.overdueAfterDays))
    }
}
