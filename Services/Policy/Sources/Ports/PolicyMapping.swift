import Foundation
import SwiftProtobuf
import TIBSDomain
import TIBSProto
import TIBSServiceKit

/// proto ⇄ domain for the policy service's messages.
enum PolicyMapping {
    // MARK: Institutions

    static func fields(_ proto: Tibs_Policy_V1_InstitutionFields) -> InstitutionFields {
        InstitutionFields(name: proto.name, kind: CommonMapping.domain(proto.kind), level: CommonMapping.domain(proto.level),
                          country: proto.country, region: proto.region, website: proto.website,
                          contacts: proto.contacts.map(CommonMapping.contact))
    }

    static func proto(_ fields: InstitutionFields) -> Tibs_Policy_V1_InstitutionFields {
        .with {
            $0.name = fields.name
            $0.kind = CommonMapping.proto(fields.kind)
            $0.level = CommonMapping.proto(fields.level)
            $0.country = fields.country
            $0.region = fields.region
            $0.website = fields.website
            $0.contacts = fields.contacts.map(CommonMapping.proto)
        }
    }

    static func proto(_ view: InstitutionView) -> Tibs_Policy_V1_Institution {
        let institution = view.institution
        return .with {
            $0.id = institution.id
            $0.fields = proto(institution.fields)
            $0.version = UInt64(institution.version)
            $0.createdAt = CommonMapping.timestamp(institution.createdAt)
            $0.updatedAt = CommonMapping.timestamp(institution.updatedAt)
            $0.contactsWithheld = view.contactsWithheld
            $0.personalDataErased = institution.personalDataErased
        }
    }

    static func institution(_ proto: Tibs_Policy_V1_Institution) -> Institution {
        Institution(id: proto.id, fields: fields(proto.fields), version: Int64(proto.version), createdAt: proto.createdAt.date,
                    updatedAt: proto.updatedAt.date, personalDataErased: proto.personalDataErased)
    }

    // MARK: Strategies

    static func input(_ proto: Tibs_Policy_V1_RegionalStrategyFields) -> RegionalStrategyInput {
        RegionalStrategyInput(region: proto.region, validFrom: proto.validFrom, validTo: proto.validTo,
                              priorities: proto.priorities.map { PriorityArea(s3Area: CommonMapping.code($0.s3Area), weight: $0.weight) },
                              documentTitle: proto.documentTitle, documentURL: proto.documentURL)
    }

    static func proto(_ strategy: RegionalStrategy) -> Tibs_Policy_V1_RegionalStrategy {
        .with {
            $0.id = strategy.id
            $0.fields = .with { f in
                f.region = strategy.fields.region
                f.validFrom = strategy.fields.validFrom.description
                f.validTo = strategy.fields.validTo?.description ?? ""
                f.priorities = strategy.fields.priorities.map { area in .with { $0.s3Area = CommonMapping.proto(area.s3Area); $0.weight = area.weight } }
                f.documentTitle = strategy.fields.documentTitle
                f.documentURL = strategy.fields.documentURL
            }
            $0.country = strategy.country
            $0.setAt = CommonMapping.timestamp(strategy.setAt)
            $0.setBy = strategy.setBy
        }
    }

    static func strategy(_ proto: Tibs_Policy_V1_RegionalStrategy) throws -> RegionalStrategy {
        guard let from = CalendarDate(proto.fields.validFrom) else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "valid_from")) }
        let fields = RegionalStrategyFields(
            region: proto.fields.region, validFrom: from, validTo: CalendarDate(proto.fields.validTo),
            priorities: proto.fields.priorities.map { PriorityArea(s3Area: CommonMapping.code($0.s3Area), weight: $0.weight) },
            documentTitle: proto.fields.documentTitle, documentURL: proto.fields.documentURL)
        return RegionalStrategy(id: proto.id, fields: fields, country: proto.country, setAt: proto.setAt.date, setBy: proto.setBy)
    }

    // MARK: Evidence

    static func filter(_ proto: Tibs_Policy_V1_EvidenceFilter) -> EvidenceFilter {
        EvidenceFilter(country: proto.country, region: proto.region, s3Area: proto.s3Area,
                       sizeClass: CommonMapping.domain(proto.sizeClass), stage: CommonMapping.domain(proto.stage))
    }

    static func proto(_ filter: EvidenceFilter) -> Tibs_Policy_V1_EvidenceFilter {
        .with {
            $0.country = filter.country
            $0.region = filter.region
            $0.s3Area = filter.s3Area
            $0.sizeClass = CommonMapping.proto(filter.sizeClass)
            $0.stage = CommonMapping.proto(filter.stage)
        }
    }

    static func proto(_ period: Period) -> Tibs_Policy_V1_Period {
        .with { $0.fromMonth = period.from.description; $0.toMonth = period.to.description }
    }

    static func period(_ proto: Tibs_Policy_V1_Period) -> Period? {
        guard let from = Month(proto.fromMonth), let to = Month(proto.toMonth) else { return nil }
        return Period(from: from, to: to)
    }

    /// GetBarrierReportRequest as asked; INVALID_ARGUMENT naming `filter.*`, `period.*`, `group_by_level`.
    static func request(_ proto: Tibs_Policy_V1_GetBarrierReportRequest, codes: CodeLists) throws(ValidationErrors) -> BarrierReportRequest {
        var v = Validator()
        var filter = EvidenceFilter()
        v.collect { () throws(ValidationErrors) in filter = try self.filter(proto.filter).validated(codes: codes) }
        var period: Period?
        v.collect { () throws(ValidationErrors) in period = try Period.validated(from: proto.period.fromMonth, to: proto.period.toMonth, field: "period") }
        v.check(proto.groupByLevel <= UInt32(BarrierReportRequest.maxGroupLevel), field: "group_by_level",
                "must be 0 (no breakdown) or a NUTS level 1 to \(BarrierReportRequest.maxGroupLevel)")
        try v.throwIfAny()
        // reason: no violation means the period was read.
        return BarrierReportRequest(filter: filter, period: period!, groupByLevel: Int(proto.groupByLevel), top: Int(proto.top))
    }

    static func proto(_ request: BarrierReportRequest) -> Tibs_Policy_V1_GetBarrierReportRequest {
        .with {
            $0.filter = proto(request.filter)
            $0.period = proto(request.period)
            $0.groupByLevel = UInt32(request.groupByLevel)
            $0.top = UInt32(request.top)
        }
    }

    static func proto(_ count: BarrierCount, codes: CodeLists) -> Tibs_Policy_V1_BarrierCount {
        .with {
            $0.barrier = .with { c in c.code = count.barrier; c.version = codes.survey.version }
            $0.label = count.label
            $0.surveys = UInt64(count.surveys)
            $0.share = count.share
            $0.previousSurveys = UInt64(count.previousSurveys)
            $0.previousShare = count.previousShare
            $0.shareChange = count.shareChange
        }
    }

    static func proto(_ sync: [UpstreamSync]) -> Tibs_Policy_V1_EvidenceSync {
        .with {
            $0.upstreams = sync.map { upstream in
                .with {
                    $0.upstream = upstream.upstream
                    $0.cursor = upstream.cursor
                    if let at = upstream.lastSyncedAt { $0.lastSyncedAt = CommonMapping.timestamp(at) }
                    $0.syncedOnce = upstream.syncedOnce
                    $0.lagEvents = upstream.lagEvents
                }
            }
        }
    }

    static func proto(_ report: BarrierReport, codes: CodeLists) -> Tibs_Policy_V1_BarrierReport {
        .with {
            $0.period = proto(report.period)
            $0.previousPeriod = proto(report.previousPeriod)
            $0.surveysInPeriod = UInt64(report.surveysInPeriod)
            $0.previousSurveysInPeriod = UInt64(report.previousSurveysInPeriod)
            $0.barriers = report.barriers.map { proto($0, codes: codes) }
            $0.regions = report.regions.map { group in
                .with {
                    $0.region = group.region
                    $0.surveysInPeriod = UInt64(group.surveysInPeriod)
                    $0.barriers = group.barriers.map { proto($0, codes: codes) }
                }
            }
            $0.sync = proto(report.sync)
        }
    }

    static func report(_ proto: Tibs_Policy_V1_BarrierReport) -> BarrierReport {
        func count(_ c: Tibs_Policy_V1_BarrierCount) -> BarrierCount {
            BarrierCount(barrier: c.barrier.code, label: c.label, surveys: Int(c.surveys), share: c.share,
                         previousSurveys: Int(c.previousSurveys), previousShare: c.previousShare)
        }
        let period = self.period(proto.period) ?? Period(from: Month(index: 0), to: Month(index: 0))
        return BarrierReport(
            period: period, previousPeriod: self.period(proto.previousPeriod) ?? period.previous,
            surveysInPeriod: Int(proto.surveysInPeriod), previousSurveysInPeriod: Int(proto.previousSurveysInPeriod),
            barriers: proto.barriers.map(count),
            regions: proto.regions.map { RegionBarriers(region: $0.region, surveysInPeriod: Int($0.surveysInPeriod),
                                                        barriers: $0.barriers.map(count)) },
            sync: proto.sync.upstreams.map {
                UpstreamSync(upstream: $0.upstream, cursor: $0.cursor, lastSyncedAt: $0.hasLastSyncedAt ? $0.lastSyncedAt.date : nil,
                             syncedOnce: $0.syncedOnce, lagEvents: $0.lagEvents)
            })
    }

    // MARK: Issues

    static func input(_ proto: Tibs_Policy_V1_PolicyIssueFields) -> PolicyIssueInput {
        PolicyIssueInput(barriers: proto.barriers.map(CommonMapping.code), regions: proto.regions, title: proto.title,
                         statement: proto.statement, requestedChange: proto.requestedChange,
                         evidenceFromMonth: proto.evidencePeriod.fromMonth, evidenceToMonth: proto.evidencePeriod.toMonth)
    }

    static func proto(_ issue: PolicyIssue, codes: CodeLists) -> Tibs_Policy_V1_PolicyIssue {
        .with {
            $0.id = issue.id
            $0.fields = .with { f in
                f.barriers = issue.fields.barriers.map(CommonMapping.proto)
                f.regions = issue.fields.regions
                f.title = issue.fields.title
                f.statement = issue.fields.statement
                f.requestedChange = issue.fields.requestedChange
                f.evidencePeriod = proto(issue.fields.evidencePeriod)
            }
            $0.evidence = .with { e in
                e.request = proto(issue.evidence.request)
                e.report = proto(issue.evidence.report, codes: codes)
                e.takenAt = CommonMapping.timestamp(issue.evidence.takenAt)
            }
            $0.raisedBy = issue.raisedBy
            $0.raisedAt = CommonMapping.timestamp(issue.raisedAt)
            $0.actions = UInt32(issue.actions)
            $0.openActions = UInt32(issue.openActions)
            $0.version = UInt64(issue.version)
        }
    }

    static func issue(_ proto: Tibs_Policy_V1_PolicyIssue) throws -> PolicyIssue {
        guard let period = self.period(proto.fields.evidencePeriod), let requestPeriod = self.period(proto.evidence.request.period) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "evidence_period"))
        }
        let request = BarrierReportRequest(filter: filter(proto.evidence.request.filter), period: requestPeriod,
                                           groupByLevel: Int(proto.evidence.request.groupByLevel), top: Int(proto.evidence.request.top))
        let fields = PolicyIssueFields(barriers: proto.fields.barriers.map(CommonMapping.code), regions: proto.fields.regions,
                                       title: proto.fields.title, statement: proto.fields.statement,
                                       requestedChange: proto.fields.requestedChange, evidencePeriod: period)
        return PolicyIssue(id: proto.id, fields: fields,
                           evidence: EvidenceSnapshot(request: request, report: report(proto.evidence.report), takenAt: proto.evidence.takenAt.date),
                           raisedBy: proto.raisedBy, raisedAt: proto.raisedAt.date, actions: Int(proto.actions),
                           openActions: Int(proto.openActions), version: Int64(proto.version))
    }

    // MARK: Actions

    static func document(_ proto: Tibs_Policy_V1_DocumentRef) -> DocumentRef {
        DocumentRef(title: proto.title, url: proto.url, reference: proto.reference)
    }

    static func proto(_ document: DocumentRef) -> Tibs_Policy_V1_DocumentRef {
        .with { $0.title = document.title; $0.url = document.url; $0.reference = document.reference }
    }

    static func input(_ proto: Tibs_Policy_V1_InfluenceActionFields) -> InfluenceActionInput {
        InfluenceActionInput(kind: CommonMapping.domain(proto.kind), institutionID: proto.institutionID, submittedOn: proto.submittedOn,
                             documents: proto.documents.map(document), summary: proto.summary)
    }

    static func proto(_ view: ActionView) -> Tibs_Policy_V1_InfluenceAction {
        var message = proto(view.action)
        message.overdue = view.overdue
        return message
    }

    static func proto(_ action: InfluenceAction) -> Tibs_Policy_V1_InfluenceAction {
        .with {
            $0.id = action.id
            $0.issueID = action.issueID
            $0.fields = .with { f in
                f.kind = CommonMapping.proto(action.fields.kind)
                f.institutionID = action.fields.institutionID
                f.submittedOn = action.fields.submittedOn.description
                f.documents = action.fields.documents.map(proto)
                f.summary = action.fields.summary
            }
            $0.status = CommonMapping.proto(action.status)
            $0.history = action.history.map { step in
                .with {
                    $0.from = CommonMapping.proto(step.from)
                    $0.to = CommonMapping.proto(step.to)
                    $0.actor = step.actor
                    $0.at = CommonMapping.timestamp(step.at)
                    $0.onDate = step.onDate.description
                    $0.note = step.note
                }
            }
            $0.version = UInt64(action.version)
            $0.firstResponseOn = action.firstResponseOn?.description ?? ""
        }
    }

    static func action(_ proto: Tibs_Policy_V1_InfluenceAction) throws -> InfluenceAction {
        let corrupt = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "influence action"))
        guard let kind: ActionKind = CommonMapping.domain(proto.fields.kind), let status: ActionStatus = CommonMapping.domain(proto.status),
              let submitted = CalendarDate(proto.fields.submittedOn) else { throw corrupt }
        let history = try proto.history.map { step throws -> ActionTransition in
            guard let to: ActionStatus = CommonMapping.domain(step.to), let on = CalendarDate(step.onDate) else { throw corrupt }
            return ActionTransition(from: CommonMapping.domain(step.from), to: to, actor: step.actor, at: step.at.date, onDate: on, note: step.note)
        }
        let fields = InfluenceActionFields(kind: kind, institutionID: proto.fields.institutionID, submittedOn: submitted,
                                           documents: proto.fields.documents.map(document), summary: proto.fields.summary)
        return InfluenceAction(id: proto.id, issueID: proto.issueID, fields: fields, status: status, history: history, version: Int64(proto.version))
    }

    // MARK: Influence report

    static func proto(_ figures: InfluenceFigures) -> Tibs_Policy_V1_InfluenceFigures {
        .with {
            $0.issues = UInt32(figures.issues)
            $0.actions = UInt32(figures.actions)
            $0.adopted = UInt32(figures.adopted)
            $0.partlyAdopted = UInt32(figures.partlyAdopted)
            $0.rejected = UInt32(figures.rejected)
            $0.noResponse = UInt32(figures.noResponse)
            $0.open = UInt32(figures.open)
            $0.overdue = UInt32(figures.overdue)
            $0.adoptionRate = figures.adoptionRate
            $0.medianDaysToFirstResponse = figures.medianDaysToFirstResponse
            $0.responded = UInt32(figures.responded)
        }
    }

    static func proto(_ report: InfluenceReport) -> Tibs_Policy_V1_InfluenceReport {
        .with {
            $0.total = proto(report.total)
            $0.institutions = report.institutions.map { i in
                .with { $0.institutionID = i.institutionID; $0.institutionName = i.institutionName; $0.figures = proto(i.figures) }
            }
            $0.regions = report.regions.map { r in .with { $0.region = r.region; $0.figures = proto(r.figures) } }
            $0.overdueAfterDays = UInt32(report.overdueAfterDays)
        }
    }
}
