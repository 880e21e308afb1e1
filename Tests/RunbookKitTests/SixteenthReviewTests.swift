import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

/// What the sixteenth pair of domain reviews (a field engineer and the customer's auditor,
/// reading every sample) found; each test fails when its finding comes back.
@Suite("What the sixteenth pair of domain reviews found")
struct SixteenthReviewTests {
    static let runbooks = ["install", "upgrade", "verify"]

    /// The planned steps of a template, in every runbook of the plan.
    static func steps(_ template: String, in sample: RunbookSafetyTests.Sample) -> [PlannedStep] {
        sample.plan.runbooks.flatMap(\.procedures).filter { $0.templateID == template }.flatMap(\.steps)
    }

    /// A step's expected result as plain text, nil where it has none.
    static func result(_ template: String, _ step: String, in sample: RunbookSafetyTests.Sample) -> String? {
        steps(template, in: sample).first { $0.id == step }?.content.result?.plainText
    }

    @Test("A restore test reads the room on every disk of the database before it restores, and takes backups without checksums too")
    func restoreTestsCheckRoom() throws {
        var scripts = 0
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            for runbook in Self.runbooks {
                let text = try sample.text(runbook)
                guard text.contains("N'RestoreTest_' + @source") else { continue }
                scripts += 1
                let restore = try #require(text.range(of: "N'RESTORE DATABASE ' + QUOTENAME(@test)"))
                let room = try #require(text.range(of: "sys.dm_os_volume_stats(f.database_id, f.file_id)"), "\(name) \(runbook)")
                #expect(room.lowerBound < restore.lowerBound, "\(name) \(runbook): the room is read before the restore")
                #expect(text.contains("WHERE available - need < total / 5;"), "\(name) \(runbook)")
                #expect(text.contains("IF @short IS NOT NULL THROW 50000, @short, 1;"), "\(name) \(runbook)")
                #expect(!text.contains("N' FROM DISK = @file WITH CHECKSUM'"), "\(name) \(runbook): a backup without checksums restores too")
                #expect(!text.contains("the test database needs about as much again"), "\(name) \(runbook): the backup's size is no measure")
            }
        }
        // Install, upgrade and verification of the four samples with a failover instance, and
        // the rehearsal of a move whose databases stay on their SQL Server.
        #expect(scripts >= 13)
    }

    @Test("What the customer signs for has an expected result: validation, registration, services, backups, the old server")
    func resultsToSign() throws {
        let expected: [(template: String, step: String, samples: [String])] = [
            ("register-management-server", "left-stopped", Fixtures.samples),
            ("register-management-server", "role-online", Fixtures.samples),
            ("update-registered-services", "registered-services", Fixtures.samples),
            ("update-registered-services", "service-address", Fixtures.samples),
            ("install-management-server-first-node", "account", Fixtures.samples),
            ("install-management-server-first-node", "database-access", Fixtures.samples),
            ("requirements-check", "time", Fixtures.samples),
            ("requirements-check", "antivirus", Fixtures.samples),
            ("install-sql-failover-instance", "firewall", ["guide-two-node.yaml", "metro-three-node.yaml"]),
            ("install-sql-failover-instance", "spn", ["guide-two-node.yaml", "metro-three-node.yaml"]),
            ("add-sql-node", "firewall", ["guide-two-node.yaml", "four-node-file-share-witness.yaml"]),
            ("add-sql-node", "patch-level", ["guide-two-node.yaml", "four-node-file-share-witness.yaml"]),
            ("set-up-database-backups", "run", ["guide-two-node.yaml", "existing-single-server.yaml"]),
            ("requirements-check", "virtual-hosts", ["guide-two-node.yaml", "four-node-file-share-witness.yaml"]),
            ("requirements-check", "sql-2016-lifecycle", ["guide-two-node.yaml"]),
            ("announce-end-of-outage", "operators", ["existing-single-server.yaml", "external-sql.yaml"]),
            ("verify-failover", "old-server", ["existing-single-server.yaml", "external-sql.yaml"]),
            ("retire-existing-management-server", "clients", ["existing-single-server.yaml", "eight-node-external-sql.yaml"]),
            ("planning-checklist", "existing-older", ["external-sql.yaml"]),
        ]
        for (template, step, samples) in expected {
            for name in samples {
                let sample = try RunbookSafetyTests.sample(name)
                #expect(Self.steps(template, in: sample).contains { $0.id == step }, "\(name): \(template).\(step) is planned")
                #expect(Self.result(template, step, in: sample)?.isEmpty == false, "\(name): \(template).\(step) has a result")
            }
        }
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        let summary = try #require(Self.steps("create-cluster", in: guide).first { $0.id == "validate" }?.substeps.first { $0.id == "summary" })
        #expect(summary.content.result?.plainText.contains("no failed test") == true, "a failed validation is never ticked as expected")
        #expect(summary.instruction.plainText.contains("A failed test stops the install here"))
    }

    @Test("The service account's access is read after the first node, before any other node is installed", arguments: Fixtures.samples)
    func accessAfterFirstNode(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let first = try #require(sample.indices("install-management-server-first-node", in: sample.install).first)
        let others = sample.indices("install-management-server-additional-node", in: sample.install)
        #expect(others.allSatisfy { $0 > first })
        #expect(sample.install[first].steps.map(\.id).contains("database-access"))
        let text = try NinthReviewTests.text(sample, "install")
        #expect(!text.contains("in the procedures that prepare the SQL Server"), "no reference to a procedure the site may not have")
    }

    @Test("Decisions before installing: a component outside the role, and the time the roles may take to come online")
    func decisions() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let install = try NinthReviewTests.text(sample, "install")
            #expect(install.contains("| Time to come online |"), "\(name)")
            for server in sample.site.xprotect.computers.eventServers {
                #expect(install.contains("Outside the role: the event server on \(server.host)"), "\(name)")
            }
            for server in sample.site.xprotect.computers.logServers {
                #expect(install.contains("Outside the role: the log server on \(server.host)"), "\(name)")
            }
            for runbook in Self.runbooks {
                let text = try NinthReviewTests.text(sample, runbook)
                #expect(!text.contains("Within a few minutes"), "\(name) \(runbook): measured against the agreed time")
            }
        }
        let eight = try RunbookSafetyTests.sample("eight-node-external-sql.yaml")
        #expect(!eight.site.xprotect.computers.eventServers.isEmpty, "the eight-node sample keeps its event server apart")
        let metro = try RunbookSafetyTests.sample("metro-three-node.yaml")
        #expect(!metro.site.xprotect.computers.logServers.isEmpty, "the metro sample keeps its log server apart")
    }

    @Test("Possible owners are read per resource, as Get-ClusterOwnerNode gives them, never as the role's", arguments: Fixtures.samples)
    func possibleOwners(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        for runbook in Self.runbooks {
            #expect(!(try NinthReviewTests.text(sample, runbook)).contains("is a possible owner of"), "\(name) \(runbook)")
        }
        guard case .failoverInstance = sample.site.sqlServer else { return }
        for step in Self.steps("install-management-server-additional-node", in: sample) where step.id == "sql-node-ready" {
            #expect(step.content.command?.code.contains("Get-ClusterOwnerNode") == true, "\(name)")
        }
    }

    @Test("Scripts that would harm the computer they run on refuse to: the restart, an unlabelled partition", arguments: Fixtures.samples)
    func scriptGuards(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let install = try sample.text("install")
        #expect(install.contains("if ($node -eq $env:COMPUTERNAME) { throw"), "\(name): the node does not restart itself")
        if install.contains("$byLabel") {
            #expect(install.contains("elseif ($_.VolumeLabel -and $byLabel.ContainsKey($_.VolumeLabel))"), "\(name)")
        }
        // A restart in the middle of a block would leave its last lines unrun.
        for block in install.components(separatedBy: "```powershell").dropFirst() {
            let code = block.components(separatedBy: "```").first ?? ""
            let lines = code.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let restart = lines.firstIndex(of: "Restart-Computer") {
                #expect(restart == lines.count - 1, "\(name): Restart-Computer ends its block")
            }
        }
    }

    @Test("Virtual nodes: the witness's server apart from their hosts, and the rule read again by every verification")
    func virtualNodes() throws {
        let riverside = try RunbookSafetyTests.sample("four-node-file-share-witness.yaml")
        #expect(FifthReviewTests.steps("requirements-check", in: riverside.install).contains("witness-share-host"))
        #expect(Self.steps("check-cluster", in: riverside).map(\.id).contains("virtual-hosts"))
        let metro = try RunbookSafetyTests.sample("metro-three-node.yaml")
        #expect(!Self.steps("check-cluster", in: metro).map(\.id).contains("virtual-hosts"), "metro's nodes are physical")
        #expect(!FifthReviewTests.steps("requirements-check", in: metro.install).contains("witness-share-host"))
    }

    @Test("Facts of the site: DNS servers outside RFC 1918, the SQL Server role's failovers only where the cluster runs one")
    func siteFacts() throws {
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        let guideText = try NinthReviewTests.text(guide, "install")
        #expect(guideText.contains("The DNS servers `177.16.0.200` and `193.168.0.200` lie outside those private ranges too"))
        #expect(guideText.contains("so do the SQL Server role's failovers"))
        let metro = try RunbookSafetyTests.sample("metro-three-node.yaml")
        #expect(!FifthReviewTests.steps("planning-checklist", in: metro.install).contains("public-range-dns"))
        for name in ["external-sql.yaml", "eight-node-external-sql.yaml"] {
            let sample = try RunbookSafetyTests.sample(name)
            for runbook in ["install", "verify"] {
                let text = try NinthReviewTests.text(sample, runbook)
                #expect(
                    !text.contains("SQL Server role's failovers") && !text.contains("where the cluster runs SQL Server, that role"),
                    "\(name) \(runbook)")
            }
        }
        #expect(IPv4Subnet.isPrivate(try #require(IPv4Address("172.16.0.1"))))
        #expect(!IPv4Subnet.isPrivate(try #require(IPv4Address("177.16.0.200"))))
    }

    @Test("The outage names what stops with the event server; a new system's clients get the role's address")
    func outageAndClients() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            func outage(_ runbook: String) -> String {
                sample.plan.runbooks.first { $0.id == runbook }?.outage?.text.plainText ?? ""
            }
            #expect(outage("upgrade").contains("so alarms are neither raised nor handled until it runs again"), "\(name)")
            if sample.site.xprotect.system?.existing != nil {
                #expect(outage("install").contains("so alarms are neither raised nor handled until it runs again"), "\(name)")
            } else {
                #expect(FifthReviewTests.steps("verify-failover", in: sample.install).contains("client-address"), "\(name)")
            }
            for runbook in ["upgrade", "verify"] {
                let text = try NinthReviewTests.text(sample, runbook)
                #expect(!text.contains("A move, the switch-off or the simulated failure that failed"), "\(name) \(runbook)")
            }
        }
    }
}

/// What the seventeenth pair of domain reviews found; each test fails when its finding comes
/// back.
@Suite("What the seventeenth pair of domain reviews found")
struct SeventeenthReviewTests {
    @Test("Disks on one iSCSI network are connected, persistently, before they are prepared; multipath sites do it with MPIO")
    func iscsiSessions() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let steps = FifthReviewTests.steps("requirements-check", in: sample.install)
            let storageNetworks = sample.site.networks.filter { $0.role == .storage }.count
            let connects = steps.filter { $0.hasPrefix("iscsi-connect@") }
            #expect(connects.count == (storageNetworks == 1 ? sample.site.nodes.count : 0), "\(name): one connection per node")
            if let last = steps.lastIndex(where: { $0.hasPrefix("iscsi-connect") }), let prepare = steps.firstIndex(of: "disks-one-node") {
                #expect(last < prepare, "\(name): connected before they are prepared")
            }
            if storageNetworks == 1 {
                let text = try sample.text("install")
                #expect(text.contains("-IsPersistent $true -InitiatorPortalAddress"), "\(name)")
                for node in sample.site.nodes {
                    let address = try #require(node.addresses.first { $0.network == sample.site.networks.first { $0.role == .storage }?.name })
                    #expect(text.contains("-InitiatorPortalAddress '\(address.address)'"), "\(name): \(node.host)")
                }
            }
        }
    }

    @Test("The upgrade's failover test waits for the components of their own and checks them with the upgraded role")
    func upgradeTestAfterComponents() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let test = try #require(sample.indices("test-failover", in: sample.upgrade).first)
            for separate in sample.indices("upgrade-separate-server", in: sample.upgrade) {
                #expect(separate < test, "\(name): \(sample.upgrade[separate].id) before the test")
            }
            if ["eight-node-external-sql.yaml", "metro-three-node.yaml"].contains(name) {
                #expect(sample.upgrade[test].steps.map(\.id).contains("components"), "\(name): components of their own")
            }
        }
        let eight = try RunbookSafetyTests.sample("eight-node-external-sql.yaml")
        #expect(!eight.indices("upgrade-separate-server", in: eight.upgrade).isEmpty)
    }

    @Test("The way backs: backups back on, their length reckoned, the database team's server held; a file matched exactly")
    func wayBack() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let upgrade = try NinthReviewTests.text(sample, "upgrade")
            #expect(
                upgrade.contains("any backup and integrity jobs that procedure \"Back up the XProtect databases\" disabled are enabled again"),
                "\(name)")
            #expect(upgrade.contains("Reckon with the customer how long the way back takes"), "\(name)")
            for runbook in ["install", "upgrade"] {
                let text = try sample.text(runbook)
                #expect(!text.contains("physical_device_name LIKE"), "\(name) \(runbook): '_' is a wildcard in LIKE")
            }
            #expect(FifthReviewTests.steps("uninstall-management-server", in: sample.upgrade).contains("node-files"), "\(name)")
            if case .external = sample.site.sqlServer, sample.site.xprotect.system?.existing != nil {
                #expect(FifthReviewTests.steps("take-existing-system-out-of-service", in: sample.install).contains("sql-freeze"), "\(name)")
            }
        }
    }

    @Test("Evidence: the decisions, the rights, the services, the version installed, the start and end of the test")
    func evidence() throws {
        let expected: [(template: String, step: String, runbook: String, samples: [String])] = [
            ("planning-checklist", "decisions", "install", Fixtures.samples),
            ("hand-services-to-cluster", "iis", "install", Fixtures.samples),
            ("hand-services-to-cluster", "startup-type", "install", Fixtures.samples),
            ("prepare-external-sql", "permissions-in-place", "install", ["eight-node-external-sql.yaml"]),
            ("retire-existing-management-server", "fresh-backup", "install", ["eight-node-external-sql.yaml"]),
            ("uninstall-management-server", "stopped", "upgrade", Fixtures.samples),
            ("reinstall-first-node", "add-ons", "upgrade", Fixtures.samples),
            ("upgrade-separate-server", "install", "upgrade", ["eight-node-external-sql.yaml", "metro-three-node.yaml"]),
            ("failover-test", "announce", "verify", Fixtures.samples),
            ("failover-test", "over", "verify", Fixtures.samples),
        ]
        for (template, step, _, samples) in expected {
            for name in samples {
                let sample = try RunbookSafetyTests.sample(name)
                #expect(SixteenthReviewTests.steps(template, in: sample).contains { $0.id == step }, "\(name): \(template).\(step) is planned")
                #expect(SixteenthReviewTests.result(template, step, in: sample)?.isEmpty == false, "\(name): \(template).\(step) has a result")
            }
        }
        let eight = try RunbookSafetyTests.sample("eight-node-external-sql.yaml")
        let upgrade = try NinthReviewTests.text(eight, "upgrade")
        #expect(upgrade.contains("lists the management server at 2025 R2"))
        #expect(!upgrade.contains(" at the new version"), "the target is named where the site gives it")
    }

    @Test("Facts checked where they matter: the cloud witness's account, SQL Server 2016's paid updates, an external server's copies")
    func facts() throws {
        let metro = try RunbookSafetyTests.sample("metro-three-node.yaml")
        #expect(FifthReviewTests.steps("requirements-check", in: metro.install).contains("cloud-witness-account"))
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        #expect(try NinthReviewTests.text(guide, "install").contains("unless the customer buys Extended Security Updates"))
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let steps = SixteenthReviewTests.steps("check-backups", in: sample).map(\.id)
            switch sample.site.sqlServer {
            case .external: #expect(steps.contains("copy-external") && !steps.contains("copy"), "\(name)")
            case .failoverInstance: #expect(steps.contains("copy") && !steps.contains("copy-external"), "\(name)")
            }
        }
    }
}

/// What the eighteenth pair of domain reviews found; each test fails when its finding comes back.
@Suite("What the eighteenth pair of domain reviews found")
struct EighteenthReviewTests {
    @Test("Two storage networks: each node connects every target from each of its storage addresses, with multipath enabled")
    func multipathSessions() throws {
        let metro = try RunbookSafetyTests.sample("metro-three-node.yaml")
        let steps = FifthReviewTests.steps("requirements-check", in: metro.install)
        #expect(steps.filter { $0.hasPrefix("iscsi-connect-paths") }.count == metro.site.nodes.count)
        #expect(steps.filter { $0.hasPrefix("iscsi-connect@") }.isEmpty)
        let text = try metro.text("install")
        #expect(text.contains("-IsPersistent $true -IsMultipathEnabled $true"))
        let storage = metro.site.networks.filter { $0.role == .storage }.map(\.name)
        #expect(storage.count == 2)
        for node in metro.site.nodes {
            let quoted = storage.compactMap { node.address(on: $0) }.map { "'\($0)'" }.joined(separator: ", ")
            #expect(text.contains("foreach ($initiator in @(\(quoted)))"), "\(node.host)")
        }
        // The initiator runs before Multipath I/O claims its disks.
        let service = try #require(text.range(of: "Start-Service -Name MSiSCSI"))
        let claim = try #require(text.range(of: "Enable-MSDSMAutomaticClaim -BusType iSCSI"))
        #expect(service.lowerBound < claim.lowerBound)
    }

    @Test("After an upgrade a full backup of the upgraded databases is taken the same day, wherever SQL Server runs")
    func backupAfterUpgrade() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let steps = FifthReviewTests.steps("announce-end-of-upgrade-outage", in: sample.upgrade)
            switch sample.site.sqlServer {
            case .failoverInstance:
                #expect(steps.contains("jobs-on"), "\(name)")
                #expect(try NinthReviewTests.text(sample, "upgrade").contains("run the full backup job once now"), "\(name)")
            case .external:
                #expect(steps.contains("jobs-on-external"), "\(name)")
            }
        }
    }

    @Test("Taking the installer's rights back never leaves the instance without an administrator, and reads the owners first")
    func installerRights() throws {
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        let text = try NinthReviewTests.text(guide, "install")
        #expect(text.contains("the instance never loses its last administrator"))
        #expect(text.contains("SELECT name, SUSER_SNAME(owner_sid) AS owner FROM sys.databases WHERE name LIKE N'Surveillance%';"))
    }

    @Test("Checks the customer signs: the upgrade's readiness, failover times in every runbook, SPNs found once, the restore's file kinds")
    func evidence() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            for step in ["upgrade-path", "licence", "components", "space", "outage"] {
                #expect(SixteenthReviewTests.result("check-upgrade-readiness", step, in: sample)?.isEmpty == false, "\(name): \(step)")
            }
            let verify = try NinthReviewTests.text(sample, "verify")
            #expect(
                verify.contains("Within the time to come online agreed in the install's planning checklist, the role and each of its resources"),
                "\(name)")
            let upgrade = try NinthReviewTests.text(sample, "upgrade")
            #expect(upgrade.contains("Within the time to come online agreed in the install's planning checklist, the role is online"), "\(name)")
            for runbook in ["install", "verify"] {
                let text = try NinthReviewTests.text(sample, runbook)
                #expect(!text.contains("past it the cluster leaves the role failed."), "\(name) \(runbook): the retry period is said")
            }
            guard case .failoverInstance = sample.site.sqlServer else { continue }
            let install = try sample.text("install")
            #expect(install.contains("setspn -Q 'MSSQLSvc/"), "\(name)")
            #expect(install.contains("AND type NOT IN (0, 1))"), "\(name): the restore test names data and log files only")
            #expect(install.contains("/UPDATESOURCE"), "\(name): updates for nodes without Microsoft Update")
            #expect(try NinthReviewTests.text(sample, "install").contains("the order of starting, not a wait"), "\(name)")
        }
    }
}
