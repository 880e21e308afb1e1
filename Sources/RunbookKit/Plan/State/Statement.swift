/// One sentence about the site's state, as templates write them under `expects:` (must hold
/// before a step) and `effects:` (holds after it). The words are fixed; hosts and names come
/// from parameters. `every-node` as a host (``HostName/everyNode``) stands for each node.
enum Statement: Sendable, Hashable, CustomStringConvertible {
    /// A Windows feature such as failover-clustering.
    case feature(String, host: HostName)
    case service(ServiceName, host: HostName, ServiceCondition)
    case clusterExists
    case clusterNetworksNamed
    case clusterDisksNamed
    case witnessConfigured
    /// A name that exists in DNS and Active Directory.
    case nameExists(String)
    case sqlInstanceInstalled
    /// A node the SQL Server instance can run on.
    case sqlOwner(HostName)
    case databaseExists
    /// The site's database is created; a second creation replaces the first one's configuration.
    case databaseCreated
    /// The existing system's databases are backed up, and the backup verified.
    case databaseBackedUp
    /// The site's database is restored into the cluster's SQL Server from the existing system's backup.
    case databaseRestored
    case roleExists
    case roleOnline(host: HostName)
    /// The role is online, on whichever node.
    case roleOnlineAnywhere
    /// A node the role can run on.
    case rolePossibleOwner(HostName)
    case roleOffline
    /// The role's service resources are left alone when they fail (true) or restarted (false).
    case roleRestartsHeld(Bool)
    /// A computer's XProtect components registered with a management server address (a name).
    case registered(host: HostName, name: String)
    /// The registered services' addresses in the management server name this host.
    case registeredServices(name: String)
    case idpCertificate(host: HostName)

    /// The services a statement can name; `clustered-services` stands for every service the
    /// role runs at this site.
    enum ServiceName: String, Sendable, Hashable, CaseIterable {
        case managementServer = "management-server"
        case eventServer = "event-server"
        case logServer = "log-server"
        case dataCollector = "data-collector"
        case clusteredServices = "clustered-services"
        case iis
    }

    enum ServiceCondition: String, Sendable, Hashable, CaseIterable {
        case installed, removed, running, stopped, manual, automatic
    }

    /// The statements' shapes, as a template author writes them (for messages and the README).
    static let forms = [
        "feature NAME on HOST", "service SERVICE on HOST is CONDITION", "cluster exists", "cluster networks named",
        "cluster disks named", "witness configured", "name NAME exists", "sql-instance installed", "sql-instance owner HOST",
        "database exists", "database created", "database backed-up", "database restored", "role exists", "role online", "role online on HOST",
        "role possible-owner HOST", "role offline",
        "role restarts held",
        "role restarts normal", "HOST registered with NAME", "registered-services point at NAME", "idp-certificate on HOST",
    ]

    /// Reads a statement whose parameters are already filled in.
    static func parse(_ text: String) -> Result<Statement, StatementError> {
        let w = text.split(separator: " ").map(String.init)
        switch w.count {
        case 2:
            switch (w[0], w[1]) {
            case ("cluster", "exists"): return .success(.clusterExists)
            case ("witness", "configured"): return .success(.witnessConfigured)
            case ("sql-instance", "installed"): return .success(.sqlInstanceInstalled)
            case ("database", "exists"): return .success(.databaseExists)
            case ("database", "created"): return .success(.databaseCreated)
            case ("database", "backed-up"): return .success(.databaseBackedUp)
            case ("database", "restored"): return .success(.databaseRestored)
            case ("role", "exists"): return .success(.roleExists)
            case ("role", "offline"): return .success(.roleOffline)
            case ("role", "online"): return .success(.roleOnlineAnywhere)
            default: break
            }
        case 3:
            switch (w[0], w[1], w[2]) {
            case ("cluster", "networks", "named"): return .success(.clusterNetworksNamed)
            case ("cluster", "disks", "named"): return .success(.clusterDisksNamed)
            case ("name", _, "exists"): return .success(.nameExists(w[1]))
            case ("sql-instance", "owner", _): return .success(.sqlOwner(HostName(w[2])))
            case ("role", "possible-owner", _): return .success(.rolePossibleOwner(HostName(w[2])))
            case ("role", "restarts", "held"): return .success(.roleRestartsHeld(true))
            case ("role", "restarts", "normal"): return .success(.roleRestartsHeld(false))
            case ("idp-certificate", "on", _): return .success(.idpCertificate(host: HostName(w[2])))
            default: break
            }
        case 4:
            switch (w[0], w[1], w[2]) {
            case ("feature", _, "on"): return .success(.feature(w[1], host: HostName(w[3])))
            case ("role", "online", "on"): return .success(.roleOnline(host: HostName(w[3])))
            case (_, "registered", "with"): return .success(.registered(host: HostName(w[0]), name: w[3]))
            case ("registered-services", "point", "at"): return .success(.registeredServices(name: w[3]))
            default: break
            }
        case 6 where w[0] == "service" && w[2] == "on" && w[4] == "is":
            guard let service = ServiceName(rawValue: w[1]) else {
                return .failure(
                    StatementError(
                        message: "names the service '\(w[1])', which a statement does not know; use one of "
                            + ServiceName.allCases.map(\.rawValue).joined(separator: ", "),
                        suggestion: Spelling.suggestion(for: w[1], among: ServiceName.allCases.map(\.rawValue))))
            }
            guard let condition = ServiceCondition(rawValue: w[5]) else {
                return .failure(
                    StatementError(
                        message: "gives the condition '\(w[5])', which a service does not have; use one of "
                            + ServiceCondition.allCases.map(\.rawValue).joined(separator: ", "),
                        suggestion: Spelling.suggestion(for: w[5], among: ServiceCondition.allCases.map(\.rawValue))))
            }
            return .success(.service(service, host: HostName(w[3]), condition))
        default: break
        }
        return .failure(
            StatementError(message: "is not a statement; write one of: " + forms.joined(separator: "; "), suggestion: closestForm(to: w)))
    }

    /// The form nearest to what was written, with its words filled in from it: a typo in a
    /// fixed word ("registred") points at the statement that was meant.
    static func closestForm(to words: [String]) -> String? {
        let written = words.joined(separator: " ")
        var best: (form: String, distance: Int)?
        for form in forms {
            let parts = form.split(separator: " ").map(String.init)
            guard parts.count == words.count else { continue }
            let filled = zip(parts, words).map { part, word in part == part.uppercased() ? word : part }.joined(separator: " ")
            let distance = Spelling.distance(written, filled)
            if distance > 0 && distance <= 3 && distance < (best?.distance ?? .max) { best = (filled, distance) }
        }
        return best?.form
    }

    var description: String {
        switch self {
        case .feature(let name, let host): return "feature \(name) on \(host)"
        case .service(let service, let host, let condition): return "service \(service.rawValue) on \(host) is \(condition.rawValue)"
        case .clusterExists: return "cluster exists"
        case .clusterNetworksNamed: return "cluster networks named"
        case .clusterDisksNamed: return "cluster disks named"
        case .witnessConfigured: return "witness configured"
        case .nameExists(let name): return "name \(name) exists"
        case .sqlInstanceInstalled: return "sql-instance installed"
        case .sqlOwner(let host): return "sql-instance owner \(host)"
        case .databaseExists: return "database exists"
        case .databaseCreated: return "database created"
        case .databaseBackedUp: return "database backed-up"
        case .databaseRestored: return "database restored"
        case .roleExists: return "role exists"
        case .roleOnline(let host): return "role online on \(host)"
        case .roleOnlineAnywhere: return "role online"
        case .rolePossibleOwner(let host): return "role possible-owner \(host)"
        case .roleOffline: return "role offline"
        case .roleRestartsHeld(let held): return held ? "role restarts held" : "role restarts normal"
        case .registered(let host, let name): return "\(host) registered with \(name)"
        case .registeredServices(let name): return "registered-services point at \(name)"
        case .idpCertificate(let host): return "idp-certificate on \(host)"
        }
    }
}

/// A statement that cannot be read, with a word that was probably meant.
struct StatementError: Error, Sendable, Hashable {
    var message: String
    var suggestion: String?
}

/// A statement of a planned step, with the template line it comes from.
struct PlannedStatement: Sendable, Hashable {
    var statement: Statement
    var location: SourceLocation
}
