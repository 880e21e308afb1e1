import Foundation

/// What the input reader and the output writer say about paths, in the same words: the kind
/// of thing a path names, where a broken symbolic link points, the C library's words for an
/// error number. Foundation's error text never reaches a user.
enum FileSystem {
    /// "a file", "a folder", "a named pipe"... for a `stat` mode.
    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "a file"
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a named pipe"
        case S_IFSOCK: return "a socket"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFLNK: return "a symbolic link"
        default: return "not a file"
        }
    }

    /// The kind of thing at `path`, following symbolic links; nil when nothing is there.
    static func kind(at path: String) -> String? {
        var status = stat()
        return stat(path, &status) == 0 ? kind(of: status.st_mode) : nil
    }

    /// Where the symbolic link at `path` points, when that target does not exist.
    static func danglingLinkTarget(_ path: String) -> String? {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFLNK, stat(path, &status) != 0,
            let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path)
        else { return nil }
        return target
    }

    /// The C library's words for an error number that has no advice of ours.
    static func words(for errorNumber: Int32) -> String {
        String(cString: strerror(errorNumber)).lowercased()
    }
}
