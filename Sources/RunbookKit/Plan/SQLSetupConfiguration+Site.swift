extension SQLSetupConfiguration {
    /// The site's setup configuration files: for a failover cluster instance, the one that
    /// installs it on the first node and, with more nodes, the one that adds each other node;
    /// none for an external SQL Server.
    ///
    /// Every value comes from a site that passed the site validators; `sql.setup-file-value`
    /// refuses one the file cannot carry (a double quote, a line break). `runbook` is the id of
    /// the runbook the files are written with, which their remarks name.
    static func files(for site: SiteDescription, writtenWith runbook: String) -> [SQLSetupConfiguration] {
        guard case .failoverInstance(let fci) = site.sqlServer, let first = site.nodes.first?.host else { return [] }
        var files = [install(fci, on: first, site: site, runbook: runbook)]
        let others = site.nodes.dropFirst().map(\.host)
        if !others.isEmpty { files.append(addNode(fci, on: others, first: first, site: site, runbook: runbook)) }
        return files
    }

    /// `InstallFailoverCluster` on the first node: the instance, its name, address, disks,
    /// accounts and directories.
    static func install(_ fci: SQLFailoverInstance, on node: String, site: SiteDescription, runbook: String) -> SQLSetupConfiguration {
        let network = site.publicNetworks.first
        let disks = fci.disks.map { site.disk(named: $0)?.name ?? $0 }
        var options: [Option] = [
            Option("ACTION", .text(Action.installFailoverCluster.rawValue)),
            Option("FEATURES", .features(["SQLENGINE"]), note: "The Database Engine, the one feature XProtect needs."),
            Option("INSTANCENAME", .text(fci.instance), note: fci.isDefaultInstance ? "MSSQLSERVER is the default instance." : nil),
            Option("FAILOVERCLUSTERNETWORKNAME", .text(fci.networkName), note: "The instance's name on the network; setup registers it in DNS."),
            Option("FAILOVERCLUSTERGROUP", .text(fci.resourceGroup), note: "The cluster role that holds the instance."),
            Option(
                "FAILOVERCLUSTERIPADDRESSES", .text(fci.failoverClusterIPAddresses(on: network)),
                note: "IPv4;address;cluster network;subnet mask. The cluster network carries the site's name for it, "
                    + "\(network?.name ?? ""), since the networks were renamed after the cluster was created."),
            Option(
                "FAILOVERCLUSTERDISKS", .list(disks),
                note: "The cluster disks setup puts in the role, by the names they were given after the cluster was created."),
            Option("SQLSVCACCOUNT", .text(fci.engineAccount), note: "The service accounts; the wizard asks for their passwords."),
            Option("AGTSVCACCOUNT", .text(fci.agentAccount)),
            Option("SQLSYSADMINACCOUNTS", .list(fci.sysadmins)),
        ]
        if fci.authentication == .mixed {
            options.append(Option("SECURITYMODE", .text("SQL"), note: "Mixed mode: the wizard asks for the sa password."))
        }
        for directory in fci.directories.all {
            var notes: [String] = []
            if directory.key == "data-root" { notes.append("Every directory is on a disk given to the instance.") }
            if directory.path.hasSuffix("\\") && !directory.path.contains(where: \.isWhitespace) {
                notes.append("Without quotes: the path holds no space, and no quote can then follow its final backslash.")
            }
            options.append(Option(directory.parameter, .path(directory.path), note: notes.isEmpty ? nil : notes.joined(separator: " ")))
        }
        var file = SQLSetupConfiguration(
            action: .installFailoverCluster, fileName: FileNaming.sqlInstallFile(siteName: site.document.site), nodes: [node],
            remarks: [], options: options)
        file.remarks = file.remarks(
            fci, site: site, runbook: runbook,
            run: "Run on \(node) (node 1) only, once the cluster is created and its networks and disks carry the site's names.")
        return file
    }

    /// `AddNode` on every other node: only what setup takes for it (no features, no
    /// administrators: setup refuses both there), with the same address and accounts.
    static func addNode(
        _ fci: SQLFailoverInstance, on nodes: [String], first: String, site: SiteDescription, runbook: String
    ) -> SQLSetupConfiguration {
        let options: [Option] = [
            Option("ACTION", .text(Action.addNode.rawValue)),
            Option("INSTANCENAME", .text(fci.instance)),
            Option(
                "FAILOVERCLUSTERIPADDRESSES", .text(fci.failoverClusterIPAddresses(on: site.publicNetworks.first)),
                note: "The instance's address, as on \(first)."),
            Option(
                "CONFIRMIPDEPENDENCYCHANGE", .text("0"),
                note:
                    "0: no consent to change the dependency between the instance's address resources, which matters only for "
                    + "an instance across subnets (Microsoft, \"Install SQL Server from the command prompt\"); this one has one address."),
            Option("SQLSVCACCOUNT", .text(fci.engineAccount), note: "The same accounts as on \(first); the wizard asks for their passwords."),
            Option("AGTSVCACCOUNT", .text(fci.agentAccount)),
        ]
        let order =
            nodes.count == 1
            ? "Run on \(nodes[0])" : "Run on each of \(nodes.dropLast().joined(separator: ", ")) and \(nodes.last!) in turn, one node at a time,"
        var file = SQLSetupConfiguration(
            action: .addNode, fileName: FileNaming.sqlAddNodeFile(siteName: site.document.site), nodes: nodes, remarks: [], options: options)
        file.remarks = file.remarks(
            fci, site: site, runbook: runbook, run: "\(order) once the instance is installed on \(first).",
            productKey: "Enter the same product key as on \(first): without one, setup installs the Evaluation edition on the node.")
        return file
    }

    /// What the file is, where and how to run it, and what it leaves to the wizard.
    func remarks(_ fci: SQLFailoverInstance, site: SiteDescription, runbook: String, run: String, productKey: String? = nil) -> [Remark] {
        let instance = fci.isDefaultInstance ? fci.networkName : "\(fci.networkName)\\\(fci.instance)"
        let what =
            action == .installFailoverCluster
            ? "installs the failover cluster instance \(instance)" : "adds a node to the failover cluster instance \(instance)"
        let secrets = fci.authentication == .mixed ? "the service accounts' passwords and the sa password" : "the service accounts' passwords"
        return [
            .text("SQL Server \(fci.version) \(fci.edition) setup configuration file: \(what) (ACTION=\(action.rawValue))."),
            .text("Site: \(site.document.site). Written by runbook with the site's \(runbook) runbook."),
            .text(
                "\(run) Sign in as \(site.domain.administrator), copy this file to \(Self.folder), open a command prompt as administrator "
                    + "in the folder of the SQL Server \(fci.version) installation media and run:"),
            .command(command),
            .text(
                "Setup opens its wizard with these settings filled in. This file never holds a password, the product key or the "
                    + "acceptance of the licence terms: type \(secrets), enter the product key and accept the licence terms in the "
                    + "wizard. Do not add /Q or /QS: without its wizard, setup would need the passwords on the command line."
                    + (productKey.map { " " + $0 } ?? "")),
        ]
    }
}
