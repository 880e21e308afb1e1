import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

@Suite("Loading a site description")
struct LoaderTests {
    let minimal: String

    init() throws {
        minimal = String(decoding: try Fixtures.data("valid", "minimal.yaml"), as: UTF8.self)
    }

    func load(_ text: String, limits: InputLimits = .standard) -> SiteLoader.Result {
        SiteLoader(limits: limits).load(Data(text.utf8), file: "site.yaml")
    }

    @Test("JSON with surrogate pairs keeps the file's columns; JSON on standard input is read as JSON")
    func jsonColumns() throws {
        // Two pairs (24 characters in the file) before a control character in the same value.
        let text = #"{"document": {"site": "x", "customer": "\ud83d\ude00\ud83d\ude00", "author": "a\u0001"}}"#
        let result = SiteLoader().load(Data(text.utf8), file: "site.json")
        let problem = try #require(result.diagnostics.first { $0.id == .controlCharacter })
        let column = text.distance(from: text.startIndex, to: try #require(text.range(of: #""a\u0001""#)).lowerBound) + 1
        #expect(problem.location?.column == column, "\(problem)")
        let piped = SiteLoader().load(Data(text.utf8), file: InputFile.standardInputName)
        #expect(!piped.diagnostics.contains { $0.id == .syntax }, "\(piped.diagnostics)")
    }

    @Test("A missing file is one diagnostic, not a crash")
    func unreadable() {
        let result = SiteLoader().load(file: "/nonexistent/site.yaml", displayName: "site.yaml")
        #expect(result.diagnostics.map(\.id) == [.unreadable])
        #expect(result.diagnostics.first?.message.contains("no such file") == true)
    }

    @Test("A file over the size limit is refused before parsing, naming the limit")
    func tooLarge() {
        let limits = InputLimits(maximumBytes: 100, maximumDepth: 64, maximumItems: 100, maximumExpandedNodes: 1000)
        let result = load(minimal, limits: limits)
        #expect(result.diagnostics.map(\.id) == [.tooLarge])
        #expect(result.diagnostics.first?.message.contains("maximumBytes") == true)
    }

    @Test("A list over the item limit is refused, naming the limit")
    func tooManyItems() {
        // The largest mapping in the file has 8 keys; the list gets 9 entries.
        let limits = InputLimits(maximumBytes: 1 << 20, maximumDepth: 64, maximumItems: 8, maximumExpandedNodes: 10_000)
        let result = load(minimal.replacingOccurrences(of: "dns: [10.1.0.5, 10.1.0.6]", with: "dns: [1, 2, 3, 4, 5, 6, 7, 8, 9]"), limits: limits)
        #expect(result.diagnostics.map(\.id) == [.tooManyItems])
        #expect(result.diagnostics.first?.location?.line == 16)
    }

    @Test("A value under a secret-looking key never appears in any diagnostic")
    func secretsAreNeverRepeated() {
        let secret = "Pa55w0rd-Tr0ub4dor&3"
        let texts = [
            minimal.replacingOccurrences(of: "  netbios: CORP", with: "  netbios: CORP\n  password: \(secret)"),
            minimal.replacingOccurrences(of: "    name: VMSMGMT", with: "    name: VMSMGMT\n    secret: {value: \(secret)}"),
            minimal.replacingOccurrences(of: "  customer: Fixture customer", with: "  customer: Fixture customer\n  api-token: [\(secret)]"),
        ]
        for text in texts {
            let result = load(text)
            #expect(result.diagnostics.map(\.id) == [.secret])
            for diagnostic in result.diagnostics {
                #expect(!diagnostic.message.contains(secret))
                #expect(!diagnostic.json.serialized().contains(secret))
            }
        }
    }

    @Test(
        "A misspelled key suggests the missing key the user meant",
        arguments: [
            ("    gateway: 10.1.0.1", "    gatway: 10.1.0.1", "gateway"),
            ("    windows-version: 2022", "    windowsVersion: 2022", "windows-version"),
            ("    address: 10.1.0.25", "    Address: 10.1.0.25", "address"),
            ("  - host: NODE1", "  - host: NODE1\n    host_name: x", nil),
        ])
    func suggestions(original: String, typo: String, suggestion: String?) {
        let result = load(minimal.replacingOccurrences(of: original, with: typo))
        let unknown = result.diagnostics.first { $0.id == .unknownKey }
        #expect(unknown?.suggestion == suggestion)
    }

    @Test("Diagnostics point at the exact column of the offending key or value")
    func columns() throws {
        let result = load(minimal.replacingOccurrences(of: "      Public: 10.1.0.12", with: "      Public: 10.1.0.312"))
        #expect(result.diagnostics.count == 1)
        #expect(result.diagnostics.first?.location == SourceLocation(file: "site.yaml", line: 31, column: 15))
    }

    @Test("Every problem in a file is reported together")
    func everythingAtOnce() {
        let text =
            minimal
            .replacingOccurrences(of: "  author: Fixture author", with: "  author: Fixture author\n  author: again")
            .replacingOccurrences(of: "    role: heartbeat", with: "    role: hartbeat")
            .replacingOccurrences(of: "    windows-version: 2022", with: "    windows-version: two")
            .replacingOccurrences(of: "  product: Corporate", with: "  prodct: Corporate")
        let ids = Set(load(text).diagnostics.map(\.id))
        #expect(ids == [.duplicateKey, .invalidChoice, .typeMismatch, .unknownKey, .missingKey])
    }

    @Test("JSON is read with the same schema and positions as YAML")
    func json() throws {
        let json = """
            {
              "document": {"site": "s", "customer": "c", "author": "a", "revision": 1},
              "domain": {"name": "corp.example.com", "netbios": "CORP", "administrator": "CORP\\\\installer", "colour": 1}
            }
            """
        let result = load(json)
        let unknown = try #require(result.diagnostics.first { $0.id == .unknownKey })
        let line = json.split(separator: "\n")[2]
        let column = line.distance(from: line.startIndex, to: line.range(of: "\"colour\"")!.lowerBound) + 1
        #expect(unknown.location == SourceLocation(file: "site.yaml", line: 3, column: column))
        #expect(result.diagnostics.filter { $0.id == .missingKey }.count == 5)
    }

    @Test("YAML 1.1 booleans stay text: a NetBIOS name NO is not false")
    func norway() {
        let result = load(
            minimal.replacingOccurrences(of: "  netbios: CORP", with: "  netbios: NO")
                .replacingOccurrences(of: "CORP\\", with: "NO\\"))
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        #expect(result.site?.domain.netbios == "NO")
    }

    @Test("Defaults the format documents are filled in")
    func defaults() throws {
        let site = try #require(load(minimal).site)
        #expect(site.xprotect.failoverPolicy == .standard)
        #expect(site.xprotect.registeredServices == RegisteredService.guideDefaults)
        #expect(site.xprotect.additionalNodeDatabase == .useExisting)
        #expect(site.nodes[0].domain == "corp.example.com")
        #expect(site.storage[0].volume == "Quorum")
        guard case .failoverInstance(let fci) = site.sqlServer else { Issue.record("no FCI"); return }
        #expect(fci.resourceGroup == "SQL Server (VMS)")
        #expect(fci.authentication == .windows)
        #expect(fci.directories.dataRoot == "F:\\")
        #expect(fci.directories.userDatabases == "F:\\MSSQL16.VMS\\MSSQL\\Data")
        #expect(fci.directories.backup == "F:\\MSSQL16.VMS\\MSSQL\\Backup")
    }

    @Test("additional-node-database: create-new is refused with its reason; use-existing loads")
    func additionalNodeDatabase() throws {
        let refused = load(minimal + "  additional-node-database: create-new\n")
        let diagnostic = try #require(refused.diagnostics.first)
        #expect(refused.diagnostics.map(\.id) == [.additionalNodeDatabase])
        #expect(diagnostic.message.contains("replaces or splits the configuration node 1 created"))
        #expect(diagnostic.message.contains("Remove the key, or write use-existing"))
        #expect(diagnostic.suggestion == "use-existing")
        #expect(refused.site == nil)
        let site = try #require(load(minimal + "  additional-node-database: use-existing\n").site)
        #expect(site.xprotect.additionalNodeDatabase == .useExisting)
    }

    @Test("A computer's group is read as written; without one it has none")
    func computerGroup() throws {
        let text =
            minimal
            + "  system: {type: new}\n  computers:\n    recording-servers:\n      - {host: REC1, group: North building}\n      - {host: REC2}\n"
        let result = load(text)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
        let site = try #require(result.site)
        #expect(site.xprotect.computers.recordingServers.map(\.group) == ["North building", nil])
    }

    @Test("A merge key fills in shared settings; explicit keys win")
    func mergeKeys() throws {
        let site = try #require(SiteLoader().load(try Fixtures.data("valid", "anchors-merge.yaml"), file: "a.yaml").site)
        #expect(site.nodes.map(\.windowsVersion) == [2022, 2022])
    }

    @Test("A disk that is not in storage is reported with the disks that are")
    func unknownDiskListsTheDisks() throws {
        let result = SiteLoader().load(try Fixtures.data("invalid", "site.unknown-disk.yaml"), file: "site.yaml")
        let messages = result.diagnostics.filter { $0.id == .unknownDisk }.map(\.message)
        #expect(messages.count == 2)
        #expect(messages.allSatisfy { $0.contains("(its disks: Quorum and Data)") })
    }

    @Test("JSON has one type of number: 2016e0, 2.016e3 and 2016.0 are the whole number 2016, 2016.5 is not")
    func jsonNumbers() {
        #expect(YAMLComposer.wholeNumber("2016e0") == "2016")
        #expect(YAMLComposer.wholeNumber("2.016e3") == "2016")
        #expect(YAMLComposer.wholeNumber("2016.0") == "2016")
        #expect(YAMLComposer.wholeNumber("20160E-1") == "2016")
        #expect(YAMLComposer.wholeNumber("-0.0") == "0")
        #expect(YAMLComposer.wholeNumber("2016.5") == nil)
        #expect(YAMLComposer.wholeNumber("1e300") == nil)
        let json = #"{"a": 2.016e3, "b": [1e1, 0.5], "c": "2e3"}"#
        let (root, diagnostics) = YAMLComposer().compose(Data(json.utf8), file: "site.json")
        #expect(diagnostics.isEmpty)
        #expect(root?["a"]?.integer == 2016 && root?["a"]?.scalar?.kind == .integer)
        #expect(root?["b"]?.sequence?.first?.integer == 10 && root?["b"]?.sequence?.last?.scalar?.kind == .float)
        #expect(root?["c"]?.text == "2e3" && root?["c"]?.scalar?.kind == .string, "a string stays as written")
        // In YAML, 2e3 stays what YAML 1.2 makes of it.
        let (yaml, _) = YAMLComposer().compose(Data("a: 2.016e3\n".utf8), file: "site.yaml")
        #expect(yaml?["a"]?.scalar?.kind == .float)
    }

    @Test(
        "A message names the real cause: two byte order marks, UTF-32, a file of blanks, a line separator inside a value",
        arguments: [
            ([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("document:\n".utf8), "site.yaml", "two byte order marks", 1, 1),
            ([0xFF, 0xFE, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00], "site.yaml", "UTF-32", 1, 1),
            (Array("   \n  \n".utf8), "site.json", "nothing but blanks", 1, 1),
            (Array("document:\n  site: \"ab".utf8) + [0xE2, 0x80, 0xA8] + Array("cd\"\n".utf8), "site.yaml", "U+2028", 2, 12),
            (Array("document:\n  site: ab".utf8) + [0xC2, 0x85] + Array("cd\n".utf8), "site.yaml", "U+0085", 2, 11),
        ] as [([UInt8], String, String, Int, Int)])
    func realCause(_ bytes: [UInt8], _ file: String, _ words: String, _ line: Int, _ column: Int) {
        let (_, diagnostics) = YAMLComposer().compose(Data(bytes), file: file)
        let first = diagnostics.first
        #expect(first?.message.contains(words) == true, "\(diagnostics.map(\.message))")
        #expect(first?.location?.line == line && first?.location?.column == column)
    }

    @Test("A named pipe with no program writing to it is given up after a stated wait; one with a writer is read")
    func namedPipe() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("site.yaml").path
        #expect(mkfifo(path, 0o600) == 0)
        guard case .failure(.unreadable(let message)) = InputFile.read(path, limit: 1 << 20, writerWait: 1) else {
            Issue.record("a pipe with no writer was not given up")
            return
        }
        #expect(message.contains("nothing wrote to it within 1 second;"))
        let writer = Thread {
            let descriptor = open(path, O_WRONLY)
            _ = "document: {}\n".withCString { write(descriptor, $0, 13) }
            close(descriptor)
        }
        writer.start()
        let data = try InputFile.read(path, limit: 1 << 20, writerWait: 10).get()
        #expect(String(decoding: data, as: UTF8.self) == "document: {}\n")
    }
}
