import Foundation

/// What the input reader and the output writer say about paths, in the same words: the kind
/// of thing a path names, where a broken symbolic link points, the C library's words for an
/// error number. Foundation's error text never reaches a user.
public enum FileSystem {
    /// What a path names; its description is the words messages use ("a named pipe").
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        case file, folder, namedPipe, socket, device, symbolicLink, other

        /// The words for it in a sentence.
        public var description: String {
            switch self {
            case .file: return "a file"
            case .folder: return "a folder"
            case .namedPipe: return "a named pipe"
            case .socket: return "a socket"
            case .device: return "a device"
            case .symbolicLink: return "a symbolic link"
            case .other: return "not a file"
            }
        }
    }

    /// The kind of thing a `stat` mode describes.
    static func kind(of mode: mode_t) -> Kind {
        switch mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .folder
        case S_IFIFO: return .namedPipe
        case S_IFSOCK: return .socket
        case S_IFCHR, S_IFBLK: return .device
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// The kind of thing at `path`, following symbolic links; nil when nothing is there.
    public static func kind(at path: String) -> Kind? {
        var status = stat()
        return stat(path, &status) == 0 ? kind(of: status.st_mode) : nil
    }

    /// Where the symbolic link at `path` points, when that target does not exist (a loop of
    /// links is not dangling: see ``missing(_:)``).
    static func danglingLinkTarget(_ path: String) -> String? {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK, stat(path, &status) != 0, errno == ENOENT,
            let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path)
        else { return nil }
        return target
    }

    /// Why nothing usable is at `path`, which `stat` cannot follow: "it does not exist", "it
    /// is a symbolic link to X, which does not exist", "its symbolic links form a loop"...
    public static func missing(_ path: String) -> String {
        var status = stat()
        if stat(path, &status) == 0 { return "it is \(kind(of: status.st_mode))" }
        switch errno {
        case ELOOP: return "its symbolic links form a loop"
        case ENOTDIR: return "a part of the path that should be a folder is a file"
        case EACCES: return "permission denied on a folder of the path"
        case ENOENT:
            if let target = danglingLinkTarget(path) { return "it is a symbolic link to \(target), which does not exist" }
            return "it does not exist"
        case let other: return words(for: other)
        }
    }

    /// The C library's words for an error number that has no advice of ours, lower-cased to
    /// sit inside a sentence (strerror_r: the pipeline works on several threads).
    static func words(for errorNumber: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        // The XSI strerror_r, as Swift sees it: the text goes into the buffer.
        guard strerror_r(errorNumber, &buffer, buffer.count) == 0 else { return "error \(errorNumber)" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).lowercased()
    }
}
