import Foundation

/// Reads one input, a file or standard input, no further than the size limit allows.
///
/// The limit is checked while reading, so an endless stream or a huge file costs no more than
/// the limit. A named pipe or process substitution (`<(...)`) is read like standard input.
/// Each failure is a sentence that says what is wrong and what to do: no Foundation error
/// text reaches a user.
public enum InputFile {
    /// The name diagnostics give standard input.
    public static let standardInputName = "<stdin>"

    /// Why an input could not be read.
    public enum Failure: Error, Sendable, Hashable {
        /// A sentence saying what is wrong and what to do.
        case unreadable(String)
        /// More bytes than the limit allows.
        case tooLarge(bytes: Int?)
    }

    /// How long a named pipe may wait for its writer before the run gives up on it.
    public static let writerWait = 30

    /// The whole file at `path`, or why not. `-` reads standard input. A named pipe is waited
    /// for `writerWait` seconds at most: one with no program writing to it never hangs a run.
    public static func read(_ path: String, limit: Int, writerWait: Int = writerWait) -> Result<Data, Failure> {
        if path == "-" { return read(descriptor: STDIN_FILENO, limit: limit, name: "standard input") }
        // Without O_NONBLOCK, opening a named pipe waits until a writer opens it, forever.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(.unreadable(openProblem(path, errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(.unreadable(FileSystem.words(for: errno))) }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            return .failure(.unreadable(folderProblem(path)))
        case S_IFREG:
            if Int(status.st_size) > limit { return .failure(.tooLarge(bytes: Int(status.st_size))) }
        case S_IFIFO:
            // Read as a stream once its writer has written, or closed it.
            var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            var ready: Int32
            repeat { ready = poll(&waiting, 1, Int32(writerWait * 1000)) } while ready < 0 && errno == EINTR
            if ready == 0 {
                return .failure(
                    .unreadable(
                        "it is a named pipe, and nothing wrote to it within \(writerWait) \(writerWait == 1 ? "second" : "seconds"); start the program that writes the site description to it first, or give the file itself"
                    ))
            }
        default:
            break  // A character device: read it as a stream, as `cat` would.
        }
        // Reads block again: a stream is read to its end.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return read(descriptor: descriptor, limit: limit, name: "the file")
    }

    /// Everything left on a descriptor, up to `limit` bytes.
    static func read(descriptor: Int32, limit: Int, name: String) -> Result<Data, Failure> {
        var bytes: [UInt8] = []
        let chunk = 64 * 1024
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, chunk) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EISDIR {
                    return .failure(
                        .unreadable("\(name) is a folder, not a file; give the file's path, or send the file itself: runbook validate - < site.yaml"))
                }
                return .failure(.unreadable("reading \(name) failed: \(FileSystem.words(for: errno))"))
            }
            if count == 0 { return .success(Data(bytes)) }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > limit { return .failure(.tooLarge(bytes: nil)) }
        }
    }

    /// Why `open` failed, in words, for an input path.
    static func openProblem(_ path: String, _ errorNumber: Int32) -> String {
        switch errorNumber {
        case ENOENT:
            if let target = FileSystem.danglingLinkTarget(path) {
                return "it is a symbolic link to \(target), which does not exist; point the link at the site description or give the file's own path"
            }
            return "no such file; check the path"
        case ELOOP:
            return "its symbolic links form a loop; give the site description's own path"
        case ENXIO:
            return "it is a socket or a device with nothing behind it, not a file; give the site description's file, or - to read standard input"
        case ENOTDIR:
            return "a part of the path that should be a folder is a file; check the path"
        case EACCES, EPERM:
            return "permission denied; ask for read access to it, or copy it somewhere you can read"
        case ENAMETOOLONG:
            return "the path is too long; move the file somewhere with a shorter path"
        default:
            return FileSystem.words(for: errorNumber)
        }
    }

    /// A folder given where a file belongs, with the site descriptions it holds.
    static func folderProblem(_ path: String) -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let sites = names.filter { [".yaml", ".yml", ".json"].contains(where: $0.lowercased().hasSuffix) && !$0.hasPrefix(".") }.sorted()
        let folder = path.hasSuffix("/") ? path : path + "/"
        guard !sites.isEmpty else { return "it is a folder, not a file; give the site description file itself" }
        let shown = sites.prefix(3).map { folder + $0 }
        return "it is a folder, not a file; give the site description file itself, such as "
            + EnglishList.joined(shown, conjunction: "or") + (sites.count > 3 ? " (it holds \(sites.count) YAML or JSON files)" : "")
    }
}
