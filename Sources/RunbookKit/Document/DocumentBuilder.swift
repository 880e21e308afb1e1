/// Turns a plan into one ``Document`` per runbook: numbers procedures and steps, gives
/// everything a stable anchor, and decides where each piece of content sits.
struct DocumentBuilder: Sendable {
    /// YYYY-MM-DD for the documents, or nil for none. The site's own date wins.
    var date: String?

    init(date: String? = nil) {
        self.date = date
    }

    func documents(for plan: Plan) -> [Document] {
        plan.runbooks.map { document(for: $0, in: plan) }
    }

    /// The document of `runbook`, or of the part of it that `handout` holds.
    func document(for runbook: PlannedRunbook, in plan: Plan, handout: Handout? = nil) -> Document {
        let info = plan.document
        var anchors = AnchorAllocator(reserved: ["contents", "overview", "top", FigureBuilder.siteID, FigureBuilder.planID])
        let id = anchors.allocate(runbook.id)
        let procedureAnchors = runbook.procedures.map { anchors.allocate($0.id) }
        let numbers = Dictionary(runbook.procedures.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { first, _ in first })
        // A handout keeps the runbook's numbers and anchors; what it leaves out becomes a place
        // to wait (a prerequisite done elsewhere) or someone to tell (a procedure that waits).
        let held = runbook.procedures.map { handout?.holds($0) ?? true }
        var waiting: [String: [Int]] = [:]
        for (index, procedure) in runbook.procedures.enumerated() {
            for prerequisite in procedure.prerequisites { waiting[prerequisite, default: []].append(index) }
        }

        var sections = [overview(runbook, anchors: procedureAnchors, held: held, site: plan.overview)]
        for (index, procedure) in runbook.procedures.enumerated() where held[index] {
            let number = index + 1
            let role = procedure.role
            var facts = [
                Fact(kind: .computer, value: Self.computerName(procedure.computer, any: "any computer")),
                Fact(kind: .role, value: [.text(role.name)]),
                Fact(kind: .duration, value: [.text(PlanReport.duration(procedure.duration))]),
            ]
            let after: [Inline] = procedure.prerequisites.compactMap { id in
                numbers[id].map {
                    held[$0 - 1]
                        ? Inline.crossReference(procedureAnchors[$0 - 1], "procedure \($0)")
                        : .text("procedure \($0) (\(Self.place(of: runbook.procedures[$0 - 1])))")
                }
            }
            if !after.isEmpty { facts.append(Fact(kind: .prerequisites, value: Self.joined(after))) }

            var blocks: [Block] = []
            let elsewhere = procedure.prerequisites.compactMap { numbers[$0] }.filter { !held[$0 - 1] }
            if !elsewhere.isEmpty {
                blocks.append(
                    .admonition(
                        Admonition(
                            kind: .important,
                            text: [.text("Before you start, wait until ")]
                                + Self.listed(elsewhere.map { Self.mention($0, of: runbook) })
                                + [.text(elsewhere.count == 1 ? " is signed off." : " are all signed off.")])))
            }
            if let introduction = procedure.introduction, !introduction.isEmpty { blocks.append(.paragraph(introduction)) }
            blocks += Self.leading(procedure.content)
            let steps = procedure.steps.enumerated().map { s, step in
                let stepAnchor = anchors.allocate(procedureAnchors[index].rawValue + "." + step.id)
                return Step(
                    id: stepAnchor, signOff: anchors.allocate("done-" + stepAnchor.rawValue), number: [number, s + 1],
                    computer: procedure.computer, role: role,
                    blocks: [.paragraph(step.instruction)] + Self.leading(step.content),
                    substeps: step.substeps.enumerated().map { k, substep in
                        let anchor = anchors.allocate(stepAnchor.rawValue + "." + substep.id)
                        return Step(
                            id: anchor, signOff: anchors.allocate("done-" + anchor.rawValue), number: [number, s + 1, k + 1],
                            computer: procedure.computer, role: role,
                            blocks: [.paragraph(substep.instruction)] + Self.leading(substep.content),
                            substeps: [], closing: Self.closing(substep.content))
                    },
                    closing: Self.closing(step.content))
            }
            if !steps.isEmpty { blocks.append(.procedure(Procedure(steps: steps, computer: procedure.computer, role: role))) }
            blocks += Self.closing(procedure.content)
            if runbook.record, let record = Self.record(of: steps, number: number) { blocks.append(record) }
            blocks.append(
                .table(
                    Table(
                        caption: [.text("Sign-off of procedure \(number)")], columns: [[.text("Name")], [.text("Date")], [.text("Signature")]],
                        rows: [[[], [], []]], form: true)))
            let waiters = (waiting[procedure.id] ?? []).filter { !held[$0] }.map { $0 + 1 }
            if handout != nil && !waiters.isEmpty {
                blocks.append(
                    .admonition(
                        Admonition(
                            kind: .note,
                            text: [.text("When you sign this procedure off, tell whoever does ")]
                                + Self.listed(waiters.map { Self.mention($0, of: runbook) })
                                + [.text(waiters.count == 1 ? ": it waits for this one." : ": they wait for this one.")])))
            }
            sections.append(
                Section(
                    id: procedureAnchors[index], kind: .procedure(number: number), title: [.text("\(number). ")] + procedure.title,
                    facts: facts, blocks: blocks))
        }

        if let acceptance = runbook.acceptance, handout == nil {
            sections.append(Self.acceptance(acceptance, id: anchors.allocate("acceptance")))
        }

        var title = runbook.title
        var introduction: [Block] = runbook.introduction.isEmpty ? [] : [.paragraph(runbook.introduction)]
        if let outage = runbook.outage { introduction.append(Self.outage(outage, of: runbook)) }
        var handoutReader: String?
        if let handout {
            let host = runbook.procedures.first { handout.holds($0) }.map(\.computer).flatMap { handout.computer == nil ? nil : $0 }
            let whom = handout.reader(computer: host)
            handoutReader = whom
            title += [.text(": handout for \(whom)")]
            introduction.append(
                .paragraph([
                    .text(
                        "This handout holds the procedures of the runbook for \(whom) only, numbered as in the full runbook. "
                            + "Where a procedure needs work done elsewhere, it says whom to wait for; where others wait for it, it says whom to tell."
                    )
                ]))
        }
        return Document(
            id: id, title: title,
            metadata: DocumentMetadata(
                site: info.site, customer: info.customer, author: info.author, revision: info.revision, date: info.date ?? date,
                duration: zip(runbook.procedures, held).filter(\.1).map(\.0.duration).reduce(0, +), paper: info.paper,
                handout: handoutReader),
            language: "en",
            introduction: introduction,
            sections: sections)
    }

    /// How long the management server is out of service: from the earliest start of the
    /// procedure that stops it to the earliest end of the one that gives it back, each
    /// procedure started as soon as what it waits for is done (the critical path method).
    static func outage(_ outage: Outage, of runbook: PlannedRunbook) -> Block {
        let times = CriticalPath(runbook)
        let length = times.earliestFinish(of: outage.to) - times.earliestStart(of: outage.from)
        let text: [Inline] =
            [.text("The management server is out of service from the start of ")] + mention(outage.from + 1, of: runbook)
            + [.text(" until the end of ")] + mention(outage.to + 1, of: runbook)
            + [.text(": about \(PlanReport.duration(length)) by this runbook's times, each procedure started as soon as what it waits for is done. ")]
            + outage.text
        return .admonition(Admonition(kind: .important, text: text))
    }

    /// The record of a procedure's checks: a line for every step and substep with a result,
    /// the result expected, and room for what was seen; nil when no step has a result.
    static func record(of steps: [Step], number: Int) -> Block? {
        let rows = steps.flatMap { [$0] + $0.substeps }.compactMap { step -> [[Inline]]? in
            for case .result(let expected) in step.closing { return [[.crossReference(step.id, step.label)], expected, [], []] }
            return nil
        }
        guard !rows.isEmpty else { return nil }
        return .table(
            Table(
                caption: [.text("Record of procedure \(number)")],
                columns: [[.text("Step")], [.text("Expected")], [.text("Seen")], [.text("As expected (yes/no)")]], rows: rows, form: true,
                widths: [1, 6, 5, 2]))
    }

    /// The page filled in and signed when the work is done: the failover test, one row per
    /// move (unless the procedures record it); open items; a line for each who signs.
    /// What the decision may not carry as an open item.
    static let acceptanceRule =
        "A failover test that failed (a move, a switch-off or a simulated failure, whichever this runbook does) is no open "
        + "item to accept with: the decision is Not accepted until it passes."

    static func acceptance(_ acceptance: Acceptance, id: Anchor) -> Section {
        let blank: [Inline] = []
        let tests = acceptance.tests.enumerated().map { index, test -> [[Inline]] in
            [
                [.text("\(index + 1)")], [.text(test.test)], test.from.map { [.value($0, .computerName)] } ?? blank,
                test.to.map { [.value($0, .computerName)] } ?? blank, blank, blank,
            ]
        }
        let openItems = (1...5).map { [[.text("\($0)")], blank, blank, blank] }
        let signatures = acceptance.signers.map { [[.text($0)], blank, blank, blank, blank] }
        // What a signature means: the work accepted, accepted with the open items, or not.
        let decisions = ["Accepted", "Accepted with the open items above", "Not accepted"].map { [[.text($0)], blank] }
        let record: [Block] =
            tests.isEmpty
            ? [
                .paragraph([
                    .text(
                        "The record of each procedure holds what was seen. Note here every check that was not as expected, and "
                            + "anything else still to do, under open items; then sign. " + Self.acceptanceRule)
                ])
            ]
            : [
                .paragraph([
                    .text(
                        "Fill this page in with the customer while the failover test is done: one line for each move, for "
                            + "the switch-off and for each check, with the node a role left (where it is blank), how long the role took "
                            + "to come online (no longer than the planning checklist's time to come online), and whether signing in through the role's name worked. Note anything still to do under "
                            + "open items, then sign. " + Self.acceptanceRule)
                ]),
                .table(
                    Table(
                        caption: [.text("Failover test record")],
                        columns: [
                            [.text("No.")], [.text("Test")], [.text("From")], [.text("To")], [.text("Time to online")],
                            [.text("Sign-in checked")],
                        ],
                        rows: tests, form: true, widths: [1, 6, 2, 2, 2, 2])),
            ]
        return Section(
            id: id, kind: .acceptance, title: [.text("Acceptance")], facts: [],
            blocks: record + [
                .table(
                    Table(
                        caption: [.text("Open items")], columns: [[.text("No.")], [.text("Open item")], [.text("Owner")], [.text("Due")]],
                        rows: openItems, form: true, widths: [1, 7, 2, 2])),
                .table(
                    Table(
                        caption: [.text("Decision")], columns: [[.text("Decision")], [.text("Tick one")]], rows: decisions, form: true,
                        widths: [5, 1])),
                .table(
                    Table(
                        caption: [.text("Signatures")],
                        columns: [[.text("Role")], [.text("Name")], [.text("Company")], [.text("Date")], [.text("Signature")]],
                        rows: signatures, form: true, widths: [3, 3, 3, 2, 3])),
            ])
    }

    /// Where and by whom a procedure is done: "Cluster1, Windows administrator".
    static func place(of procedure: PlannedProcedure) -> String {
        procedure.computer.readerName + ", " + procedure.role.name
    }

    /// A computer's name as a value of the site, or what stands for any computer.
    static func computerName(_ computer: Computer, any: String) -> [Inline] {
        computer.host.map { [.value($0.spelled, .computerName)] } ?? [.text(any)]
    }

    /// "procedure 4 on Cluster1 (Windows administrator), “Title”", for procedure `number` from 1.
    static func mention(_ number: Int, of runbook: PlannedRunbook) -> [Inline] {
        let procedure = runbook.procedures[number - 1]
        return [.text("procedure \(number) on \(procedure.computer.readerName) (\(procedure.role.name)), “")] + procedure.title + [
            .text("”")
        ]
    }

    /// Mentions joined with "; ", "and" before the last.
    static func listed(_ items: [[Inline]]) -> [Inline] {
        var result: [Inline] = []
        for (index, item) in items.enumerated() {
            if index > 0 { result.append(.text(index == items.count - 1 ? (items.count > 2 ? "; and " : " and ") : "; ")) }
            result += item
        }
        return result
    }

    /// The table of procedures: number, title (a link), computer, role and time.
    func overview(_ runbook: PlannedRunbook, anchors: [Anchor], held: [Bool], site: SiteOverview) -> Section {
        let procedures = zip(runbook.procedures, held).filter(\.1).map(\.0)
        let steps = procedures.map(\.steps.count).reduce(0, +)
        let summary: [Inline] = [
            .text(
                "\(procedures.count) \(procedures.count == 1 ? "procedure" : "procedures"), \(steps) \(steps == 1 ? "step" : "steps"), "
                    + "about \(PlanReport.duration(procedures.map(\.duration).reduce(0, +))) of work. "
                    + "Each procedure lists the procedures it must come after; the order below respects all of them.")
        ]
        let rows: [[[Inline]]] = runbook.procedures.enumerated().filter { held[$0.offset] }.map { index, procedure in
            [
                [.text("\(index + 1)")],
                [.crossReference(anchors[index], procedure.title.plainText)],
                Self.computerName(procedure.computer, any: "any"),
                [.text(procedure.role.name)],
                [.text(PlanReport.duration(procedure.duration))],
            ]
        }
        var blocks: [Block] = [.paragraph(summary), .figure(FigureBuilder.site(site))]
        if let order = FigureBuilder.plan(runbook, held: held) { blocks.append(.figure(order)) }
        if !rows.isEmpty {
            blocks.append(
                .table(
                    Table(
                        caption: [.text("Procedures in order")],
                        columns: [[.text("No.")], [.text("Procedure")], [.text("Computer")], [.text("Role")], [.text("Time")]], rows: rows,
                        widths: [2, 9, 3, 3, 2])))
        }
        return Section(id: Anchor("overview"), kind: .overview, title: [.text("Overview")], facts: [], blocks: blocks)
    }

    /// What comes before the substeps: warnings first, so they are read before acting.
    static func leading(_ content: PlannedContent) -> [Block] {
        var blocks: [Block] = []
        if let text = content.warning { blocks.append(.admonition(Admonition(kind: .warning, text: text))) }
        if let text = content.important { blocks.append(.admonition(Admonition(kind: .important, text: text))) }
        if let text = content.note { blocks.append(.admonition(Admonition(kind: .note, text: text))) }
        if let table = content.table {
            if table.rows.isEmpty {
                blocks.append(.paragraph(table.caption.isEmpty ? [.text("None.")] : table.caption + [.text(": none.")]))
            } else {
                blocks.append(.table(Table(caption: table.caption, columns: table.columns, rows: table.rows)))
            }
        }
        return blocks
    }

    /// What comes after the substeps: the command-line alternative, then the result.
    static func closing(_ content: PlannedContent) -> [Block] {
        var blocks: [Block] = []
        if let command = content.command { blocks.append(.code(CodeBlock(language: command.language, code: command.code))) }
        if let result = content.result { blocks.append(.result(result)) }
        return blocks
    }

    static func joined(_ items: [Inline]) -> [Inline] {
        var result: [Inline] = []
        for (index, item) in items.enumerated() {
            if index > 0 { result.append(.text(", ")) }
            result.append(item)
        }
        return result
    }
}

/// Hands out anchors: NCNames (so valid as DocBook `xml:id` and HTML `id`), lower case,
/// unique within one document. A clash gets `-2`, `-3`... in document order, so the same plan
/// always gets the same anchors.
struct AnchorAllocator {
    private var used: Set<String>

    init(reserved: Set<String> = []) {
        used = reserved
    }

    mutating func allocate(_ id: String) -> Anchor {
        let base = Self.sanitize(id)
        var candidate = base
        var counter = 2
        while used.contains(candidate) {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        used.insert(candidate)
        return Anchor(candidate)
    }

    /// Letters, digits, `-`, `_` and `.` stay; `@` (a repeated procedure) becomes `--`;
    /// anything else becomes `-`; a name must start with a letter.
    static func sanitize(_ id: String) -> String {
        var result = ""
        for scalar in id.lowercased().unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9", "-", "_", ".": result.unicodeScalars.append(scalar)
            case "@": result += "--"
            default: result += "-"
            }
        }
        if let first = result.unicodeScalars.first, ("a"..."z").contains(first) || first == "_" { return result }
        return "n-" + result
    }
}
