import Foundation
import Synchronization
import RunbookTestSupport
import Testing

@testable import RunbookKit

@Suite("Writing outputs and batches")
struct OutputTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func files(_ contents: [String: String]) -> [RenderedFile] {
        contents.keys.sorted().map { RenderedFile(name: $0, runbook: "install", kind: .runbook(.markdown), contents: contents[$0]!) }
    }

    /// Every entry of the folder, hidden ones too, with its contents.
    static func snapshot(_ folder: URL) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            result[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return result
    }

    static let previous = ["a.md": "old a", "b.md": "old b", "c.md": "old c"]
    static let next = ["a.md": "new a", "b.md": "new b", "c.md": "new c", "d.md": "new d"]

    /// How a writer keeps the previous file while it puts the new one in place.
    enum Keeping: String, CaseIterable, Sendable {
        /// A hard link.
        case link
        /// Where hard links are refused (protected_hardlinks, vfat): the files swap names.
        case exchange
        /// Where swapping is not supported either: the old file is moved aside.
        case moveAside
    }

    @Test(
        "A rename failing part-way puts back every file already replaced and removes every new one",
        arguments: Keeping.allCases)
    func rollback(keeping: Keeping) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(OutputWriter.write(Self.files(Self.previous), into: folder).diagnostics.isEmpty)
        for failing in 1...4 {
            let calls = Mutex(0)
            let fails: @Sendable () -> Bool = {
                calls.withLock { count -> Bool in
                    count += 1
                    return count == failing
                }
            }
            var system = Self.system(keeping)
            // The failing-th operation that puts a new file in place fails; putting back works.
            let rename = system.rename
            system.rename = { from, to in from.hasSuffix(".tmp") && !to.hasSuffix(".previous") && fails() ? EIO : rename(from, to) }
            let exchange = system.exchange
            system.exchange = { first, second in fails() ? EIO : exchange(first, second) }
            let (written, diagnostics) = OutputWriter.write(Self.files(Self.next), into: folder, using: system)
            #expect(written.isEmpty)
            #expect(diagnostics.map(\.id) == [.outputUnwritable])
            #expect(diagnostics.first?.message.contains("nothing was changed") == true)
            #expect(try Self.snapshot(folder) == Self.previous, "operation \(failing) failed")
        }
        let (written, diagnostics) = OutputWriter.write(Self.files(Self.next), into: folder, using: Self.system(keeping))
        #expect(diagnostics.isEmpty)
        #expect(written.count == 4)
        #expect(try Self.snapshot(folder) == Self.next)
    }

    /// The file operations of a file system that keeps previous files the given way.
    static func system(_ keeping: Keeping) -> OutputWriter.FileOperations {
        var system = OutputWriter.FileOperations.system
        if keeping != .link { system.link = { _, _ in EPERM } }
        if keeping == .moveAside { system.exchange = { _, _ in EINVAL } }
        return system
    }

    @Test("What a killed run left beside the files is removed by the next run; a file it had moved aside is put back")
    func leftovers() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(OutputWriter.write(Self.files(Self.previous), into: folder).diagnostics.isEmpty)
        // A process id that no process has: past the largest Linux allows.
        let gone = 4_194_304 + 17
        try Data("half".utf8).write(to: folder.appendingPathComponent(".a.md.runbook-\(gone)-1-x.tmp"))
        try Data("old b".utf8).write(to: folder.appendingPathComponent(".b.md.runbook-\(gone)-2-x.previous"))
        try FileManager.default.moveItem(
            at: folder.appendingPathComponent("c.md"), to: folder.appendingPathComponent(".c.md.runbook-\(gone)-3-x.previous"))
        // A running process's files (init's) are left alone; this process's own id on a file
        // means another process with the same id left it (this one has made none yet).
        try Data("init's".utf8).write(to: folder.appendingPathComponent(".d.md.runbook-1-4-x.tmp"))
        try Data("same id".utf8).write(to: folder.appendingPathComponent(".e.md.runbook-\(getpid())-4-x.tmp"))
        try Data("other".utf8).write(to: folder.appendingPathComponent(".notes.txt.runbook-\(gone)-5-x.tmp"))
        // A user's own hidden file that merely looks similar is never touched.
        try Data("user's".utf8).write(to: folder.appendingPathComponent(".a.md.2024.01.15.previous"))
        // Any run into the folder cleans them, whatever names it writes.
        #expect(OutputWriter.write(Self.files(["z.md": "z"]), into: folder).diagnostics.isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == [".a.md.2024.01.15.previous", ".d.md.runbook-1-4-x.tmp", "a.md", "b.md", "c.md", "z.md"])
        #expect(try String(contentsOf: folder.appendingPathComponent("c.md"), encoding: .utf8) == Self.previous["c.md"])
        #expect(try String(contentsOf: folder.appendingPathComponent("b.md"), encoding: .utf8) == Self.previous["b.md"])
    }

    @Test(
        "A run that dies while it puts previous files back leaves a journal; the next run into the folder finishes putting them back",
        arguments: Keeping.allCases)
    func killedRollback(keeping: Keeping) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(OutputWriter.write(Self.files(Self.previous), into: folder).diagnostics.isEmpty)
        var system = Self.system(keeping)
        // The third file cannot be put in place, and from then on no previous file can be put
        // back: as if the run died right after it turned its journal around.
        let broken = Mutex(false)
        let rename = system.rename
        system.rename = { from, to in
            if !URL(fileURLWithPath: to).lastPathComponent.hasPrefix(".") && broken.withLock({ $0 }) { return EIO }
            if from.hasSuffix(".tmp") && to.hasSuffix("/c.md") {
                broken.withLock { $0 = true }
                return EIO
            }
            return rename(from, to)
        }
        let exchange = system.exchange
        system.exchange = { first, second in
            guard second.hasSuffix("/c.md") else { return exchange(first, second) }
            broken.withLock { $0 = true }
            return EIO
        }
        let (written, diagnostics) = OutputWriter.write(Self.files(Self.next), into: folder, using: system)
        #expect(written.isEmpty)
        let message = try #require(diagnostics.first?.message)
        #expect(message.contains("could not put back"), "\(message)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.contains { $0.hasSuffix(".journal") }, "\(names)")
        // While this process runs, its journal is its own; once it is gone, the next run of
        // other files into the folder puts every previous file back.
        var later = OutputWriter.FileOperations.system
        later.isRunning = { _ in false }
        #expect(OutputWriter.write(Self.files(["z.md": "z"]), into: folder, using: later).diagnostics.isEmpty)
        var expected = Self.previous
        expected["z.md"] = "z"
        #expect(try Self.snapshot(folder) == expected)
    }

    @Test("A killed run's journal is finished by a run with the same process id (a container), and never over a file a later run wrote")
    func staleJournal() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(OutputWriter.write(Self.files(["a.md": "old", "b.md": "old"]), into: folder).diagnostics.isEmpty)
        func plant(pid: Int32, counter: Int) throws {
            let token = "runbook-\(pid)-\(counter)-x"
            var entries: [OutputJournal.Entry] = []
            for name in ["a.md", "b.md"] {
                let temporary = folder.appendingPathComponent(".\(name).\(token).tmp")
                try Data("killed run's".utf8).write(to: temporary)
                let new = try #require(OutputJournal.identity(of: temporary.path))
                let previous = try #require(OutputJournal.identity(of: folder.appendingPathComponent(name).path))
                entries.append(
                    OutputJournal.Entry(
                        name: name, temporary: ".\(name).\(token).tmp", backup: ".\(name).\(token).previous", existed: true, device: new.0,
                        inode: new.1, previousDevice: previous.0, previousInode: previous.1))
            }
            let journal = OutputJournal(direction: .forward, replacing: true, entries: entries, processStart: nil)
            #expect(journal.write(to: folder.appendingPathComponent(OutputJournal.fileName(token: token)).path) == nil)
        }
        // This process's own id: a run with the same id in another container left it.
        try plant(pid: getpid(), counter: 1)
        #expect(OutputWriter.write(Self.files(["z.md": "z"]), into: folder).diagnostics.isEmpty)
        #expect(try Self.snapshot(folder) == ["a.md": "killed run's", "b.md": "killed run's", "z.md": "z"])
        // A journal whose id a live process holds waits; a later run writes a.md meanwhile;
        // once the id is free the journal finishes only what no later run replaced.
        try plant(pid: 4_194_304 + 17, counter: 2)
        var alive = OutputWriter.FileOperations.system
        alive.isRunning = { _ in true }
        #expect(OutputWriter.write(Self.files(["a.md": "newer"]), into: folder, using: alive).diagnostics.isEmpty)
        #expect(OutputWriter.write(Self.files(["z.md": "z"]), into: folder).diagnostics.isEmpty)
        #expect(try Self.snapshot(folder) == ["a.md": "newer", "b.md": "killed run's", "z.md": "z"])
    }

    @Test("A journal someone planted, naming files outside the folder or names this writer never makes, is never followed")
    func plantedJournal() throws {
        let parent = try Self.folder()
        defer { try? FileManager.default.removeItem(at: parent) }
        let folder = parent.appendingPathComponent("out"), victim = parent.appendingPathComponent("victim")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: victim, withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: victim.appendingPathComponent("important.txt"))
        try Data("attacker".utf8).write(to: folder.appendingPathComponent("evil"))
        let gone = 4_194_304 + 17
        for (index, direction) in ["back", "forward"].enumerated() {
            let journal = """
                {"direction":"\(direction)","replacing":true,"entries":[
                {"name":"x","temporary":"t","backup":"../victim/important.txt","existed":true,"device":0,"inode":0},
                {"name":"../victim/owned.txt","temporary":"evil","backup":"nope","existed":false,"device":0,"inode":0}]}
                """
            try Data(journal.utf8).write(to: folder.appendingPathComponent(".runbook-\(gone)-\(index)-abc.journal"))
        }
        #expect(OutputWriter.write(Self.files(["a.md": "a"]), into: folder).diagnostics.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: victim.path) == ["important.txt"])
        #expect(try String(contentsOf: victim.appendingPathComponent("important.txt"), encoding: .utf8) == "precious")
        #expect(try String(contentsOf: folder.appendingPathComponent("evil"), encoding: .utf8) == "attacker")
    }

    @Test(
        "A full disk, a denied permission and a read-only file system get messages that say what to do",
        arguments: [(ENOSPC, "disk (or your quota) is full"), (EACCES, "permission denied"), (EROFS, "read-only")])
    func writeFailures(_ errorNumber: Int32, _ phrase: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(OutputWriter.write(Self.files(Self.previous), into: folder).diagnostics.isEmpty)
        var system = OutputWriter.FileOperations.system
        system.writeNew = { bytes, path in
            path.contains(".c.md.") ? errorNumber : OutputWriter.FileOperations.system.writeNew(bytes, path)
        }
        let (written, diagnostics) = OutputWriter.write(Self.files(Self.next), into: folder, using: system)
        #expect(written.isEmpty)
        let message = try #require(diagnostics.first?.message)
        #expect(message.contains(phrase), "\(message)")
        #expect(message.contains("c.md"))
        #expect(try Self.snapshot(folder) == Self.previous)
    }

    @Test("Names that are not plain file names, or that repeat, are refused before anything is written")
    func badNames() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["../x.md", "/etc/x.md", ".hidden.md", "", "a/b.md", "x\u{0}.md"] {
            let (written, diagnostics) = OutputWriter.write(Self.files([name: "x"]), into: folder)
            #expect(written.isEmpty && diagnostics.map(\.id) == [.outputUnwritable], "\(name)")
        }
        let twice = [RenderedFile(name: "a.md", runbook: "a", kind: .runbook(.markdown), contents: "1")] + Self.files(["a.md": "2"])
        #expect(OutputWriter.write(twice, into: folder).diagnostics.map(\.id) == [.outputUnwritable])
        #expect(try Self.snapshot(folder).isEmpty)
    }

    @Test("Writers running at once into one folder never share a temporary file")
    func concurrentWriters() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let failures = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            let files = Self.files(["site\(index).md": String(repeating: "\(index) ", count: 10_000)])
            if !OutputWriter.write(files, into: folder).diagnostics.isEmpty { failures.withLock { $0 += 1 } }
        }
        #expect(failures.withLock { $0 } == 0)
        let written = try Self.snapshot(folder)
        #expect(written.count == 16, "no temporary or backup file is left: \(written.keys.sorted())")
        for index in 0..<16 { #expect(written["site\(index).md"] == String(repeating: "\(index) ", count: 10_000)) }

        // All to the same name: one complete version wins, nothing else is left.
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            _ = OutputWriter.write(Self.files(["same.md": String(repeating: "\(index) ", count: 10_000)]), into: folder)
        }
        let same = try #require(try Self.snapshot(folder)["same.md"])
        #expect((0..<16).contains { same == String(repeating: "\($0) ", count: 10_000) })
        #expect(try Self.snapshot(folder).count == 17)
    }

    // MARK: - Batches

    /// The samples, and variants of them with other names and values, as batch sources.
    static func sources() throws -> [Pipeline.Source] {
        var sources: [Pipeline.Source] = []
        for sample in Fixtures.samples {
            let url = Fixtures.packageRoot.appendingPathComponent("samples").appendingPathComponent(sample)
            let text = try String(contentsOf: url, encoding: .utf8)
            sources.append(Pipeline.Source(file: sample, data: Data(text.utf8)))
            for variant in 1...2 {
                let renamed = text.replacingOccurrences(of: "  site: ", with: "  site: Variant \(variant) of ")
                    .replacingOccurrences(of: "  customer: ", with: "  customer: Customer <\(variant)> & ")
                sources.append(Pipeline.Source(file: "variant-\(variant)-\(sample)", data: Data(renamed.utf8)))
            }
        }
        return sources
    }

    static func batch(concurrency: Int) throws -> Pipeline {
        Pipeline(catalog: try #require(TemplateCatalog.load().catalog), concurrency: concurrency)
    }

    @Test("A batch, one after another or several at a time, gives each site the bytes it gets alone")
    func batchMatchesSingle() throws {
        let sources = try Self.sources()
        let alone = try sources.map { try Self.batch(concurrency: 1).generate($0) }
        #expect(
            alone.allSatisfy { !$0.diagnostics.hasErrors && $0.files.filter { $0.kind != .setupFile && $0.kind != .image }.count == 9 },
            "\(alone.flatMap(\.diagnostics).map(\.message))")
        for concurrency in [1, 2, 8] {
            let (outcomes, clashes) = try Self.batch(concurrency: concurrency).generate(sources)
            #expect(clashes.isEmpty)
            #expect(outcomes.map(\.source) == sources, "outcomes come back in the order given")
            #expect(outcomes.map(\.files) == alone.map(\.files), "concurrency \(concurrency)")
        }
        // Two batches at the same moment in one process.
        let results = Mutex([[[RenderedFile]]](repeating: [], count: 2))
        let batch = try Self.batch(concurrency: 2)
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let files = batch.generate(sources).outcomes.map(\.files)
            results.withLock { $0[index] = files }
        }
        #expect(results.withLock { $0 } == [alone.map(\.files), alone.map(\.files)])
    }

    @Test("Two sites that would write the same file names are refused, pointing at both names")
    func nameClash() throws {
        let sources = try Self.sources()
        let clash = Pipeline.Source(file: "copy.yaml", data: sources[0].data)
        let (outcomes, clashes) = try Self.batch(concurrency: 2).generate([sources[0], sources[1], clash])
        #expect(outcomes.count == 3)
        #expect(clashes.map(\.id) == [.outputNameClash])
        let diagnostic = try #require(clashes.first)
        #expect(diagnostic.location?.file == "copy.yaml")
        #expect(diagnostic.notes.first?.location?.file == sources[0].file)
        #expect(diagnostic.message.contains(sources[0].file))
    }

    @Test("A runbook the plan does not have is an error, not an empty result")
    func unknownRunbook() throws {
        var batch = try Self.batch(concurrency: 1)
        batch.runbooks = ["install", "uninstall"]
        let outcome = batch.generate(try Self.sources()[0])
        #expect(outcome.diagnostics.map(\.id) == [.unknownRunbook])
        #expect(outcome.files.isEmpty)
    }
}
