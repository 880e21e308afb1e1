import Foundation
import Testing

/// Golden files: what a test's output must be, byte for byte, kept under
/// `Tests/RunbookKitTests/Snapshots`.
///
/// With `RECORD_SNAPSHOTS=1` the folder is rewritten from the output, and the test fails all the
/// same (as swift-snapshot-testing does): a recording run never passes, so a golden file cannot
/// be accepted by a run nobody looked at. Run again without the variable to see it pass.
public enum Golden {
    /// Whether this run records instead of comparing.
    public static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

    /// A folder of golden files: `Snapshots/KIND/SAMPLE` for a sample such as `guide-two-node.yaml`.
    public static func folder(_ kind: String, sample: String) -> URL {
        Fixtures.folder.deletingLastPathComponent().appendingPathComponent("Snapshots").appendingPathComponent(kind)
            .appendingPathComponent(sample.replacingOccurrences(of: ".yaml", with: ""))
    }

    /// A golden file directly under `Snapshots`.
    public static func file(_ name: String) -> URL {
        Fixtures.folder.deletingLastPathComponent().appendingPathComponent("Snapshots").appendingPathComponent(name)
    }

    /// Checks that `file` holds exactly these bytes. When recording, rewrites it and records a failure.
    public static func check(_ bytes: Data, file: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if recording {
            try bytes.write(to: file)
            Issue.record("recorded \(file.lastPathComponent): run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
            return
        }
        #expect(
            (try? Data(contentsOf: file)) == bytes, "\(file.lastPathComponent) differs from its golden file (RECORD_SNAPSHOTS=1 re-records)",
            sourceLocation: sourceLocation)
    }

    /// Checks that `folder` holds exactly these files with exactly these bytes; an empty set of
    /// files means no folder at all. When recording, rewrites the folder and records a failure.
    public static func check(
        _ files: [(name: String, bytes: Data)], in folder: URL, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let manager = FileManager.default
        if recording {
            try? manager.removeItem(at: folder)
            if !files.isEmpty { try manager.createDirectory(at: folder, withIntermediateDirectories: true) }
            for file in files { try file.bytes.write(to: folder.appendingPathComponent(file.name)) }
            Issue.record(
                "recorded \(files.count) golden file(s) in \(folder.lastPathComponent): run again without RECORD_SNAPSHOTS",
                sourceLocation: sourceLocation)
            return
        }
        guard !files.isEmpty else {
            #expect(!manager.fileExists(atPath: folder.path), "no output, so no golden folder", sourceLocation: sourceLocation)
            return
        }
        let recorded = (try? manager.contentsOfDirectory(atPath: folder.path).sorted()) ?? []
        #expect(
            recorded == files.map(\.name).sorted(), "the golden folder \(folder.lastPathComponent) holds other files",
            sourceLocation: sourceLocation)
        for file in files {
            let golden = try? Data(contentsOf: folder.appendingPathComponent(file.name))
            #expect(
                golden == file.bytes, "\(file.name) differs from its golden file (RECORD_SNAPSHOTS=1 re-records)",
                sourceLocation: sourceLocation)
        }
    }
}
