import Foundation
import RunbookTestSupport
import Testing

@Suite("runbook plan, graph, templates")
struct PlanCommandTests {
    @Test("plan prints the golden plan of the two-node sample")
    func plan() throws {
        let output = try CommandRunner.run(["plan", "samples/guide-two-node.yaml"])
        #expect(output.status == 0, "\(output.stderr)")
        let golden = try String(
            contentsOf: CommandRunner.packageRoot.appendingPathComponent("Tests/RunbookKitTests/Snapshots/plan-guide-two-node.txt"),
            encoding: .utf8)
        #expect(output.stdout == golden)
    }

    @Test("plan --format json numbers procedures and steps")
    func json() throws {
        let output = try CommandRunner.run(["plan", "--format", "json", "samples/external-sql.yaml"])
        #expect(output.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let runbooks = try #require(json["runbooks"] as? [[String: Any]])
        #expect(runbooks.map { $0["id"] as? String } == ["install", "upgrade", "verify"])
        let procedures = try #require(runbooks[0]["procedures"] as? [[String: Any]])
        #expect(procedures.first?["id"] as? String == "planning-checklist")
    }

    @Test("plan --format json shows each step's expectations and effects; plan --state prints the state after a step")
    func state() throws {
        let output = try CommandRunner.run(["plan", "--format", "json", "samples/guide-two-node.yaml"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let install = try #require((json["runbooks"] as? [[String: Any]])?.first?["procedures"] as? [[String: Any]])
        let role = try #require(install.first { $0["id"] as? String == "configure-generic-service-role" })
        let wizard = try #require((role["steps"] as? [[String: Any]])?.first { $0["id"] as? String == "wizard" })
        #expect(wizard["effects"] as? [String] == ["role exists", "name MyCluster exists"])
        let place = try #require((role["steps"] as? [[String: Any]])?.first { $0["id"] as? String == "place" })
        #expect(place["effects"] as? [String] == ["role online on Cluster2"])
        #expect(
            role["expects"] as? [String] == [
                "service clustered-services on every-node is manual", "service clustered-services on every-node is stopped",
            ])

        let after = try CommandRunner.run(["plan", "samples/guide-two-node.yaml", "--state", "hand-services-to-cluster@Cluster1.stop"])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stdout.contains("Cluster1: features failover-clustering\n  management-server: stopped, manual"))
        #expect(after.stdout.contains("role: none"))
        let both = try CommandRunner.run(["plan", "samples/guide-two-node.yaml", "--state", "create-cluster.create", "--format", "json"])
        #expect(both.status == 64 && both.stderr.contains("--state prints the state as text"))
        let unknown = try CommandRunner.run(["plan", "samples/guide-two-node.yaml", "--state", "no-such-step"])
        // A mistake in the arguments, found once the plan is made: the plan command's usage, exit 64.
        #expect(unknown.status == 64 && unknown.stderr.contains("'no-such-step' is no step of the plan"))
        #expect(unknown.stderr.contains("Usage: runbook plan <site>"))
    }

    @Test("templates check --over-built-in walks a folder laid over the built-in catalog and names the broken step")
    func overBuiltIn() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let install = folder.appendingPathComponent("install")
        try FileManager.default.createDirectory(at: install, withIntermediateDirectories: true)
        let original = try String(
            contentsOf: CommandRunner.packageRoot.appendingPathComponent("Templates/install/09-hand-services-to-cluster.yaml"), encoding: .utf8)
        // The guide's mistake: services left running on the nodes that do not create the role.
        try Data(original.replacingOccurrences(of: "    effects:\n      - \"service clustered-services on {node.host} is stopped\"\n", with: "").utf8)
            .write(to: install.appendingPathComponent("09-hand-services-to-cluster.yaml"))
        let output = try CommandRunner.run(["templates", "check", folder.path, "--over-built-in"])
        #expect(output.status == 65)
        #expect(output.stderr.contains("Cluster1 and Cluster2 at once") && output.stderr.contains("[template.invariant]"))
        #expect(try CommandRunner.run(["templates", "check"]).status == 0)
    }

    @Test("An invalid site is not planned: exit 65 with its diagnostics")
    func invalidSite() throws {
        let output = try CommandRunner.run(["plan", "Tests/RunbookKitTests/Fixtures/invalid/site.duplicate-address.yaml"])
        #expect(output.status == 65)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("[site.duplicate-address]"))
    }

    @Test("graph draws the dependencies in dot and mermaid")
    func graph() throws {
        let dot = try CommandRunner.run(["graph", "samples/guide-two-node.yaml"])
        #expect(dot.status == 0)
        #expect(dot.stdout.hasPrefix("digraph \"runbook\" {") && dot.stdout.contains("install_3 -> install_5 ["))
        #expect(dot.stdout.contains("subgraph cluster_install {") && dot.stdout.contains("subgraph cluster_verify {"))
        let mermaid = try CommandRunner.run(["graph", "--format", "mermaid", "samples/guide-two-node.yaml"])
        #expect(mermaid.stdout.contains("\nflowchart TB\n") && mermaid.stdout.contains("install_3 --> install_5"))
        // Drawn by the writers of the runbooks' own pictures: Graphviz and Mermaid read them.
        #expect(mermaid.stdout.contains("subgraph install[\""))
    }

    @Test("templates check passes the built-in catalog and fails a broken folder with locations")
    func templatesCheck() throws {
        let builtIn = try CommandRunner.run(["templates", "check"])
        #expect(builtIn.status == 0, "\(builtIn.stderr)")
        let broken = try CommandRunner.run(["templates", "check", "Tests/RunbookKitTests/Fixtures/templates/template.unknown-parameter"])
        #expect(broken.status == 65)
        #expect(broken.stderr.contains("02-second.yaml:9:40: error: 'node.hots' is not a site value; did you mean 'host'?"))
    }

    @Test("--templates replaces a built-in procedure and works from any folder")
    func override() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let install = folder.appendingPathComponent("install")
        try FileManager.default.createDirectory(at: install, withIntermediateDirectories: true)
        try Data(
            """
            id: verify-failover
            title: Verify failover the customer's way
            computer: "{first-node.host}"
            role: windows-administrator
            requires: [registration-done, registered-services]
            steps:
              - id: move
                do: "Move [input:{xprotect.role.name}] to another node."
                duration: 10m
            """.utf8
        ).write(to: install.appendingPathComponent("19-verify-failover.yaml"))
        let site = CommandRunner.packageRoot.appendingPathComponent("samples/guide-two-node.yaml").path
        let output = try CommandRunner.run(["plan", site, "--templates", folder.path], in: folder)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("20. Verify failover the customer's way"))
        #expect(output.stdout.contains("20.1 Move MyCluster to another node. (10 min)"))
    }
}
