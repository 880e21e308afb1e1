/// The pictures of a runbook's overview: the site at a glance, and the order of its
/// procedures with the critical path.
enum FigureBuilder {
    static let siteID = "site-at-a-glance"
    static let planID = "order-of-procedures"

    /// The most nodes in a row, so that eight nodes stay legible on a page: more nodes make
    /// more rows, as even as can be (eight are 3, 3 and 2).
    /// The most computers the order of the procedures frames, and the most boxes it draws,
    /// before it is summarised by kind of procedure: past them a page would show a sliver.
    static let maximumFrames = 16
    static let maximumBoxes = 64

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
                lines: [[role.name]] + (role.address.map { [[$0]] } ?? []) + role.details.map { [$0] },
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
                    lines: site.networks.map { [$0.name, $0.subnet, $0.use] + ($0.gateway.map { ["gateway " + $0] } ?? [""]) }, shape: .box))
            below.append("networks")
        }
        if !site.disks.isEmpty {
            diagram.nodes.append(
                Diagram.Node(
                    id: "disks", title: "Shared disks, seen by every node",
                    lines: site.disks.map { [$0.name, $0.path, $0.size ?? "", $0.purpose] }, shape: .cylinder))
            below.append("disks")
        }
        if !below.isEmpty { diagram.rows.append(below) }
        below = []
        let management = roles.last?.id ?? "role1"
        if let sql = site.externalSQLServer {
            diagram.nodes.append(
                Diagram.Node(
                    id: "sql", title: sql.kind, lines: [[sql.name]] + (sql.address.map { [[$0]] } ?? []) + sql.details.map { [$0] },
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
                + site.roles.map { "the \(lowercasedFirstWord($0.kind)) \($0.name)" + ($0.address.map { " (\($0))" } ?? "") }
                .joined(separator: " and ")
                + " on \(site.nodes.count == 1 ? "its node" : "any of its \(site.nodes.count) nodes"): "
                + site.nodes.map { node in node.host + " (" + node.addresses.map { "\($0.network) \($0.address)" }.joined(separator: ", ") + ")" }
                .joined(separator: "; ") + "."
        ]
        if !site.networks.isEmpty {
            words.append(
                "Networks: "
                    + site.networks.map { "\($0.name) \($0.subnet), cluster use \($0.use)" + ($0.gateway.map { ", gateway \($0)" } ?? "") }
                    .joined(separator: "; ") + ".")
        }
        if !site.disks.isEmpty {
            words.append(
                "Shared disks: "
                    + site.disks.map { "\($0.name) \($0.path)" + ($0.size.map { " \($0)" } ?? "") + " for \($0.purpose)" }
                    .joined(separator: "; ") + ".")
        }
        if let sql = site.externalSQLServer {
            words.append("The databases are on the SQL Server \(sql.name)" + (sql.address.map { " (\($0))" } ?? "") + ", outside the cluster.")
        }
        if !site.computers.isEmpty {
            words.append(
                "Registered with \(site.roles.last?.name ?? "the role"): "
                    + site.computers.map { "\($0.count) \(plural(lowercasedFirstWord($0.kind), $0.count))" }.joined(separator: ", ") + ".")
        }
        return Figure(id: Anchor(siteID), title: [.text("The site at a glance")], description: words.joined(separator: " "), diagram: diagram)
    }

    /// The procedures the document holds by number, framed by the computer they are done on,
    /// with an arrow from each to those that must wait for it (no arrow that a longer way
    /// already implies; a dashed one where the wait runs through procedures the document leaves
    /// out, as a handout does), the critical path drawn heavier. Procedures done one after
    /// another on one computer, each waiting for the one before and for nothing else, share a
    /// box ("14 → 15 → 16"), so that the metro site's plan fits a page; the titles are in the
    /// list below the picture. Nil for fewer than two procedures.
    static func plan(_ runbook: PlannedRunbook, held: [Bool]) -> Figure? {
        let procedures = runbook.procedures
        let kept = procedures.indices.filter { held[$0] }
        guard kept.count >= 2 else { return nil }
        let index = Dictionary(procedures.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        // Every procedure's prerequisites, by position in the runbook, held or not.
        var before: [Int: [Int]] = [:]
        for position in procedures.indices {
            before[position] = procedures[position].prerequisites.compactMap { index[$0] }.filter { $0 < position }
        }
        let critical = CriticalPath(Array(procedures.indices), before: before, duration: { procedures[$0].duration })

        // Each kept procedure's nearest kept prerequisites, directly or through left-out ones,
        // less those another of them already waits for.
        var arrowsIn: [Int: [(from: Int, direct: Bool)]] = [:]
        var arrowsOut: [Int: [Int]] = [:]
        for position in kept {
            var nearest: [Int: Bool] = [:]
            var seen: Set<Int> = []
            func walk(_ from: Int, direct: Bool) {
                for prerequisite in before[from] ?? [] {
                    if held[prerequisite] {
                        nearest[prerequisite] = (nearest[prerequisite] ?? false) || direct
                    } else if seen.insert(prerequisite).inserted {
                        walk(prerequisite, direct: false)
                    }
                }
            }
            walk(position, direct: true)
            let needed = Set(reduced(Array(nearest.keys), before: before))
            arrowsIn[position] = nearest.keys.filter(needed.contains).sorted().map { ($0, nearest[$0]!) }
            for arrow in arrowsIn[position]! { arrowsOut[arrow.from, default: []].append(position) }
        }

        // Alike procedures (one template on one computer, waiting for the same procedures and
        // waited for by the same ones, such as one per building) share a box, so that a site
        // of 200 groups of recording servers is not 200 boxes side by side.
        var bundleOf: [Int: Int] = [:]
        var firstOf: [String: Int] = [:]
        for position in kept {
            let key = [
                procedures[position].templateID, procedures[position].computer.description,
                (arrowsIn[position] ?? []).map { "\($0.from)\($0.direct)" }.joined(separator: ","),
                (arrowsOut[position] ?? []).sorted().map(String.init).joined(separator: ","),
            ].joined(separator: "\n")
            bundleOf[position] = firstOf[key] ?? position
            if firstOf[key] == nil { firstOf[key] = position }
        }
        var alike: [Int: [Int]] = [:]
        for position in kept { alike[bundleOf[position]!, default: []].append(position) }

        // The boxes: alike procedures, or runs of procedures on one computer that wait only for
        // the one before.
        var boxes: [(members: [Int], alike: Bool)] = []
        var boxOf: [Int: Int] = [:]
        for position in kept {
            if let first = bundleOf[position], first != position {
                boxOf[position] = boxOf[first]
                continue
            }
            if let members = alike[position], members.count > 1 {
                boxOf[position] = boxes.count
                boxes.append((members, true))
                continue
            }
            let computer = procedures[position].computer
            if let single = arrowsIn[position], single.count == 1, single[0].direct, let previous = single.first?.from,
                arrowsOut[previous]?.count == 1, procedures[previous].computer == computer, let box = boxOf[previous], !boxes[box].alike
            {
                boxes[box].members.append(position)
                boxOf[position] = box
            } else {
                boxOf[position] = boxes.count
                boxes.append(([position], false))
            }
        }

        // A runbook too large to draw box by box on a page (a frame for each of 64 nodes, or a
        // group of recording servers for each of 10,000 computers) is summarised: every
        // procedure of one kind in one box, wherever it is done, and no frames.
        let computers = Set(boxes.compactMap { procedures[$0.members[0]].computer.host })
        let summarised = computers.count > maximumFrames || boxes.count > maximumBoxes
        if summarised {
            var boxOfTemplate: [String: Int] = [:]
            boxes = []
            for position in kept {
                let template = procedures[position].templateID
                if let box = boxOfTemplate[template] {
                    boxes[box].members.append(position)
                } else {
                    boxOfTemplate[template] = boxes.count
                    boxes.append(([position], false))
                }
                boxOf[position] = boxOfTemplate[template]
            }
            for box in boxes.indices { boxes[box].alike = boxes[box].members.count > 1 }
        }

        var diagram = Diagram(direction: .down)
        // One frame per computer, in the order the computers first appear; procedures done from
        // any computer stand outside every frame.
        var groupOf: [Computer: String] = [:]
        for box in boxes where !summarised {
            let computer = procedures[box.members[0]].computer
            if let host = computer.host, groupOf[computer] == nil {
                let id = "g\(groupOf.count + 1)"
                groupOf[computer] = id
                diagram.groups.append(Diagram.Group(id: id, title: host.spelled))
            }
        }
        func id(_ box: Int) -> String { "p\(boxes[box].members[0] + 1)" }
        for (number, box) in boxes.enumerated() {
            let durations = box.members.map { procedures[$0].duration }
            let title: String
            let time: String
            if box.alike {
                title = shortRanges(box.members.map { $0 + 1 })
                time =
                    Set(durations).count == 1
                    ? "\(durations.count) × \(PlanReport.duration(durations[0]))"
                    : "\(durations.count) × up to \(PlanReport.duration(durations.max()!))"
            } else {
                title = box.members.map { String($0 + 1) }.joined(separator: " → ")
                time = PlanReport.duration(durations.reduce(0, +))
            }
            diagram.nodes.append(
                Diagram.Node(
                    id: id(number), title: title, aside: time, shape: .task, emphasis: box.members.contains(where: critical.procedures.contains),
                    group: groupOf[procedures[box.members[0]].computer]))
        }
        var indirect = false
        for (number, box) in boxes.enumerated() {
            // The arrows into a box, one per box they come from, heavier when any of them is.
            let entries = box.alike ? box.members : [box.members[0]]
            var from: [Int] = []
            var arrows: [Int: (emphasis: Bool, direct: Bool)] = [:]
            for entry in entries {
                for arrow in arrowsIn[entry] ?? [] {
                    let source = boxOf[arrow.from]!
                    if arrows[source] == nil { from.append(source) }
                    let leads = critical.leads(from: arrow.from, to: entry, through: held)
                    arrows[source] = ((arrows[source]?.emphasis ?? false) || leads, (arrows[source]?.direct ?? false) || arrow.direct)
                }
            }
            for source in from where source != number {
                let arrow = arrows[source]!
                indirect = indirect || !arrow.direct
                diagram.edges.append(Diagram.Edge(from: id(source), to: id(number), emphasis: arrow.emphasis, indirect: !arrow.direct))
            }
        }

        let whole = kept.count == procedures.count
        let marked = kept.filter(critical.procedures.contains).map { $0 + 1 }
        var caption =
            summarised
            ? "This runbook has too many procedures and computers to draw one by one, so each box holds every procedure of one kind, "
                + "wherever it is done, by its numbers in the list below and how long each takes; an arrow leads to the kinds of procedure "
                + "that wait for it. The list below says which computer each is done on. "
            : "Each box holds the numbers of procedures in the list below and how long they take, framed by the computer they are done on "
                + "(those done from any computer unframed); an arrow leads to the procedures that wait for it. Procedures joined by → are "
                + "done one after another. "
        if summarised {
            // The kinds' boxes say how many and how long; no box is "alike" in the usual sense.
        } else if let first = diagram.nodes.indices.first(where: { boxes[$0].alike }) {
            caption +=
                "Alike procedures that can be done side by side share a box: \(diagram.nodes[first].title) takes "
                + "\(diagram.nodes[first].aside ?? "")" + (boxes.count(where: \.alike) > 1 ? ", and so on. " : ". ")
        }
        if indirect { caption += "A dashed arrow waits through procedures done elsewhere, which this handout leaves out. " }
        caption +=
            whole
            ? "Heavier boxes and arrows mark the critical path, the procedures that must follow one another and take longest, "
                + "\(PlanReport.duration(critical.length)) in all: \(ranges(marked)). Other procedures can be done at the same time by someone else."
            : "The runbook's critical path, the procedures that must follow one another and take longest "
                + "(\(PlanReport.duration(critical.length)) in all), runs through the heavier boxes: \(marked.isEmpty ? "none of these" : ranges(marked))."
        var frames = diagram.groups.map { group in
            "on \(group.title): " + ranges(kept.filter { groupOf[procedures[$0].computer] == group.id }.map { $0 + 1 })
        }
        let anywhere = kept.filter { procedures[$0].computer == .any }.map { $0 + 1 }
        if !anywhere.isEmpty { frames.insert("from any computer: " + ranges(anywhere), at: 0) }
        let layout =
            summarised
            ? "in \(boxes.count) kinds: " + boxes.map { ranges($0.members.map { $0 + 1 }) }.joined(separator: "; ")
            : "by computer, \(frames.joined(separator: "; "))"
        return Figure(
            id: Anchor(planID), title: [.text("The order of the procedures")], caption: [.text(caption)],
            description: "The \(kept.count) procedures \(layout). On the critical path: "
                + (marked.isEmpty ? "none of these." : ranges(marked) + "."),
            diagram: diagram)
    }

    /// ``ranges(_:)`` for a box's title: past 40 characters only the first and the last
    /// number and how many ("12, 14, … 20,010: 10,000 procedures"); the list says the rest.
    static func shortRanges(_ numbers: [Int]) -> String {
        let all = ranges(numbers)
        guard all.count > 40, let first = numbers.min(), let last = numbers.max() else { return all }
        return "\(first) … \(last): \(numbers.count) procedures"
    }

    /// Numbers in order, runs of three or more as ranges: "1–3, 6, 8, 10–14".
    static func ranges(_ numbers: [Int]) -> String {
        var parts: [String] = []
        var start = 0
        let sorted = numbers.sorted()
        while start < sorted.count {
            var end = start
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            if end - start >= 2 {
                parts.append("\(sorted[start])–\(sorted[end])")
            } else {
                parts += sorted[start...end].map(String.init)
            }
            start = end + 1
        }
        return parts.joined(separator: ", ")
    }

    /// The prerequisites that no other prerequisite already waits for, directly or not: the
    /// arrows the picture needs.
    static func reduced(_ prerequisites: [Int], before: [Int: [Int]]) -> [Int] {
        // Everything the prerequisites wait for, by one or more arrows, in one walk with one
        // set of visited procedures: linear in the graph, however many prerequisites there are
        // (a prerequisite is never reached from itself: the order has no cycle).
        var reached: Set<Int> = []
        var stack = prerequisites.flatMap { before[$0] ?? [] }
        while let next = stack.popLast() {
            guard reached.insert(next).inserted else { continue }
            stack.append(contentsOf: before[next] ?? [])
        }
        return prerequisites.filter { !reached.contains($0) }
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

/// The critical path method over procedures that wait for one another: each starts as early as
/// its prerequisites allow; a procedure is critical when starting it later would make the whole
/// take longer (no slack), and so is a wait between two critical procedures when the second
/// starts the moment the first ends. Where two chains take equally long, both are critical.
struct CriticalPath {
    /// Positions of the critical procedures.
    let procedures: Set<Int>
    /// The time the longest chain takes, in seconds.
    let length: Int
    private let earliestStart: [Int: Int]
    private let earliestFinish: [Int: Int]
    private let before: [Int: [Int]]

    /// `positions` in an order that puts every prerequisite first.
    init(_ positions: [Int], before: [Int: [Int]], duration: (Int) -> Int) {
        var start: [Int: Int] = [:]
        var finish: [Int: Int] = [:]
        for position in positions {
            start[position] = (before[position] ?? []).compactMap { finish[$0] }.max() ?? 0
            finish[position] = start[position]! + duration(position)
        }
        let length = finish.values.max() ?? 0
        var after: [Int: [Int]] = [:]
        for position in positions {
            for prerequisite in before[position] ?? [] { after[prerequisite, default: []].append(position) }
        }
        var latestFinish: [Int: Int] = [:]
        for position in positions.reversed() {
            latestFinish[position] = (after[position] ?? []).compactMap { next in latestFinish[next].map { $0 - duration(next) } }.min() ?? length
        }
        procedures = Set(positions.filter { finish[$0] == latestFinish[$0] })
        self.length = length
        earliestStart = start
        earliestFinish = finish
        self.before = before
    }

    /// When a procedure can start at the earliest, in seconds from the runbook's start.
    func earliestStart(of position: Int) -> Int { earliestStart[position] ?? 0 }

    /// When a procedure can be done at the earliest, in seconds from the runbook's start.
    func earliestFinish(of position: Int) -> Int { earliestFinish[position] ?? 0 }

    /// The critical path method over a runbook's procedures, by their prerequisites.
    init(_ runbook: PlannedRunbook) {
        let procedures = runbook.procedures
        let index = Dictionary(procedures.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var before: [Int: [Int]] = [:]
        for position in procedures.indices {
            before[position] = procedures[position].prerequisites.compactMap { index[$0] }.filter { $0 < position }
        }
        self.init(Array(procedures.indices), before: before, duration: { procedures[$0].duration })
    }

    /// Whether the wait of `to` for `from` is on the critical path: directly, or through
    /// procedures that `held` leaves out, each critical and each starting as the one before ends.
    func leads(from: Int, to: Int, through held: [Bool]) -> Bool {
        guard procedures.contains(from), procedures.contains(to) else { return false }
        for prerequisite in before[to] ?? [] where procedures.contains(prerequisite) && earliestFinish[prerequisite] == earliestStart[to] {
            if prerequisite == from || (!held[prerequisite] && leads(from: from, to: prerequisite, through: held)) { return true }
        }
        return false
    }
}
