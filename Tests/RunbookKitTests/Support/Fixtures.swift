import Foundation

/// Test inputs that live beside the tests, and the package's own files.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")
    static let packageRoot = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The names of the fixture files in a folder (not the `.expect` sidecars), sorted.
    static func names(in subfolder: String) -> [String] {
        let url = folder.appendingPathComponent(subfolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { !$0.hasSuffix(".expect") && !$0.hasPrefix(".") }.sorted()
    }

    /// Every file below a folder (not the `.expect` sidecars), sorted by path.
    static func files(in folder: URL) -> [URL] {
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        var files: [URL] = []
        while let url = walker?.nextObject() as? URL {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true && url.pathExtension != "expect" {
                files.append(url)
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    static func url(_ subfolder: String, _ name: String) -> URL {
        folder.appendingPathComponent(subfolder).appendingPathComponent(name)
    }

    static func data(_ subfolder: String, _ name: String) throws -> Data {
        try Data(contentsOf: url(subfolder, name))
    }

    /// The samples a user starts from.
    static var samples: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("samples").path)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
    }
}

/// A diagnostic a fixture expects: its id on a line.
///
/// Fixtures mark the line a diagnostic must point at with a trailing `#! rule-id` comment;
/// files that cannot hold a comment (empty, UTF-16, JSON) use a sidecar `NAME.expect` with
/// `LINE rule-id` lines.
struct Expectation: Hashable, Comparable, CustomStringConvertible {
    var line: Int
    var id: String

    var description: String { "\(line): \(id)" }

    static func < (lhs: Expectation, rhs: Expectation) -> Bool { (lhs.line, lhs.id) < (rhs.line, rhs.id) }

    static func parse(fixture url: URL) throws -> [Expectation] {
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
