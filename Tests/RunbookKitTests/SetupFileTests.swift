import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

@Suite("SQL Server setup configuration files")
struct SetupFileTests {
    /// The samples a user starts from and the reference site of the templates, by path.
    static let sites: [String] = Fixtures.samples.map { "samples/" + $0 } + ["Templates/reference/site.yaml"]
    /// The sites whose SQL Server is a failover cluster instance: the ones with setup files.
    static let failoverInstanceSites: [String] = sites.filter {
        guard case .failoverInstance = (try? site($0))?.sqlServer else { return false }
        return true
    }

    static let catalog = TemplateCatalog.load().catalog!

    static func site(_ path: String, replacing: [(String, String)] = []) throws -> SiteDescription {
        var text = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent(path), encoding: .utf8)
        for (old, new) in replacing {
            #expect(text.contains(old), "\(path) has no '\(old)'")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let loaded = SiteLoader().load(Data(text.utf8), file: path)
        return try #require(loaded.site, "\(loaded.diagnostics.map(\.message))")
    }

    /// Every file `generate` writes for the site, with the runbooks in one format.
    static func files(_ site: SiteDescription, formats: [OutputFormat] = [.markdown], runbooks: [String]? = nil) throws -> [RenderedFile] {
        let plan = try #require(Planner(catalog: catalog).plan(site).plan)
        let (files, diagnostics) = RunbookGenerator().generate(plan, formats: formats, runbooks: runbooks)
        #expect(!diagnostics.hasErrors, "\(diagnostics.map(\.message))")
        return files
    }

    static func setupFiles(_ site: SiteDescription) throws -> [RenderedFile] {
        try files(site).filter { $0.kind == .setupFile }
    }

    @Test(
        "A failover cluster instance gets an install file and, for the other nodes, an add-node file; an external SQL Server none",
        arguments: sites)
    func whichFiles(_ path: String) throws {
        let site = try Self.site(path)
        let names = try Self.setupFiles(site).map(\.name)
        guard case .failoverInstance = site.sqlServer else {
            #expect(names.isEmpty)
            return
        }
        let slug = FileNaming.slug(site.document.site, fallback: "site")
        #expect(names == [slug + "-sql-install.ini"] + (site.nodes.count > 1 ? [slug + "-sql-add-node.ini"] : []))
        #expect(names.first == FileNaming.sqlInstallFile(siteName: site.document.site))
        #expect(names.last == FileNaming.sqlAddNodeFile(siteName: site.document.site))
    }

    @Test("Every setup file of every sample follows setup's parameter table, every value quoted and not empty", arguments: sites)
    func parameterTable(_ path: String) throws {
        for file in try Self.setupFiles(try Self.site(path)) {
            let reading = try SetupFileReading(file.contents)
            let action = try #require(reading.action, "\(file.name) has no ACTION")
            let table = try #require(SetupParameters.table[action], "\(file.name): unknown ACTION \(action)")
            #expect(table.problems(with: reading) == [], "\(file.name)")
            #expect(file.name.hasSuffix(action == "AddNode" ? "-sql-add-node.ini" : "-sql-install.ini"))
        }
    }

    @Test(
        "The values are the site's: instance, address on the public network, disks, accounts, directories",
        arguments: failoverInstanceSites)
    func valuesFromSite(_ path: String) throws {
        let site = try Self.site(path)
        guard case .failoverInstance(let fci) = site.sqlServer else { throw SetupFileError(line: 0, problem: "\(path) has no FCI") }
        let network = try #require(site.publicNetworks.first)
        let subnet = try network.subnet.parsed.get()
        let address = "IPv4;\(fci.address);\(network.name);\(subnet.mask)"
        for file in try Self.setupFiles(site) {
            let reading = try SetupFileReading(file.contents)
            #expect(reading.values("INSTANCENAME") == [fci.instance])
            #expect(reading.values("FAILOVERCLUSTERIPADDRESSES") == [address])
            #expect(reading.values("SQLSVCACCOUNT") == [fci.engineAccount])
            #expect(reading.values("AGTSVCACCOUNT") == [fci.agentAccount])
            guard reading.action == "InstallFailoverCluster" else {
                #expect(reading.values("CONFIRMIPDEPENDENCYCHANGE") == ["0"])
                continue
            }
            #expect(reading.values("FEATURES") == ["SQLENGINE"])
            #expect(reading.values("FAILOVERCLUSTERNETWORKNAME") == [fci.networkName])
            #expect(reading.values("FAILOVERCLUSTERGROUP") == [fci.resourceGroup])
            #expect(reading.values("FAILOVERCLUSTERDISKS") == fci.disks.map { site.disk(named: $0)?.name ?? $0 })
            #expect(reading.values("SQLSYSADMINACCOUNTS") == fci.sysadmins)
            #expect(reading.values("SECURITYMODE") == nil, "Windows authentication: no SECURITYMODE")
            for directory in fci.directories.all {
                // A path that ends in a backslash is written bare, as it is.
                let expected = directory.path
                #expect(reading.values(directory.parameter) == [expected], "\(directory.parameter)")
            }
        }
    }

    @Test("The comment says what the file is, on which nodes, the exact command, and that secrets stay in the wizard", arguments: sites)
    func comments(_ path: String) throws {
        let site = try Self.site(path)
        for file in try Self.setupFiles(site) {
            let reading = try SetupFileReading(file.contents)
            let comment = reading.comments.map { String($0.dropFirst(2)) }.joined(separator: " ")
            let command = "setup.exe /ConfigurationFile=\"C:\\Setup\\\(file.name)\""
            #expect(reading.comments.contains(";     " + command), "\(file.name) names its own command")
            #expect(!reading.comments.contains { $0.contains("setup.exe") && $0.contains("/Q") })
            let nodes = reading.action == "AddNode" ? site.nodes.dropFirst().map(\.host) : [site.nodes[0].host]
            for node in nodes { #expect(comment.contains("Run on") && comment.contains(node), "\(file.name) names \(node)") }
            for phrase in ["never holds a password, the product key or the acceptance of the licence terms", "Do not add /Q or /QS"] {
                #expect(comment.contains(phrase), "\(file.name): \(phrase)")
            }
            #expect(comment.contains("ACTION=\(reading.action ?? "")"))
        }
    }

    @Test("Mixed authentication adds SECURITYMODE=\"SQL\" and asks for the sa password in the wizard")
    func mixedAuthentication() throws {
        let site = try Self.site("samples/guide-two-node.yaml", replacing: [("authentication: windows", "authentication: mixed")])
        let files = try Self.setupFiles(site)
        let install = try SetupFileReading(try #require(files.first).contents)
        #expect(install.values("SECURITYMODE") == ["SQL"])
        #expect(install.comments.joined().contains("sa password"))
        #expect(SetupParameters.table["InstallFailoverCluster"]!.problems(with: install) == [])
        #expect(try SetupFileReading(try #require(files.last).contents).values("SECURITYMODE") == nil)
    }

    @Test("Three nodes: one add-node file names both other nodes, in order")
    func threeNodes() throws {
        let site = try Self.site("samples/metro-three-node.yaml")
        let plan = try #require(Planner(catalog: Self.catalog).plan(site).plan)
        let files = try #require(plan.runbooks.first { $0.id == "install" }).setupFiles
        #expect(files.map(\.action) == [.installFailoverCluster, .addNode])
        #expect(files.map(\.nodes) == [[site.nodes[0].host], site.nodes.dropFirst().map(\.host)])
        #expect(plan.runbooks.filter { $0.id != "install" }.allSatisfy { $0.setupFiles.isEmpty })
    }

    @Test("They come with the install runbook whatever the formats, and not with the upgrade runbook alone")
    func withInstallRunbook() throws {
        let site = try Self.site("samples/guide-two-node.yaml")
        for formats in [[OutputFormat.html], [.docbook], OutputFormat.standard] {
            let files = try Self.files(site, formats: formats)
            #expect(files.filter { $0.kind == .setupFile }.count == 2, "\(formats)")
            #expect(files.filter { $0.kind == .setupFile }.allSatisfy { $0.runbook == "install" })
        }
        #expect(try Self.files(site, runbooks: ["upgrade"]).allSatisfy { $0.kind != .setupFile })
        // Each runbook's files, then its setup files.
        let names = try Self.files(site, formats: [.markdown]).map(\.name)
        #expect(
            names == [
                "testdomain-two-node-cluster-install.md", "testdomain-two-node-cluster-sql-install.ini",
                "testdomain-two-node-cluster-sql-add-node.ini", "testdomain-two-node-cluster-upgrade.md",
                "testdomain-two-node-cluster-verify.md",
            ])
    }

    @Test("Same site, same bytes, with CR LF line endings and no byte order mark")
    func deterministic() throws {
        let site = try Self.site("samples/metro-three-node.yaml")
        let first = try Self.setupFiles(site)
        #expect(first == (try Self.setupFiles(site)))
        for file in first {
            #expect(!file.contents.unicodeScalars.starts(with: ["\u{FEFF}"]))
            let bare = file.contents.replacingOccurrences(of: "\r\n", with: "").unicodeScalars.filter { $0 == "\n" || $0 == "\r" }
            #expect(bare.isEmpty, "\(file.name): every line ends in CR LF")
        }
    }

    @Test("Each sample's setup files match their golden files (RECORD_SNAPSHOTS=1 re-records)", arguments: Fixtures.samples)
    func golden(_ sample: String) throws {
        let files = try Self.setupFiles(try Self.site("samples/" + sample))
        try Golden.check(files.map { ($0.name, Data($0.contents.utf8)) }, in: Golden.folder("setup-files", sample: sample))
    }

    // MARK: - Text that must not become a setting

    @Test("A quote, a line break or a final backslash in a value, or a line break in a comment, never makes or ends a setting")
    func hostileText() throws {
        let file = SQLSetupConfiguration(
            action: .addNode, fileName: "x.ini", nodes: ["NODE2"],
            remarks: [.text("Site: A\nACTION=\"Install\"\r\n[OPTIONS]\u{2028}PID=\"1\""), .command("setup.exe\nPID=1")],
            options: [
                .init("ACTION", .text("AddNode"), note: "note\nSAPWD=\"x\""),
                .init("INSTANCENAME", .text("A\" /Q \"B")),
                .init("FAILOVERCLUSTERIPADDRESSES", .text("IPv4;10.0.0.5;LAN\r\nPID=\"X\";255.255.255.0")),
                .init("CONFIRMIPDEPENDENCYCHANGE", .text("0")),
                .init("SQLSVCACCOUNT", .text("D\\a\u{85}b\u{2029}c")),
                .init("AGTSVCACCOUNT", .text("D\\agent")),
                .init("SQLTEMPDBDIR", .path("F:\\")),
                .init("SQLSYSADMINACCOUNTS", .list(["A\"", "B\nC"])),
            ])
        let text = SQLSetupFileRenderer().render(file)
        let reading = try SetupFileReading(text)
        #expect(reading.settings.map(\.name) == file.options.map(\.name))
        #expect(reading.values("INSTANCENAME") == ["A\u{FFFD} /Q \u{FFFD}B"])
        #expect(reading.values("FAILOVERCLUSTERIPADDRESSES") == ["IPv4;10.0.0.5;LAN\u{FFFD}\u{FFFD}PID=\u{FFFD}X\u{FFFD};255.255.255.0"])
        #expect(reading.values("SQLSVCACCOUNT") == ["D\\a\u{FFFD}b\u{FFFD}c"])
        #expect(reading.values("SQLTEMPDBDIR") == ["F:\\"])
        #expect(SetupFileEscaping.path("F:\\") == "F:\\")
        #expect(SetupFileEscaping.path("C:\\Mount Points\\Data\\") == "\"C:\\Mount Points\\Data\"")
        #expect(SetupFileEscaping.path("F:\\MSSQL\\Data") == "\"F:\\MSSQL\\Data\"")
        #expect(reading.values("SQLSYSADMINACCOUNTS") == ["A\u{FFFD}", "B\u{FFFD}C"])
        // A feature name is written without quotes: nothing but letters, digits and _.
        #expect(SQLSetupFileRenderer.value(.features(["SQL,ENGINE\"", "IS"])) == "SQL\u{FFFD}ENGINE\u{FFFD},IS")
        #expect(reading.comments.contains("; ACTION=\"Install\""), "a line of a comment stays a comment")
        #expect(reading.comments.contains("; [OPTIONS]"))
        #expect(reading.comments.contains("; SAPWD=\"x\""))
    }

    @Test("FileNaming names the setup files from the unslugged site name, as the runbooks are named")
    func fileNames() {
        #expect(FileNaming.sqlInstallFile(siteName: "TESTDOMAIN two-node cluster") == "testdomain-two-node-cluster-sql-install.ini")
        #expect(FileNaming.sqlAddNodeFile(siteName: "TESTDOMAIN two-node cluster") == "testdomain-two-node-cluster-sql-add-node.ini")
        #expect(FileNaming.sqlInstallFile(siteName: "../..") == "site-sql-install.ini")
        #expect(FileNaming.sqlAddNodeFile(siteName: "Ærø / Nord") == "aero-nord-sql-add-node.ini")
    }

    @Test("Two sites whose setup files share names clash, even where their runbooks would not")
    func clash() {
        func outcome(_ file: String, _ names: [String]) -> Pipeline.Outcome {
            Pipeline.Outcome(
                source: .init(file: file), files: names.map { RenderedFile(name: $0, runbook: "install", kind: .setupFile, contents: "") },
                diagnostics: [], runbooks: ["install"])
        }
        let clashes = Pipeline.nameClashes([outcome("a.yaml", ["a-sql-install.ini"]), outcome("b.yaml", ["a-sql-install.ini"])])
        #expect(clashes.map(\.id) == [.outputNameClash])
        #expect(clashes.first?.message.contains("a-sql-install.ini") == true)
    }
}
