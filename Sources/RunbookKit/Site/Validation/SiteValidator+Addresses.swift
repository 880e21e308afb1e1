extension SiteValidator {
    /// The parsed subnet of each network, nil where it does not parse.
    var subnets: [IPv4Subnet?] {
        site.networks.map { try? $0.subnet.parsed.get() }
    }

    mutating func checkNetworks() {
        var seen: [String: Int] = [:]
        let subnets = self.subnets
        for (i, network) in site.networks.enumerated() {
            let path = YAMLPath("networks").index(i)
            if let first = seen[network.name.lowercased()] {
                report(
                    .duplicateNetwork, "a network named '\(network.name)' is already declared; give each network its own name",
                    at: path.key("name"), notes: [note("first declared here", at: YAMLPath("networks").index(first).key("name"))])
            } else {
                seen[network.name.lowercased()] = i
            }
            if case .failure(let error) = network.subnet.parsed {
                report(.invalidSubnet, "the subnet of network '\(network.name)' \(error)", at: path.key("subnet"))
            }
            if let subnet = subnets[i], let range = SpecialRange.all.first(where: { $0.subnet.overlaps(subnet) }) {
                report(
                    .specialRange,
                    "the subnet \(subnet) of network '\(network.name)' reaches into \(range.subnet), \(range.meaning); no cluster network can use those addresses. Give the network its real subnet",
                    at: path.key("subnet"))
            }
            if let gateway = network.gateway {
                if let address = IPv4Address(gateway) {
                    if let subnet = subnets[i], !subnet.contains(address) {
                        report(
                            .gatewayOutsideSubnet, "the gateway \(gateway) of network '\(network.name)' is outside its subnet \(subnet)",
                            at: path.key("gateway"))
                    }
                } else {
                    report(
                        .invalidAddress, "the gateway of network '\(network.name)', '\(gateway)', is not a valid IPv4 address",
                        at: path.key("gateway"))
                }
                if network.role != .public {
                    report(
                        .gatewayOnPrivateNetwork,
                        "network '\(network.name)' is a \(network.role.rawValue) network with a default gateway; give only the public network a gateway, or the nodes may route client traffic the wrong way",
                        at: path.key("gateway"))
                }
            }
            for (k, dns) in network.dns.enumerated() {
                guard let address = IPv4Address(dns) else {
                    report(
                        .invalidAddress, "DNS server '\(dns)' of network '\(network.name)' is not a valid IPv4 address",
                        at: path.key("dns").index(k))
                    continue
                }
                if let range = SpecialRange.all.first(where: { $0.subnet.contains(address) }) {
                    report(
                        .specialRange,
                        "DNS server \(dns) of network '\(network.name)' is in \(range.subnet), \(range.meaning); give the DNS server's real address",
                        at: path.key("dns").index(k))
                }
            }
            if network.role == .public && network.dns.count < 2 {
                report(
                    .singleDNSServer,
                    network.dns.isEmpty
                        ? "public network '\(network.name)' names no DNS server; the cluster registers its names in DNS, so list two"
                        : "public network '\(network.name)' names a single DNS server; list a second one so name resolution survives losing one",
                    at: network.dns.isEmpty ? path.key("name") : path.key("dns"))
            }
        }
        for i in site.networks.indices {
            for j in 0..<i {
                guard let a = subnets[i], let b = subnets[j], a.overlaps(b) else { continue }
                let involvesHeartbeat = site.networks[i].role == .heartbeat || site.networks[j].role == .heartbeat
                report(
                    .overlappingNetworks,
                    "network '\(site.networks[i].name)' (\(a)) overlaps network '\(site.networks[j].name)' (\(b)); "
                        + (involvesHeartbeat ? "the heartbeat network needs a subnet of its own" : "each network needs a subnet of its own"),
                    at: YAMLPath("networks").index(i).key("subnet"),
                    notes: [note("'\(site.networks[j].name)' is declared here", at: YAMLPath("networks").index(j).key("subnet"))])
            }
        }
        if site.publicNetworks.isEmpty {
            report(
                .noPublicNetwork,
                "no network has role 'public'; the cluster, SQL Server and management server addresses need a client access network",
                at: "networks")
        }
        if !site.networks.contains(where: { $0.role == .heartbeat }) {
            report(
                .noHeartbeatNetwork,
                "no network has role 'heartbeat'; cluster traffic will share the public network. A dedicated heartbeat network keeps the nodes in touch when the public network is busy",
                at: "networks")
        }
    }

    mutating func checkNodeAddresses() {
        let subnets = self.subnets
        let names = site.networks.map(\.name)
        for (i, node) in site.nodes.enumerated() {
            let base = YAMLPath("nodes").index(i).key("addresses")
            for entry in node.addresses {
                let path = base.key(entry.network)
                guard let n = names.firstIndex(of: entry.network) else {
                    let suggestion = Spelling.suggestion(for: entry.network, among: names)
                    report(
                        .unknownNetwork,
                        "node \(node.host) has an address on '\(entry.network)', which is not one of the site's networks ("
                            + names.joined(separator: ", ") + ")" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                        at: path, suggestion: suggestion)
                    continue
                }
                guard let address = IPv4Address(entry.address) else {
                    report(
                        .invalidAddress, "the address of node \(node.host) on \(entry.network), '\(entry.address)', is not a valid IPv4 address",
                        at: path)
                    continue
                }
                guard let subnet = subnets[n] else { continue }
                if !subnet.contains(address) {
                    report(
                        .addressOutsideSubnet,
                        "node \(node.host)'s address \(address) is outside network '\(entry.network)' (\(subnet))",
                        at: path, notes: [note("'\(entry.network)' is declared here", at: YAMLPath("networks").index(n).key("subnet"))])
                } else if subnet.isReserved(address) {
                    report(
                        .reservedAddress,
                        "node \(node.host)'s address \(address) is the \(address == subnet.network ? "network" : "broadcast") address of \(subnet); choose a host address",
                        at: path)
                }
            }
            for network in site.networks where node.address(on: network.name) == nil {
                report(
                    .missingNodeAddress,
                    "node \(node.host) has no address on network '\(network.name)'; every node needs one address on every network",
                    at: base)
            }
        }
    }

    /// The addresses that move between nodes: cluster, SQL Server instance, management server role.
    var clusteredAddresses: [(what: String, path: YAMLPath, address: String)] {
        var list: [(String, YAMLPath, String)] = [("the cluster address", "cluster.address", site.cluster.address)]
        if let fci = failoverInstance {
            list.append(("the SQL Server instance address", "sql-server.address", fci.address))
        }
        list.append(("the management server role address", "xprotect.role.address", site.xprotect.role.address))
        return list
    }

    mutating func checkClusteredAddresses() {
        let subnets = self.subnets
        // Where a network's subnet is unreadable, which network an address is on is unknown.
        let subnetsKnown = !subnets.contains(nil)
        for (what, path, text) in clusteredAddresses {
            guard let address = IPv4Address(text) else {
                report(.invalidAddress, "\(what), '\(text)', is not a valid IPv4 address", at: path)
                continue
            }
            guard subnetsKnown else { continue }
            let home = site.networks.indices.first { subnets[$0]?.contains(address) == true }
            guard let home, site.networks[home].role == .public else {
                let publicNames = site.publicNetworks.map { "'\($0.name)'" }.joined(separator: ", ")
                let whereNow =
                    home.map { "it is on \(site.networks[$0].role.rawValue) network '\(site.networks[$0].name)'" }
                    ?? "it is inside none of the site's networks"
                report(
                    .addressNotPublic,
                    "\(what) \(address) must be on a public network (\(publicNames.isEmpty ? "none declared" : publicNames)); \(whereNow). Clients reach clustered names only on a client access network",
                    at: path)
                continue
            }
            if let subnet = subnets[home], subnet.isReserved(address) {
                report(.reservedAddress, "\(what) \(address) is the network or broadcast address of \(subnet)", at: path)
            }
        }
        if case .external(let sql) = site.sqlServer, let text = sql.address, IPv4Address(text) == nil {
            report(.invalidAddress, "the SQL Server address '\(text)' is not a valid IPv4 address", at: "sql-server.address")
        }
        for group in site.xprotect.computers.groups {
            for (i, computer) in group.computers.enumerated() {
                if let text = computer.address, IPv4Address(text) == nil {
                    report(
                        .invalidAddress, "the address of \(computer.host), '\(text)', is not a valid IPv4 address",
                        at: YAMLPath("xprotect.computers").key(group.key).index(i).key("address"))
                }
            }
        }
    }

    /// Every address the site gives to one thing, in file order.
    var assignedAddresses: [(what: String, path: YAMLPath, address: IPv4Address)] {
        var list: [(String, YAMLPath, IPv4Address)] = []
        func add(_ what: String, _ path: YAMLPath, _ text: String?) {
            if let text, let address = IPv4Address(text) { list.append((what, path, address)) }
        }
        for (i, network) in site.networks.enumerated() {
            add("the gateway of network '\(network.name)'", YAMLPath("networks").index(i).key("gateway"), network.gateway)
        }
        for (i, node) in site.nodes.enumerated() {
            for entry in node.addresses {
                add("node \(node.host) on \(entry.network)", YAMLPath("nodes").index(i).key("addresses").key(entry.network), entry.address)
            }
        }
        for (what, path, text) in clusteredAddresses { add(what, path, text) }
        if case .external(let sql) = site.sqlServer { add("the SQL Server", "sql-server.address", sql.address) }
        for group in site.xprotect.computers.groups {
            for (i, computer) in group.computers.enumerated() {
                add(computer.host, YAMLPath("xprotect.computers").key(group.key).index(i).key("address"), computer.address)
            }
        }
        return list
    }

    mutating func checkDuplicateAddresses() {
        var first: [IPv4Address: (what: String, path: YAMLPath)] = [:]
        for (what, path, address) in assignedAddresses {
            if let earlier = first[address] {
                report(
                    .duplicateAddress, "\(address) is given to \(what), but \(earlier.what) already uses it; every address must be unique",
                    at: path, notes: [note("\(address) is first used here, by \(earlier.what)", at: earlier.path)])
            } else {
                first[address] = (what, path)
            }
        }
    }
}

/// Address ranges that are never a cluster network's (RFC 6890): a subnet reaching into one,
/// or a DNS server inside one, is a typing mistake.
struct SpecialRange {
    var subnet: IPv4Subnet
    var meaning: String

    static let all: [SpecialRange] = [
        ("0.0.0.0/8", "the \"this network\" range"),
        ("127.0.0.0/8", "the loopback range"),
        ("169.254.0.0/16", "the link-local range Windows gives itself when no address is set"),
        ("224.0.0.0/4", "the multicast range"),
        ("240.0.0.0/4", "the reserved range that ends with the broadcast address 255.255.255.255"),
    ].map { SpecialRange(subnet: try! IPv4Subnet.parse(cidr: $0.0).get(), meaning: $0.1) }
}
