import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

@Suite("Sign-off lines and the acceptance page")
struct SignOffTests {
    @Test(
        "Every procedure ends with a sign-off line; the install runbook ends with the acceptance page, the upgrade and the verification record each check",
        arguments: Fixtures.samples)
    func signOff(_ sample: String) throws {
        let plan = try PlannerTests.plan(sample)
        for runbook in plan.runbooks {
            let document = DocumentBuilder().document(for: runbook, in: plan)
            for section in document.procedures {
                guard case .procedure(let number) = section.kind, case .table(let table) = section.blocks.last else {
                    Issue.record("\(runbook.id): \(section.title.plainText) does not end with its sign-off line")
                    continue
                }
                #expect(table.form && table.caption.plainText == "Sign-off of procedure \(number)")
                #expect(table.columns.map(\.plainText) == ["Name", "Date", "Signature"] && table.rows.count == 1)
            }
            let acceptance = document.sections.filter { $0.kind == .acceptance }
            if runbook.id == "verify" {
                try Self.verification(document, runbook: runbook, acceptance: acceptance)
                continue
            }
            if runbook.id == "upgrade" {
                // Its procedures record their checks; the page keeps open items and signatures.
                let page = try #require(acceptance.first)
                #expect(document.sections.last == page && runbook.record)
                #expect(page.blocks.contains { if case .table(let t) = $0 { t.caption.plainText == "Signatures" } else { false } })
                continue
            }
            #expect(runbook.id == "install", "only the install, upgrade and verification runbooks have an acceptance page")
            let page = try #require(acceptance.first)
            #expect(document.sections.last == page)
            let tables = page.blocks.compactMap { block -> Table? in if case .table(let table) = block { return table } else { return nil } }
            #expect(tables.allSatisfy { $0.form })
            let record = try #require(tables.first)
            // One move of the management server role to each node, in the site's order.
            let site = try #require(Pipeline(catalog: TemplateCatalog.load().catalog!).load(Pipeline.Source(file: Self.path(sample))).site)
            // The failover procedure's moves: the role to each node, the external IDP's sign-in
            // on each node (where the site has one), the SQL Server role to each node (a failover
            // cluster instance), the first node switched off and back.
            let hosts = site.nodes.map(\.host)
            let idp = site.xprotect.idpCertificateThumbprint == nil ? 0 : hosts.count
            let moves = hosts.count * (site.sqlServer.isFailoverInstance ? 2 : 1) + idp
            // Then the switch-off, the node back, the simulated failure, the Smart Client where
            // there are cameras, the licence, the backup, and an external SQL Server's availability.
            let cameras = site.xprotect.computers.recordingServers.isEmpty ? 0 : 1
            let external = site.sqlServer.isFailoverInstance ? 0 : 1
            #expect(record.rows.count == moves + 5 + cameras + external)
            #expect(record.rows.prefix(hosts.count).map { $0[3].plainText } == hosts)
            #expect(record.rows[0][1].plainText == "Move \(site.xprotect.role.name) to \(hosts[0])")
            #expect(record.rows[moves][1].plainText.hasPrefix("Switch \(hosts[0]) off without warning, owning \(site.xprotect.role.name)"))
            #expect(record.rows[moves + 2][1].plainText.hasPrefix("Simulated failure of the management server resource"))
            #expect(record.caption.plainText == "Failover test record")
            let signatures = try #require(tables.last)
            #expect(signatures.rows.map { $0[0].plainText } == site.document.signOff)
            #expect(signatures.columns.map(\.plainText) == ["Role", "Name", "Company", "Date", "Signature"])
            let decision = try #require(tables.dropLast().last)
            #expect(decision.caption.plainText == "Decision" && decision.rows.map { $0[0].plainText }.last == "Not accepted")
        }
    }

    /// The verification runbook: before each procedure's sign-off line, the record of its checks,
    /// one line per step or substep with a result, in order, with the result as expected and two
    /// blank cells; its last page has open items, the decision and signatures, the procedures
    /// holding the test.
    static func verification(_ document: Document, runbook: PlannedRunbook, acceptance: [Section]) throws {
        #expect(runbook.record)
        for section in document.procedures {
            guard case .procedure(let number) = section.kind else { continue }
            let steps = section.blocks.flatMap { block -> [Step] in
                if case .procedure(let procedure) = block { return procedure.steps.flatMap { [$0] + $0.substeps } }
                return []
            }
            let expected = steps.compactMap { step -> (String, String)? in
                for case .result(let result) in step.closing { return (step.label, result.plainText) }
                return nil
            }
            let tables = section.blocks.compactMap { block -> Table? in if case .table(let table) = block { return table } else { return nil } }
            let record = tables.dropLast().last
            if expected.isEmpty {
                #expect(record?.caption.plainText != "Record of procedure \(number)")
                continue
            }
            let table = try #require(record, "\(section.title.plainText) has no record")
            #expect(table.form && table.caption.plainText == "Record of procedure \(number)")
            #expect(table.columns.map(\.plainText) == ["Step", "Expected", "Seen", "As expected (yes/no)"])
            #expect(table.rows.map { $0[0].plainText } == expected.map(\.0))
            #expect(table.rows.map { $0[1].plainText } == expected.map(\.1))
            #expect(table.rows.allSatisfy { $0[2].isEmpty && $0[3].isEmpty })
        }
        let page = try #require(acceptance.first)
        #expect(document.sections.last == page)
        let captions = page.blocks.compactMap { block -> String? in
            if case .table(let table) = block { return table.caption.plainText } else { return nil }
        }
        #expect(captions == ["Open items", "Decision", "Signatures"])
    }

    @Test("The site names who signs; without document.sign-off the installer and the customer do")
    func signers() throws {
        let metro = try PlannerTests.plan("metro-three-node.yaml")
        #expect(metro.runbooks.first?.acceptance?.signers == ["Installer", "Operations manager", "Security officer"])
        let guide = try PlannerTests.plan("guide-two-node.yaml")
        #expect(guide.runbooks.first?.acceptance?.signers == ["Installer", "Customer"])
    }

    @Test("A handout carries no acceptance page, but its procedures keep their sign-off lines")
    func handouts() throws {
        let plan = try PlannerTests.plan("guide-two-node.yaml")
        let install = try #require(plan.runbooks.first)
        let document = DocumentBuilder().document(for: install, in: plan, handout: Handout(role: .vmsInstaller))
        #expect(!document.sections.contains { $0.kind == .acceptance })
        #expect(document.procedures.allSatisfy { $0.blocks.contains { if case .table(let table) = $0 { return table.form } else { return false } } })
    }

    static func path(_ sample: String) -> String {
        Fixtures.packageRoot.appendingPathComponent("samples").appendingPathComponent(sample).path
    }
}
