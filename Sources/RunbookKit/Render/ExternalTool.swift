import Foundation

/// A program another project wrote that lays out part of a runbook (WeasyPrint for the PDF,
/// Graphviz for the pictures): found on `PATH`, run with its input on standard input and
/// read from standard output, and stopped when it takes too long.
struct ExternalTool: Sendable {
    /// What a run gave back.
    struct Outcome: Sendable {
        var status: Int32
        var output: Data
        /// The last line it wrote on standard error, if any.
        var lastError: String?
        /// Stopped for taking longer than it was allowed.
        var stopped: Bool
    }

    /// The program's path.
    let executable: String

    /// The program named `name` on `PATH`; nil when it is not installed.
    static func find(_ name: String) -> ExternalTool? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { String($0) + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
            .map(ExternalTool.init(executable:))
    }

    /// Ignores SIGPIPE for the process, once: a program that exits before it has read its
    /// input then makes the write fail with EPIPE, and its exit status is reported, instead of
    /// the signal ending this process without a word.
    private static let pipeSignalIgnored: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Runs the program on `input`, stopping it (SIGTERM) after `timeout` seconds; nil when it
    /// cannot be started at all.
    func run(_ arguments: [String], input: Data, environment: [String: String] = [:], timeout: Int) -> Outcome? {
        _ = Self.pipeSignalIgnored
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let standardInput = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = standardInput
        process.standardOutput = output
        process.standardError = errors
        // Foundation's waitUntilExit looks for the end only every 50 ms, longer than laying out
        // a picture takes: the termination handler says so at once.
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        do {
            try process.run()
        } catch {
            return nil
        }
        // Written and read on threads of their own, so that no full pipe stops the other side.
        let writer = Thread {
            try? standardInput.fileHandleForWriting.write(contentsOf: input)
            try? standardInput.fileHandleForWriting.close()
        }
        writer.start()
        let said = ErrorText()
        let reading = DispatchGroup()
        reading.enter()
        let reader = Thread {
            said.data = Self.readAll(errors.fileHandleForReading)
            reading.leave()
        }
        reader.start()
        // Stopped once past the time allowed; the pipes then close and the reads end.
        let watchdog = Watchdog(pid: process.processIdentifier)
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(timeout)) { watchdog.fire() }
        let result = Self.readAll(output.fileHandleForReading)
        ended.wait()
        let stopped = watchdog.finish()
        reading.wait()
        let last = String(decoding: said.data, as: UTF8.self).split(separator: "\n").last.map { String($0).trimmingWhitespace() }
        return Outcome(status: process.terminationStatus, output: result, lastError: last, stopped: stopped)
    }
}

extension ExternalTool {
    /// Everything a pipe gives until it closes. A read that a signal interrupts is tried again:
    /// Foundation's readDataToEndOfFile stops the process on EINTR (seen in the fuzz run).
    static func readAll(_ handle: FileHandle) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let descriptor = handle.fileDescriptor
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return data
            }
        }
    }
}

/// Stops the program once its time is up, unless it has finished: the two sides agree under a
/// lock, so a process that has ended (and whose number may be reused) is never signalled.
private final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private let pid: Int32
    private var finished = false
    private var fired = false

    init(pid: Int32) {
        self.pid = pid
    }

    func fire() {
        lock.withLock {
            guard !finished else { return }
            fired = true
            kill(pid, SIGTERM)
        }
    }

    /// Marks the program finished; true when it was stopped for taking too long.
    func finish() -> Bool {
        lock.withLock {
            finished = true
            return fired
        }
    }
}

/// What the program wrote on its standard error, filled in by the thread that reads it.
private final class ErrorText: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()

    var data: Data {
        get { lock.withLock { bytes } }
        set { lock.withLock { bytes = newValue } }
    }
}
