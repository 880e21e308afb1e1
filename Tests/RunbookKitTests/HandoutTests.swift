import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

@Suite("Handouts for one computer or one role")
struct HandoutTests {
    /// The handouts every sample's golden files hold: its second node's, and the VMS installer's.
    static func handouts(_ plan: Plan) -> [Handout] {
        let hosts = plan.runbooks.flatMap(\.procedures).compactMap(\.computer.host?.spelled)
        var distinct: [String] = []
        for host in hosts where !distinct.contains(host) { distinct.append(host) }
        let node = distinct.count > 1 ? distinct[1] : distinct[0]
        return [Handout(computer: node), Handout(role: .vmsInstaller)]
    }

    @Test("Each sample's handouts match their golden files in every format (RECORD_SNAPSHOTS=1 re-records)", arguments: Fixtures.samples)
    func golden(_ sample: String) throws {
        let plan = try PlannerTests.plan(sample)
        var files: [RenderedFile] = []
        for handout in Self.handouts(plan) {
            let (rendered, diagnostics) = RunbookGenerator().generate(plan, formats: OutputFormat.standard, handout: handout)
            #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.message))")
            files += rendered.filter { $0.kind != .setupFile }
        }
        try Golden.check(files.map { ($0.name, Data($0.contents.utf8)) }, in: Golden.folder("handouts", sample: sample))
    }

    @Test(
        "A computer's handout holds exactly its procedures, numbered as in the runbook, and waits for every prerequisite done elsewhere",
        arguments: Fixtures.samples)
    func computerHandouts(_ sample: String) throws {
        let plan = try PlannerTests.plan(sample)
        for runbook in plan.runbooks {
            let whole = DocumentBuilder().document(for: runbook, in: plan)
            var covered = Set<String>()
            for host in Set(runbook.procedures.compactMap(\.computer.host?.spelled)) {
                // Asked for in lower case: Windows compares computer names without case.
                let handout = Handout(computer: host.lowercased())
                let document = DocumentBuilder().document(for: runbook, in: plan, handout: handout)
                let expected = runbook.procedures.enumerated().filter { $0.element.computer.host?.spelled == host }
                #expect(document.procedures.map(\.kind) == expected.map { .procedure(number: $0.offset + 1) })
                #expect(document.title.plainText.hasSuffix(": handout for \(host)"))
                for section in document.procedures {
                    // The same section as in the whole runbook, but for what the handout adds.
                    let original = try #require(whole.procedures.first { $0.kind == section.kind })
                    #expect(section.id == original.id && section.title == original.title)
                    covered.insert(section.id.rawValue)
                    guard case .procedure(let number) = section.kind else { continue }
                    let procedure = runbook.procedures[number - 1]
                    let elsewhere = procedure.prerequisites.compactMap { id in runbook.procedures.firstIndex { $0.id == id } }
                        .filter { runbook.procedures[$0].computer.host?.spelled != host }
                    let waits = section.blocks.contains {
                        if case .admonition(let admonition) = $0 { return admonition.text.plainText.hasPrefix("Before you start, wait until") }
                        return false
                    }
                    #expect(waits == !elsewhere.isEmpty, "procedure \(number) of \(runbook.id) for \(host)")
                    for index in elsewhere {
                        #expect(
                            section.blocks.contains { block in
                                if case .admonition(let admonition) = block {
                                    return admonition.text.plainText.contains("procedure \(index + 1) on ")
                                }
                                return false
                            })
                    }
                }
            }
            // Together with the procedures for any computer, the computers' handouts are the whole runbook.
            let anywhere = whole.procedures.filter { section in
                guard case .procedure(let number) = section.kind else { return false }
                return runbook.procedures[number - 1].computer == .any
            }
            #expect(covered.union(anywhere.map(\.id.rawValue)) == Set(whole.procedures.map(\.id.rawValue)))
        }
    }

    @Test("A procedure that others wait for says whom to tell, in the handout only")
    func tellsWhoWaits() throws {
        let plan = try PlannerTests.plan("guide-two-node.yaml")
        let install = try #require(plan.runbooks.first { $0.id == "install" })
        let role = Role.databaseAdministrator
        let document = DocumentBuilder().document(for: install, in: plan, handout: Handout(role: role))
        let tells = document.procedures.filter { section in
            section.blocks.contains {
                if case .admonition(let admonition) = $0 { return admonition.text.plainText.hasPrefix("When you sign this procedure off") }
                return false
            }
        }
        #expect(!tells.isEmpty)
        let whole = DocumentBuilder().document(for: install, in: plan)
        #expect(
            !whole.sections.flatMap(\.blocks).contains {
                if case .admonition(let a) = $0 { return a.text.plainText.hasPrefix("When you sign") } else { return false }
            })
    }

    @Test("An unknown computer or role is refused with the ones the site has, and a near miss is suggested")
    func unknown() throws {
        let catalog = try #require(TemplateCatalog.load().catalog)
        let site = Fixtures.packageRoot.appendingPathComponent("samples/guide-two-node.yaml").path
        let outcome = Pipeline(catalog: catalog, handout: Handout(computer: "Cluster3")).generate(Pipeline.Source(file: site))
        #expect(outcome.files.isEmpty)
        let problem = try #require(outcome.diagnostics.first)
        #expect(problem.id == .unknownHandout)
        #expect(problem.message.contains("Cluster1 and Cluster2"), "\(problem.message)")
        // A role none of the runbooks chosen gives work to: the roles that have some.
        let role = Pipeline(catalog: catalog, runbooks: ["verify"], handout: Handout(role: .consultant))
            .generate(Pipeline.Source(file: site))
        #expect(role.diagnostics.map(\.id) == [.unknownHandout])
        #expect(role.diagnostics.first?.message.contains("the roles with procedures are") == true, "\(role.diagnostics)")
        // A role typed wrong never gets this far: the advice names every role and the nearest.
        #expect(Role(typed: " VMS-Installer ") == .vmsInstaller && Role(typed: "dba") == nil)
        #expect(Role.advice(for: "vms-instaler").hasSuffix("did you mean 'vms-installer'?"))
        #expect(Role.advice(for: "dba").contains("database-administrator"))
    }

    @Test("A runbook with nothing for the handout is left out with a warning; the others are written")
    func emptyRunbook() throws {
        let catalog = try #require(TemplateCatalog.load().catalog)
        let site = Fixtures.packageRoot.appendingPathComponent("samples/guide-two-node.yaml").path
        let plan = try PlannerTests.plan("guide-two-node.yaml")
        let roles = plan.runbooks.map { Set($0.procedures.map(\.role)) }
        // A role of the install runbook that some other runbook does without.
        let only = try #require(Role.allCases.first { role in roles[0].contains(role) && roles.dropFirst().contains { !$0.contains(role) } })
        let having = plan.runbooks.filter { $0.procedures.contains { $0.role == only } }.map(\.id)
        let outcome = Pipeline(catalog: catalog, formats: [.markdown], handout: Handout(role: only)).generate(Pipeline.Source(file: site))
        #expect(outcome.diagnostics.map(\.id) == Array(repeating: .emptyHandout, count: plan.runbooks.count - having.count))
        #expect(
            outcome.files.filter { $0.kind == .runbook(.markdown) }.map(\.name)
                == having.map { "testdomain-two-node-cluster-\($0)-for-\(only.rawValue).md" })
    }
}
