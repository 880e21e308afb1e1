import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

@Suite("Sign-off lines and the acceptance page")
struct SignOffTests {
    @Test("Every procedure ends with a sign-off line; the install runbook ends with the acceptance page", arguments: Fixtures.samples)
    func signOff(_ sample: String) throws {
        let plan = try PlannerTests.plan(sample)
        for runbook in plan.runbooks {
            let document = DocumentBuilder().document(for: runbook, info: plan.document)
            for section in document.procedures {
                guard case .procedure(let number) = section.kind, case .table(let table) = section.blocks.last else {
                    Issue.record("\(runbook.id): \(section.title.plainText) does not end with its sign-off line")
                    continue
                }
                #expect(table.form && table.caption.plainText == "Sign-off of procedure \(number)")
                #expect(table.columns.map(\.plainText) == ["Name", "Date", "Signature"] && table.rows.count == 1)
            }
            let acceptance = document.sections.filter { $0.kind == .acceptance }
            guard runbook.id == "install" else {
                #expect(acceptance.isEmpty, "only the install runbook asks for an acceptance page")
                continue
            }
            let page = try #require(acceptance.first)
            #expect(document.sections.last == page)
            let tables = page.blocks.compactMap { block -> Table? in if case .table(let table) = block { return table } else { return nil } }
            #expect(tables.allSatisfy { $0.form })
            let record = try #require(tables.first)
            // One move of the management server role to each node, in the site's order.
            let site = try #require(Pipeline(catalog: TemplateCatalog.load().catalog!).load(Pipeline.Source(file: Self.path(sample))).site)
            // The failover procedure's moves: the role to each node, the SQL Server role to each
            // node (a failover cluster instance), the first node restarted and back.
            let hosts = site.nodes.map(\.host)
            let moves = hosts.count * (site.sqlServer.isFailoverInstance ? 2 : 1)
            #expect(record.rows.count == moves + 2)
            #expect(record.rows.prefix(hosts.count).map { $0[3].plainText } == hosts)
            #expect(record.rows[0][1].plainText == "Move \(site.xprotect.role.name) to \(hosts[0])")
            #expect(record.rows[moves][1].plainText.hasPrefix("Restart \(hosts[0]), which owns \(site.xprotect.role.name)"))
            #expect(record.caption.plainText == "Failover test record")
            let signatures = try #require(tables.last)
            #expect(signatures.rows.map { $0[0].plainText } == site.document.signOff)
        }
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
        let document = DocumentBuilder().document(for: install, info: plan.document, handout: Handout(role: "vms-installer"))
        #expect(!document.sections.contains { $0.kind == .acceptance })
        #expect(document.procedures.allSatisfy { $0.blocks.contains { if case .table(let table) = $0 { return table.form } else { return false } } })
    }

    static func path(_ sample: String) -> String {
        Fixtures.packageRoot.appendingPathComponent("samples").appendingPathComponent(sample).path
    }
}
