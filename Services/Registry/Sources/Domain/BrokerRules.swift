import TIBSDomain

extension RegistryRules {
    /// A broker registration: subject and name, a work e-mail, at least one known region.
    public func validate(_ input: BrokerProfile) throws(ValidationErrors) -> BrokerProfile {
        var profile = input
        var v = Validator()
        profile.subject = TextRules.trimmed(profile.subject)
        profile.displayName = TextRules.trimmed(profile.displayName)
        profile.organisation = TextRules.trimmed(profile.organisation)
        profile.email = TextRules.trimmed(profile.email)
        if v.require(profile.subject, field: "subject") { v.checkText(profile.subject, max: RegistryLimits.name, field: "subject") }
        if v.require(profile.displayName, field: "display_name") {
            v.checkText(profile.displayName, max: RegistryLimits.name, field: "display_name")
        }
        v.checkText(profile.organisation, max: RegistryLimits.name, field: "organisation")
        v.checkEmail(profile.email, field: "email")
        v.check(!profile.regions.isEmpty, field: "regions", "a broker serves at least one region")
        profile.regions = profile.regions.enumerated().map { index, region in
            shared.region(region, field: Validator.index("regions", index), &v)
        }
        try v.throwIfAny()
        return profile
    }
}
