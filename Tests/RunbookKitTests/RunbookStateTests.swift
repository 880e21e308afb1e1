import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

/// The planner walks every runbook over a model of the site. Each mistake the install runbook
/// once had, put back into a copy of the templates, must be caught, with the step named.
@Suite("The simulated state of the site")
struct RunbookStateTests {
    /// Plans a sample with the built-in templates, some of them changed by `edits` (a file's
    /// path under Templates/ and what to do to its text), and returns every error.
    static func errors(_ sample: String, edits: [String: (String) -> String]) throws -> [Diagnostic] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-state-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, edit) in edits {
            let original = try String(
                contentsOf: Fixtures.packageRoot.appendingPathComponent("Templates").appendingPathComponent(path), encoding: .utf8)
            let changed = edit(original)
            #expect(changed != original, "the edit of \(path) changes nothing")
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(changed.utf8).write(to: url)
        }
        // No edits: the built-in catalog alone (an empty folder laid over it is refused).
        let (catalog, diagnostics) = TemplateCatalog.load(userFolder: edits.isEmpty ? nil : folder)
        let pipeline = Pipeline(catalog: try #require(catalog))
        let site = try #require(pipeline.load(Pipeline.Source(file: Fixtures.packageRoot.appendingPathComponent("samples/\(sample)").path)).site)
        return (diagnostics + pipeline.plan(site).diagnostics).filter { $0.severity == .error }
    }

    static func removingStep(_ id: String) -> (String) -> String {
        { text in
            var lines = text.components(separatedBy: "\n")
            guard let start = lines.firstIndex(of: "  - id: \(id)") else { return text }
            var end = start + 1
            while end < lines.count && !lines[end].hasPrefix("  - id:") && !lines[end].hasPrefix("  #") { end += 1 }
            lines.removeSubrange(start..<end)
            return lines.joined(separator: "\n")
        }
    }

    @Test("Every sample's runbooks hold every expectation, invariant and end state", arguments: Fixtures.samples)
    func samplesPass(_ sample: String) throws {
        #expect(try Self.errors(sample, edits: [:]).isEmpty)
    }

    @Test("The built-in catalog passes for every combination of the site's choices")
    func everyCombination() throws {
        let catalog = try #require(TemplateCatalog.load().catalog)
        #expect(TemplateCheck.variants(of: ReferenceSite.site).count == 408)
        #expect(TemplateCheck.check(catalog, reference: ReferenceSite.site).isEmpty)
    }

    @Test("Registration before the role exists is caught at the registration's steps")
    func registrationBeforeRole() throws {
        let errors = try Self.errors(
            "guide-two-node.yaml",
            edits: [
                "install/12-register-management-servers.yaml": {
                    $0.replacingOccurrences(of: "requires: [restarts-held]", with: "requires: [\"services-handed-over@{node.host}\"]")
                },
                "install/10-create-generic-service-role.yaml": {
                    $0.replacingOccurrences(
                        of: "requires: [\"services-handed-over@every nodes\", \"idp-certificate@every xprotect.idp-nodes\"]",
                        with: "requires: [\"services-handed-over@every nodes\", \"registered@every nodes\"]")
                },
                "install/11-hold-cluster-restarts.yaml": {
                    $0.replacingOccurrences(of: "requires: [management-role]", with: "requires: [management-role, \"registered@every nodes\"]")
                },
            ])
        #expect(errors.contains { $0.id == .templateInvariant && $0.message.contains("registers with MyCluster, a name that does not exist yet") })
        #expect(
            errors.contains {
                $0.id == .templateExpectation
                    && $0.message.contains("register-management-server@Cluster1, register) expects 'role online on Cluster1'")
            })
    }

    @Test("Services left running on a node that does not create the role are caught")
    func servicesLeftRunning() throws {
        let errors = try Self.errors("metro-three-node.yaml", edits: ["install/09-hand-services-to-cluster.yaml": Self.removingStep("stop")])
        #expect(errors.contains { $0.id == .templateInvariant && $0.message.contains("management servers run on MTO-VMS-N1 and MTO-VMS-N2 at once") })
    }

    @Test("IIS stopped on the first node, as the guide does, is caught")
    func iisStopped() throws {
        let errors = try Self.errors(
            "guide-two-node.yaml",
            edits: [
                "install/07-install-management-server-first-node.yaml": {
                    $0
                        + "\n  - id: stop-iis\n    do: Stop IIS.\n    duration: 1m\n    effects:\n      - \"service iis on {first-node.host} is stopped\"\n"
                }
            ])
        #expect(errors.contains { $0.id == .templateExpectation && $0.message.contains("expects 'service iis on Cluster1 is running'") })
        #expect(errors.contains { $0.id == .templateEndState && $0.message.contains("'service iis on Cluster1 is running'") })
    }

    @Test("A new database on the second node is caught")
    func newDatabase() throws {
        let errors = try Self.errors(
            "guide-two-node.yaml",
            edits: [
                "install/08-install-management-server-additional-node.yaml": {
                    $0.replacingOccurrences(
                        of: "      - \"service iis on {node.host} is installed\"",
                        with: "      - \"service iis on {node.host} is installed\"\n      - \"database created\"")
                }
            ])
        #expect(
            errors.contains {
                $0.id == .templateInvariant && $0.message.contains("a second database would replace or split the configuration that Cluster1 created")
            })
    }

    @Test("The SQL Server instance used on a node before Add Node is caught")
    func sqlBeforeAddNode() throws {
        let errors = try Self.errors(
            "guide-two-node.yaml",
            edits: [
                "install/06-add-sql-node.yaml": {
                    $0.replacingOccurrences(of: "requires: [sql-instance, ", with: "requires: [sql-instance, management-role, ")
                },
                "install/08-install-management-server-additional-node.yaml": {
                    $0.replacingOccurrences(of: "    requires: [\"sql-node@{node.host}\"]\n", with: "")
                },
                // Node 1's install waits for every Add Node; with Add Node after the role, that is a circle.
                "install/07-install-management-server-first-node.yaml": {
                    $0.replacingOccurrences(of: "requires: [sql-instance, \"sql-node@every sql-added-nodes\"]", with: "requires: [sql-instance]")
                },
            ])
        #expect(errors.contains { $0.id == .templateExpectation && $0.message.contains("expects 'sql-instance owner Cluster2'") })
    }

    @Test("An event server left running beside the stopped management server is caught")
    func eventServerLeftRunning() throws {
        let errors = try Self.errors(
            "guide-two-node.yaml",
            edits: [
                "install/09-hand-services-to-cluster.yaml": {
                    $0.replacingOccurrences(
                        of: "\"service clustered-services on {node.host} is stopped\"",
                        with: "\"service management-server on {node.host} is stopped\"")
                }
            ])
        #expect(errors.contains { $0.id == .templateInvariant && $0.message.contains("event-server runs on Cluster1 and Cluster2 at once") })
    }

    @Test("An upgrade that does not register the reinstalled management servers again is caught at its end")
    func upgradeWithoutRegistration() throws {
        let placeholder = """
            id: pretend-to-register
            title: "Pretend to register {node.host}"
            foreach: node in nodes
            computer: "{node.host}"
            role: vms-installer
            requires: [restarts-held]
            steps:
              - id: nothing
                do: Nothing.
                duration: 1m
                provides: ["registered@{node.host}"]

            """
        let errors = try Self.errors("guide-two-node.yaml", edits: ["upgrade/10-register-management-servers.yaml": { _ in placeholder }])
        #expect(
            errors.contains {
                $0.id == .templateEndState && $0.message.contains("the upgrade runbook must end with 'Cluster1 registered with MyCluster'")
            })
        #expect(!errors.contains { $0.id == .templateEndState && $0.message.contains("the install runbook") })
    }

    @Test("Registering with the role's FQDN is registering with the role")
    func fqdnIsTheRole() throws {
        let errors = try Self.errors(
            "guide-two-node.yaml",
            edits: [
                "install/12-register-management-servers.yaml": {
                    $0.replacingOccurrences(
                        of: "\"{node.host} registered with {xprotect.role.name}\"", with: "\"{node.host} registered with {xprotect.role.fqdn}\"")
                }
            ])
        #expect(errors.isEmpty, "\(errors.map(\.message))")
    }

    @Test("A fully qualified name is built in one place: the name as written, then the domain")
    func fullyQualifiedNames() {
        #expect(HostName("MTO-VMS-N1").fqdn(in: "metro.example") == "MTO-VMS-N1.metro.example")
        #expect(HostName("rec01.other.example").fqdn(in: "metro.example") == "rec01.other.example", "a dotted name is already qualified")
        #expect(HostName("").fqdn(in: "metro.example") == "", "no name, no FQDN: never a bare '.metro.example'")
    }

    @Test("The state after a step reads back: the role online on the last node, one management server running")
    func stateAfterStep() throws {
        let plan = try PlannerTests.plan("metro-three-node.yaml")
        let site = try #require(SiteLoader().load(file: Fixtures.packageRoot.appendingPathComponent("samples/metro-three-node.yaml").path).site)
        let created = try #require(PlanState.after("configure-generic-service-role.wizard", in: plan, site: site))
        #expect(created.runningManagementServers.isEmpty, "every node's services are stopped before the role is created")
        let state = try #require(PlanState.after("configure-generic-service-role.place", in: plan, site: site))
        #expect(state.role?.owner == HostName("MTO-VMS-N3") && state.role?.online == true)
        #expect(state.runningManagementServers == [HostName("mto-vms-n3")], "names compare without case")
        #expect(PlanState.after("no-such.step", in: plan, site: site) == nil)
        let offline = try #require(PlanState.after("upgrade/take-role-offline.offline", in: plan, site: site))
        #expect(offline.role?.online == false)
    }
}
