/// What kind of policy-making body an institution is. Raw values are the proto numbers and the
/// `kind` column.
public enum InstitutionKind: Int, Sendable, CaseIterable, Codable {
    case ministry = 1, regionalCouncil = 2, developmentAgency = 3, managingAuthority = 4, euBody = 5, other = 6
}
