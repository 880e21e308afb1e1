import Foundation

/// What a writer is about to do in a folder, kept there while it does it, so that a run killed
/// part-way (SIGKILL, a power cut) leaves nothing another run cannot finish.
///
/// Every new file is written in full and flushed under a temporary name before the journal is
/// written; the journal then names each final file, its temporary name, the second name of
/// the previous file and the new file's identity (device and inode). A writer that fails
/// part-way and starts putting the previous files back first turns the journal around.
///
/// The next writer into the folder, of any site or command, reads the journal of a run whose
/// process is gone and takes each file to the end the journal names: forward, every new file
/// in place; back, every previous file in place. Each step looks at what is on disk, so a
/// recovery that is itself killed is simply done again.
struct OutputJournal: Codable, Equatable {
    /// Which set the folder must end with.
    enum Direction: String, Codable {
        /// Every new file in place (the run was putting them there).
        case forward
        /// Every previous file back (the run had failed and was putting them back).
        case back
    }

    /// One file of the set.
    struct Entry: Codable, Equatable {
        /// The final file name.
        var name: String
        /// The name the new file was written under.
        var temporary: String
        /// The second name the previous file gets while the new one is put in place.
        var backup: String
        /// Whether a previous file was there.
        var existed: Bool
        /// The new file's device and inode: where it is now tells how far the run came.
        var device: UInt64
        var inode: UInt64
        /// The previous file's device and inode, when there was one: a file of another identity
        /// at the final name was put there by a later run, and is never replaced.
        var previousDevice: UInt64?
        var previousInode: UInt64?
    }

    var direction: Direction
    /// False when a file that appeared meanwhile must not be replaced.
    var replacing: Bool
    var entries: [Entry]
    /// When the writing process started (in clock ticks since boot, from /proc): a process
    /// that has the same id but started at another time is another process.
    var processStart: UInt64?

    /// When the process `pid` started, in clock ticks since boot; nil when it does not run.
    static func startTime(of pid: Int32) -> UInt64? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        // The command name, in parentheses, may hold spaces: count the fields after its end.
        guard let end = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: end)...].split(separator: " ")
        // Field 22 of the line; fields[0] here is field 3.
        return fields.count > 19 ? UInt64(fields[19]) : nil
    }

    /// The journal's own file name for a writer's unique token.
    static func fileName(token: String) -> String { ".\(token).journal" }

    /// Writes the journal under `path` in one step (a flushed temporary file renamed over it):
    /// errno on failure.
    func write(to path: String) -> Int32? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return EINVAL }
        let temporary = path + ".next"
        unlink(temporary)
        if let failure = OutputWriter.writeNew(Array(data), to: temporary) { return failure }
        if Foundation.rename(temporary, path) != 0 {
            let failure = errno
            unlink(temporary)
            return failure
        }
        return nil
    }

    /// Finishes or rolls back what every writer whose process is gone left in `folder`
    /// according to its journal, then removes the journal. Journals of running processes
    /// are left alone. Call it only while holding the folder's lock.
    static func recover(in folder: URL, isRunning: (Int32) -> Bool = OutputJournal.isRunning) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for name in names.sorted() {
            guard
                let stem = name.hasSuffix(".journal")
                    ? name.dropLast(".journal".count) : name.hasSuffix(".journal.next") ? name.dropLast(".journal.next".count) : nil,
                stem.hasPrefix("."), let pid = UniqueToken.processID(in: stem.dropFirst())
            else { continue }
            let path = folder.appendingPathComponent(name).path
            // Only a plain file of this user's is read: a journal someone else put in a shared
            // folder is left alone, never followed.
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid() else { continue }
            // A journal only half written was written before any file was renamed: the
            // temporary files it would have named are removed with the other leftovers.
            let journal = FileManager.default.contents(atPath: path).flatMap { try? JSONDecoder().decode(OutputJournal.self, from: $0) }
            // This process holds the folder's lock and has written no journal yet: one with its
            // own id was left by another process that had the same id (a container's runs all
            // have the same few ids). A process with the journal's id that started at another
            // time is not its writer either.
            let start = Self.startTime(of: pid)
            let writerRuns = pid != getpid() && isRunning(pid) && (journal?.processStart == nil || start == nil || start == journal?.processStart)
            if writerRuns { continue }
            if name.hasSuffix(".journal"), let journal {
                // Every name must be one this writer makes for this journal's token, in this
                // folder: a journal that names anything else is not followed at all.
                guard journal.names(only: String(stem.dropFirst())) else { continue }
                journal.complete(in: folder)
            }
            unlink(path)
        }
    }

    /// Whether every entry names a plain file of the folder, and exactly the temporary and
    /// second names the writer with `token` gives it.
    func names(only token: String) -> Bool {
        entries.allSatisfy { entry in
            let plain =
                !entry.name.isEmpty && entry.name != "." && entry.name != ".." && !entry.name.contains("/") && !entry.name.utf8.contains(0)
            return plain && entry.temporary == ".\(entry.name).\(token).tmp" && entry.backup == ".\(entry.name).\(token).previous"
        }
    }

    /// Whether a process with this id runs (or may: only a clear "no such process" says not).
    static func isRunning(_ pid: Int32) -> Bool { !(kill(pid, 0) != 0 && errno == ESRCH) }

    /// Takes each file of the set to the journal's end, looking at what is on disk.
    func complete(in folder: URL) {
        for entry in entries {
            let final = folder.appendingPathComponent(entry.name).path
            let temporary = folder.appendingPathComponent(entry.temporary).path
            let backup = folder.appendingPathComponent(entry.backup).path
            let isNew = { (path: String) -> Bool in Self.identity(of: path).map { $0 == (entry.device, entry.inode) } ?? false }
            let exists = { (path: String) -> Bool in Self.identity(of: path) != nil }
            switch direction {
            case .forward:
                // Only over the previous file, or where there is none: a file a later run put
                // at the final name stays.
                let previous = entry.previousInode.map { (entry.previousDevice ?? 0, $0) }
                let found = Self.identity(of: final)
                let ours = found == nil || (previous != nil && found! == previous!)
                if !isNew(final) && isNew(temporary) && ours {
                    if replacing || !exists(final) { _ = Foundation.rename(temporary, final) }
                }
                // The previous file: dropped, or put back where the new one was lost.
                if exists(backup) {
                    if exists(final) { unlink(backup) } else { _ = Foundation.rename(backup, final) }
                }
                // A temporary name now holds the previous file (the names were swapped) or a
                // new file that must not replace one that appeared.
                if exists(temporary) { unlink(temporary) }
            case .back:
                if isNew(final) {
                    if !entry.existed {
                        unlink(final)
                    } else if exists(backup) {
                        _ = Foundation.rename(backup, final)
                    } else if exists(temporary) && !isNew(temporary) {
                        _ = Foundation.rename(temporary, final)
                    }
                } else if !exists(final) && exists(backup) {
                    _ = Foundation.rename(backup, final)
                }
                if exists(backup) { unlink(backup) }
                if exists(temporary) { unlink(temporary) }
            }
        }
    }

    /// A path's device and inode, without following a symbolic link.
    static func identity(of path: String) -> (UInt64, UInt64)? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return (UInt64(status.st_dev), UInt64(status.st_ino))
    }
}

/// Which site each runbook of a folder belongs to, kept in the folder beside them, so that a
/// site whose file names come out like another's ("Hafen Süd", "Hafen Sud") never silently
/// replaces the other's runbooks in a later run.
struct OutputOwners: Equatable {
    /// The file's name in each output folder.
    static let fileName = ".runbook-sites.json"

    /// File name to the exact site name (`document.site`) that wrote it.
    var sites: [String: String]

    /// What the folder's file says; empty when there is none or it cannot be read (a folder
    /// written before this file existed, or a file edited by hand).
    static func read(in folder: URL) -> OutputOwners {
        let path = folder.appendingPathComponent(fileName).path
        guard let data = FileManager.default.contents(atPath: path),
            let sites = try? JSONDecoder().decode([String: [String: String]].self, from: data)["files"]
        else { return OutputOwners(sites: [:]) }
        return OutputOwners(sites: sites)
    }

    /// The file's bytes: sorted, one file per line, so the same folder gives the same bytes.
    var data: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return ((try? encoder.encode(["files": sites])) ?? Data()) + Data("\n".utf8)
    }
}
