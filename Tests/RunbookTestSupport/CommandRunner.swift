import Foundation
import Synchronization

/// Runs the built `runbook` binary (or another tool) and captures what a user would see.
public struct CommandRunner {
    /// What the command printed and how it exited.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The package's own folder, where commands run unless told otherwise.
    public static let packageRoot = Fixtures.packageRoot

    /// The binary beside the test bundle, built by `swift build` / `swift test`.
    public static var binary: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("runbook")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/runbook")
    }

    public static func run(
        _ arguments: [String], in directory: URL = packageRoot, input: String? = nil, environment extra: [String: String] = [:],
        shell: Bool = false, tool: String? = nil
    ) throws -> Output {
        let process = Process()
        // With `shell`, arguments are `sh -c SCRIPT` and the script gets the binary as $0.
        process.executableURL = shell ? URL(fileURLWithPath: "/bin/sh") : tool.map { URL(fileURLWithPath: $0) } ?? binary
        process.arguments = shell ? Array(arguments.dropFirst()) + [binary.path] : arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "SOURCE_DATE_EPOCH")
        environment.merge(extra) { _, new in new }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            // Written from another thread so that a child that fills its output pipes first cannot block us.
            let writer = stdin.fileHandleForWriting
            Thread.detachNewThread {
                try? writer.write(contentsOf: Data(input.utf8))
                try? writer.close()
            }
        }
        // Both pipes are read to the end at once (standard error on another thread) before
        // waiting, so that a child filling either pipe cannot block.
        let errors = Mutex(Data())
        let reader = err.fileHandleForReading
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let data = reader.readDataToEndOfFile()
            errors.withLock { $0 = data }
            done.signal()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        let stderr = errors.withLock { $0 }
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A fresh empty folder for a test's files.
    public static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
