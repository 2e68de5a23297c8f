import TIBSDomain
import TIBSProto
import TIBSRPC
import TIBSServiceApp

/// `tibs.codes.v1.CodeLists/ListCodes`, built into every service by
/// ``ServiceRunner/router(_:store:logger:)`` (no per-service code): the code lists the service
/// validates with, so clients build pick lists from the server instead of copying them. Lives here,
/// not beside Health in TIBSRPC, because the lists are TIBSDomain's.
public enum CodeListService {
    public static let listCodesPath = "/tibs.codes.v1.CodeLists/ListCodes"
    /// The longest search text, in characters.
    public static let maxSearchLength = 100

    /// Adds ListCodes (any valid token: the lists are public, but a server's anonymous surface
    /// stays Health/Check alone) over `catalog`.
    public static func install(into router: inout RPCRouter, catalog: CodeListCatalog = .bundled) {
        router.unary(listCodesPath, access: .authenticated) { (request: Tibs_Codes_V1_ListCodesRequest, _) in
            try answer(request, catalog: catalog)
        }
    }

    /// One page of the asked list, or INVALID_ARGUMENT naming every broken field.
    static func answer(_ request: Tibs_Codes_V1_ListCodesRequest, catalog: CodeListCatalog) throws(ValidationErrors) -> Tibs_Codes_V1_ListCodesResponse {
        var v = Validator()
        let name = TextRules.trimmed(request.list).lowercased()
        let version = TextRules.trimmed(request.version)
        let search = TextRules.trimmed(request.search)
        var list: PublishedCodeList?
        if name.isEmpty {
            v.add(field: "list", "is required: one of \(catalog.names.joined(separator: ", "))")
        } else if catalog.defaultVersion(of: name) == nil {
            v.add(field: "list", "\(CodeListCatalog.quoted(request.list)) is not a code list; one of \(catalog.names.joined(separator: ", "))")
        } else {
            list = catalog.list(name, version: version.isEmpty ? nil : version)
            if list == nil {
                v.add(field: "version", "\(CodeListCatalog.quoted(request.version)) is not a version of \(name); one of \(catalog.versions(of: name).joined(separator: ", "))")
            }
        }
        v.checkText(search, max: maxSearchLength, field: "search")
        try v.throwIfAny()
        // reason: no violation means the list was found.
        let found = list!
        let filter = Filter(list: found.name, version: found.version, search: search)
        let (page, fingerprint) = try PortSupport.page(request.page, listing: "codes", filter: filter, isCursor: { found.position(of: $0) != nil })
        let matching = found.matching(search)
        let afterPosition = page.after.flatMap(found.position(of:)) ?? -1
        let slice = Paging.slice(inOrder: matching, cursor: \.code,
                                 isAfter: { entry, _ in (found.position(of: entry.code) ?? 0) > afterPosition }, page: page)
        return .with {
            $0.codes = slice.items.map { entry in
                .with {
                    $0.code = entry.code
                    $0.label = entry.label
                    $0.level = UInt32(entry.level)
                    $0.parent = entry.parent
                }
            }
            // Every page carries the total (a pick list shows it whichever page it is on).
            $0.page = PortSupport.pageInfo(Page(items: slice.items, nextAfter: slice.nextAfter, total: matching.count),
                                           fingerprint: fingerprint)
            $0.list = found.name
            $0.version = found.version
            $0.title = found.title
            $0.versions = catalog.versions(of: found.name)
            $0.defaultVersion = catalog.defaultVersion(of: found.name) ?? found.version
        }
    }

    /// What a ListCodes page token is bound to.
    struct Filter: PageFilter {
        let list: String
        let version: String
        let search: String
        var pageKeyValues: [String] { [list, version, search.lowercased()] }
    }
}
