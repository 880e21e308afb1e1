extension SiteValidator {
    mutating func checkXProtect() {
        let xprotect = site.xprotect
        if XProtectVersion(xprotect.version) == nil {
            report(.invalidVersion, "the XProtect version '\(xprotect.version)' is not written like 2024 R2", at: "xprotect.version")
        }
        if let upgrade = xprotect.upgradeVersion {
            if XProtectVersion(upgrade) == nil {
                report(.invalidVersion, "the upgrade version '\(upgrade)' is not written like 2025 R1", at: "xprotect.upgrade-version")
            } else if let from = XProtectVersion(xprotect.version), let to = XProtectVersion(upgrade), to <= from {
                report(
                    .versionOrder,
                    "the upgrade version \(upgrade) is not newer than the installed version \(xprotect.version); XProtect is never downgraded in place: give the version the upgrade installs, or remove upgrade-version",
                    at: "xprotect.upgrade-version")
            }
        }
        let policy = xprotect.failoverPolicy
        if !(1...100).contains(policy.failures) {
            report(
                .failoverPolicy,
                "the failover policy allows \(policy.failures) failures; allow from 1 to 100 (the guide's default is 2)",
                at: "xprotect.failover-policy.failures")
        }
        if !(1...1193).contains(policy.periodHours) {
            report(
                .failoverPolicy,
                "the failover period is \(policy.periodHours) hours; Windows accepts 1 to 1193 hours (the guide's default is 6)",
                at: "xprotect.failover-policy.period-hours")
        }
        if let thumbprint = xprotect.idpCertificateThumbprint {
            checkThumbprint(thumbprint)
        }
        var services: [String: Int] = [:]
        for (i, service) in xprotect.registeredServices.enumerated() {
            let path = YAMLPath("xprotect.registered-services").index(i)
            if let first = services[service.name.lowercased()] {
                report(
                    .duplicateService, "the registered service '\(service.name)' is listed twice; list each service once, with all its endpoints",
                    at: path.key("name"), notes: [note("first listed here", at: YAMLPath("xprotect.registered-services").index(first).key("name"))])
            } else {
                services[service.name.lowercased()] = i
            }
            for (k, endpoint) in service.endpoints.enumerated() where !endpoint.path.hasPrefix("/") || endpoint.path.contains(where: \.isWhitespace) {
                report(
                    .invalidServicePath,
                    "the path '\(endpoint.path)' of \(service.name) must start with / and hold no spaces or other white space",
                    at: path.key("endpoints").index(k).key("path"))
            }
        }
        checkComputers()
        checkSystem()
    }

    /// A new system or an existing one: the runbook installs the computers in one case and
    /// moves their configuration in the other, so a site with computers must say which.
    mutating func checkSystem() {
        let xprotect = site.xprotect
        let listed = xprotect.computers.groups.contains { !$0.computers.isEmpty }
        guard let system = xprotect.system else {
            if listed {
                let first = xprotect.computers.groups.first { !$0.computers.isEmpty }?.key ?? "recording-servers"
                report(
                    .systemUnstated,
                    "the site lists computers with XProtect components but does not say whether they are new or belong to a system that runs today. "
                        + "Add xprotect.system with type: new (the runbook installs them once the role is online, pointed at its name) "
                        + "or type: existing with the running system's management-server, sql-server, version and backup-folder "
                        + "(the runbook backs up its databases, brings them into the cluster, re-points the computers and retires the old management server)",
                    at: YAMLPath("xprotect.computers").key(first))
            }
            return
        }
        guard let existing = system.existing else { return }
        let path = YAMLPath("xprotect.system")
        if XProtectVersion(existing.version) == nil {
            report(.invalidVersion, "the existing system's version '\(existing.version)' is not written like 2023 R2", at: path.key("version"))
        } else if let from = XProtectVersion(existing.version), let to = XProtectVersion(xprotect.version), from > to {
            report(
                .versionOrder,
                "the existing system runs \(existing.version), newer than \(xprotect.version), the version the cluster installs; a management server cannot use a database of a newer version. Install \(existing.version) or newer in the cluster",
                at: path.key("version"))
        }
        let nodes = Set(site.nodes.map { HostName($0.host) })
        for (key, host, what) in [
            ("management-server", existing.managementServer, "management server"), ("sql-server", existing.sqlServer, "SQL Server"),
        ] {
            if let problem = Names.hostNameProblem(host) {
                report(.invalidName, "the existing system's \(what) name '\(host)' \(problem)", at: path.key(key))
            } else if nodes.contains(HostName(droppingDomainOf: host)) {
                report(
                    .existingSystem,
                    "the existing system's \(what) runs on \(host), which becomes a cluster node; the cluster is built on servers of its own while the running system keeps working. Move the system to other servers first, or list other nodes",
                    at: path.key(key))
            } else if [site.cluster.name, xprotect.role.name].contains(where: { HostName($0) == HostName(droppingDomainOf: host) }) {
                report(
                    .existingSystem,
                    "the existing system's \(what) is named \(host), a name the cluster takes; the cluster's and the role's names must be new names",
                    at: path.key(key))
            }
        }
        // The instance goes into sqlcmd -S and connection strings like the cluster's own.
        if let instance = existing.sqlInstance, let problem = Names.instanceNameProblem(instance) {
            report(.sqlInvalidInstanceName, "the existing system's instance name '\(instance)' \(problem)", at: path.key("sql-instance"))
        }
        if Paths.driveLetter(existing.backupFolder) == nil {
            report(
                .invalidDiskPath,
                "the backup folder '\(existing.backupFolder)' must be a local folder on \(existing.sqlServer), written with its drive letter (D:\\XProtectMove)",
                at: path.key("backup-folder"))
        }
    }

    mutating func checkThumbprint(_ thumbprint: String) {
        let hex = thumbprint.filter(\.isHexDigit)
        guard thumbprint.count != 40 || hex.count != 40 else { return }
        // Thumbprints copied from the certificate dialog carry spaces and an invisible mark.
        let cleaned = String(
            thumbprint.unicodeScalars.filter { $0.properties.isWhitespace == false && $0.properties.generalCategory != .format }.map(Character.init))
        let cleanedIsValid = cleaned.count == 40 && cleaned.allSatisfy(\.isHexDigit)
        report(
            .invalidThumbprint,
            cleanedIsValid
                ? "the certificate thumbprint holds spaces or invisible characters (as copied from the certificate dialog); write it as 40 hexadecimal characters: \(cleaned.uppercased())"
                : "the certificate thumbprint must be 40 hexadecimal characters (0-9, A-F); it has \(thumbprint.count) characters",
            at: "xprotect.idp-certificate-thumbprint", suggestion: cleanedIsValid ? cleaned.uppercased() : nil)
    }

    /// The most groups the computers of a site may form: each group is a procedure of its own
    /// in the install and upgrade runbooks (and its own check in the verification), and past
    /// a few hundred a runbook is longer than anyone follows, and larger than a page shows.
    static let maximumComputerGroups = 500

    mutating func checkComputers() {
        // Named groups, whatever the kind of computer: the runbooks give each one a procedure.
        var named: Set<String> = []
        groups: for group in site.xprotect.computers.groups {
            for (i, computer) in group.computers.enumerated() {
                guard let name = computer.group, named.insert(name).inserted, named.count > Self.maximumComputerGroups else { continue }
                report(
                    .tooManyGroups,
                    "the computers form more than \(Self.maximumComputerGroups) groups ('\(name)' is one too many); each group is a "
                        + "procedure of its own in the runbooks, so give computers that are installed together, such as a building's, "
                        + "the same group",
                    at: YAMLPath("xprotect.computers").key(group.key).index(i).key("group"))
                break groups
            }
        }
        let nodeHosts = Set(site.nodes.map { HostName($0.host) })
        for group in site.xprotect.computers.groups {
            var seen: [String: Int] = [:]
            for (i, computer) in group.computers.enumerated() {
                let path = YAMLPath("xprotect.computers").key(group.key).index(i).key("host")
                if let problem = Names.hostNameProblem(computer.host) {
                    report(.invalidName, "the computer name '\(computer.host)' \(problem)", at: path)
                }
                let key = computer.host.lowercased()
                // REC1 and rec1.corp.example.com are one computer: a short name is in the site's domain.
                let domainSuffix = "." + site.domain.name.lowercased()
                let sameComputer = key.hasSuffix(domainSuffix) ? String(key.dropLast(domainSuffix.count)) : key
                if let first = seen[sameComputer] {
                    let firstHost = group.computers[first].host
                    report(
                        .duplicateComputer,
                        firstHost.lowercased() == key
                            ? "\(computer.host) is listed twice among the \(group.key); list each computer once"
                            : "\(computer.host) and \(firstHost) name the same computer in the site's domain, already listed among the \(group.key); list each computer once, by one name",
                        at: path, notes: [note("first listed here", at: YAMLPath("xprotect.computers").key(group.key).index(first).key("host"))])
                } else {
                    seen[sameComputer] = i
                }
                if nodeHosts.contains(HostName(droppingDomainOf: key)) {
                    report(
                        .componentOnNode,
                        group.key.contains("recording")
                            ? "\(computer.host) is a cluster node; recording servers do not belong on the management server nodes"
                            : "\(computer.host) is a cluster node, where the management server install already puts this component; list only computers outside the cluster",
                        at: path)
                }
            }
        }
    }
}
