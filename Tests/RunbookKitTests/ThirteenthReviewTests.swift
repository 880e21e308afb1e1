import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

/// What the thirteenth pair of domain reviews (a field engineer and the customer's auditor,
/// reading every sample) found; each test fails when its finding comes back.
@Suite("What the thirteenth pair of domain reviews found")
struct ThirteenthReviewTests {
    static func steps(_ template: String, in procedures: [PlannedProcedure]) -> [String] {
        FifthReviewTests.steps(template, in: procedures)
    }

    static let runbooks = ["install", "upgrade", "verify"]

    /// The text inside each `EXEC (` / `EXECUTE (` of a runbook, to its closing bracket.
    static func executeArguments(_ text: String) -> [Substring] {
        var found: [Substring] = []
        var rest = text[...]
        while let open = rest.range(of: #"\bEXEC(UTE)?\s*\("#, options: [.regularExpression, .caseInsensitive]) {
            var depth = 1
            var index = open.upperBound
            while index < rest.endIndex && depth > 0 {
                if rest[index] == "(" { depth += 1 }
                if rest[index] == ")" { depth -= 1 }
                index = rest.index(after: index)
            }
            found.append(rest[open.upperBound..<rest.index(before: index)])
            rest = rest[index...]
        }
        return found
    }

    @Test("EXEC ( ) is given strings and variables only, never a function call, which SQL Server refuses", arguments: Fixtures.samples)
    func executeStrings(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        var seen = 0
        for runbook in Self.runbooks {
            for argument in Self.executeArguments(try sample.text(runbook)) {
                seen += 1
                #expect(!argument.contains("("), "\(name) \(runbook): EXEC (\(argument))")
            }
        }
        #expect(seen > 0 || !["external-sql.yaml", "eight-node-external-sql.yaml"].contains(name))
        #expect(Self.executeArguments("EXEC (N'A' + QUOTENAME(@x)); EXEC (@y);") == ["N'A' + QUOTENAME(@x)", "@y"])
    }

    @Test("Nothing is checked before it exists: a failover instance is reached once it is installed, an external one in the requirements")
    func reachedOnceItExists() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let requirements = Self.steps("requirements-check", in: sample.install)
            let text = try NinthReviewTests.text(sample, "install")
            #expect(!text.contains("and that it can reach the SQL Server"), "\(name)")
            switch sample.site.sqlServer {
            case .failoverInstance:
                #expect(!requirements.contains("sql-tools-reach"), "\(name)")
                #expect(Self.steps("install-sql-failover-instance", in: sample.install).contains("connect"), "\(name)")
            case .external:
                #expect(requirements.contains("sql-tools-reach"), "\(name)")
            }
        }
    }

    @Test("The way back's restore stops, changing nothing, while a session is connected", arguments: Fixtures.samples)
    func wayBackGuard(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        for runbook in ["install", "upgrade"] {
            let text = try NinthReviewTests.text(sample, runbook)
            // Every restore over a database of the site's name: the guard comes first, in its script.
            #expect(!text.contains("RESTORE DATABASE [Surveillance] FROM DISK"), "\(name) \(runbook)")
            #expect(runbook == "install" || text.contains("RESTORE DATABASE @db FROM DISK = @file WITH REPLACE"), "\(name)")
            for restore in text.ranges(of: "RESTORE DATABASE @db FROM DISK = @file WITH REPLACE") {
                let start = text.index(restore.lowerBound, offsetBy: -2500, limitedBy: text.startIndex) ?? text.startIndex
                let before = text[start..<restore.lowerBound]
                #expect(before.contains("THROW 50000, N'Sessions are connected to the database: nothing was changed.', 1;"), "\(name) \(runbook)")
                #expect(before.contains("RESTORE VERIFYONLY FROM DISK = @file WITH CHECKSUM;"), "\(name) \(runbook)")
                #expect(before.contains("WHERE b.database_name = @db AND b.type = 'D'"), "\(name) \(runbook)")
            }
            #expect(!text.contains("-- Nothing may be connected: this lists no session."))
        }
    }

    @Test("A restore test is a script under a test name, never the dialog that offers the live database")
    func scriptedRestoreTests() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            guard case .failoverInstance = sample.site.sqlServer else { continue }
            for runbook in ["install", "verify"] {
                let text = try NinthReviewTests.text(sample, runbook)
                #expect(text.contains("N'RESTORE DATABASE ' + QUOTENAME(@test) + N' FROM DISK = @file WITH RECOVERY'"), "\(name) \(runbook)")
                #expect(!text.contains("RestoreTest_Surveillance, with [label:Relocate all files"), "\(name) \(runbook)")
            }
        }
    }

    @Test("The verification reads the service account's own access and whether its connections use Kerberos", arguments: Fixtures.samples)
    func databaseAccess(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        #expect(Self.steps("check-database-access", in: try NinthReviewTests.verify(sample)) == ["login", "users", "kerberos"])
        #expect(try NinthReviewTests.text(sample, "verify").contains("c.auth_scheme"))
        #expect(!(try NinthReviewTests.text(sample, "install")).contains("the way the management server does"))
    }

    @Test("The install's failover test: power control first, restarts on the way recorded, components tried, validation at hand-over")
    func failoverTest() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let steps = Self.steps("verify-failover", in: sample.install)
            #expect(["power-control", "validate"].allSatisfy(steps.contains), "\(name)")
            let power = try #require(steps.firstIndex(of: "power-control"))
            #expect(steps.firstIndex { $0.hasPrefix("switch-off") }.map { power < $0 } == true)
            #expect(
                steps.contains("components") == !sample.site.xprotect.computers.groups.filter { !$0.key.contains("recording") }
                    .flatMap(\.computers).isEmpty, "\(name)")
            #expect(
                steps.contains("cut-over-playback")
                    == (sample.site.xprotect.system?.existing != nil && !sample.site.xprotect.computers.recordingServers.isEmpty))
            #expect(try NinthReviewTests.text(sample, "install").contains("failed or restarted on its way online"))
            #expect(Self.steps("failover-test", in: try NinthReviewTests.verify(sample)).contains("power-control"))
        }
    }

    @Test("Every upgrade rehearses the restore its way back needs and confirms the upgrade path; a shared external server's too")
    func rehearsedWaysBack() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let readiness = Self.steps("check-upgrade-readiness", in: sample.upgrade)
            #expect(readiness.contains("upgrade-path"), "\(name)")
            switch sample.site.sqlServer {
            case .failoverInstance: #expect(readiness.contains("rehearse-restore"), "\(name)")
            case .external: #expect(readiness.contains("rehearse-restore-external"), "\(name)")
            }
            let shared = Self.steps("prepare-external-sql", in: sample.install).contains("rehearse-restore")
            #expect(shared == (sample.site.xprotect.system?.existing != nil && sample.site.existingDatabasesStay), "\(name)")
        }
    }

    @Test("The install runbook keeps a record of what was seen, as the upgrade and the verification do", arguments: Fixtures.samples)
    func installRecords(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        #expect(sample.plan.runbooks.allSatisfy { $0.record })
        let text = try NinthReviewTests.text(sample, "install")
        #expect(text.contains("Record of procedure"))
        #expect(text.contains("The latest time to go back is agreed with the customer") == (sample.site.xprotect.system?.existing != nil))
    }

    @Test("The licence is activated once every computer of the runbook is registered", arguments: Fixtures.samples)
    func licenceLast(_ name: String) throws {
        let sample = try RunbookSafetyTests.sample(name)
        let licence = try #require(sample.index("activate-licence", in: sample.install))
        for template in ["install-recording-servers", "register-recording-servers", "install-component-computers", "register-component-computers"] {
            for index in sample.indices(template, in: sample.install) {
                #expect(index < licence, "\(name): \(sample.install[index].id)")
                #expect(sample.install[licence].prerequisites.contains(sample.install[index].id), "\(name): \(sample.install[index].id)")
            }
        }
    }

    @Test("Facts of the version at hand: no external IDP before 2022 R3, SQL Server 2016's end of support, addresses outside RFC 1918")
    func versionFacts() throws {
        let guide = try RunbookSafetyTests.sample("guide-two-node.yaml")
        #expect(!Self.steps("check-upgrade-readiness", in: guide.upgrade).contains("idp-unstated"))
        #expect(!Self.steps("planning-checklist", in: guide.install).contains("new-idp"))
        #expect(!(try NinthReviewTests.text(guide, "upgrade")).contains("Tools > Options > External IDP"))
        #expect(Self.steps("requirements-check", in: guide.install).contains("sql-2016-lifecycle"))
        #expect(
            try NinthReviewTests.text(guide, "install").contains("The networks Public (177.16.0.0/16) and Heartbeat (199.160.0.0/24) lie outside"))
        for name in Fixtures.samples where name != "guide-two-node.yaml" {
            let sample = try RunbookSafetyTests.sample(name)
            #expect(!Self.steps("requirements-check", in: sample.install).contains("sql-2016-lifecycle"), "\(name)")
            #expect(!Self.steps("planning-checklist", in: sample.install).contains("public-ranges"), "\(name)")
        }
        let newSystem = try RunbookSafetyTests.sample("four-node-file-share-witness.yaml")
        #expect(Self.steps("planning-checklist", in: newSystem.install).contains("new-idp"))
        #expect(XProtectVersion("2022 R3").map { $0 >= XProtectVersion.firstWithExternalIDP } == true)
        #expect(XProtectVersion("2022 R2").map { $0 >= XProtectVersion.firstWithExternalIDP } == false)
        let subnets = ["10.1.0.0/16": true, "172.16.0.0/12": true, "172.32.0.0/16": false, "192.168.4.0/24": true, "177.16.0.0/16": false]
        for (text, isPrivate) in subnets { #expect((try IPv4Subnet.parse(cidr: text).get()).isPrivate == isPrivate, "\(text)") }
    }

    @Test("Virtual nodes are kept apart by an enforced rule; components on computers of their own have their services read")
    func enforcedAndRead() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let text = try NinthReviewTests.text(sample, "install")
            let virtual = Self.steps("requirements-check", in: sample.install).contains("virtual-hosts")
            #expect(text.contains("ClusterEnforcedAntiAffinity is 1") == virtual, "\(name)")
            for procedure in try NinthReviewTests.verify(sample) where procedure.templateID == "check-component-computers" {
                #expect(procedure.steps.map(\.id).contains("services"), "\(name)")
            }
        }
    }
}

/// What the fourteenth pair of domain reviews found, in the same session; each test fails when
/// its finding comes back.
@Suite("What the fourteenth pair of domain reviews found")
struct FourteenthReviewTests {
    static func steps(_ template: String, in procedures: [PlannedProcedure]) -> [String] {
        FifthReviewTests.steps(template, in: procedures)
    }

    @Test("A named instance answers with its instance name; Kerberos is judged only on connections from another computer")
    func instanceAndKerberos() throws {
        let metro = try RunbookSafetyTests.sample("metro-three-node.yaml")
        #expect(try NinthReviewTests.text(metro, "install").contains("The server name is MTO-VMS-SQL\\VMS"))
        let verify = try NinthReviewTests.text(metro, "verify")
        #expect(verify.contains("SERVERPROPERTY('ComputerNamePhysicalNetBIOS') AS sysname) AS sql_server_computer"))
        #expect(verify.contains("reads NTLM whatever the names"))
        #expect(!verify.contains("NTLM means a service principal name of the instance is missing"))
    }

    @Test("Storage: no disk of another system is left where the cluster would take it; log backups are cleaned up and checked")
    func storageAndLogs() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let install = try NinthReviewTests.text(sample, "install")
            #expect(install.contains("would take it from its system") == !sample.site.storage.isEmpty, "\(name)")
            guard case .failoverInstance = sample.site.sqlServer else { continue }
            #expect(install.contains("the full backups (.bak) and the log backups (.trn) older than that"), "\(name)")
            #expect(Self.steps("check-backups", in: try NinthReviewTests.verify(sample)).contains("log-backups"), "\(name)")
            let upgrade = Self.steps("back-up-databases", in: sample.upgrade)
            #expect(upgrade.contains("jobs-off") && Self.steps("announce-end-of-upgrade-outage", in: sample.upgrade).contains("jobs-on"))
            for node in sample.site.nodes.dropFirst() {
                let added = try #require(sample.install.first { $0.id == "add-sql-node@\(node.host)" })
                #expect(added.steps.map(\.id).suffix(3) == ["sql-move-here", "sql-answers-here", "sql-move-back"], "\(name)")
            }
        }
    }

    @Test("An external SQL Server grants the installer its login before anything connects as it")
    func rightsBeforeConnections() throws {
        for name in ["external-sql.yaml", "eight-node-external-sql.yaml"] {
            let sample = try RunbookSafetyTests.sample(name)
            let steps = Self.steps("prepare-external-sql", in: sample.install)
            let rights = try #require(steps.firstIndex { $0.hasPrefix("permissions") })
            let reach = try #require(steps.firstIndex { $0.hasPrefix("reachable") })
            #expect(rights < reach, "\(name)")
        }
    }

    @Test("What is set is read back: the role's failover limits, the installer's rights, the node 1 upgrade, each registration's time")
    func readBack() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let install = try NinthReviewTests.text(sample, "install")
            #expect(install.contains("| Format-List Name, FailoverThreshold, FailoverPeriod"), "\(name)")
            #expect(Self.steps("set-up-database-backups", in: sample.install).contains("installer-rights"), "\(name)")
            #expect(Self.steps("reinstall-first-node", in: sample.upgrade).last == "checkpoint", "\(name)")
            #expect(Self.steps("test-failover", in: sample.upgrade).contains("unplanned"), "\(name)")
            // An existing system's recording servers are registered again, one at a time.
            if sample.site.xprotect.system?.existing != nil && !sample.site.xprotect.computers.recordingServers.isEmpty {
                #expect(install.contains("| Host name | Address | Stopped at | Connected at | Initials |"), "\(name)")
            }
            #expect(install.contains("the decision is Not accepted until it passes"), "\(name)")
            let planning = Self.steps("planning-checklist", in: sample.install)
            #expect(planning.contains("existing-service-account") == (sample.site.xprotect.system?.existing != nil), "\(name)")
            #expect(planning.contains("idp-certificate-at-hand") == (sample.site.xprotect.idpCertificateThumbprint != nil), "\(name)")
        }
    }

    @Test("Nothing that works against the instance meets a move of the SQL Server role: Add Node's try, the verification's restore test")
    func noMoveMidWork() throws {
        for name in Fixtures.samples {
            let sample = try RunbookSafetyTests.sample(name)
            let verify = try NinthReviewTests.verify(sample)
            let backups = try #require(verify.firstIndex { $0.templateID == "check-backups" })
            let failover = try #require(verify.firstIndex { $0.templateID == "failover-test" })
            #expect(backups < failover && verify[failover].prerequisites.contains(verify[backups].id), "\(name)")
            let first = try #require(sample.install.first { $0.templateID == "install-management-server-first-node" })
            for added in sample.install where added.templateID == "add-sql-node" {
                #expect(first.prerequisites.contains(added.id), "\(name): \(added.id)")
            }
        }
    }
}
