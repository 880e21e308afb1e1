extension SiteValidator {
    /// Microsoft's limit on the nodes of one Windows Server failover cluster.
    static let maximumNodes = 64

    mutating func checkNames() {
        // The names that must be unique: nodes, then the cluster objects that move between them.
        var named: [(what: String, path: YAMLPath, name: String)] = site.nodes.enumerated().map {
            ("node \($0.offset + 1)", YAMLPath("nodes").index($0.offset).key("host"), $0.element.host)
        }
        named.append(("the cluster", "cluster.name", site.cluster.name))
        if let fci = failoverInstance {
            named.append(("the SQL Server network name", "sql-server.network-name", fci.networkName))
        }
        named.append(("the management server role", "xprotect.role.name", site.xprotect.role.name))

        var first: [String: (what: String, path: YAMLPath)] = [:]
        for (what, path, name) in named {
            if let (id, problem) = Names.computerNameProblem(name) {
                report(id, "the name '\(name)' of \(what) \(problem)", at: path)
            }
            let key = name.lowercased()
            if let earlier = first[key] {
                report(
                    .duplicateName,
                    "\(earlier.what) and \(what) are both named '\(name)'; the cluster, the SQL Server network name, the management server role and every node each need a name of their own",
                    at: path, notes: [note("\(earlier.what) is named here", at: earlier.path)])
            } else {
                first[key] = (what, path)
            }
        }
    }

    mutating func checkDomainAndAccounts() {
        let domain = site.domain
        let nameProblem = Names.domainNameProblem(domain.name)
        let netbiosProblem = Names.netbiosDomainProblem(domain.netbios)
        if let problem = nameProblem {
            report(.invalidDomain, "the domain name '\(domain.name)' \(problem)", at: "domain.name")
        }
        if let problem = netbiosProblem {
            report(.invalidDomain, "the NetBIOS domain name '\(domain.netbios)' \(problem)", at: "domain.netbios")
        }
        // With the domain itself wrong, every account would be "in another domain": say it once.
        domainIsValid = nameProblem == nil && netbiosProblem == nil
        checkAccount(domain.administrator, at: "domain.administrator", what: "the installing administrator")
        if let fci = failoverInstance {
            checkAccount(fci.engineAccount, at: "sql-server.engine-account", what: "the SQL Server service account")
            checkAccount(fci.agentAccount, at: "sql-server.agent-account", what: "the SQL Server Agent account")
            for (i, admin) in fci.sysadmins.enumerated() {
                checkAccount(admin, at: YAMLPath("sql-server.sysadmins").index(i), what: "a SQL Server administrator", allowBuiltIn: true)
            }
        }
        let account = site.xprotect.serviceAccount
        if AccountName.isBuiltIn(account) {
            report(
                .builtinServiceAccount,
                "the management server must run as a named domain account, not the built-in '\(account)': every node must run it as the same user, with access to the database and preferably a password that does not expire",
                at: "xprotect.service-account")
        } else {
            checkAccount(account, at: "xprotect.service-account", what: "the management server service account")
            if AccountName(account)?.name.lowercased() == "administrator" {
                report(
                    .administratorServiceAccount,
                    "the management server runs as the domain's Administrator; a dedicated service account keeps the VMS running when the administrator's password changes",
                    at: "xprotect.service-account")
            }
        }
    }

    mutating func checkAccount(_ text: String, at path: YAMLPath, what: String, allowBuiltIn: Bool = false) {
        if allowBuiltIn && AccountName.isBuiltIn(text) { return }
        guard let account = AccountName(text) else {
            report(
                .invalidAccount,
                "\(what) '\(text)' is not an account written \(site.domain.netbios)\\name or name@\(site.domain.name)"
                    + (AccountName.isBuiltIn(text) ? "; a failover cluster instance's services need domain accounts" : ""),
                at: path)
            return
        }
        guard domainIsValid else { return }
        if account.belongs(to: site.domain) {
            if account.form == .downLevel { accountsInNetbios += 1 }
        } else {
            foreignAccounts.append(ForeignAccount(what: what, text: text, path: path, account: account))
        }
    }

    /// An account written in a domain other than the site's, reported once every account is seen.
    struct ForeignAccount {
        var what: String
        var text: String
        var path: YAMLPath
        var account: AccountName
    }

    /// Reports the accounts in another domain. When every account written DOMAIN\name names
    /// one and the same other domain, the likelier mistake is `domain.netbios` itself: that is
    /// reported once, there, instead of once per account.
    mutating func reportForeignAccounts() {
        let downLevel = foreignAccounts.filter { $0.account.form == .downLevel }
        let domains = Set(downLevel.map { $0.account.domain.lowercased() })
        var each = foreignAccounts
        if downLevel.count >= 2, domains.count == 1, accountsInNetbios == 0, let written = downLevel.first?.account.domain {
            report(
                .accountWrongDomain,
                "domain.netbios is '\(site.domain.netbios)', but all \(downLevel.count) accounts written DOMAIN\\name are in '\(written)'; if '\(written)' is the NetBIOS name of \(site.domain.name), write it here, otherwise correct the accounts",
                at: "domain.netbios", notes: downLevel.map { note("\($0.what) '\($0.text)'", at: $0.path) }, suggestion: written)
            each.removeAll { $0.account.form == .downLevel }
        }
        for foreign in each {
            let expected = foreign.account.form == .downLevel ? site.domain.netbios : site.domain.name
            report(
                .accountWrongDomain,
                "\(foreign.what) '\(foreign.text)' is in domain '\(foreign.account.domain)', not the site's domain '\(expected)'; failover clusters need every account in the nodes' domain",
                at: foreign.path,
                suggestion: foreign.account.form == .downLevel
                    ? "\(site.domain.netbios)\\\(foreign.account.name)" : "\(foreign.account.name)@\(site.domain.name)")
        }
    }

    mutating func checkServers() {
        if site.nodes.count < 2 {
            report(.tooFewNodes, "a failover cluster needs at least two nodes; this site has \(site.nodes.count)", at: "nodes")
        }
        if site.nodes.count > Self.maximumNodes {
            report(
                .tooManyNodes,
                "this site has \(site.nodes.count) nodes, but a Windows Server failover cluster has at most \(Self.maximumNodes) nodes (Microsoft's limit); node \(site.nodes[Self.maximumNodes].host) is the first over it. List at most \(Self.maximumNodes) nodes",
                at: YAMLPath("nodes").index(Self.maximumNodes))
        }
        let supported = [2016, 2019, 2022, 2025]
        let clusteringEditions = ["Standard", "Datacenter"]
        for (i, node) in site.nodes.enumerated() {
            let path = YAMLPath("nodes").index(i)
            if !supported.contains(node.windowsVersion) {
                report(
                    .windowsVersionUnsupported,
                    node.windowsVersion < 2016
                        ? "node \(node.host) runs Windows Server \(node.windowsVersion); XProtect clustering needs Windows Server 2016 or newer"
                        : "node \(node.host): \(node.windowsVersion) is not a Windows Server version (2016, 2019, 2022, 2025)",
                    at: path.key("windows-version"))
            }
            if i > 0, node.windowsVersion != site.nodes[0].windowsVersion {
                report(
                    .windowsVersionMismatch,
                    "node \(node.host) runs Windows Server \(node.windowsVersion) but node \(site.nodes[0].host) runs \(site.nodes[0].windowsVersion); all nodes must run the same version",
                    at: path.key("windows-version"), notes: [note("node 1's version", at: "nodes[0].windows-version")])
            }
            if !clusteringEditions.contains(node.windowsEdition) {
                report(
                    .windowsEdition,
                    "node \(node.host) runs the \(node.windowsEdition) edition; failover clustering needs Windows Server Standard or Datacenter",
                    at: path.key("windows-edition"))
            } else if i > 0, clusteringEditions.contains(site.nodes[0].windowsEdition), node.windowsEdition != site.nodes[0].windowsEdition {
                // An edition without clustering is reported on its own; a mismatch beside it would only repeat it.
                report(
                    .windowsEditionMismatch,
                    "node \(node.host) runs Windows Server \(node.windowsEdition) but node \(site.nodes[0].host) runs \(site.nodes[0].windowsEdition); the nodes must be identical in hardware, operating system and software, so give every node the same edition",
                    at: path.key("windows-edition"), notes: [note("node 1's edition", at: "nodes[0].windows-edition")])
            }
            if domainIsValid && node.domain.lowercased() != site.domain.name.lowercased() {
                report(
                    .nodeDomainMismatch,
                    "node \(node.host) is joined to '\(node.domain)', not the site's domain '\(site.domain.name)'; all nodes must be in one domain",
                    at: path.key("domain"))
            }
            if let memory = node.memory, DataSize(memory) == nil {
                report(.invalidSize, "the memory of node \(node.host), '\(memory)', is not a size such as 8 GB", at: path.key("memory"))
            }
        }
    }
}
