import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

@Suite("Templates and the plan")
struct PlannerTests {
    static var templateFixtures: [String] { Fixtures.names(in: "templates").filter { $0 != "valid" } }

    /// Loads a fixture catalog and plans the reference site with it; all diagnostics.
    static func check(_ folder: URL) -> [Diagnostic] {
        let (catalog, diagnostics) = TemplateCatalog.load(userFolder: folder, includeBuiltIn: false)
        guard let catalog else { return diagnostics }
        return diagnostics + Planner(catalog: catalog).plan(ReferenceSite.site).diagnostics
    }

    @Test("A template fixture reports exactly the diagnostics it marks", arguments: templateFixtures)
    func templateFixture(_ name: String) throws {
        let folder = Fixtures.url("templates", name)
        var expected: Set<String> = []
        for url in Fixtures.files(in: folder) {
            let file = url.pathComponents.suffix(2).joined(separator: "/")
            for marker in try Expectation.parse(fixture: url) { expected.insert("\(file):\(marker.line): \(marker.id)") }
        }
        let actual = Set(
            Self.check(folder).map { diagnostic -> String in
                let file = diagnostic.location.map { URL(fileURLWithPath: $0.file).pathComponents.suffix(2).joined(separator: "/") } ?? "?"
                return "\(file):\(diagnostic.location?.line ?? 0): \(diagnostic.id.rawValue)"
            })
        #expect(actual.sorted() == expected.sorted())
    }

    @Test("The valid fixture catalog and the built-in catalog check clean")
    func validCatalogs() throws {
        #expect(Self.check(Fixtures.url("templates", "valid")).isEmpty)
        let (catalog, diagnostics) = TemplateCatalog.load()
        #expect(diagnostics.isEmpty)
        var planner = Planner(catalog: try #require(catalog))
        planner.includeEverything = true
        #expect(planner.plan(ReferenceSite.site).diagnostics.isEmpty)
    }

    @Test("An include is found however its key is written; a procedure is not parsed twice to look for one")
    func includeSpotting() throws {
        for text in ["include: install/x.yaml", "\"include\": x", "'include': x", "{include: x}", "--- {include: x}", "? include\n: x"] {
            #expect(TemplateReader.mayHaveTopLevelInclude(Data(text.utf8)), "\(text)")
        }
        // Every built-in template: spotted exactly when it is an include, as a full parse finds.
        for url in Fixtures.files(in: Fixtures.packageRoot.appendingPathComponent("Templates")) where url.pathExtension == "yaml" {
            let data = try Data(contentsOf: url)
            let isInclude = YAMLComposer(limits: .standard).compose(data, file: url.path).root?["include"] != nil
            #expect(TemplateReader.mayHaveTopLevelInclude(data) == isInclude, "\(url.lastPathComponent)")
        }
        var reader = TemplateReader(file: "x.yaml", limits: .standard)
        #expect(
            reader.include(Data("\"include\": install/09-hand-services-to-cluster.yaml\n".utf8))?.value == "install/09-hand-services-to-cluster.yaml")
    }

    @Test("'any' in any case is any computer: never a computer named Any, in the plan, the facts, the picture or a handout")
    func anyComputer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-any-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Fixtures.url("templates", "valid"), to: folder)
        let first = folder.appendingPathComponent("install/01-first.yaml")
        let text = try String(contentsOf: first, encoding: .utf8).replacingOccurrences(of: "\"{first-node.host}\"", with: "Any")
        try Data(text.utf8).write(to: first)
        #expect(Self.check(folder).isEmpty)
        let catalog = try #require(TemplateCatalog.load(userFolder: folder, includeBuiltIn: false).catalog)
        let plan = try #require(Planner(catalog: catalog).plan(ReferenceSite.site).plan)
        let runbook = try #require(plan.runbooks.first)
        #expect(runbook.procedures[0].computer == .any)
        #expect(PlanReport.text(plan).contains("on: any |"))
        let document = DocumentBuilder().document(for: runbook, in: plan)
        let facts = try #require(document.procedures.first).facts
        #expect(facts.first { $0.kind == .computer }?.value == [.text("any computer")])
        let figure = try #require(FigureBuilder.plan(runbook, held: runbook.procedures.map { _ in true }))
        #expect(!figure.diagram.groups.contains { $0.title.lowercased() == "any" }, "no frame for a computer named Any")
        // A handout for "ANY" holds the work done from any computer.
        #expect(Handout(computer: "ANY").holds(runbook.procedures[0]))
        #expect(!Handout(computer: "ANY").holds(runbook.procedures[1]))
    }

    @Test("A command's code in a file of the templates folder is filled in as code written in place, and each problem is located")
    func commandFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-script-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(at: Fixtures.url("templates", "valid"), to: folder)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        try Data("Get-ClusterNode -Name '{first-node.host}' | ForEach-Object { $_.State } # [sic] {not a parameter}\n".utf8)
            .write(to: folder.appendingPathComponent("scripts/nodes.ps1"))
        let first = folder.appendingPathComponent("install/01-first.yaml")
        let step = "    duration: 5m\n    command:\n      language: powershell\n      file: scripts/nodes.ps1\n"
        try Data((try String(contentsOf: first, encoding: .utf8) + step.dropFirst("    duration: 5m\n".count)).utf8).write(to: first)
        #expect(Self.check(folder).isEmpty)
        let catalog = try #require(TemplateCatalog.load(userFolder: folder, includeBuiltIn: false).catalog)
        let plan = try #require(Planner(catalog: catalog).plan(ReferenceSite.site).plan)
        let command = try #require(plan.runbooks.first?.procedures.first?.steps.first?.content.command)
        #expect(command.language == "powershell")
        #expect(
            command.code == "Get-ClusterNode -Name '\(ReferenceSite.site.nodes[0].host)' | ForEach-Object { $_.State } # [sic] {not a parameter}\n")
        // A parameter the site does not have is reported in the script's own file.
        try Data("Write-Output '{no-such.value}'\n".utf8).write(to: folder.appendingPathComponent("scripts/nodes.ps1"))
        let problems = Self.check(folder)
        #expect(problems.map(\.id) == [.templateUnknownParameter])
        #expect(problems.first?.location?.file.hasSuffix("scripts/nodes.ps1") == true)
    }

    @Test("A folder without runbook.yaml is refused")
    func noRunbook() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(TemplateCatalog.load(userFolder: folder, includeBuiltIn: false).diagnostics.map(\.id) == [.templateNoRunbook])
    }

    static func plan(_ sample: String) throws -> Plan {
        let url = Fixtures.packageRoot.appendingPathComponent("samples").appendingPathComponent(sample)
        let pipeline = Pipeline(catalog: try #require(TemplateCatalog.load().catalog))
        let site = try #require(pipeline.load(Pipeline.Source(file: url.path)).site)
        let (plan, diagnostics) = pipeline.plan(site)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        return try #require(plan)
    }

    @Test("Each sample's plan matches its golden file (RECORD_SNAPSHOTS=1 re-records)", arguments: Fixtures.samples)
    func golden(_ sample: String) throws {
        let text = PlanReport.text(try Self.plan(sample))
        try Golden.check(Data(text.utf8), file: Golden.file("plan-" + sample.replacingOccurrences(of: ".yaml", with: ".txt")))
    }

    @Test("Every procedure of the guide is in the two-node plan, in the order the issue sets")
    func guideProcedures() throws {
        let install = try Self.plan("guide-two-node.yaml").runbooks[0].procedures.map(\.templateID)
        let order = [
            "planning-checklist", "requirements-check", "enable-failover-clustering", "create-cluster",
            "install-sql-failover-instance", "add-sql-node", "install-management-server-first-node",
            "hand-services-to-cluster", "install-management-server-additional-node", "configure-generic-service-role",
            "register-management-server", "update-registered-services", "verify-failover",
        ]
        let firstSeen = order.map { id in install.firstIndex(of: id) }
        #expect(!firstSeen.contains(nil), "missing: \(zip(order, firstSeen).filter { $0.1 == nil }.map(\.0))")
        #expect(firstSeen.compactMap { $0 } == firstSeen.compactMap { $0 }.sorted())
        #expect(!install.contains("prepare-external-sql"))
        #expect(!install.contains("protect-idp-with-certificate"), "the guide sample has no IDP certificate")
    }

    @Test("Conditions follow the site: external SQL Server, IDP certificate, computers in groups")
    func conditions() throws {
        let install = try Self.plan("external-sql.yaml").runbooks[0].procedures.map(\.id)
        #expect(install.contains("prepare-external-sql"))
        #expect(!install.contains("install-sql-failover-instance") && !install.contains { $0.hasPrefix("add-sql-node") })
        #expect(install.contains("protect-idp-with-certificate@AAR-VMS-N1") && install.contains("protect-idp-with-certificate@AAR-VMS-N2"))
        #expect(install.filter { $0.hasPrefix("register-recording-servers@") } == ["register-recording-servers@Recording servers"])
        #expect(install.contains("register-component-computers@Mobile servers"))
        let metro = try Self.plan("metro-three-node.yaml").runbooks[0].procedures.map(\.id)
        #expect(metro.filter { $0.hasPrefix("install-recording-servers@") }.count == 4, "one procedure per building")
        #expect(!metro.contains { $0.hasPrefix("register-recording-servers@") }, "a new system's recording servers are installed, not re-pointed")
        #expect(metro.filter { $0.hasPrefix("add-sql-node@") } == ["add-sql-node@MTO-VMS-N2", "add-sql-node@MTO-VMS-N3"])
    }

    @Test("A site value cannot change the document's structure")
    func valuesStayValues() throws {
        var site = ReferenceSite.site
        site.document.customer = "[button:Evil] {cluster.name} <b>"
        let catalog = try #require(TemplateCatalog.load().catalog)
        let plan = try #require(Planner(catalog: catalog).plan(site).plan)
        let introduction = plan.runbooks[0].introduction
        #expect(introduction.contains(.value("[button:Evil] {cluster.name} <b>", .plain)))
        #expect(!introduction.contains(.button("Evil")))
    }

    @Test("The same site always gives the same plan")
    func deterministic() throws {
        #expect(try Self.plan("metro-three-node.yaml") == (try Self.plan("metro-three-node.yaml")))
    }

    @Test("Parameter references point at their exact column in a template")
    func parameterColumn() throws {
        let diagnostics = Self.check(Fixtures.url("templates", "template.unknown-parameter"))
        let column = try #require(diagnostics.first?.location?.column)
        let line = "    do: \"Click [button:Next] on [input:{node.hots}].\""
        #expect(column == line.distance(from: line.startIndex, to: line.range(of: "{node.hots}")!.lowerBound) + 1)
    }

    @Test("Markup parses into meanings; escapes stay literal")
    func markup() throws {
        let spans = try InlineMarkup.parse("In [window:Server Manager] pick [menu:Tools > Failover Cluster Manager] \\[1\\] {cluster.name}").get()
        #expect(spans.count == 6)
        if case .marked(.menu, _, _) = spans[3] {} else { Issue.record("no menu span") }
        #expect(spans[4] == .text(" [1] "))
        #expect(InlineMarkup.parameters(in: spans).map(\.path) == ["cluster.name"])
        #expect(TemplateReader.escapeCode(#"{"a": {cluster.name}}"#) == #"\{"a": {cluster.name}\}"#)
    }
}
