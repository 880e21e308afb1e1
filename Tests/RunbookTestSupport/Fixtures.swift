import Foundation

/// Test inputs that live beside the tests, and the package's own files.
public enum Fixtures {
    /// The package's own folder.
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    /// The bad and good inputs the tests read: Tests/RunbookKitTests/Fixtures.
    public static let folder = packageRoot.appendingPathComponent("Tests/RunbookKitTests/Fixtures")

    /// The names of the fixture files in a folder (not the `.expect` sidecars), sorted.
    public static func names(in subfolder: String) -> [String] {
        let url = folder.appendingPathComponent(subfolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasSuffix(".expect") && !$0.hasPrefix(".") }.sorted()
    }

    /// Every file below a folder (not the `.expect` sidecars), sorted by path.
    public static func files(in folder: URL) -> [URL] {
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [URL] = []
        while let url = walker?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true && url.pathExtension != "expect" {
                files.append(url)
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// A fixture file, by subfolder and name.
    public static func url(_ subfolder: String, _ name: String) -> URL {
        folder.appendingPathComponent(subfolder).appendingPathComponent(name)
    }

    /// A fixture file's bytes.
    public static func data(_ subfolder: String, _ name: String) throws -> Data {
        try Data(contentsOf: url(subfolder, name))
    }

    /// The samples a user starts from.
    public static var samples: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("samples").path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
    }
}

/// A diagnostic a fixture expects: its id on a line.
///
/// Fixtures mark the line a diagnostic must point at with a trailing `#! rule-id` comment;
/// files that cannot hold a comment (empty, UTF-16, JSON) use a sidecar `NAME.expect` with
/// `LINE rule-id` lines.
public struct Expectation: Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var id: String

    public init(line: Int, id: String) {
        self.line = line
        self.id = id
    }

    public var description: String { "\(line): \(id)" }

    public static func < (lhs: Expectation, rhs: Expectation) -> Bool { (lhs.line, lhs.id) < (rhs.line, rhs.id) }

    public static func parse(fixture url: URL) throws -> [Expectation] {
        if url.pathExtension == "expect" { return [] }
        let sidecar = url.appendingPathExtension("expect")
        if FileManager.default.fileExists(atPath: sidecar.path) {
            return try String(contentsOf: sidecar, encoding: .utf8).split(separator: "\n").compactMap { line in
                let parts = line.split(separator: " ", maxSplits: 1)
                guard parts.count == 2, let number = Int(parts[0]) else { return nil }
                return Expectation(line: number, id: String(parts[1]).trimmingCharacters(in: .whitespaces))
            }
        }
        let text = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        var found: [Expectation] = []
        // "\r\n" is one Character, so CRLF files are split by newline, not by "\n".
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            for marker in line.components(separatedBy: "#! ").dropFirst() {
                let id = marker.split(separator: " ").first.map(String.init) ?? ""
                found.append(Expectation(line: index + 1, id: id.trimmingCharacters(in: .whitespacesAndNewlines)))
            }
        }
        return found
    }
}
