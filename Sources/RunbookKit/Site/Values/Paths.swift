/// Windows paths as the site description writes them: drive letters and mount paths.
enum Paths {
    /// The drive letter of `F:`, `F:\` or `F:\Data`, upper-cased; nil for other paths.
    static func driveLetter(_ path: String) -> Character? {
        let chars = Array(path)
        guard chars.count >= 2, chars[0].isASCII, chars[0].isLetter, chars[1] == ":" else { return nil }
        guard chars.count == 2 || chars[2] == "\\" else { return nil }
        return Character(chars[0].uppercased())
    }

    /// True for a drive letter (`F:`, `F:\`) or an absolute path below one (`C:\Mounts\Data`).
    static func isAbsolute(_ path: String) -> Bool {
        guard driveLetter(path) != nil else { return false }
        return !path.contains("/") && !path.contains("\\\\") && !path.contains(where: { "<>\"|?*".contains($0) })
            && !path.dropFirst(2).contains(":")
    }

    /// The folder a disk is mounted at, with a trailing backslash: `F:\`, `C:\Mounts\Data\`.
    static func root(_ path: String) -> String {
        if path.count == 2 { return path.uppercased() + "\\" }
        return path.hasSuffix("\\") ? path : path + "\\"
    }

    /// Joins path parts with single backslashes.
    static func join(_ base: String, _ parts: String...) -> String {
        var out = base
        for part in parts {
            if !out.hasSuffix("\\") { out += "\\" }
            out += part
        }
        return out
    }

    /// True when `path` is `folder` or lies below it (case-insensitive, as Windows is).
    static func isInside(_ path: String, _ folder: String) -> Bool {
        let p = path.lowercased(), f = root(folder).lowercased()
        return p == String(f.dropLast()) || (p + (p.hasSuffix("\\") ? "" : "\\")).hasPrefix(f)
    }
}
