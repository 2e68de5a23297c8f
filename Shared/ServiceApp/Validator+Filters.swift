import TIBSDomain

/// The checks of listing filters every service repeats: an empty value means "any", anything
/// else must be a known code or a well-formed id. Each returns the value in canonical form
/// (trimmed, normalised) for the filter to keep.
extension Validator {
    /// A NUTS code of the loaded list (sub-regions match too, as the listing decides).
    public mutating func nutsFilter(_ value: String, codes: CodeLists, field: String) -> String {
        let region = NUTS.normalize(value)
        if !region.isEmpty {
            check(codes.nuts.region(code: region) != nil, field: field,
                  CodeListCatalog.notInList(nil, isNot: "a NUTS \(codes.nuts.version) code", list: CodeListCatalog.Name.nuts, version: codes.nuts.version))
        }
        return region
    }

    /// An S3 area code of the loaded list.
    public mutating func s3Filter(_ value: String, codes: CodeLists, field: String) -> String {
        let area = S3Areas.normalize(value)
        if !area.isEmpty {
            check(codes.s3.isValid(code: area), field: field,
                  CodeListCatalog.notInList(nil, isNot: "an S3 area of list \(codes.s3.version)", list: CodeListCatalog.Name.s3, version: codes.s3.version))
        }
        return area
    }

    /// An ISO 3166-1 alpha-2 country code, read case-insensitively as NUTS codes are.
    public mutating func countryFilter(_ value: String, field: String) -> String {
        let country = Countries.normalize(value)
        if !country.isEmpty { checkCountry(country, field: field) }
        return country
    }

    /// The id of an entity (a UUID as the services hand out); `what` names it ("an SME id").
    public mutating func idFilter(_ value: String, field: String, what: String) -> String {
        let id = TextRules.trimmed(value)
        if !id.isEmpty { check(UUIDv7Generator.isValid(id), field: field, "must be \(what) (a UUID)") }
        return id
    }
}
