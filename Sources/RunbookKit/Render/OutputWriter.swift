import Foundation
import Synchronization

/// Writes rendered files into one folder, all or nothing.
///
/// A reader never sees half a file, and a failed run never leaves a mix of old and new files:
///
/// 0. The folder is locked (`flock`) for the whole write, and what a run killed part-way left
///    is finished or rolled back from its journal.
/// 1. Every final name is checked first: it must be a plain file name, what is there already
///    must be a file (or nothing), and no other site may have written it (the folder's
///    record of sites, `.runbook-sites.json`).
/// 2. Every file is written in full to a temporary name in the same folder and flushed to disk.
/// 3. A journal names the whole set.
/// 4. One by one, each existing file gets a second name (a hard link; where links are
///    refused, the file is moved aside) and the temporary file is renamed over it. Should
///    one step fail, the journal is turned around and the files already replaced are put
///    back from their second names.
///
/// Any failure leaves the folder as it was before the run, apart from a folder the run
/// created; a run killed part-way is finished by the next one. Temporary names are unique
/// within the process, so concurrent writers into one folder never touch each other's
/// temporary files.
public enum OutputWriter {
    /// The paths written, or the diagnostics that say why nothing was.
    public static func write(_ files: [RenderedFile], into folder: URL) -> (written: [URL], diagnostics: [Diagnostic]) {
        write(files, into: folder, using: .system)
    }

    /// Files that are not runbooks, by name and contents, written the same way; with
    /// `replacing` false, a file that exists, or appears while the run writes, is never
    /// replaced.
    public static func write(
        named files: [(name: String, contents: String)], into folder: URL, replacing: Bool = true
    ) -> (written: [URL], diagnostics: [Diagnostic]) {
        write(named: files, into: folder, using: .system, replacing: replacing)
    }

    static func write(_ files: [RenderedFile], into folder: URL, using system: FileOperations) -> (written: [URL], diagnostics: [Diagnostic]) {
        var sites: [String: String] = [:]
        for file in files { if let site = file.site { sites[file.name] = site } }
        return write(bytes: files.map { ($0.name, $0.data) }, into: folder, using: system, sites: sites)
    }

    static func write(
        named files: [(name: String, contents: String)], into folder: URL, using system: FileOperations, replacing: Bool = true
    ) -> (written: [URL], diagnostics: [Diagnostic]) {
        write(bytes: files.map { ($0.name, Data($0.contents.utf8)) }, into: folder, using: system, replacing: replacing)
    }

    /// `sites` names the site (`document.site`) each runbook file belongs to: a file another
    /// site wrote is never replaced, and the folder remembers which site wrote which file.
    static func write(
        bytes files: [(name: String, data: Data)], into folder: URL, using system: FileOperations, replacing: Bool = true,
        sites: [String: String] = [:]
    ) -> (written: [URL], diagnostics: [Diagnostic]) {
        // A signal to stop waits until the set is whole (see Interruption).
        Interruption.writes.lock()
        defer { Interruption.writes.unlock() }
        let (created, problem) = prepareFolder(folder.path)
        var result: (written: [URL], diagnostics: [Diagnostic])
        if let problem {
            result = ([], [Diagnostic(.outputUnwritable, problem, at: nil)])
        } else {
            switch FolderLock.acquire(folder.path) {
            case .failure(let diagnostic):
                result = ([], [diagnostic])
            case .success(let lock):
                defer { lock.release() }
                // What runs killed part-way left is finished or rolled back first.
                OutputJournal.recover(in: folder, isRunning: system.isRunning)
                removeLeftovers(in: folder, isRunning: system.isRunning)
                result = write(bytes: files, intoExisting: folder, using: system, replacing: replacing, sites: sites)
            }
        }
        // A failed run leaves no folder it made.
        if !result.diagnostics.isEmpty { for path in created.reversed() { rmdir(path) } }
        return result
    }

    private static func write(
        bytes files: [(name: String, data: Data)], intoExisting folder: URL, using system: FileOperations, replacing: Bool,
        sites: [String: String]
    ) -> (written: [URL], diagnostics: [Diagnostic]) {
        var seen: Set<String> = []
        for file in files {
            if file.name.isEmpty || file.name.contains("/") || file.name.hasPrefix(".") || file.name.utf8.contains(0) {
                return ([], [Diagnostic(.outputUnwritable, "refusing to write '\(file.name)': not a plain file name", at: nil)])
            }
            if !seen.insert(file.name).inserted {
                return ([], [Diagnostic(.outputUnwritable, "two outputs are both named \(file.name); nothing was written", at: nil)])
            }
        }
        var files = files
        if !sites.isEmpty {
            // A file another site wrote is refused; the folder's record of owners is part of the set.
            var owners = OutputOwners.read(in: folder)
            for file in files {
                guard let site = sites[file.name], let owner = owners.sites[file.name], owner != site,
                    FileManager.default.fileExists(atPath: folder.appendingPathComponent(file.name).path)
                else { continue }
                return (
                    [],
                    [
                        Diagnostic(
                            .outputNameClash,
                            "\(folder.appendingPathComponent(file.name).path) holds a runbook of the site '\(owner)', and this site, "
                                + "'\(site)', would replace it (both names give the same file names); nothing was written. Give this site "
                                + "another document.site, write it into another folder with -o, or, if the site was renamed, remove the "
                                + "files of '\(owner)' first",
                            at: nil)
                    ]
                )
            }
            owners.sites = owners.sites.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0.key).path) }
            for (name, site) in sites { owners.sites[name] = site }
            files.append((OutputOwners.fileName, owners.data))
        }
        var existing: Set<String> = []
        for file in files {
            let final = folder.appendingPathComponent(file.name)
            var status = stat()
            guard lstat(final.path, &status) == 0 else { continue }
            let type = status.st_mode & S_IFMT
            if type != S_IFREG && type != S_IFLNK {
                return ([], [Diagnostic(.outputUnwritable, "cannot replace \(final.path): it exists and is not a file; move it away", at: nil)])
            }
            if !replacing {
                return ([], [Diagnostic(.outputUnwritable, "\(final.path) already exists; nothing was written", at: nil)])
            }
            existing.insert(file.name)
        }

        let token = UniqueToken.next()
        let staged: [(temporary: String, final: String, exists: Bool)] = files.map { file in
            (
                folder.appendingPathComponent(".\(file.name).\(token).tmp").path, folder.appendingPathComponent(file.name).path,
                existing.contains(file.name)
            )
        }
        // Written and flushed side by side: each flush waits for the disk, and the waits overlap.
        let errors = Mutex([Int32?](repeating: nil, count: files.count))
        let contents = files.map(\.data)
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let errorNumber = system.writeNew(Array(contents[index]), staged[index].temporary)
            errors.withLock { $0[index] = errorNumber }
        }
        let outcome = errors.withLock { $0 }
        if let index = outcome.firstIndex(where: { $0 != nil }), let errorNumber = outcome[index] {
            for (entry, error) in zip(staged, outcome) where error == nil { unlink(entry.temporary) }
            return ([], [failure("cannot write \(staged[index].final)", errorNumber, folder: folder)])
        }
        // The journal names every file of the set before the first is put in place, so a
        // run killed from here on is finished by the next writer into this folder.
        var journal = OutputJournal(
            direction: .forward, replacing: replacing,
            entries: zip(files, staged).map { file, entry in
                let identity = OutputJournal.identity(of: entry.temporary) ?? (0, 0)
                let previous = entry.exists ? OutputJournal.identity(of: entry.final) : nil
                return OutputJournal.Entry(
                    name: file.name, temporary: ".\(file.name).\(token).tmp", backup: ".\(file.name).\(token).previous",
                    existed: entry.exists, device: identity.0, inode: identity.1, previousDevice: previous?.0, previousInode: previous?.1)
            }, processStart: OutputJournal.startTime(of: getpid()))
        let journalPath = folder.appendingPathComponent(OutputJournal.fileName(token: token)).path
        if let errorNumber = journal.write(to: journalPath) {
            for entry in staged { unlink(entry.temporary) }
            return ([], [failure("cannot write \(journalPath)", errorNumber, folder: folder)])
        }
        syncFolder(folder.path)
        // Each previous file keeps a second name until every new file is in place: a hard
        // link; where the file system or its protections refuse one, the new and the old file
        // swap names in one step, so the old one keeps the temporary name and the final name
        // always holds a whole file; only where neither works is the old file moved aside.
        var replaced: [(final: String, backup: String?)] = []
        var failed: (path: String, errorNumber: Int32)?
        for (entry, planned) in zip(staged, journal.entries) {
            TestFailpoint.killAfter(puttingInPlace: replaced.count)
            var backup: String?
            // True when the old file keeps its name and the backup is a second link to it.
            var linked = false
            if entry.exists {
                let name = folder.appendingPathComponent(planned.backup).path
                if system.link(entry.final, name) == nil {
                    backup = name
                    linked = true
                } else {
                    switch system.exchange(entry.temporary, entry.final) {
                    case nil:
                        replaced.append((entry.final, entry.temporary))
                        continue
                    case ENOSYS, EINVAL, ENOTSUP, EPERM:
                        break  // Not supported here: move the old file aside.
                    case let errorNumber?:
                        failed = (entry.final, errorNumber)
                    }
                    if failed != nil { break }
                    if let errorNumber = system.rename(entry.final, name) {
                        failed = (entry.final, errorNumber)
                        break
                    }
                    backup = name
                }
            }
            // A new file that must not replace one: a hard link fails if a file appeared since.
            if !replacing, !entry.exists {
                switch system.link(entry.temporary, entry.final) {
                case nil:
                    unlink(entry.temporary)
                    replaced.append((entry.final, nil))
                    continue
                case EEXIST?:
                    failed = (entry.final, EEXIST)
                case _:
                    break  // No hard links here: rename, as for any other file.
                }
                if failed != nil { break }
            }
            if let errorNumber = system.rename(entry.temporary, entry.final) {
                // The old file is still in place (a second link was made): drop that link. It
                // was moved aside: it is put back with the others.
                if let backup {
                    if linked {
                        unlink(backup)
                    } else {
                        replaced.append((entry.final, backup))
                    }
                }
                failed = (entry.final, errorNumber)
                break
            }
            replaced.append((entry.final, backup))
        }
        TestFailpoint.killAfter(puttingInPlace: replaced.count)
        guard let failed else {
            for entry in replaced { if let backup = entry.backup { unlink(backup) } }
            unlink(journalPath)
            return (staged.map { URL(fileURLWithPath: $0.final) }.filter { $0.lastPathComponent != OutputOwners.fileName }, [])
        }
        // From here the folder goes back: a run killed while it does is rolled back too.
        journal.direction = .back
        _ = journal.write(to: journalPath)
        // Put back what this run already replaced; remove what it newly created.
        var stuck: [String] = []
        var kept: Set<String> = []
        for entry in replaced {
            if let backup = entry.backup {
                if system.rename(backup, entry.final) != nil {
                    stuck.append("\(entry.final) (the previous version is \(backup))")
                    kept.insert(backup)
                }
            } else {
                unlink(entry.final)
            }
        }
        // A previous version that could not be put back may sit at a temporary name: keep it.
        for entry in staged where !kept.contains(entry.temporary) { unlink(entry.temporary) }
        // The journal goes unless a previous version is stuck: then the next writer tries again.
        if stuck.isEmpty { unlink(journalPath) }
        var diagnostic = failure("cannot replace \(failed.path)", failed.errorNumber, folder: folder, restored: !replaced.isEmpty)
        if !stuck.isEmpty {
            diagnostic.message =
                "cannot replace \(failed.path), and could not put back " + stuck.joined(separator: ", ")
                + "; rename those previous versions back by hand"
        }
        return ([], [diagnostic])
    }

    /// The file operations the writer needs, replaceable so tests can make any of them fail.
    struct FileOperations: Sendable {
        /// Creates the path (it must not exist), writes every byte and flushes it; errno on failure.
        var writeNew: @Sendable (_ bytes: [UInt8], _ path: String) -> Int32?
        var link: @Sendable (_ existing: String, _ new: String) -> Int32?
        var rename: @Sendable (_ from: String, _ to: String) -> Int32?
        /// Swaps two existing paths in one step.
        var exchange: @Sendable (_ first: String, _ second: String) -> Int32?
        /// Whether the process that wrote a journal or temporary file still runs.
        var isRunning: @Sendable (_ pid: Int32) -> Bool = { OutputJournal.isRunning($0) }

        static let system = FileOperations(
            writeNew: { bytes, path in OutputWriter.writeNew(bytes, to: path) },
            link: { existing, new in Foundation.link(existing, new) == 0 ? nil : errno },
            rename: { from, to in Foundation.rename(from, to) == 0 ? nil : errno },
            exchange: { first, second in OutputWriter.exchange(first, second) }
        )
    }

    /// Linux's `renameat2` with `RENAME_EXCHANGE`: both paths stay, their files swap. Looked up
    /// at run time, as the Swift Glibc module does not declare it; ENOSYS where the C library
    /// lacks it, EINVAL where the file system does not support it.
    static func exchange(_ first: String, _ second: String) -> Int32? {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return ENOSYS }
        let renameat2 = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 2
        return renameat2(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0 ? nil : errno
    }

    /// Removes what runs that were killed part-way left in the folder that no journal names:
    /// their temporary files, and the second names of previous files (put back under their
    /// own name when an older run was killed between moving one aside and putting the new one
    /// in its place). Only files of processes that no longer run are touched, and only names
    /// this writer makes.
    static func removeLeftovers(in folder: URL, isRunning: (Int32) -> Bool = OutputJournal.isRunning) {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for entry in entries where entry.hasPrefix(".") && (entry.hasSuffix(".tmp") || entry.hasSuffix(".previous")) {
            // .NAME.runbook-PID-COUNTER-RANDOM.tmp or .previous
            let stem = entry.dropFirst().dropLast(entry.hasSuffix(".tmp") ? ".tmp".count : ".previous".count)
            guard let dot = stem.lastIndex(of: "."), dot > stem.startIndex else { continue }
            let name = String(stem[..<dot])
            // A file with this process's own id was left by another process that had the same
            // id: this one holds the folder's lock and has made none yet.
            guard let pid = UniqueToken.processID(in: stem[stem.index(after: dot)...]), pid == getpid() || !isRunning(pid) else { continue }
            let path = folder.appendingPathComponent(entry).path
            let final = folder.appendingPathComponent(name).path
            var status = stat()
            // Only plain files of this user's, under plain names: nothing another user put here.
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid(), !name.contains("/"),
                name != ".", name != ".."
            else { continue }
            if entry.hasSuffix(".previous") && lstat(final, &status) != 0 {
                _ = Foundation.rename(path, final)
            } else {
                unlink(path)
            }
        }
    }

    /// Flushes a folder's entries (the names just created) to disk; a failure only weakens
    /// what survives a power cut, never what a killed run leaves.
    static func syncFolder(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// Creates `path` (it must not exist), writes every byte and flushes it to disk; the
    /// errno on failure, with nothing left behind.
    static func writeNew(_ bytes: [UInt8], to path: String) -> Int32? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if descriptor < 0 { return errno }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let failure = errno
                close(descriptor)
                unlink(path)
                return failure
            }
            offset += written
        }
        var failure: Int32?
        if fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0 && failure == nil { failure = errno }
        if failure != nil { unlink(path) }
        return failure
    }

    /// A message that says what happened and what to do about it.
    static func failure(_ what: String, _ errorNumber: Int32, folder: URL, restored: Bool = false) -> Diagnostic {
        let advice: String
        switch errorNumber {
        case ENOSPC, EDQUOT:
            advice = "the disk (or your quota) is full; free some space on it or choose another output folder"
        case EACCES, EPERM:
            advice = "permission denied; choose an output folder you may write to, or ask for write access to \(folder.path)"
        case EROFS:
            advice = "the file system is read-only; choose another output folder"
        case ENAMETOOLONG:
            advice = "the path is too long; choose a shorter output folder"
        case EEXIST:
            advice = "a file of that name appeared while this run wrote; it was left as it is"
        default:
            advice = FileSystem.words(for: errorNumber) + "; choose another output folder"
        }
        let state = restored ? "the files replaced so far were put back; " : ""
        return Diagnostic(.outputUnwritable, "\(what): \(advice); \(state)nothing was changed in \(folder.path)", at: nil)
    }

    /// Makes sure `path` is a folder, creating it and its missing parents: the folders it
    /// created, top first, and the sentence that says why it cannot be one.
    static func prepareFolder(_ path: String) -> (created: [String], problem: String?) {
        var created: [String] = []
        let problem = prepareFolder(path, created: &created)
        if problem != nil { for folder in created.reversed() { rmdir(folder) } }
        return (problem == nil ? created : [], problem)
    }

    private static func prepareFolder(_ path: String, created: inout [String]) -> String? {
        let choose = "choose another output folder"
        var status = stat()
        if stat(path, &status) == 0 {
            if status.st_mode & S_IFMT == S_IFDIR { return nil }
            return "cannot write into \(path): it is \(FileSystem.kind(of: status.st_mode)), not a folder; \(choose)"
        }
        if errno == ELOOP { return "cannot write into \(path): its symbolic links form a loop; \(choose)" }
        if let target = FileSystem.danglingLinkTarget(path) {
            return "cannot write into \(path): it is a symbolic link to \(target), which does not exist; create that folder or \(choose)"
        }
        // Create each missing folder from the top, so a part that is a file is named.
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var prefix = ""
        for part in absolute.split(separator: "/") {
            prefix += "/" + part
            if stat(prefix, &status) == 0 {
                if status.st_mode & S_IFMT == S_IFDIR { continue }
                return "cannot create the output folder \(path): \(prefix) is \(FileSystem.kind(of: status.st_mode)), not a folder; \(choose)"
            }
            if errno == ELOOP { return "cannot create the output folder \(path): the symbolic links at \(prefix) form a loop; \(choose)" }
            if let target = FileSystem.danglingLinkTarget(prefix) {
                return "cannot create the output folder \(path): \(prefix) is a symbolic link to \(target), which does not exist; \(choose)"
            }
            if mkdir(prefix, 0o777) == 0 {
                created.append(prefix)
            } else if errno != EEXIST {
                return failure("cannot create the output folder \(path)", errno, folder: URL(fileURLWithPath: prefix).deletingLastPathComponent())
                    .message
            }
        }
        return nil
    }
}

/// Names no other writer uses at the same time: process id, a counter and a random part (a
/// process killed part-way may leave a temporary file behind under a reused process id).
enum UniqueToken {
    private static let counter = Mutex(0)

    static func next() -> String {
        let value = counter.withLock { count -> Int in
            count += 1
            return count
        }
        return "runbook-\(getpid())-\(value)-\(String(UInt32.random(in: .min ... .max), radix: 36))"
    }

    /// The process id in a token this writer made, or nil for any other text.
    static func processID(in token: Substring) -> Int32? {
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "runbook", let pid = Int32(parts[1]), pid > 0, Int(parts[2]) != nil, !parts[3].isEmpty,
            parts[3].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        return pid
    }
}

/// One output folder held by one writer at a time, across processes (`flock` on the folder),
/// so that two runs never recover or update the same files at once. A lock is freed by the
/// kernel when its process dies.
struct FolderLock {
    private let descriptor: Int32

    /// How long a run waits for another one to finish writing into the same folder.
    static let wait: Duration = .seconds(30)

    static func acquire(_ path: String) -> Result<FolderLock, Diagnostic> {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        // A folder that cannot be opened for reading (write-only) is written without a lock.
        guard descriptor >= 0 else { return .success(FolderLock(descriptor: -1)) }
        let deadline = ContinuousClock.now + wait
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { return .success(FolderLock(descriptor: descriptor)) }
            if ContinuousClock.now >= deadline {
                close(descriptor)
                return .failure(
                    Diagnostic(
                        .outputUnwritable,
                        "another process has been writing into \(path) for \(wait.components.seconds) seconds (it holds the folder's "
                            + "lock); nothing was written. Wait for it to finish or choose another output folder",
                        at: nil))
            }
            usleep(20_000)
        }
        return .success(FolderLock(descriptor: descriptor))
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// A fault the tests of a killed run put in (debug builds only): with
/// `RUNBOOK_TEST_KILL_AFTER=N` in the environment, the process kills itself with SIGKILL once
/// N files of a set are in place.
enum TestFailpoint {
    #if DEBUG
        static let after = ProcessInfo.processInfo.environment["RUNBOOK_TEST_KILL_AFTER"].flatMap { Int($0) }
    #endif

    static func killAfter(puttingInPlace count: Int) {
        #if DEBUG
            if let after, count == after { kill(getpid(), SIGKILL) }
        #endif
    }
}
