/// Turns a catalog and a site into a plan: selects procedures by their conditions, repeats
/// them per item, binds every parameter into the inline tree, and orders them by what they
/// require and provide.
///
/// Every problem is reported at once, at the template location that causes it.
struct Planner: Sendable {
    var catalog: TemplateCatalog
    /// Plan every procedure and step whatever its condition (conditions are still checked);
    /// `runbook templates check` uses it to reach every template.
    var includeEverything = false

    init(catalog: TemplateCatalog) {
        self.catalog = catalog
    }

    func plan(_ site: SiteDescription) -> (plan: Plan?, diagnostics: [Diagnostic]) {
        var binder = Binder(scope: ParameterScope(site: site), site: site, includeEverything: includeEverything)
        var runbooks: [PlannedRunbook] = []
        for runbook in catalog.runbooks {
            let instances = runbook.procedures.flatMap { binder.expand($0) }
            var graph = DependencyGraph(instances: instances)
            let graphDiagnostics = graph.check()
            // Unused capabilities are noise while a template is broken.
            binder.diagnostics +=
                binder.diagnostics.hasErrors ? graphDiagnostics.filter { $0.id != .templateUnusedCapability } : graphDiagnostics
            let procedures = graph.ordered()
            runbooks.append(
                PlannedRunbook(
                    id: runbook.id, title: binder.resolve(runbook.title, in: binder.scope),
                    introduction: binder.resolve(runbook.introduction, in: binder.scope), procedures: procedures,
                    ends: binder.statements(runbook.ends, in: binder.scope), startsFrom: runbook.startsFrom?.value,
                    setupFiles: runbook.writesSetupFiles ? SQLSetupConfiguration.files(for: site, writtenWith: runbook.id) : [],
                    acceptance: runbook.acceptance
                        ? Acceptance(tests: binder.failoverTests(runbook.failoverRecord), signers: site.document.signOff)
                        : nil,
                    record: runbook.record, outage: binder.outage(runbook, procedures: procedures)))
        }
        // Every runbook walked over the site's state; with every template planned whatever its
        // condition, the steps of different sites mix, so `templates check` walks real sites.
        if !binder.diagnostics.hasErrors && !includeEverything {
            binder.diagnostics += StateCheck.run(runbooks, site: site).diagnostics
        }
        var diagnostics = binder.diagnostics
        diagnostics.sort()
        let plan = Plan(document: site.document, overview: SiteOverview(site), runbooks: runbooks)
        return (diagnostics.hasErrors ? nil : plan, diagnostics)
    }
}

/// Binds templates to the site: conditions, loops and parameters.
struct Binder {
    let scope: ParameterScope
    let site: SiteDescription
    let includeEverything: Bool
    var diagnostics: [Diagnostic] = []
    /// Problems already reported, so that a template repeated 300 times says it once.
    private var reported: Set<String> = []

    /// Every computer of the site: made once, looked up for every procedure.
    let knownComputers: Set<HostName>

    init(scope: ParameterScope, site: SiteDescription, includeEverything: Bool) {
        self.scope = scope
        self.site = site
        self.includeEverything = includeEverything
        var hosts = Set(site.nodes.map { HostName($0.host) })
        for group in site.xprotect.computers.groups { hosts.formUnion(group.computers.map { HostName($0.host) }) }
        if case .external(let sql) = site.sqlServer { hosts.insert(HostName(sql.server)) }
        if let existing = site.xprotect.system?.existing {
            hosts.insert(HostName(existing.managementServer))
            hosts.insert(HostName(existing.sqlServer))
        }
        knownComputers = hosts
    }

    mutating func report(_ id: DiagnosticID, _ message: String, at location: SourceLocation) {
        let key = "\(location)|\(id.rawValue)"
        guard !reported.contains(key) else { return }
        reported.insert(key)
        diagnostics.append(Diagnostic(id, message, at: location))
    }

    // MARK: - Conditions and loops

    mutating func holds(_ condition: Located<String>?, in scope: ParameterScope) -> Bool {
        guard let condition else { return true }
        switch Expression.evaluate(condition: condition.value, in: scope) {
        case .success(let value): return value || includeEverything
        case .failure(let problem):
            report(problem.id, problem.message, at: condition.location)
            return false
        }
    }

    /// One scope per item of the loop (with the item's key for ids), or the scope itself.
    mutating func scopes(_ loop: Located<String>?, in scope: ParameterScope) -> [(scope: ParameterScope, key: String?)] {
        guard let loop else { return [(scope, nil)] }
        switch Expression.items(of: loop.value, in: scope) {
        case .success(let (name, items)):
            return items.enumerated().map { index, item in
                let key = item["host"].flatMap(Self.text) ?? item["name"].flatMap(Self.text) ?? Self.text(item) ?? String(index + 1)
                return (scope.binding(name, to: item), key)
            }
        case .failure(let problem):
            report(problem.id, problem.message, at: loop.location)
            return []
        }
    }

    static func text(_ value: ParameterValue) -> String? {
        if case .text(let text, _) = value, !text.isEmpty { return text }
        return nil
    }

    // MARK: - Procedures

    mutating func expand(_ template: ProcedureTemplate) -> [DependencyGraph.Instance] {
        guard holds(template.when, in: scope) else { return [] }
        return scopes(template.foreach, in: scope).map { scope, key in
            let spelled = resolve(template.computer, in: scope)
            let computer = Computer(spelled)
            // With every template planned for a reference site, a value that only another kind
            // of site has (an external SQL Server) is empty; that is not the template's fault.
            let notApplicable = includeEverything && spelled.isEmpty
            if !notApplicable, let host = computer.host, !knownComputers.contains(host) {
                report(
                    .templateUnknownComputer,
                    "procedure '\(template.id)' runs on '\(spelled)', which is not a computer of the site; use a node, an XProtect computer, or 'any'",
                    at: template.computer.location)
            }
            var stepCapabilities: [(requires: [Located<String>], provides: [Located<String>])] = []
            var steps: [PlannedStep] = []
            for stepTemplate in template.steps {
                for (stepScope, stepKey) in stepScopes(stepTemplate, in: scope) {
                    let requires = capabilities(stepTemplate.requires, in: stepScope)
                    let provides = capabilities(stepTemplate.provides, in: stepScope)
                    stepCapabilities.append((requires, provides))
                    var planned = step(from: stepTemplate, key: stepKey, in: stepScope, requires: requires, provides: provides)
                    planned.expects = statements(stepTemplate.expects, in: stepScope)
                    planned.effects = statements(stepTemplate.effects, in: stepScope)
                    steps.append(planned)
                }
            }
            let requires = capabilities(template.requires, in: scope)
            let provides = capabilities(template.provides, in: scope)
            let procedure = PlannedProcedure(
                id: key.map { "\(template.id)@\($0)" } ?? template.id, templateID: template.id,
                title: resolve(template.title, in: scope), computer: computer, role: template.role,
                introduction: template.introduction.map { resolve($0, in: scope) }, content: content(template.content, in: scope),
                steps: steps, requires: requires.map(\.value), provides: provides.map(\.value), prerequisites: [],
                expects: statements(template.expects, in: scope), effects: statements(template.effects, in: scope),
                location: template.location)
            return DependencyGraph.Instance(
                procedure: procedure, requires: requires, provides: provides, steps: stepCapabilities, location: template.location)
        }
    }

    mutating func stepScopes(_ template: StepTemplate, in scope: ParameterScope) -> [(ParameterScope, String?)] {
        guard holds(template.when, in: scope) else { return [] }
        return scopes(template.foreach, in: scope).map { ($0.scope, $0.key) }
    }

    mutating func step(
        from template: StepTemplate, key: String?, in scope: ParameterScope, requires: [Located<String>], provides: [Located<String>]
    ) -> PlannedStep {
        PlannedStep(
            id: key.map { "\(template.id)@\($0)" } ?? template.id, instruction: resolve(template.instruction, in: scope),
            duration: template.duration.value * repetitions(template.durationEach, in: scope), requires: requires.map(\.value),
            provides: provides.map(\.value), content: content(template.content, in: scope),
            substeps: template.substeps.flatMap { substep in
                guard holds(substep.when, in: scope) else { return [PlannedSubstep]() }
                return scopes(substep.foreach, in: scope).map { scope, key in
                    PlannedSubstep(
                        id: key.map { "\(substep.id)@\($0)" } ?? substep.id, instruction: resolve(substep.instruction, in: scope),
                        content: content(substep.content, in: scope))
                }
            })
    }

    /// How many times a step's duration counts: once, or once per item of its `duration-each` list.
    mutating func repetitions(_ list: Located<String>?, in scope: ParameterScope) -> Int {
        guard let list else { return 1 }
        switch scope.lookup(list.value) {
        case .found(.list(let items)): return items.count
        case .found:
            report(
                .templateExpression, "duration-each: '\(list.value)' is not a list; name the list whose items the step is done for", at: list.location
            )
        case .missing:
            report(.templateUnknownParameter, Expression.missing(list.value, scope).message, at: list.location)
        }
        return 1
    }

    mutating func content(_ template: TemplateContent, in scope: ParameterScope) -> PlannedContent {
        var content = PlannedContent()
        content.result = template.result.map { resolve($0, in: scope) }
        content.note = template.note.map { resolve($0, in: scope) }
        content.important = template.important.map { resolve($0, in: scope) }
        content.warning = template.warning.map { resolve($0, in: scope) }
        if let command = template.command {
            content.command = PlannedCommand(language: command.language, code: code(command.code, in: scope, language: command.language))
        }
        if let table = template.table {
            var rows: [[[Inline]]] = []
            for row in table.rows where holds(row.when, in: scope) {
                for (rowScope, _) in scopes(row.foreach, in: scope) {
                    rows.append(row.cells.map { resolve($0, in: rowScope) })
                }
            }
            content.table = PlannedTable(
                caption: resolve(table.caption, in: scope), columns: table.columns.map { resolve($0, in: scope) }, rows: rows)
        }
        return content
    }

    /// The failover test record's lines for this site: each line whose condition holds, once
    /// for each item of its list; its values read as plain text, as the record's cells are.
    mutating func failoverTests(_ lines: [FailoverTestTemplate]) -> [Acceptance.Test] {
        var tests: [Acceptance.Test] = []
        for line in lines where holds(line.when, in: scope) {
            for (lineScope, _) in scopes(line.foreach, in: scope) {
                tests.append(
                    Acceptance.Test(
                        test: resolve(line.test, in: lineScope).plainText, from: line.from.map { resolve($0, in: lineScope).plainText },
                        to: line.to.map { resolve($0, in: lineScope).plainText }))
            }
        }
        return tests
    }

    // MARK: - Outage

    /// Where the runbook's outage starts and ends among its planned procedures; nil when its
    /// first procedure is not planned for this site (a new system has no existing one to stop).
    /// A procedure id that no template of the runbook has is reported.
    mutating func outage(_ runbook: RunbookTemplate, procedures: [PlannedProcedure]) -> Outage? {
        guard let outage = runbook.outage else { return nil }
        for id in [outage.from, outage.to] where !runbook.procedures.contains(where: { $0.id == id.value }) {
            report(
                .templateMissingRequirement,
                "the outage names the procedure '\(id.value)', which is no procedure of the \(runbook.id) runbook; name one of "
                    + runbook.procedures.map(\.id).joined(separator: ", "),
                at: id.location)
        }
        guard let from = procedures.firstIndex(where: { $0.templateID == outage.from.value }),
            let to = procedures.lastIndex(where: { $0.templateID == outage.to.value }), from <= to
        else { return nil }
        return Outage(from: from, to: to, text: resolve(outage.text, in: scope))
    }

    // MARK: - Capabilities

    /// `name`, `name@{param}` or `name@every LIST` (one capability per item's host).
    mutating func capabilities(_ tokens: [Located<String>], in scope: ParameterScope) -> [Located<String>] {
        tokens.flatMap { token -> [Located<String>] in
            let parts = token.value.split(separator: "@", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { return [token] }
            if parts[1].hasPrefix("every ") {
                let list = String(parts[1].dropFirst("every ".count))
                return scopes(Located(value: "item in \(list)", location: token.location), in: scope).compactMap { _, key in
                    key.map { Located(value: "\(parts[0])@\($0)", location: token.location) }
                }
            }
            let where_ = resolve(Located(value: parts[1], location: token.location), in: scope)
            // Planned whatever its condition, a step may name a computer that does not apply
            // (the node before the first one): it needs nothing then.
            if where_.isEmpty && includeEverything { return [] }
            return [Located(value: "\(parts[0])@\(where_)", location: token.location)]
        }
    }

    // MARK: - Statements

    /// Statements with their parameters filled in. A parameter that is a list gives one
    /// statement per item; one that is empty (a value this site does not have) leaves the
    /// statement out.
    mutating func statements(_ tokens: [Located<String>], in scope: ParameterScope) -> [PlannedStatement] {
        tokens.flatMap { token -> [PlannedStatement] in
            guard case .success(let spans) = InlineMarkup.parse(token.value) else {
                report(.templateStatement, "'\(token.value)' holds markup; a statement is words and {parameters}", at: token.location)
                return []
            }
            var texts = [""]
            for span in spans {
                switch span {
                case .text(let literal): texts = texts.map { $0 + literal }
                case .parameter(let path, _):
                    guard let items = values(path, at: token.location, in: scope), !items.isEmpty, !items.contains(where: \.0.isEmpty) else {
                        return []
                    }
                    texts = texts.flatMap { text in items.map { text + $0.0 } }
                case .marked:
                    report(.templateStatement, "'\(token.value)' holds markup; a statement is words and {parameters}", at: token.location)
                    return []
                }
            }
            return texts.compactMap { text in
                switch Statement.parse(text.trimmingWhitespace()) {
                case .success(let statement): return PlannedStatement(statement: statement, location: token.location)
                case .failure(let problem):
                    report(
                        .templateStatement, "'\(token.value)' " + problem.message + (problem.suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                        at: token.location)
                    return nil
                }
            }
        }
    }

    // MARK: - Parameters

    mutating func resolve(_ text: Located<String>, in scope: ParameterScope) -> String {
        switch InlineMarkup.parse(text.value) {
        case .success(let spans):
            return resolve(TemplateText(spans: spans, location: text.location, raw: text.value), in: scope).plainText
        case .failure(let problem):
            report(.templateMarkup, problem.message, at: text.location)
            return text.value
        }
    }

    /// Code takes parameters only; a list of values is joined with ", " as PowerShell reads
    /// an array, never as the English list prose gets. A value inside a string of the code is
    /// escaped as that string needs (``CodeQuoting``).
    mutating func code(_ text: TemplateText, in scope: ParameterScope, language: String = "") -> String {
        var quoting = CodeQuoting(language: language)
        return text.spans.map { span -> String in
            switch span {
            case .parameter(let path, let offset):
                let value = values(path, at: text.location(ofOffset: offset), in: scope)?.map(\.0).joined(separator: ", ") ?? ""
                return quoting.escaped(value)
            default:
                let literal = resolve(TemplateText(spans: [span], location: text.location, raw: text.raw), in: scope).plainText
                quoting.read(literal)
                return literal
            }
        }.joined()
    }

    mutating func resolve(_ text: TemplateText, in scope: ParameterScope) -> [Inline] {
        text.spans.flatMap { span -> [Inline] in
            switch span {
            case .text(let literal): return [.text(literal)]
            case .parameter(let path, let offset):
                // A list reads as English prose: each item keeps its kind, joined by ", " and " and ".
                guard let items = values(path, at: text.location(ofOffset: offset), in: scope) else { return [.text("")] }
                return items.enumerated().flatMap { index, item -> [Inline] in
                    let separator: [Inline] = index == 0 ? [] : [.text(index == items.count - 1 ? " and " : ", ")]
                    return separator + [.value(item.0, item.1)]
                }
            case .marked(let kind, let inner, _):
                let content = inner.map { part -> String in
                    switch part {
                    case .text(let literal): return literal
                    case .parameter(let path, let offset): return value(path, at: text.location(ofOffset: offset), in: scope)?.0 ?? ""
                    case .marked: return ""
                    }
                }.joined()
                return [Self.inline(kind, content)]
            }
        }
    }

    /// A parameter's value as one text; a list of values reads as an English list.
    mutating func value(_ path: String, at location: SourceLocation, in scope: ParameterScope) -> (String, ValueKind)? {
        values(path, at: location, in: scope).map { items in (EnglishList.joined(items.map(\.0)), items.first?.1 ?? .plain) }
    }

    /// A parameter's value, or each value of a list of values.
    mutating func values(_ path: String, at location: SourceLocation, in scope: ParameterScope) -> [(String, ValueKind)]? {
        switch scope.lookup(path) {
        case .found(.text(let text, let kind)):
            return [(text, kind)]
        case .found(.list(let items)):
            let texts = items.compactMap { item -> (String, ValueKind)? in
                if case .text(let text, let kind) = item { return (text, kind) }
                return nil
            }
            guard texts.count == items.count else {
                report(.templateUnknownParameter, "'\(path)' is a list of groups; loop over it with foreach and name a field", at: location)
                return nil
            }
            return texts
        case .found(.record(let fields)):
            report(
                .templateUnknownParameter, "'\(path)' is a group of values; name one of them: \(fields.keys.sorted().joined(separator: ", "))",
                at: location)
            return nil
        case .missing:
            report(.templateUnknownParameter, Expression.missing(path, scope).message, at: location)
            return nil
        }
    }

    static func inline(_ kind: InlineMarkup.Kind, _ content: String) -> Inline {
        switch kind {
        case .button: return .button(content)
        case .label: return .label(content)
        case .window: return .window(content)
        case .menu: return .menu(content.components(separatedBy: ">").map { $0.trimmingWhitespace() })
        case .file: return .file(content)
        case .input: return .userInput(content)
        case .service: return .service(content)
        case .address: return .address(content)
        case .url: return .url(content)
        }
    }
}
