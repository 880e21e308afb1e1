import Foundation

/// Writes rendered files into one folder so that a reader never sees half a file: every
/// file goes to a temporary name in the same folder first, and only when all of them are on
/// disk, and every final name is free or a plain file, are they renamed over their final
/// names. A failure before that point leaves the previous run's files as they were.
public enum OutputWriter {
    /// The paths written, or the diagnostics that say why nothing was.
    public static func write(_ files: [RenderedFile], into folder: URL) -> (written: [URL], diagnostics: [Diagnostic]) {
        for file in files where file.name.isEmpty || file.name.contains("/") || file.name.hasPrefix(".") {
            return ([], [Diagnostic(.outputUnwritable, "refusing to write '\(file.name)': not a plain file name", at: nil)])
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            return ([], [problem("cannot create the output folder \(folder.path)", error)])
        }
        for file in files {
            let final = folder.appendingPathComponent(file.name)
            var status = stat()
            if lstat(final.path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG && (status.st_mode & S_IFMT) != S_IFLNK {
                return ([], [Diagnostic(.outputUnwritable, "cannot replace \(final.path): it exists and is not a file; move it away", at: nil)])
            }
        }
        var temporary: [(URL, URL)] = []
        func removeTemporary() { for (temp, _) in temporary { unlink(temp.path) } }
        for file in files {
            let final = folder.appendingPathComponent(file.name)
            let temp = folder.appendingPathComponent(".\(file.name).\(getpid()).tmp")
            if let message = writeNew(Array(file.contents.utf8), to: temp.path) {
                removeTemporary()
                return ([], [Diagnostic(.outputUnwritable, "cannot write \(final.path): \(message)", at: nil)])
            }
            temporary.append((temp, final))
        }
        for (index, (temp, final)) in temporary.enumerated() where rename(temp.path, final.path) != 0 {
            let message = String(cString: strerror(errno))
            for (left, _) in temporary[index...] { unlink(left.path) }
            return (
                temporary[..<index].map(\.1),
                [Diagnostic(.outputUnwritable, "cannot replace \(final.path): \(message)", at: nil)]
            )
        }
        return (temporary.map(\.1), [])
    }

    /// Creates `path` (it must not exist), writes every byte and flushes it to disk; the
    /// reason on failure.
    static func writeNew(_ bytes: [UInt8], to path: String) -> String? {
        unlink(path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if descriptor < 0 { return String(cString: strerror(errno)) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                let message = String(cString: strerror(errno))
                close(descriptor)
                unlink(path)
                return message
            }
            offset += written
        }
        let synced = fsync(descriptor) == 0 ? nil : String(cString: strerror(errno))
        let closed = close(descriptor) == 0 ? nil : String(cString: strerror(errno))
        if let message = synced ?? closed {
            unlink(path)
            return message
        }
        return nil
    }

    static func problem(_ message: String, _ error: any Error) -> Diagnostic {
        let reason = (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
        return Diagnostic(.outputUnwritable, "\(message): \(reason)", at: nil)
    }
}
