extension SiteValidator {
    mutating func checkSQLServer() {
        switch site.sqlServer {
        case .failoverInstance(let fci):
            checkFailoverInstance(fci)
            checkSetupFileValues(fci)
        case .external(let sql): checkExternal(sql)
        }
    }

    mutating func checkFailoverInstance(_ fci: SQLFailoverInstance) {
        switch fci.edition {
        case "Express", "Web":
            report(
                .sqlEditionNoClustering,
                "SQL Server \(fci.edition) cannot be installed as a failover cluster instance; use Standard (two nodes) or Enterprise",
                at: "sql-server.edition")
        case "Developer", "Evaluation":
            report(
                .sqlDeveloperEdition,
                "SQL Server \(fci.edition) is not licensed for production\(fci.edition == "Evaluation" ? " and expires after 180 days" : ""); use Standard or Enterprise on a live site",
                at: "sql-server.edition")
        case "Standard" where site.nodes.count > 2:
            report(
                .sqlStandardNodeLimit,
                "SQL Server Standard supports failover cluster instances of two nodes, and this cluster has \(site.nodes.count); use Enterprise",
                at: "sql-server.edition")
        default:
            break
        }
        if ![2016, 2017, 2019, 2022, 2025].contains(fci.version) {
            report(
                .sqlVersionUnsupported,
                fci.version < 2016
                    ? "SQL Server \(fci.version) is older than 2016, the oldest version this runbook supports"
                    : "\(fci.version) is not a SQL Server version (2016, 2017, 2019, 2022, 2025)",
                at: "sql-server.version")
        }
        if let problem = Names.instanceNameProblem(fci.instance) {
            report(.sqlInvalidInstanceName, "the instance name '\(fci.instance)' \(problem)", at: "sql-server.instance")
        }
        if let problem = Names.groupNameProblem(fci.resourceGroup) {
            report(.sqlInvalidGroupName, "the resource group '\(fci.resourceGroup)' \(problem)", at: "sql-server.resource-group")
        }

        var given: [SharedDisk] = []
        for (i, name) in fci.disks.enumerated() {
            let path = YAMLPath("sql-server.disks").index(i)
            guard let disk = site.disk(named: name) else {
                let suggestion = Spelling.suggestion(for: name, among: site.storage.map(\.name))
                report(
                    .unknownDisk,
                    "the instance's disk '\(name)' is not in storage"
                        + (site.storage.isEmpty ? ", which has no disks" : " (its disks: " + EnglishList.joined(site.storage.map(\.name)) + ")")
                        + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                    at: path, suggestion: suggestion)
                continue
            }
            given.append(disk)
            if let witness = witnessDiskName, witness.lowercased() == name.lowercased() {
                report(
                    .sqlWitnessDiskInInstance,
                    "disk '\(name)' is the quorum witness and cannot also hold SQL Server data; give the instance other disks",
                    at: path)
            }
        }
        guard given.contains(where: { $0.purpose == .sqlData }) else {
            report(
                .sqlMissingDataDisk,
                "the failover cluster instance is given no disk with purpose sql-data; add one to storage and to sql-server.disks",
                at: "sql-server.disks")
            return
        }
        for directory in fci.directories.all {
            let path = YAMLPath("sql-server.directories").key(directory.key)
            guard !given.contains(where: { Paths.isInside(directory.path, $0.path) }) else { continue }
            let roots = given.map { "\(Paths.root($0.path)) (\($0.name))" }.joined(separator: ", ")
            report(
                .sqlDirectoryOffInstanceDisks,
                "the \(directory.setupName.lowercased()) \(directory.path) is not on a disk given to the instance (\(roots)); every data directory of a failover cluster instance lives on its shared disks",
                at: path)
        }
    }

    /// Every value that goes into SQL Server setup's configuration files (`SQLSetupConfiguration`)
    /// must be one setup can read back: it reads one `NAME="value"` line at a time and has no
    /// escape for a double quote, so a value may hold neither a double quote nor a line break,
    /// nor end in a backslash just before its closing quote (`\"` is an escaped quote on
    /// Windows command lines; a directory that ends in one is written without quotes instead,
    /// which setup takes for paths). The public network's name, a part of `FAILOVERCLUSTERIPADDRESSES`,
    /// may hold no semicolon (it separates the parts). The instance name and the network name
    /// have rules of their own that allow none of these, and the resource group's rule
    /// already refuses a double quote.
    mutating func checkSetupFileValues(_ fci: SQLFailoverInstance) {
        if let index = site.networks.firstIndex(where: { $0.role == .public }) {
            checkSetupFileValue(
                site.networks[index].name, "the public network's name", at: YAMLPath("networks").index(index).key("name"), refusing: ";")
        }
        if Names.groupNameProblem(fci.resourceGroup) == nil {
            checkSetupFileValue(fci.resourceGroup, "the resource group", at: "sql-server.resource-group", quotedLast: true)
        }
        for (i, name) in fci.disks.enumerated() {
            let disk = site.disk(named: name)
            checkSetupFileValue(disk?.name ?? name, "the instance's disk", at: YAMLPath("sql-server.disks").index(i), quotedLast: true)
            // A path that is not absolute (which allows no double quote) is reported as such.
            if let disk, let j = site.storage.firstIndex(of: disk), Paths.isAbsolute(disk.path) {
                checkSetupFileValue(disk.path, "the path of disk '\(disk.name)'", at: YAMLPath("storage").index(j).key("path"))
            }
        }
        // An account that is no account (a double quote makes it none) is reported as such.
        if AccountName(fci.engineAccount) != nil {
            checkSetupFileValue(fci.engineAccount, "the SQL Server service account", at: "sql-server.engine-account", quotedLast: true)
        }
        if AccountName(fci.agentAccount) != nil {
            checkSetupFileValue(fci.agentAccount, "the SQL Server Agent account", at: "sql-server.agent-account", quotedLast: true)
        }
        for (i, admin) in fci.sysadmins.enumerated() where AccountName(admin) != nil || AccountName.isBuiltIn(admin) {
            checkSetupFileValue(admin, "the SQL Server administrator", at: YAMLPath("sql-server.sysadmins").index(i), quotedLast: true)
        }
        // A directory the site leaves out is derived from a disk's path, checked above.
        for directory in fci.directories.all where sourceMap.values[YAMLPath("sql-server.directories").key(directory.key)] != nil {
            checkSetupFileValue(
                directory.path, "the \(directory.setupName.lowercased())", at: YAMLPath("sql-server.directories").key(directory.key))
        }
    }

    /// - Parameter quotedLast: the value is written last before a closing quote, so it may not
    ///   end in a backslash.
    mutating func checkSetupFileValue(
        _ value: String, _ what: String, at path: YAMLPath, refusing extra: Unicode.Scalar? = nil, quotedLast: Bool = false
    ) {
        let problem: (String, String)?
        switch value.unicodeScalars.first(where: { $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == extra }) {
        case "\"": problem = ("holds a double quote", "it would end the value early")
        case "\n", "\r": problem = ("holds a line break", "setup reads one setting a line")
        case .some: problem = ("holds a semicolon", "it separates the parts of FAILOVERCLUSTERIPADDRESSES")
        case nil: problem = quotedLast && value.hasSuffix("\\") ? ("ends in a backslash", "setup could read it as an escaped quote") : nil
        }
        guard let (fault, effect) = problem else { return }
        report(
            .sqlSetupFileValue,
            "\(what) '\(value)' \(fault), which SQL Server setup's configuration file cannot carry (\(effect)); write it without one",
            at: path)
    }

    mutating func checkExternal(_ sql: ExternalSQLServer) {
        let short = HostName(droppingDomainOf: sql.server)
        if let problem = Names.hostNameProblem(sql.server) {
            report(.invalidName, "the SQL Server name '\(sql.server)' \(problem)", at: "sql-server.server")
        }
        let clusterNames = site.nodes.map(\.host) + [site.cluster.name, site.xprotect.role.name]
        if let clash = clusterNames.first(where: { HostName($0) == short }) {
            report(
                .sqlExternalOnNode,
                "the external SQL Server '\(sql.server)' is \(clash), part of this cluster; an external SQL Server runs outside the cluster (or use type failover-instance)",
                at: "sql-server.server")
        }
        if let instance = sql.instance, let problem = Names.instanceNameProblem(instance) {
            report(.sqlInvalidInstanceName, "the instance name '\(instance)' \(problem)", at: "sql-server.instance")
        }
        if let version = sql.version, version < 2016 {
            report(
                .sqlVersionUnsupported, "SQL Server \(version) is older than 2016, the oldest version this runbook supports",
                at: "sql-server.version")
        }
    }
}
