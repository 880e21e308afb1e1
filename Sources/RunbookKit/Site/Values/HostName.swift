/// A computer's name, as the site description spells it.
///
/// Windows and DNS do not tell `Cluster1` from `CLUSTER1`: two host names are equal, and hash
/// alike, whatever their case. What a runbook prints is the spelling the site gave.
struct HostName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name as written in the site description.
    let spelled: String
    /// The spelling every comparison uses.
    private let folded: String

    init(_ spelled: String) {
        self.spelled = spelled
        self.folded = spelled.lowercased()
    }

    static func == (lhs: HostName, rhs: HostName) -> Bool { lhs.folded == rhs.folded }
    func hash(into hasher: inout Hasher) { hasher.combine(folded) }
    /// Ordered as a person reads a list of names: by letters, whatever their case.
    static func < (lhs: HostName, rhs: HostName) -> Bool { lhs.folded < rhs.folded }

    var description: String { spelled }

    /// A name as a computer answers to it without its domain: `MyCluster.corp.example` is
    /// `MyCluster`, which also answers to `mycluster`.
    init(droppingDomainOf name: String) {
        self.init(String(name.split(separator: ".").first ?? Substring(name)))
    }

    /// The name with its domain, as DNS answers to it: the one place a fully qualified name is
    /// built. A name that already holds a dot is taken as fully qualified; no name gives none.
    func fqdn(in domain: String) -> String {
        spelled.isEmpty || spelled.contains(".") ? spelled : "\(spelled).\(domain)"
    }

    /// What a template's state statement writes for each node of the cluster at once.
    static let everyNode = HostName("every-node")
}

/// Where a procedure or step runs: on one computer of the site, or on any computer (checks,
/// work on SQL Server or on a component's own computer, which the installer reaches from wherever
/// they sit).
enum Computer: Sendable, Hashable, CustomStringConvertible {
    case any
    case host(HostName)

    /// A template's `computer` after substitution: `any`, in any case, or a host name.
    init(_ text: String) {
        self = text.lowercased() == "any" ? .any : .host(HostName(text))
    }

    /// The computer's name, or nil for any computer.
    var host: HostName? {
        if case .host(let name) = self { return name }
        return nil
    }

    /// As the plan spells it (`runbook plan`, its JSON, the pictures' boxes): the host, or `any`.
    var description: String { host?.spelled ?? "any" }

    /// As a reader is told where to work: the host, or "any computer".
    var readerName: String { host?.spelled ?? "any computer" }
}
