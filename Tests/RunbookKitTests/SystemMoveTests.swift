import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

/// A new system or an existing one moved into the cluster (issue 22): each finding of the
/// second domain review has a test here that fails when it comes back.
@Suite("New and existing systems, and what the field missed")
struct SystemMoveTests {
    typealias Sample = RunbookSafetyTests.Sample

    static func ids(_ procedures: [PlannedProcedure]) -> [String] { procedures.map(\.id) }

    @Test("An existing system is stopped, backed up, restored, used by node 1 as it is, re-pointed and retired, in that order")
    func existingSystemOrder() throws {
        let sample = try RunbookSafetyTests.sample("existing-single-server.yaml")
        let install = sample.install
        let stop = try #require(sample.index("take-existing-system-out-of-service", in: install))
        let backup = try #require(sample.index("back-up-existing-databases", in: install))
        let restore = try #require(sample.index("restore-existing-databases", in: install))
        let first = try #require(sample.index("install-management-server-first-node", in: install))
        let register = try #require(install.firstIndex { $0.templateID == "register-recording-servers" })
        let retire = try #require(sample.index("retire-existing-management-server", in: install))
        let test = try #require(sample.index("verify-failover", in: install))
        #expect(stop < backup && backup < restore && restore < first && first < register && register < test && test < retire)
        // The requirements say so, not only the printed order.
        #expect(install[backup].prerequisites.contains(install[stop].id))
        #expect(install[restore].prerequisites.contains(install[backup].id))
        #expect(install[first].prerequisites.contains(install[restore].id))
        #expect(install[retire].prerequisites.contains(install[test].id), "the old server is the way back until the failover test passes")
        #expect(!install.contains { $0.templateID == "install-recording-servers" }, "existing recording servers are re-pointed, never installed")
        let text = try sample.text("install")
        #expect(text.contains("Use existing database"))
        #expect(!text.contains("Create new database"), "a new database would lose the existing configuration")
        #expect(text.contains("COPY_ONLY, CHECKSUM"))
        #expect(text.contains("RESTORE VERIFYONLY"))
        #expect(text.contains("LIKE N'Surveillance%'"), "the databases are listed from the instance, not assumed")
    }

    @Test("A new system's computers are installed against the role's name and never stopped or re-pointed")
    func newSystem() throws {
        let sample = try RunbookSafetyTests.sample("four-node-file-share-witness.yaml")
        let ids = Self.ids(sample.install)
        #expect(ids.contains { $0.hasPrefix("install-recording-servers@") })
        #expect(!ids.contains { $0.hasPrefix("register-recording-servers@") })
        #expect(!ids.contains("take-existing-system-out-of-service") && !ids.contains("retire-existing-management-server"))
        let text = try sample.text("install")
        #expect(text.contains("Create new database"))
        #expect(!text.contains("Stop Recording Server Service"))
    }

    @Test("Databases already on the external SQL Server stay there: backed up, not restored")
    func databasesStay() throws {
        let sample = try RunbookSafetyTests.sample("eight-node-external-sql.yaml")
        let ids = Self.ids(sample.install)
        #expect(ids.contains("back-up-existing-databases"))
        #expect(!ids.contains("restore-existing-databases"))
        let first = try #require(sample.index("install-management-server-first-node", in: sample.install))
        let backup = try #require(sample.index("back-up-existing-databases", in: sample.install))
        #expect(sample.install[first].prerequisites.contains(sample.install[backup].id))
    }

    @Test("An existing system older than the cluster's version: node 1's install upgrades the restored copies, the originals stay")
    func existingUpgrade() throws {
        let sample = try RunbookSafetyTests.sample("external-sql.yaml")
        let text = try sample.text("install").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("installing 2024 R2 against them upgrades them"))
        #expect(text.contains("The originals on AAR-VMS01\\SQLEXPRESS stay as they were"))
        #expect(!text.contains("point of no return"), "the originals are untouched while they move")
    }

    @Test("The old management server left running beside a node's is caught by the state")
    func oldServerLeftRunning() throws {
        let errors = try RunbookStateTests.errors(
            "existing-single-server.yaml",
            edits: [
                "install/06a-take-existing-system-out-of-service.yaml": {
                    $0.replacingOccurrences(
                        of: "      - \"service management-server on {xprotect.existing.management-server} is stopped\"\n", with: "")
                }
            ])
        #expect(
            errors.contains { $0.id == .templateInvariant && $0.message.contains("backed up while the management server on VMS-LEGACY01 still runs") }
        )
        #expect(
            errors.contains { $0.id == .templateInvariant && $0.message.contains("existing system's management server on VMS-LEGACY01 still runs") })
    }

    @Test("An old management server never retired fails the install's end state")
    func notRetired() throws {
        let errors = try RunbookStateTests.errors(
            "existing-single-server.yaml",
            edits: [
                "install/18a-retire-existing-management-server.yaml": {
                    $0.replacingOccurrences(
                        of: "      - \"service management-server on {xprotect.existing.management-server} is removed\"\n", with: "")
                }
            ])
        #expect(errors.contains { $0.id == .templateEndState && $0.message.contains("service management-server on VMS-LEGACY01 is removed") })
    }

    @Test("Node 1 creating a new database at an existing system is caught")
    func newDatabaseAtExisting() throws {
        let errors = try RunbookStateTests.errors(
            "existing-single-server.yaml",
            edits: [
                "install/07-install-management-server-first-node.yaml": {
                    $0.replacingOccurrences(of: "    when: xprotect.new-system\n", with: "")
                }
            ])
        #expect(errors.contains { $0.id == .templateInvariant && $0.message.contains("leave behind the configuration of the existing system") })
    }

    @Test("SQL Server Add Node runs on one node at a time")
    func addNodeInTurn() throws {
        let sample = try RunbookSafetyTests.sample("metro-three-node.yaml")
        let n3 = try #require(sample.install.first { $0.id == "add-sql-node@MTO-VMS-N3" })
        #expect(n3.prerequisites.contains("add-sql-node@MTO-VMS-N2"))
    }

    @Test("The install sets up backups, activates the licence, checks the quorum and fails a resource on purpose", arguments: Fixtures.samples)
    func fieldChecks(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let text = try sample.text("install").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let ids = Self.ids(sample.install)
        #expect(ids.contains("set-up-database-backups") && ids.contains("activate-licence"))
        #expect(text.contains("Test-ClusterResourceFailure"))
        #expect(text.contains("Add-ClusterResourceDependency -Resource 'Milestone XProtect Data Collector Server'"))
        #expect(text.contains("Get-ClusterQuorum"))
        #expect(text.contains("Decisions before installing"))
        let test = try #require(sample.index("verify-failover", in: sample.install))
        for id in ["set-up-database-backups", "activate-licence"] {
            let index = try #require(sample.index(id, in: sample.install))
            #expect(sample.install[test].prerequisites.contains(sample.install[index].id))
        }
        let upgrade = try sample.text("upgrade").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(upgrade.contains("COPY_ONLY, CHECKSUM") && upgrade.contains("RESTORE VERIFYONLY"))
        #expect(upgrade.contains("the way back"))
    }

    @Test("A file share witness on a node of the cluster is refused")
    func witnessOnNode() throws {
        let url = Fixtures.packageRoot.appendingPathComponent("samples/external-sql.yaml")
        let text = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
            of: #"path: \\AAR-FS01\ClusterWitness$"#, with: #"path: \\AAR-VMS-N2\ClusterWitness$"#)
        let pipeline = Pipeline(catalog: try #require(TemplateCatalog.load().catalog))
        let result = pipeline.load(Pipeline.Source(file: "site.yaml", data: Data(text.utf8)))
        #expect(result.site == nil)
        #expect(result.diagnostics.contains { $0.id == .invalidWitnessShare && $0.message.contains("a node of this cluster") })
    }

    @Test("A building's failover recording servers wait for its recording servers")
    func failoverServersWait() throws {
        let sample = try RunbookSafetyTests.sample("eight-node-external-sql.yaml")
        for building in ["North terminal", "South terminal", "Ferry terminal"] {
            let failover = try #require(
                sample.install.first { $0.id == "register-failover-recording-servers@Failover recording servers, \(building)" })
            #expect(failover.prerequisites.contains("register-recording-servers@Recording servers, \(building)"))
        }
    }

    @Test("The upgrade records its checks and ends with an acceptance page", arguments: Fixtures.samples)
    func upgradeAcceptance(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let upgrade = try #require(sample.plan.runbooks.first { $0.id == "upgrade" })
        #expect(upgrade.record && upgrade.acceptance != nil)
        let text = try sample.text("upgrade")
        #expect(text.contains("## Acceptance") && text.contains("Table: Signatures"))
        #expect(text.contains("lists the management server at the new version"))
    }

    @Test("The upgrade's backup is taken with IIS stopped on every node, started again afterwards")
    func upgradeBackupWithoutIIS() throws {
        let sample = try RunbookSafetyTests.sample("guide-two-node.yaml")
        let upgrade = sample.upgrade
        let backup = try #require(sample.index("back-up-databases", in: upgrade))
        let stopped = upgrade[..<backup].flatMap { $0.steps.flatMap(\.effects) }.map { "\($0.statement)" }
        for node in sample.site.nodes {
            #expect(stopped.contains("service iis on \(node.host) is stopped"), "\(stopped)")
        }
        // Without the stop, the backup's expectation fails.
        let errors = try RunbookStateTests.errors(
            "guide-two-node.yaml",
            edits: [
                "upgrade/02-take-role-offline.yaml": {
                    $0.replacingOccurrences(of: "    effects:\n      - \"service iis on {node.host} is stopped\"\n", with: "")
                }
            ])
        #expect(errors.contains { $0.id == .templateExpectation && $0.message.contains("service iis on") })
    }

    @Test("The overview says how long the management server is out of service, from the procedures' times")
    func outage() throws {
        let upgrade = try RunbookSafetyTests.sample("guide-two-node.yaml")
        let runbook = try #require(upgrade.plan.runbooks.first { $0.id == "upgrade" })
        let outage = try #require(runbook.outage)
        #expect(runbook.procedures[outage.from].templateID == "take-role-offline")
        #expect(runbook.procedures[outage.to].templateID == "update-registered-services")
        let times = CriticalPath(runbook)
        let length = times.earliestFinish(of: outage.to) - times.earliestStart(of: outage.from)
        // Words as a reader sees them: the Markdown's quote marks at each line's start left out.
        let text = try upgrade.text("upgrade").split(whereSeparator: \.isWhitespace).filter { $0 != ">" }.joined(separator: " ")
        #expect(text.contains("The management server is out of service from the start of procedure \(outage.from + 1)"))
        #expect(text.contains("about \(PlanReport.duration(length)) by this runbook's times"))
        #expect(length > 0 && length < runbook.duration)
        // A new system has nothing to take out of service while it is installed.
        let install = try #require(upgrade.plan.runbooks.first { $0.id == "install" })
        #expect(install.outage == nil)
        let existing = try RunbookSafetyTests.sample("existing-single-server.yaml")
        #expect(existing.plan.runbooks.first { $0.id == "install" }?.outage != nil)
    }
}
