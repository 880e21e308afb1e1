import Foundation
import Synchronization

/// Writes rendered files into one folder, all or nothing.
///
/// A reader never sees half a file, and a failed run never leaves a mix of old and new files:
///
/// 1. Every final name is checked first: it must be a plain file name, and what is there
///    already must be a file (or nothing).
/// 2. Every file is written in full to a temporary name in the same folder and flushed to disk.
/// 3. One by one, each existing file gets a second name (a hard link; where links are
///    refused, the file is moved aside) and the temporary file is renamed over it. Should
///    one step fail, the files already replaced are put back from their second names.
///
/// Any failure leaves the folder as it was before the run, apart from a folder the run
/// created. Temporary names are unique within the process, so concurrent writers into one
/// folder never touch each other's temporary files.
public enum OutputWriter {
    /// The paths written, or the diagnostics that say why nothing was.
    public static func write(_ files: [RenderedFile], into folder: URL) -> (written: [URL], diagnostics: [Diagnostic]) {
        write(files, into: folder, using: .system)
    }

    /// Files that are not runbooks, by name and contents, written the same way.
    public static func write(named files: [(name: String, contents: String)], into folder: URL) -> (written: [URL], diagnostics: [Diagnostic]) {
        write(named: files, into: folder, using: .system)
    }

    static func write(_ files: [RenderedFile], into folder: URL, using system: FileOperations) -> (written: [URL], diagnostics: [Diagnostic]) {
        write(named: files.map { ($0.name, $0.contents) }, into: folder, using: system)
    }

    static func write(
        named files: [(name: String, contents: String)], into folder: URL, using system: FileOperations
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
        if let problem = prepareFolder(folder.path) {
            return ([], [Diagnostic(.outputUnwritable, problem, at: nil)])
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
            existing.insert(file.name)
        }

        let token = UniqueToken.next()
        var staged: [(temporary: String, final: String, exists: Bool)] = []
        for file in files {
            let final = folder.appendingPathComponent(file.name).path
            let temporary = folder.appendingPathComponent(".\(file.name).\(token).tmp").path
            if let errorNumber = system.writeNew(Array(file.contents.utf8), temporary) {
                for entry in staged { unlink(entry.temporary) }
                return ([], [failure("cannot write \(final)", errorNumber, folder: folder)])
            }
            staged.append((temporary, final, existing.contains(file.name)))
        }
        // Each previous file keeps a second name until every new file is in place: a hard
        // link, or where the file system or its protections refuse one, the file moved aside.
        var replaced: [(final: String, backup: String?)] = []
        var failed: (path: String, errorNumber: Int32)?
        for entry in staged {
            var backup: String?
            if entry.exists {
                let name = String(entry.temporary.dropLast(".tmp".count)) + ".previous"
                if system.link(entry.final, name) != nil, let errorNumber = system.rename(entry.final, name) {
                    failed = (entry.final, errorNumber)
                    break
                }
                backup = name
            }
            if let errorNumber = system.rename(entry.temporary, entry.final) {
                if let backup, !FileManager.default.fileExists(atPath: entry.final) { _ = system.rename(backup, entry.final) }
                if let backup { unlink(backup) }
                failed = (entry.final, errorNumber)
                break
            }
            replaced.append((entry.final, backup))
        }
        guard let failed else {
            for entry in replaced { if let backup = entry.backup { unlink(backup) } }
            return (staged.map { URL(fileURLWithPath: $0.final) }, [])
        }
        // Put back what this run already replaced; remove what it newly created.
        var stuck: [String] = []
        for entry in replaced {
            if let backup = entry.backup {
                if system.rename(backup, entry.final) != nil { stuck.append("\(entry.final) (the previous version is \(backup))") }
            } else {
                unlink(entry.final)
            }
        }
        for entry in staged { unlink(entry.temporary) }
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

        static let system = FileOperations(
            writeNew: { bytes, path in OutputWriter.writeNew(bytes, to: path) },
            link: { existing, new in Foundation.link(existing, new) == 0 ? nil : errno },
            rename: { from, to in Foundation.rename(from, to) == 0 ? nil : errno }
        )
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
        default:
            advice = String(cString: strerror(errorNumber))
        }
        let state = restored ? "the files replaced so far were put back; " : ""
        return Diagnostic(.outputUnwritable, "\(what): \(advice); \(state)nothing was changed in \(folder.path)", at: nil)
    }

    /// Makes sure `path` is a folder, creating it and its missing parents; the sentence that
    /// says why it cannot be one.
    static func prepareFolder(_ path: String) -> String? {
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
            if mkdir(prefix, 0o777) != 0 && errno != EEXIST {
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
        return "\(getpid()).\(value).\(String(UInt32.random(in: .min ... .max), radix: 36))"
    }
}
