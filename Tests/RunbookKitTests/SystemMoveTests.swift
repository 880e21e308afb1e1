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
        #expect(text.contains("lists the management server at \(sample.site.xprotect.upgradeVersion ?? "the new version")"))
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

/// The findings of the fifth pair of domain reviews (issue 22): each test fails when its finding
/// comes back.
@Suite("What the fifth pair of domain reviews found")
struct FifthReviewTests {
    typealias Sample = RunbookSafetyTests.Sample

    static func steps(_ template: String, in procedures: [PlannedProcedure]) -> [String] {
        procedures.filter { $0.templateID == template }.flatMap { $0.steps.map(\.id) }
    }

    @Test("An installer without sysadmin gets db_owner in each restored database before node 1 upgrades them")
    func installerRightsInRestoredDatabases() throws {
        let harbour = try RunbookSafetyTests.sample("external-sql.yaml")
        let restore = try #require(harbour.install.first { $0.templateID == "restore-existing-databases" })
        #expect(restore.steps.map(\.id).contains("installer-rights"))
        #expect(restore.steps.map(\.id).contains("options"), "TRUSTWORTHY is off after a restore")
        let text = try harbour.text("install")
        #expect(
            text.contains("SUSER_SID(N'HARBOUR\\adm-installer')")
                && text.contains("DECLARE @grant nvarchar(400) = N'ALTER ROLE db_owner ADD MEMBER ' + QUOTENAME(@user) + N';';"))
        #expect(text.contains("is_trustworthy_on, is_broker_enabled, compatibility_level"))
    }

    @Test("Where the databases stay, the old server is cut off from them before its uninstaller runs")
    func oldServerCutOff() throws {
        let port = try RunbookSafetyTests.sample("eight-node-external-sql.yaml")
        let ids = Self.steps("retire-existing-management-server", in: port.install)
        let cut = try #require(ids.firstIndex(of: "cut-off"))
        let uninstall = try #require(ids.firstIndex(of: "uninstall"))
        #expect(cut < uninstall)
        #expect(ids.contains("old-login"))
        let lakeside = try RunbookSafetyTests.sample("existing-single-server.yaml")
        #expect(!Self.steps("retire-existing-management-server", in: lakeside.install).contains("cut-off"))
    }

    @Test("The end of the outage says what is not back yet, as the runbook brings it back", arguments: Fixtures.samples)
    func notBackYet(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let install = try sample.text("install")
        let upgrade = try sample.text("upgrade")
        // A new system had no outage to end.
        #expect(install.contains("Table: Not back yet") == (sample.site.xprotect.system?.existing != nil))
        #expect(upgrade.contains("Table: Not back yet"))
        #expect(!upgrade.contains("As each recording server is registered"), "an upgrade re-registers no recording server")
        if let server = sample.site.xprotect.computers.eventServers.first {
            #expect(upgrade.contains("| The event server on \(server.host) | Once procedure \"Upgrade the event server on \(server.host)\""))
        }
    }

    @Test(
        "Every node checks its other Milestone services and the recovery actions; the role's name resolves before anything registers",
        arguments: Fixtures.samples)
    func nodeChecks(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let handed = sample.install.filter { $0.templateID == "hand-services-to-cluster" }
        #expect(handed.count == sample.site.nodes.count)
        #expect(handed.allSatisfy { $0.steps.map(\.id).contains("other-services") && $0.steps.map(\.id).contains("recovery") })
        #expect(Self.steps("configure-generic-service-role", in: sample.install).contains("dns"))
        let requirements = Self.steps("requirements-check", in: sample.install)
        for id in ["dns-updates", "sql-tools", "antivirus", "time", "restarts"] { #expect(requirements.contains(id), "\(id)") }
        #expect(requirements.contains("installers") || requirements.contains("installers-existing"))
        let text = try sample.text("install") + sample.text("upgrade") + sample.text("verify")
        for line in text.split(separator: "\n")
        where line.contains("Set-Service -Name 'Milestone") || line.contains("Set-Service -Name 'MilestoneEvent") {
            #expect(!line.contains("-StartupType Automatic"), "a startup type written down is typed, not assumed: \(line)")
        }
        for line in text.split(separator: "\n") where line.contains("CurrentVersion\\Uninstall\\*'") {
            #expect(line.contains("WOW6432Node"), "32-bit programs are listed too: \(line)")
        }
    }

    @Test(
        "The upgrade checks the licence always, asks go or no-go before the databases are upgraded, and tries the Smart Client",
        arguments: Fixtures.samples)
    func upgradeGates(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        #expect(Self.steps("check-upgrade-readiness", in: sample.upgrade).contains("licence"))
        #expect(Self.steps("reinstall-first-node", in: sample.upgrade).first == "go")
        #expect(Self.steps("test-failover", in: sample.upgrade).contains("licence"))
        let text = try sample.text("upgrade")
        #expect(!text.contains("set the IDP certificate's thumbprint again") || sample.site.xprotect.idpCertificateThumbprint != nil)
    }

    @Test("Failover recording servers of a new system wait for the recording servers they stand in for")
    func newFailoverServersWait() throws {
        let metro = try RunbookSafetyTests.sample("metro-three-node.yaml")
        for failover in metro.install where failover.templateID == "install-failover-recording-servers" {
            #expect(failover.prerequisites.contains { $0.hasPrefix("install-recording-servers@") }, "\(failover.id)")
        }
    }

    @Test("A recording server is restarted once when it is re-pointed, by its registration")
    func recordingServerOnce() throws {
        let lakeside = try RunbookSafetyTests.sample("existing-single-server.yaml")
        let ids = Self.steps("register-recording-servers", in: lakeside.install)
        #expect(!ids.contains("stop") && ids.contains("check"))
    }

    @Test("The verification checks SQL Server Browser and its firewall rules on every node of a named failover instance")
    func verifyBrowser() throws {
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        let verify = try #require(guide.plan.runbooks.first { $0.id == "verify" }).procedures
        #expect(Self.steps("check-services", in: verify).filter { $0.hasPrefix("sql-browser") }.count == guide.site.nodes.count)
        let port = try RunbookSafetyTests.sample("eight-node-external-sql.yaml")
        let portVerify = try #require(port.plan.runbooks.first { $0.id == "verify" }).procedures
        #expect(!Self.steps("check-services", in: portVerify).contains { $0.hasPrefix("sql-browser") })
    }
}

/// The findings of the sixth pair of domain reviews (issue 22): each test fails when its finding
/// comes back.
@Suite("What the sixth pair of domain reviews found")
struct SixthReviewTests {
    static func steps(_ template: String, in procedures: [PlannedProcedure]) -> [String] {
        FifthReviewTests.steps(template, in: procedures)
    }

    /// The lines of a runbook's PowerShell blocks.
    static func powerShell(_ text: String) -> [Substring] {
        var inside = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") {
                inside = trimmed == "```powershell"
                return false
            }
            return inside
        }
    }

    @Test(
        "The upgrade's way back stops everything first and restores offline; its owners are the resources'; restarts are drained",
        arguments: Fixtures.samples)
    func upgradeWayBack(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let upgrade = try sample.text("upgrade")
        #expect(!upgrade.contains("SINGLE_USER"))
        #expect(upgrade.contains("SET OFFLINE WITH ROLLBACK IMMEDIATE") && upgrade.contains("sys.dm_exec_sessions"))
        #expect(!upgrade.contains("Get-ClusterOwnerNode -Group"), "a group's owners are its preferred owners")
        #expect(Self.steps("check-upgrade-readiness", in: sample.upgrade).contains("restarts"))
        let uninstall = Self.steps("uninstall-management-server", in: sample.upgrade)
        #expect(uninstall.filter { $0 == "inventory" }.count == sample.site.nodes.count)
        #expect(Self.steps("reinstall-first-node", in: sample.upgrade).contains("add-ons"))
        #expect(!(try sample.text("install")).contains("SINGLE_USER"))
    }

    @Test("No node is asked to run a SQL Server tool it does not have", arguments: Fixtures.samples)
    func noSqlcmdOnNodes(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        for runbook in ["install", "upgrade", "verify"] {
            let lines = Self.powerShell(try sample.text(runbook))
            #expect(!lines.contains { $0.drop { $0 == " " }.hasPrefix("sqlcmd") }, "\(runbook)")
        }
    }

    @Test("Where the databases stay, an installer without sysadmin gets db_owner in them before the cut-over")
    func installerRightsInPlace() throws {
        let port = try RunbookSafetyTests.sample("eight-node-external-sql.yaml")
        let prepare = Self.steps("prepare-external-sql", in: port.install)
        #expect(prepare.contains("permissions-in-place") && !prepare.contains("permissions") && prepare.contains("installer-form"))
        let install = try port.text("install")
        #expect(install.contains("SUSER_SID(N'PORT\\adm-vms')") && install.contains("N'ALTER ROLE db_owner ADD MEMBER ' + QUOTENAME(@user)"))
    }

    @Test("The external IDP's certificate is on every node before the role first moves")
    func idpBeforeRole() throws {
        let harbour = try RunbookSafetyTests.sample("external-sql.yaml")
        let role = try #require(harbour.index("configure-generic-service-role", in: harbour.install))
        let certificates = harbour.indices("protect-idp-with-certificate", in: harbour.install)
        #expect(certificates.count == harbour.site.nodes.count && certificates.allSatisfy { $0 < role })
    }

    @Test(
        "Smaller findings: multipath claims its disks, clusters without disks take none, the restore test is no Surveillance database, checkpoints and cluster logs"
    )
    func smaller() throws {
        let metro = try RunbookSafetyTests.sample("metro-three-node.yaml")
        #expect(try metro.text("install").contains("Enable-MSDSMAutomaticClaim -BusType iSCSI"))
        let harbour = try RunbookSafetyTests.sample("external-sql.yaml")
        #expect(try harbour.text("install").contains(" -NoStorage"))
        #expect(Self.steps("install-management-server-first-node", in: harbour.install).contains("checkpoint"))
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        let text = try guide.text("install")
        #expect(!text.contains(" -NoStorage") && text.contains("RestoreTest_Surveillance") && !text.contains("Surveillance_RestoreTest"))
        let verify = try #require(guide.plan.runbooks.first { $0.id == "verify" }).procedures
        let test = Self.steps("failover-test", in: verify)
        #expect(test.first == "announce" && test.contains("over") && test.contains("cluster-log"))
    }
}

/// The findings of the seventh pair of domain reviews (issue 22): each test fails when its
/// finding comes back.
@Suite("What the seventh pair of domain reviews found")
struct SeventhReviewTests {
    static func steps(_ template: String, in procedures: [PlannedProcedure]) -> [String] {
        FifthReviewTests.steps(template, in: procedures)
    }

    @Test(
        "A migration's way back disables what the cluster's nodes installed before the old server starts again",
        arguments: ["existing-single-server.yaml", "external-sql.yaml", "eight-node-external-sql.yaml"])
    func wayBackDisablesNodes(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let text = try sample.text("install").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("stop the clustered services and IIS (W3SVC) and set them to **Disabled**"), "\(name)")
        #expect(text.contains("whose event server or log server was stopped for the move, set it back"))
    }

    @Test("The external IDP learns the role's address before the cut-over; a new system is asked about one")
    func idpRedirect() throws {
        let harbour = try RunbookSafetyTests.sample("external-sql.yaml")
        #expect(Self.steps("planning-checklist", in: harbour.install).contains("existing-idp-redirect"))
        // A new system of a version with external IDP sign-in (2022 R3 on, Milestone).
        let riverside = try RunbookSafetyTests.sample("four-node-file-share-witness.yaml")
        #expect(Self.steps("planning-checklist", in: riverside.install).contains("new-idp"))
    }

    @Test(
        "The upgrade's backups are dated files, stop at the first error, and the way back restores those files and the options a restore resets",
        arguments: Fixtures.samples)
    func upgradeBackups(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let upgrade = try sample.text("upgrade")
        #expect(upgrade.contains("N'-before-upgrade-' + @stamp + N'.bak'") && upgrade.contains("THROW;"))
        #expect(!upgrade.contains("Surveillance-before-upgrade.bak"))
        #expect(upgrade.contains("ALTER AUTHORIZATION ON DATABASE::[Surveillance]"))
        let install = try sample.text("install")
        #expect(upgrade.contains("DrainStatus") && install.contains("DrainStatus"))
        let uninstall = Self.steps("uninstall-management-server", in: sample.upgrade)
        #expect(uninstall.filter { $0 == "databases" }.count == sample.site.nodes.count)
        #expect(!upgrade.contains("still at \(sample.site.xprotect.version) after this runbook"))
    }

    @Test("A SQL Server name with a port that the installer refuses stops the run for a new site description, not a half alias")
    func portFallback() throws {
        let port = try RunbookSafetyTests.sample("eight-node-external-sql.yaml")
        let text = try port.text("install").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(!text.contains("client alias") && text.contains("generate the runbooks again, so that every step"))
    }
}

/// The findings of the eighth pair of domain reviews (issue 22): each test fails when its
/// finding comes back.
@Suite("What the eighth pair of domain reviews found")
struct EighthReviewTests {
    @Test(
        "A migration's backups are dated files that stop at the first error, and the way back names them",
        arguments: ["existing-single-server.yaml", "eight-node-external-sql.yaml"])
    func migrationBackups(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let text = try sample.text("install")
        #expect(text.contains("N'-before-move-' + @stamp + N'.bak'") && !text.contains("@name + N'.bak'"))
        #expect(!text.contains("\\Surveillance.bak'"))
        #expect(FifthReviewTests.steps("take-existing-system-out-of-service", in: sample.install).contains("at-hand"))
    }

    @Test(
        "The upgrade asks about an external IDP the site does not name; the verification reads each node's SQL Server edition; the failover test's count is written down"
    )
    func smaller() throws {
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        // A version with external IDP sign-in (2022 R3 on) and no certificate named: asked.
        let riverside = try RunbookSafetyTests.sample("four-node-file-share-witness.yaml")
        #expect(FifthReviewTests.steps("check-upgrade-readiness", in: riverside.upgrade).contains("idp-unstated"))
        let verify = try #require(guide.plan.runbooks.first { $0.id == "verify" }).procedures
        #expect(FifthReviewTests.steps("check-services", in: verify).filter { $0 == "sql-edition" }.count == guide.site.nodes.count)
        #expect(FifthReviewTests.steps("verify-failover", in: guide.install).contains("failover-count"))
        let upgrade = try guide.text("upgrade").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(upgrade.contains("reinstall the old version on every computer of its own that this runbook has upgraded"))
    }
}

@Suite("What the ninth pair of domain reviews found")
struct NinthReviewTests {
    static func steps(_ template: String, in procedures: [PlannedProcedure]) -> [String] {
        FifthReviewTests.steps(template, in: procedures)
    }

    /// A runbook's Markdown with every run of white space made one space, so that a phrase is
    /// found wherever the text wraps.
    static func text(_ sample: RunbookSafetyTests.Sample, _ runbook: String) throws -> String {
        try sample.text(runbook).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func verify(_ sample: RunbookSafetyTests.Sample) throws -> [PlannedProcedure] {
        try #require(sample.plan.runbooks.first { $0.id == "verify" }).procedures
    }

    /// The install's failover test record, as its acceptance page carries it.
    static func acceptance(_ sample: RunbookSafetyTests.Sample) -> [Acceptance.Test] {
        sample.plan.runbooks.first { $0.id == "install" }?.acceptance?.tests ?? []
    }

    @Test(
        "The failover tests switch the owner off without warning, read the restart threshold first, and say truly what counts against the limit",
        arguments: Fixtures.samples)
    func unplannedFailure(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let install = Self.steps("verify-failover", in: sample.install)
        #expect(install.contains { $0 == "switch-off" || $0 == "switch-off-role-only" })
        #expect(!install.contains("restart") && !install.contains("restart-role-only"), "a planned restart is no failure")
        #expect(Self.steps("failover-test", in: try Self.verify(sample)).contains("switch-off"))
        for runbook in ["install", "verify"] {
            let text = try Self.text(sample, runbook)
            #expect(text.contains("Power Off"), "\(runbook)")
            #expect(!text.contains("the simulated failure counts against"), "a resource restarted in place moves nothing (\(runbook))")
            #expect(text.contains("made the role fail over, and that failover counts against the role's limit"), "\(runbook)")
            #expect(text.contains("RestartThreshold, RestartPeriod"), "\(runbook)")
            #expect(!text.contains("back from the one before"), "\(runbook)")
        }
        let acceptance = Self.acceptance(sample).map(\.test)
        #expect(acceptance.contains { $0.hasPrefix("Switch \(sample.site.nodes[0].host) off without warning") })
        #expect(!acceptance.contains { $0.contains("a planned move") })
    }

    @Test("An external IDP is signed in to, and its log read, with each node owning the role, and the acceptance page says so")
    func idpOnEveryNode() throws {
        let harbour = try RunbookSafetyTests.sample("external-sql.yaml")
        let nodes = harbour.site.nodes.count
        #expect(Self.steps("verify-failover", in: harbour.install).filter { $0.hasPrefix("idp-every-node@") }.count == nodes)
        #expect(Self.steps("failover-test", in: try Self.verify(harbour)).filter { $0.hasPrefix("idp-every-node@") }.count == nodes)
        #expect(Self.acceptance(harbour).filter { $0.test.hasPrefix("Sign-in through the external IDP") }.count == nodes)
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        #expect(!Self.steps("verify-failover", in: guide.install).contains { $0.hasPrefix("idp-every-node") })
    }

    @Test(
        "Where SQL Server is outside the cluster, the upgrade names the right restart risk and freezes that server; the acceptance page asks about its availability"
    )
    func externalSQLUpgrade() throws {
        for name in ["external-sql.yaml", "eight-node-external-sql.yaml"] {
            let sample = try RunbookSafetyTests.sample(name)
            let upgrade = try Self.text(sample, "upgrade")
            #expect(!upgrade.contains("node that owns the SQL Server"))
            #expect(Self.steps("check-upgrade-readiness", in: sample.upgrade).contains("sql-freeze"))
            #expect(Self.acceptance(sample).contains { $0.test.hasPrefix("Availability of SQL Server") })
        }
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        #expect(!Self.steps("check-upgrade-readiness", in: guide.upgrade).contains("sql-freeze"))
        #expect(Self.steps("check-upgrade-readiness", in: guide.upgrade).contains("validate"), "validated before the outage")
        #expect(!Self.acceptance(guide).contains { $0.test.hasPrefix("Availability of SQL Server") })
    }

    @Test("The verification reads every registered service the window lists, not the guide's rows", arguments: Fixtures.samples)
    func registeredServices(_ name: String) throws {
        let text = try Self.text(try RunbookSafetyTests.sample(name), "verify")
        #expect(text.contains("open every entry the window lists"))
        #expect(!text.contains("Each address has the host part the table shows"))
    }

    @Test("SQL Server starts before the management server role, and the role's resources start only after their dependencies")
    func startOrder() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let steps = Self.steps("configure-generic-service-role", in: sample.install)
            let resource = try #require(steps.lastIndex { $0.hasPrefix("resource@") })
            let dependency = try #require(steps.lastIndex(of: "dependency-data-collector"))
            let online = try #require(steps.firstIndex { $0.hasPrefix("resources-online@") })
            #expect(resource < dependency && dependency < online, "\(name)")
            let fci = sample.site.sqlServer.isFailoverInstance
            #expect(steps.contains("sql-first") == fci, "\(name)")
            #expect(Self.steps("check-cluster", in: try Self.verify(sample)).contains("start-order") == fci, "\(name)")
        }
    }

    @Test("The verification reads the cluster's event history, compares the nodes, lists expiring certificates, free space and every kind of backup")
    func verificationDepth() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let verify = try Self.verify(sample)
            let cluster = Self.steps("check-cluster", in: verify)
            #expect(["events", "alike", "certificates"].allSatisfy(cluster.contains), "\(name)")
            #expect(Self.steps("check-sql-server", in: verify).contains("space") == sample.site.sqlServer.isFailoverInstance)
            let text = try Self.text(sample, "verify")
            #expect(text.contains("last_copy_only_backup") && text.contains("last_snapshot_backup") && !text.contains("AND b.is_copy_only = 0"))
            #expect(text.contains("is never installed, repaired or patched on one node"))
            #expect(!text.contains("On each server in the table, start"), "the Management Client is the first check, not every desktop")
        }
    }

    @Test("The install asks for the decisions the reviews missed, names the database to keep, and leaves nothing to guesswork")
    func installDecisionsAndWording() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let text = try Self.text(sample, "install")
            #expect(text.contains("SQL Server connection encryption") && text.contains("Client network"), "\(name)")
            #expect(text.contains("each recording server's certificate names that recording server"), "\(name)")
            #expect(!text.contains("and that each is formatted with NTFS"), "an offline disk shows no file system")
            #expect(text.contains("Get-NetFirewallRule -DisplayName") == sample.site.sqlServer.isFailoverInstance, "\(name)")
            #expect(!text.contains("back from the one before"))
            #expect(Self.steps("verify-failover", in: sample.install).contains("cluster-settings"))
            let keeps = text.components(separatedBy: "never choose anything that creates, overwrites or replaces a database").count - 1
            let existing = text.components(separatedBy: "Choose **Use existing database**").count - 1
            #expect(keeps > 0 && keeps == existing, "\(name): every Use existing database says what never to choose")
            let upgrade = try Self.text(sample, "upgrade")
            #expect(!upgrade.contains("either added to the role like the others or left stopped and manual"))
            let way = try Self.text(sample, "upgrade").components(separatedBy: "never choose anything that creates").count - 1
            #expect(way > 0 && way == upgrade.components(separatedBy: "Choose **Use existing database**").count - 1)
            if sample.site.xprotect.system?.existing != nil {
                #expect(text.contains("Out-of-service window agreed"), "\(name)")
                #expect(text.contains("should it ask for the licence to be activated again"), "\(name): the way back")
            }
        }
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        #expect(Self.steps("test-failover", in: guide.upgrade).contains("smart-client-sign-in"))
        #expect(try Self.text(guide, "install").contains("add them to the site description and generate the verification runbook again"))
    }

    @Test("One sample uses a cloud witness: it sets it, checks port 443 from every node, and has no quorum disk")
    func cloudWitness() throws {
        let metro = try RunbookSafetyTests.sample("metro-three-node.yaml")
        guard case .cloud = metro.site.cluster.witness else {
            Issue.record("metro-three-node.yaml has no cloud witness")
            return
        }
        let text = try Self.text(metro, "install")
        #expect(text.contains("Configure a cloud witness") && text.contains("-Port 443"))
        #expect(!metro.site.storage.contains { $0.purpose == .quorum })
    }
}

@Suite("What the tenth pair of domain reviews found")
struct TenthReviewTests {
    static func steps(_ template: String, in procedures: [PlannedProcedure]) -> [String] {
        FifthReviewTests.steps(template, in: procedures)
    }

    static func verify(_ sample: RunbookSafetyTests.Sample) throws -> [PlannedProcedure] {
        try NinthReviewTests.verify(sample)
    }

    @Test("A new system's first node checks the instance holds no XProtect database before it creates one", arguments: Fixtures.samples)
    func emptyBeforeCreate(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let steps = Self.steps("install-management-server-first-node", in: sample.install)
        let new = sample.site.xprotect.system?.existing == nil
        #expect(steps.contains("empty") == new, "\(name)")
        if new {
            #expect(try #require(steps.firstIndex(of: "empty")) < (try #require(steps.firstIndex(of: "database"))))
            #expect(try NinthReviewTests.text(sample, "install").contains("offers to overwrite it, cancel the installation"))
        }
    }

    @Test("Restored databases get an owner the database team chooses, never sa by our word, and TRUSTWORTHY only with the warning")
    func ownersAndTrustworthy() throws {
        for name in ["existing-single-server.yaml", "external-sql.yaml"] {
            let text = try NinthReviewTests.text(try RunbookSafetyTests.sample(name), "install")
            #expect(!text.contains("TO [sa]") && !text.contains("owner login, or sa"), "\(name)")
            #expect(text.contains("a TRUSTWORTHY database whose owner is a sysadmin"), "\(name)")
            #expect(text.contains("ask Milestone whether XProtect needs it"), "\(name)")
        }
        // The way back over databases that stay in place sets owner and options back too.
        let port = try NinthReviewTests.text(try RunbookSafetyTests.sample("eight-node-external-sql.yaml"), "install")
        #expect(port.contains("set back each one's owner and options as the backup table records them"))
        #expect(port.contains("a restore leaves TRUSTWORTHY off, owned by whoever restored"))
    }

    @Test("Version and collation of the old SQL Server are settled in the planning, before anything stops")
    func collationPlanned() throws {
        let lakeside = try RunbookSafetyTests.sample("existing-single-server.yaml")
        let planning = Self.steps("planning-checklist", in: lakeside.install)
        #expect(planning.contains("existing-sql") && planning.contains("existing-sql-fci") && !planning.contains("existing-sql-external"))
        #expect(try NinthReviewTests.text(lakeside, "install").contains("| Server Configuration | Collation (tab) |"))
        let harbour = Self.steps("planning-checklist", in: try RunbookSafetyTests.sample("external-sql.yaml").install)
        #expect(harbour.contains("existing-sql-external") && !harbour.contains("existing-sql-fci"))
        let port = Self.steps("planning-checklist", in: try RunbookSafetyTests.sample("eight-node-external-sql.yaml").install)
        #expect(!port.contains("existing-sql"), "databases that stay are not compared with themselves")
    }

    @Test(
        "Support lifecycles are checked, the SQL Server role gets the role's failover limit, and every verification proves a restore",
        arguments: Fixtures.samples)
    func lifecycleLimitsRestore(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        #expect(Self.steps("requirements-check", in: sample.install).contains("lifecycle"))
        #expect(Self.steps("check-upgrade-readiness", in: sample.upgrade).contains("lifecycle"))
        let fci = sample.site.sqlServer.isFailoverInstance
        let install = try NinthReviewTests.text(sample, "install")
        #expect(
            install.contains("$sql.FailoverThreshold = \(max(sample.site.nodes.count - 1, sample.site.xprotect.failoverPolicy.failures))") == fci,
            "\(name)")
        let backups = Self.steps("check-backups", in: try Self.verify(sample))
        #expect(backups.contains("restore-test") == fci && backups.contains("restore-date") == !fci, "\(name)")
        for runbook in ["install", "upgrade", "verify"] {
            let text = try NinthReviewTests.text(sample, runbook)
            #expect(!text.contains("```powershell Get-ClusterLog"), "\(runbook): the log's folder is made first")
            #expect(text.contains("New-Item -ItemType Directory -Path C:\\ClusterLogs -Force"), "\(runbook)")
        }
        #expect(install.contains("(Get-Cluster).WitnessDynamicWeight") == (sample.site.cluster.witness != .none))
        #expect(try NinthReviewTests.text(sample, "verify").contains("Only with the customer's agreement for this verification"))
    }

    @Test("A cloud witness is set by command too, its key's rotation has an owner, and the verification tries port 443 from every node")
    func cloudWitnessCommand() throws {
        let metro = try RunbookSafetyTests.sample("metro-three-node.yaml")
        #expect(
            try NinthReviewTests.text(metro, "install").contains("Set-ClusterQuorum -CloudWitness -AccountName 'mtovmswitness' -AccessKey $key")
                && NinthReviewTests.text(metro, "install").contains("Read-Host -AsSecureString")
        )
        #expect(try NinthReviewTests.text(metro, "install").contains("who rotates the storage account's keys"))
        #expect(try NinthReviewTests.text(metro, "verify").contains("every node reaches the storage account on port 443"))
    }

    @Test("An upgrade without recording servers checks none, and keeps the components the install put on the nodes")
    func upgradeEnd() throws {
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        let steps = Self.steps("test-failover", in: guide.upgrade)
        #expect(!steps.contains("recording-servers") && steps.contains("next"))
        #expect(try NinthReviewTests.text(guide, "upgrade").contains("a component the install decided the nodes run"))
        let metro = Self.steps("test-failover", in: try RunbookSafetyTests.sample("metro-three-node.yaml").upgrade)
        #expect(metro.contains("recording-servers") && !metro.contains("next"))
    }
}

@Suite("What the eleventh pair of domain reviews found")
struct EleventhReviewTests {
    @Test("Where the databases move, their restore is rehearsed before the outage, and the outage waits for it")
    func rehearsal() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let rehearse = sample.install.firstIndex { $0.templateID == "rehearse-restore" }
            let moves = sample.site.xprotect.system?.existing != nil && !sample.site.existingDatabasesStay
            #expect((rehearse != nil) == moves, "\(name)")
            guard let rehearse else { continue }
            let stop = try #require(sample.index("take-existing-system-out-of-service", in: sample.install))
            #expect(rehearse < stop && sample.install[stop].prerequisites.contains(sample.install[rehearse].id))
            let text = try NinthReviewTests.text(sample, "install")
            #expect(text.contains("N'-rehearsal-'") && text.contains("LIKE N'Rehearsal[_]%'"))
        }
    }

    @Test(
        "The SQL Server role's limit never falls below Windows' default for the nodes",
        arguments: SetupFileTests.failoverInstanceSites.filter { $0.hasPrefix("samples/") }.map { String($0.dropFirst("samples/".count)) })
    func sqlLimit(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let expected = max(sample.site.nodes.count - 1, sample.site.xprotect.failoverPolicy.failures)
        let text = try NinthReviewTests.text(sample, "install")
        #expect(text.contains("$sql.FailoverThreshold = \(expected)"))
        #expect(!text.contains("a two-node cluster's SQL Server role fails over once"))
    }

    @Test("Every sample's upgrade names the version it installs; the guide's nodes run the Windows its 2022 R1 notes require")
    func namedUpgrades() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            #expect(sample.site.xprotect.upgradeVersion != nil, "\(name)")
            #expect(!(try NinthReviewTests.text(sample, "upgrade")).contains("the site description does not name"), "\(name)")
        }
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        #expect(guide.site.nodes.allSatisfy { $0.windowsVersion == 2019 })
    }

    @Test("An external SQL Server's availability is a decision in the planning and a question in every verification")
    func externalAvailability() throws {
        for name in ["external-sql.yaml", "eight-node-external-sql.yaml"] {
            let sample = try RunbookSafetyTests.sample(name)
            #expect(try NinthReviewTests.text(sample, "install").contains("| Availability of the SQL Server |"))
            #expect(TenthReviewTests.steps("check-backups", in: try NinthReviewTests.verify(sample)).contains("sql-availability"))
        }
    }

    @Test("A drained node's restart waits until the cluster has it back, paused, before it is resumed")
    func restartWaits() throws {
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        for runbook in ["install", "upgrade"] {
            #expect(try NinthReviewTests.text(guide, runbook).contains("while ((Get-ClusterNode -Name $node).State -ne 'Paused')"))
        }
    }
}
