/// The pictures of a runbook's overview: the site at a glance, and the order of its
/// procedures with the critical path.
enum FigureBuilder {
    static let siteID = "site-at-a-glance"
    static let planID = "order-of-procedures"

    /// The most nodes in a row, so that eight nodes stay legible on a page: more nodes make
    /// more rows, as even as can be (eight are 3, 3 and 2).
    static let nodesPerRow = 3

    /// The cluster with its roles and nodes (each with its addresses), then the networks, the
    /// shared disks, a SQL Server outside the cluster, and the computers registered with the role.
    static func site(_ site: SiteOverview) -> Figure {
        var diagram = Diagram(direction: .down)
        diagram.groups = [
            Diagram.Group(id: "cluster", title: "Failover cluster \(site.clusterName), \(site.clusterAddress); witness: \(site.witness)")
        ]
        let roles = site.roles.enumerated().map { index, role in
            Diagram.Node(
                id: "role\(index + 1)", title: role.kind,
                lines: [[role.name]] + (role.address.map { [[$0]] } ?? []) + (role.detail.map { [[$0]] } ?? []),
                shape: .role, group: "cluster")
        }
        let nodes = site.nodes.enumerated().map { index, node in
            Diagram.Node(
                id: "node\(index + 1)", title: node.host, lines: node.addresses.map { [$0.network, $0.address] }, shape: .box,
                group: "cluster")
        }
        diagram.nodes = roles + nodes
        let rowCount = max(1, (nodes.count + nodesPerRow - 1) / nodesPerRow)
        let perRow = max(1, (nodes.count + rowCount - 1) / rowCount)
        diagram.rows =
            [roles.map(\.id)]
            + stride(from: 0, to: nodes.count, by: perRow).map { start in
                nodes[start..<min(start + perRow, nodes.count)].map(\.id)
            }
        // Below the cluster what every node shares (networks, disks), then what stands outside
        // it (a SQL Server, the registered computers): each pair a row, so that the picture
        // keeps to the width of three nodes.
        var below: [String] = []
        if !site.networks.isEmpty {
            diagram.nodes.append(
                Diagram.Node(
                    id: "networks", title: "Networks",
                    lines: site.networks.map { [$0.name, $0.subnet, $0.use] + ($0.gateway.map { ["gateway " + $0] } ?? [""]) }, shape: .table))
            below.append("networks")
        }
        if !site.disks.isEmpty {
            diagram.nodes.append(
                Diagram.Node(
                    id: "disks", title: "Shared disks, on every node",
                    lines: site.disks.map { [$0.name, $0.path, $0.size ?? "", $0.purpose] }, shape: .cylinder))
            below.append("disks")
        }
        if !below.isEmpty { diagram.rows.append(below) }
        below = []
        let management = roles.last?.id ?? "role1"
        if let sql = site.externalSQLServer {
            diagram.nodes.append(
                Diagram.Node(
                    id: "sql", title: sql.kind, lines: [[sql.name]] + (sql.address.map { [[$0]] } ?? []) + (sql.detail.map { [[$0]] } ?? []),
                    shape: .box))
            diagram.edges.append(Diagram.Edge(from: management, to: "sql", label: "database"))
            below.append("sql")
        }
        if !site.computers.isEmpty {
            diagram.nodes.append(
                Diagram.Node(
                    id: "computers", title: "Registered with \(site.roles.last?.name ?? "the role")",
                    lines: site.computers.map { group in
                        [
                            "\(group.count) \(plural(lowercasedFirstWord(group.kind), group.count))"
                                + (group.groups > 1 ? " in \(group.groups) groups" : "")
                        ]
                    }, shape: .box))
            diagram.edges.append(Diagram.Edge(from: "computers", to: management, label: "register with"))
            below.append("computers")
        }
        if !below.isEmpty { diagram.rows.append(below) }

        var words = [
            "The failover cluster \(site.clusterName) (\(site.clusterAddress)), quorum witness \(site.witness), runs "
                + site.roles.map { "the \($0.kind.lowercased()) \($0.name)" + ($0.address.map { " (\($0))" } ?? "") }.joined(separator: " and ")
                + " on \(site.nodes.count == 1 ? "its node" : "any of its \(site.nodes.count) nodes"): "
                + site.nodes.map { node in node.host + " (" + node.addresses.map { "\($0.network) \($0.address)" }.joined(separator: ", ") + ")" }
                .joined(separator: "; ") + "."
        ]
        if !site.networks.isEmpty {
            words.append("Networks: " + site.networks.map { "\($0.name) \($0.subnet), \($0.use)" }.joined(separator: "; ") + ".")
        }
        if !site.disks.isEmpty {
            words.append("Shared disks: " + site.disks.map { "\($0.name) \($0.path) for \($0.purpose)" }.joined(separator: "; ") + ".")
        }
        if let sql = site.externalSQLServer { words.append("The database is on \(sql.name), outside the cluster.") }
        return Figure(id: Anchor(siteID), title: [.text("The site at a glance")], description: words.joined(separator: " "), diagram: diagram)
    }

    /// The procedures the document holds by number, framed by the computer they are done on,
    /// with an arrow from each to those that must wait for it (no arrow that a longer way
    /// already implies), the critical path drawn heavier. Procedures done one after another on
    /// one computer, each waiting for the one before and for nothing else, share a box
    /// ("14 → 15 → 16"), so that the metro site's plan fits a page; the titles are in the list
    /// below the picture. Nil for fewer than two procedures.
    static func plan(_ runbook: PlannedRunbook, held: [Bool]) -> Figure? {
        let kept = runbook.procedures.indices.filter { held[$0] }
        guard kept.count >= 2 else { return nil }
        let index = Dictionary(runbook.procedures.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Each kept procedure's kept prerequisites, by position in the runbook.
        var before: [Int: [Int]] = [:]
        for position in kept {
            before[position] = runbook.procedures[position].prerequisites.compactMap { index[$0] }.filter { held[$0] && $0 < position }
        }
        var arrowsIn: [Int: [Int]] = [:]
        var arrowsOut: [Int: [Int]] = [:]
        for position in kept {
            arrowsIn[position] = reduced(before[position] ?? [], before: before)
            for prerequisite in arrowsIn[position]! { arrowsOut[prerequisite, default: []].append(position) }
        }
        let path = criticalPath(kept, before: before, duration: { runbook.procedures[$0].duration })
        let onPath = Set(path)
        let pathSteps = Set(zip(path, path.dropFirst()).map { "\($0)>\($1)" })

        // The boxes: runs of procedures on one computer that wait only for the one before.
        var chains: [[Int]] = []
        var chainOf: [Int: Int] = [:]
        for position in kept {
            let computer = runbook.procedures[position].computer
            if let single = arrowsIn[position], single.count == 1, let previous = single.first, arrowsOut[previous]?.count == 1,
                runbook.procedures[previous].computer == computer, let chain = chainOf[previous]
            {
                chains[chain].append(position)
                chainOf[position] = chain
            } else {
                chainOf[position] = chains.count
                chains.append([position])
            }
        }

        var diagram = Diagram(direction: .down)
        // One frame per computer, in the order the computers first appear; procedures done from
        // any computer stand outside every frame.
        var groupOf: [String: String] = [:]
        for chain in chains where runbook.procedures[chain[0]].computer != "any" {
            let computer = runbook.procedures[chain[0]].computer
            if groupOf[computer] == nil {
                let id = "g\(groupOf.count + 1)"
                groupOf[computer] = id
                diagram.groups.append(Diagram.Group(id: id, title: computer))
            }
        }
        func id(_ chain: Int) -> String { "p\(chains[chain][0] + 1)" }
        for (number, chain) in chains.enumerated() {
            diagram.nodes.append(
                Diagram.Node(
                    id: id(number), title: chain.map { String($0 + 1) }.joined(separator: " → "),
                    aside: PlanReport.duration(chain.map { runbook.procedures[$0].duration }.reduce(0, +)), shape: .task,
                    emphasis: onPath.contains(chain[0]), group: groupOf[runbook.procedures[chain[0]].computer]))
        }
        for (number, chain) in chains.enumerated() {
            for prerequisite in arrowsIn[chain[0]] ?? [] {
                diagram.edges.append(
                    Diagram.Edge(from: id(chainOf[prerequisite]!), to: id(number), emphasis: pathSteps.contains("\(prerequisite)>\(chain[0])")))
            }
        }
        let length = PlanReport.duration(path.map { runbook.procedures[$0].duration }.reduce(0, +))
        let caption =
            "Each box holds the numbers of procedures in the list below and how long they take, framed by the computer they are done on "
            + "(those done from any computer unframed); an arrow leads to the procedures that wait for it. Procedures in one box are done one after another. Heavier boxes and arrows mark the critical path, the longest chain "
            + "of procedures that must follow one another: \(path.map { String($0 + 1) }.joined(separator: ", ")) (\(length)). "
            + "Procedures off it can be done alongside it."
        return Figure(
            id: Anchor(planID), title: [.text("The order of the procedures")], caption: [.text(caption)],
            description: "\(kept.count) procedures. " + caption,
            diagram: diagram)
    }

    /// The chain of procedures with the largest total duration in which each must wait for the
    /// one before: the positions, in order.
    static func criticalPath(_ positions: [Int], before: [Int: [Int]], duration: (Int) -> Int) -> [Int] {
        var best: [Int: (length: Int, previous: Int?)] = [:]
        for position in positions {  // already in an order that puts prerequisites first
            let previous = (before[position] ?? []).compactMap { p in best[p].map { (p, $0.length) } }.max { a, b in
                a.1 < b.1 || (a.1 == b.1 && a.0 > b.0)
            }
            best[position] = ((previous?.1 ?? 0) + duration(position), previous?.0)
        }
        guard var last = positions.max(by: { a, b in best[a]!.length < best[b]!.length || (best[a]!.length == best[b]!.length && a > b) }) else {
            return []
        }
        var path = [last]
        while let previous = best[last]?.previous {
            path.insert(previous, at: 0)
            last = previous
        }
        return path
    }

    /// The prerequisites that no other prerequisite already waits for, directly or not: the
    /// arrows the picture needs.
    static func reduced(_ prerequisites: [Int], before: [Int: [Int]]) -> [Int] {
        func reaches(_ from: Int, _ target: Int, _ seen: inout Set<Int>) -> Bool {
            for next in before[from] ?? [] where seen.insert(next).inserted {
                if next == target || reaches(next, target, &seen) { return true }
            }
            return false
        }
        return prerequisites.filter { candidate in
            !prerequisites.contains { other in
                var seen: Set<Int> = []
                return other != candidate && reaches(other, candidate, &seen)
            }
        }
    }

    /// Words in lines of at most `width` characters (a longer word gets a line of its own).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func plural(_ noun: String, _ count: Int) -> String { count == 1 ? noun : noun + "s" }

    /// "Recording server" as "recording server"; an abbreviation ("API gateway") stays as it is.
    static func lowercasedFirstWord(_ text: String) -> String {
        let first = text.prefix { $0 != " " }
        return first.count > 1 && first.allSatisfy(\.isUppercase) ? text : text.prefix(1).lowercased() + text.dropFirst()
    }
}
