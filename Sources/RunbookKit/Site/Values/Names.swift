/// The naming rules of Windows, DNS, NetBIOS, Active Directory and SQL Server.
///
/// Each check returns nil when the name is fine, or what is wrong with it, in words that
/// finish the sentence "the name ...".
enum Names {
    /// A computer name or cluster object name: a DNS label that NetBIOS also accepts.
    static func computerNameProblem(_ name: String) -> (DiagnosticID, String)? {
        if name.count > 15 {
            return (.nameTooLong, "has \(name.count) characters; Windows computer and cluster names (NetBIOS) allow at most 15")
        }
        return labelProblem(name).map { (.invalidName, $0) }
    }

    /// A DNS label: letters, digits and hyphens, not starting or ending with a hyphen, not all digits.
    static func labelProblem(_ label: String) -> String? {
        if label.isEmpty { return "is empty" }
        if let bad = label.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-")) }) {
            return "holds '\(bad)'; only letters A-Z, digits and hyphens are allowed"
        }
        if label.hasPrefix("-") || label.hasSuffix("-") { return "starts or ends with a hyphen" }
        if label.allSatisfy(\.isNumber) { return "is all digits; a name needs at least one letter" }
        if label.count > 63 { return "has a label longer than 63 characters" }
        return nil
    }

    /// A host name or FQDN of a computer outside the cluster.
    static func hostNameProblem(_ name: String) -> String? {
        if name.count > 253 { return "is longer than 253 characters" }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if labels.first?.count ?? 0 > 15, labels.count == 1 {
            return "has \(name.count) characters; a Windows computer name allows at most 15 (write the FQDN for a longer DNS name)"
        }
        for label in labels {
            if let problem = labelProblem(String(label)) { return problem }
        }
        return nil
    }

    /// An Active Directory domain's DNS name: at least two labels.
    static func domainNameProblem(_ name: String) -> String? {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 { return "is not a fully qualified DNS name such as corp.example.com" }
        for label in labels {
            if let problem = labelProblem(String(label)) { return problem }
        }
        return nil
    }

    /// A NetBIOS domain name: at most 15 characters, none of \ / : * ? " < > | . or space.
    static func netbiosDomainProblem(_ name: String) -> String? {
        if name.isEmpty || name.count > 15 { return "must have 1 to 15 characters" }
        if let bad = name.first(where: { "\\/:*?\"<>|. ".contains($0) || !$0.isASCII }) {
            return "holds '\(bad)', which NetBIOS names do not allow"
        }
        return nil
    }

    /// SQL Server instance name rules ("Instance configuration", Microsoft Learn).
    static func instanceNameProblem(_ name: String) -> String? {
        if name.uppercased() == "MSSQLSERVER" { return nil }
        if name.count > 16 { return "has \(name.count) characters; an instance name allows at most 16" }
        guard let first = name.first, first.isLetter else { return "must start with a letter" }
        if let bad = name.first(where: { " \\,:;'&-@\"/*?<>|#".contains($0) || !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "$") }) {
            return "holds '\(bad)', which SQL Server does not allow in an instance name"
        }
        if name.uppercased() == "DEFAULT" { return "is 'Default', which SQL Server reserves" }
        if SQLReservedWords.all.contains(name.uppercased()) { return "is the SQL Server reserved keyword \(name.uppercased())" }
        return nil
    }

    /// A cluster resource group name may not hold < > " ' &.
    static func groupNameProblem(_ name: String) -> String? {
        name.first(where: { "<>\"'&".contains($0) }).map { "holds '\($0)', which cluster group names do not allow" }
    }
}

/// An account written `DOMAIN\name` or `name@domain.fqdn`.
struct AccountName: Sendable, Hashable {
    enum Form: Sendable, Hashable {
        case downLevel
        case userPrincipal
    }

    var domain: String
    var name: String
    var form: Form

    init?(_ text: String) {
        if let slash = text.firstIndex(of: "\\") {
            let domain = String(text[..<slash])
            let name = String(text[text.index(after: slash)...])
            guard !domain.isEmpty, !name.isEmpty, !name.contains("\\"), !name.contains("@") else { return nil }
            self.init(domain: domain, name: name, form: .downLevel)
        } else if let at = text.lastIndex(of: "@") {
            let name = String(text[..<at])
            let domain = String(text[text.index(after: at)...])
            guard !name.isEmpty, domain.contains("."), !name.contains("@") else { return nil }
            self.init(domain: domain, name: name, form: .userPrincipal)
        } else {
            return nil
        }
        if name.contains(where: { "\"/[]:;|=,+*?<>".contains($0) }) { return nil }
    }

    init(domain: String, name: String, form: Form) {
        self.domain = domain
        self.name = name
        self.form = form
    }

    /// True when the account belongs to the site's domain, in either form.
    func belongs(to domain: ActiveDirectoryDomain) -> Bool {
        switch form {
        case .downLevel: return self.domain.lowercased() == domain.netbios.lowercased()
        case .userPrincipal: return self.domain.lowercased() == domain.name.lowercased()
        }
    }

    /// Built-in accounts that are no named domain account (NT AUTHORITY, NT SERVICE, BUILTIN...).
    static func isBuiltIn(_ text: String) -> Bool {
        let upper = text.uppercased()
        let builtIns = ["LOCALSYSTEM", "LOCAL SYSTEM", "SYSTEM", "NETWORK SERVICE", "NETWORKSERVICE", "LOCAL SERVICE", "LOCALSERVICE"]
        if builtIns.contains(upper) { return true }
        for prefix in ["NT AUTHORITY\\", "NT SERVICE\\", "BUILTIN\\", ".\\", "NT VIRTUAL MACHINE\\", "IIS APPPOOL\\"]
        where upper.hasPrefix(prefix) { return true }
        return false
    }
}
