import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A program another project wrote that lays out part of a runbook (WeasyPrint for the PDF,
/// Graphviz for the pictures): found on `PATH`, run with its input on standard input and
/// read from standard output. It is not trusted:
///
/// - it runs in a process group of its own, which this process owns, with no signal blocked
///   and SIGPIPE, SIGINT, SIGTERM and SIGHUP at their defaults, whatever the thread that
///   starts it has;
/// - past its time, the whole group (grandchildren included) gets SIGTERM, then SIGKILL after
///   ``gracePeriod``; once the program has ended, whatever it left in its group is killed, so
///   that no grandchild holding a pipe keeps the run waiting;
/// - what it writes is capped: past `outputLimit` bytes on standard output, or
///   ``errorLimit`` on standard error, the group is killed and the outcome says so;
/// - ``stopAll()`` kills every group still running, for the command's own signal handlers.
struct ExternalTool: Sendable {
    /// How the program ended.
    enum Termination: Sendable, Hashable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let status): return "exit status \(status)"
            case .signalled(let number):
                let name = Self.signalNames[number].map { " (\($0))" } ?? ""
                return "killed by signal \(number)\(name)"
            }
        }

        private static let signalNames: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGABRT: "SIGABRT", SIGFPE: "SIGFPE",
            SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE", SIGALRM: "SIGALRM", SIGTERM: "SIGTERM", SIGBUS: "SIGBUS",
        ]
    }

    /// What a run gave back.
    struct Outcome: Sendable {
        var termination: Termination
        var output: Data
        /// The last line it wrote on standard error, if any.
        var lastError: String?
        /// Stopped for taking longer than it was allowed.
        var stopped: Bool
        /// Stopped for writing more than it was allowed: the stream's name and its limit.
        var overflow: (stream: String, limit: Int)?

        /// It ended by itself with status 0, within its time and limits.
        var succeeded: Bool { termination == .exited(0) && !stopped && overflow == nil }

        /// Why it did not succeed, in words for a message: "exit status 3", "killed by signal 11
        /// (SIGSEGV)", "wrote more than 64 MB on standard output".
        var failure: String {
            if let overflow { return "wrote more than \(ExternalTool.megabytes(overflow.limit)) on \(overflow.stream)" }
            return termination.description
        }
    }

    /// The program's path.
    let executable: String

    /// Held while pipes are made and a program started.
    private static let spawning = NSLock()

    /// Seconds between SIGTERM and SIGKILL when a program's time is up.
    static let gracePeriod = 2.0
    /// What a program may write on standard error; its last line is all a message uses.
    static let errorLimit = 1 << 20

    /// The program named `name` on `PATH`: the first regular file of that name that may be
    /// run (a folder named `dot` is no program); nil when it is not installed.
    static func find(_ name: String, path: String? = nil) -> ExternalTool? {
        let path = path ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = String(folder) + "/" + name
            var info = stat()
            guard stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 else { continue }
            return ExternalTool(executable: candidate)
        }
        return nil
    }

    /// Ignores SIGPIPE for this process, once: a program that exits before it has read its
    /// input then makes the write fail with EPIPE, and its exit status is reported, instead of
    /// the signal ending this process without a word. (Children get it back at its default.)
    private static let pipeSignalIgnored: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Runs the program on `input` for at most `timeout` seconds, with at most `outputLimit`
    /// bytes on its standard output; nil when it cannot be started at all.
    func run(_ arguments: [String], input: Data, environment: [String: String] = [:], timeout: Double, outputLimit: Int) -> Outcome? {
        _ = Self.pipeSignalIgnored
        // A temporary folder of its own (TMPDIR), removed with whatever it holds once the
        // program has ended, stopped or not.
        var template = Array((FileManager.default.temporaryDirectory.path + "/runbook-child-XXXXXX").utf8CString)
        guard let folder = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) }) else {
            return nil
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var environment = environment
        environment["TMPDIR"] = folder
        // The pipes are made and the program started under one lock, so that no other
        // program started at the same moment inherits an end of them before it is marked
        // close-on-exec (Swift does not import pipe2).
        var toChild: [Int32] = [-1, -1]
        var fromChild: [Int32] = [-1, -1]
        var errorsFromChild: [Int32] = [-1, -1]
        let started: ProcessGroup? = Self.spawning.withLock {
            // Once the run is being stopped, nothing starts.
            guard !Self.stopping else { return nil }
            var made: [Int32] = []
            defer {
                if made.count < 6 { for descriptor in made { close(descriptor) } }
            }
            for index in 0..<3 {
                var ends: [Int32] = [-1, -1]
                guard pipe(&ends) == 0 else { return nil }
                made += ends
                for descriptor in ends { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
                switch index {
                case 0: toChild = ends
                case 1: fromChild = ends
                default: errorsFromChild = ends
                }
            }
            guard let pid = spawn(arguments, environment: environment, stdin: toChild[0], stdout: fromChild[1], stderr: errorsFromChild[1]) else {
                for descriptor in made { close(descriptor) }
                made = [0, 0, 0, 0, 0, 0]
                return nil
            }
            return Self.live.started(pid)
        }
        guard let group = started else { return nil }
        let pid = group.pid
        close(toChild[0])
        close(fromChild[1])
        close(errorsFromChild[1])
        defer { Self.live.ended(pid) }

        // The pipes are given up once the program has ended and a grace period has passed, or
        // a grace period after the time is up: a grandchild that left the group (setsid) and
        // holds an end open must not keep the run waiting.
        let deadline = DispatchTime.now() + timeout
        let giveUp: @Sendable () -> Bool = {
            group.ended(longerAgoThan: Self.gracePeriod) || DispatchTime.now() > deadline + 2 * Self.gracePeriod
        }

        // Written and read on threads of their own, so that no full pipe stops the other side.
        let writing = DispatchGroup()
        writing.enter()
        let writeEnd = toChild[1]
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        Thread {
            input.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let count = write(writeEnd, bytes.baseAddress! + offset, bytes.count - offset)
                    if count > 0 {
                        offset += count
                    } else if count < 0 && errno == EINTR {
                        continue
                    } else if count < 0 && errno == EAGAIN {
                        var entry = pollfd(fd: writeEnd, events: Int16(POLLOUT), revents: 0)
                        if poll(&entry, 1, 100) == 0 && giveUp() { break }
                    } else {
                        break
                    }
                }
            }
            close(writeEnd)
            writing.leave()
        }.start()
        let errorText = Box<(Data, Bool)>((Data(), false))
        let reading = DispatchGroup()
        reading.enter()
        let errorEnd = errorsFromChild[0]
        Thread {
            let read = Self.readAll(errorEnd, limit: Self.errorLimit, giveUp: giveUp) { group.kill(SIGKILL) }
            errorText.value = read
            close(errorEnd)
            reading.leave()
        }.start()

        // The watchdog: SIGTERM to the group when the time is up, SIGKILL a grace period later.
        DispatchQueue.global().asyncAfter(deadline: deadline) { group.expire(signal: SIGTERM) }
        DispatchQueue.global().asyncAfter(deadline: deadline + Self.gracePeriod) { group.expire(signal: SIGKILL) }

        // Once the program has ended, whatever it left in its group is killed: a grandchild
        // holding the pipes open would keep the reads below waiting.
        let ended = DispatchGroup()
        ended.enter()
        Thread {
            group.awaitExit()
            ended.leave()
        }.start()
        let (output, outputOverflow) = Self.readAll(fromChild[0], limit: outputLimit, giveUp: giveUp) { group.kill(SIGKILL) }
        close(fromChild[0])
        ended.wait()
        let termination = group.reap()
        reading.wait()
        writing.wait()
        let (errors, errorOverflow) = errorText.value
        let last = String(decoding: errors.suffix(4096), as: UTF8.self).split(separator: "\n").last.map { String($0).trimmingWhitespace() }
        let overflow: (String, Int)? =
            outputOverflow ? ("standard output", outputLimit) : errorOverflow ? ("standard error", Self.errorLimit) : nil
        return Outcome(termination: termination, output: output, lastError: last, stopped: group.expired, overflow: overflow)
    }

    /// Why no temporary folder for a program can be made (TMPDIR unusable), as a diagnostic,
    /// or nil: asked when a program could not be started, to tell the two causes apart.
    static func temporaryFolderProblem() -> Diagnostic? {
        let parent = FileManager.default.temporaryDirectory.path
        var template = Array((parent + "/runbook-child-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            let reason = FileSystem.words(for: errno)
            return Diagnostic(
                .outputUnwritable,
                "cannot make a temporary folder in \(parent) for Graphviz or WeasyPrint (\(reason)); set TMPDIR to a folder you may write to",
                at: nil)
        }
        rmdir(made)
        return nil
    }

    /// Starts the program in a process group of its own with the given standard streams, a
    /// clean signal mask and the usual signals at their defaults.
    private func spawn(_ arguments: [String], environment: [String: String], stdin: Int32, stdout: Int32, stderr: Int32) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        // Nothing else of this process reaches the program: no file it has open, no pipe of
        // another program started at the same moment.
        Self.closeFrom3(&actions)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        // Every signal at its default, SIGPIPE (which this process ignores) above all.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([executable] + arguments).map { strdup($0) }
        let envp = merged.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") }
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid = pid_t()
        // ETXTBSY: the program's file is open for writing in a process that another thread
        // has just started and that has not yet replaced itself (a file written a moment
        // ago); it passes in a moment.
        for attempt in 0..<10 {
            let status = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
                (envp + [nil]).withUnsafeBufferPointer { envpBuffer in
                    posix_spawn(
                        &pid, executable, &actions, &attributes, UnsafeMutablePointer(mutating: argvBuffer.baseAddress!),
                        UnsafeMutablePointer(mutating: envpBuffer.baseAddress!))
                }
            }
            if status == 0 { return pid }
            guard status == ETXTBSY, attempt < 9 else { return nil }
            usleep(20_000)
        }
        return nil
    }

    /// Set once the run is being stopped: no program starts after it.
    nonisolated(unsafe) private static var stopping = false

    /// glibc's posix_spawn_file_actions_addclosefrom_np (2.34 and later), which Swift does not
    /// import: every descriptor from 3 up closed in the child.
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    nonisolated(unsafe) private static let closeFrom: CloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
        unsafeBitCast($0, to: CloseFrom.self)
    }

    /// Adds to `actions` the closing of every descriptor from 3 up: by glibc where it can,
    /// else each descriptor open now, as /proc lists them.
    private static func closeFrom3(_ actions: inout posix_spawn_file_actions_t) {
        if let closeFrom, closeFrom(&actions, 3) == 0 { return }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in open.compactMap(Int32.init) where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
    }

    /// Kills every program still running, with its process group, and lets none start from
    /// now on: for a signal handler of the command, before it exits.
    static func stopAll() {
        spawning.withLock {
            stopping = true
            live.killAll()
        }
    }

    /// The process groups of the programs running now.
    static let live = LiveGroups()

    /// "1 second", "2.5 seconds".
    static func seconds(_ value: Double) -> String {
        let number = value == value.rounded() ? String(Int(value)) : String(value)
        return number + (value == 1 ? " second" : " seconds")
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }
}

extension ExternalTool {
    /// Everything a pipe gives until it closes, up to `limit` bytes; past it, `exceeded` runs
    /// once, the rest is read and dropped, and the second value is true. A read that a signal
    /// interrupts is tried again: Foundation's readDataToEndOfFile stops the process on EINTR
    /// (seen in the fuzz run).
    /// `giveUp`, asked whenever nothing came for a tenth of a second, ends the reading early.
    static func readAll(_ descriptor: Int32, limit: Int = .max, giveUp: () -> Bool = { false }, exceeded: () -> Void = {}) -> (Data, Bool) {
        var data = Data()
        var over = false
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, 100)
            if ready == 0 {
                if giveUp() { return (data, over) }
                continue
            }
            if ready < 0 && errno == EINTR { continue }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                if over { continue }
                if data.count + count > limit {
                    over = true
                    exceeded()
                    continue
                }
                data.append(contentsOf: buffer[0..<count])
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                return (data, over)
            }
        }
    }

}

/// One running program's process group: killed as a whole, and never after its leader has
/// been reaped (its number could then belong to another process).
final class ProcessGroup: @unchecked Sendable {
    private let lock = NSLock()
    let pid: pid_t
    private var reaped = false
    private var timedOut = false

    init(pid: pid_t) {
        self.pid = pid
    }

    /// Sends `signal` to every process of the group, unless the leader has been reaped.
    func kill(_ signal: Int32) {
        lock.withLock {
            guard !reaped else { return }
            _ = Glibc.kill(-pid, signal)
        }
    }

    /// The time is up: `signal` to the group, unless it has ended.
    func expire(signal: Int32) {
        lock.withLock {
            guard !reaped else { return }
            timedOut = true
        }
        kill(signal)
    }

    /// Whether the time ran out before the program ended.
    var expired: Bool { lock.withLock { timedOut } }

    /// Waits for the leader to end, without reaping it, then kills what it left in its group.
    func awaitExit() {
        var info = siginfo_t()
        // WNOWAIT: the leader stays a zombie, so its number (the group's) is not reused while
        // the group is killed.
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        lock.withLock { endedAt = DispatchTime.now() }
        kill(SIGKILL)
    }

    private var endedAt: DispatchTime?

    /// Whether the leader ended more than `interval` ago.
    func ended(longerAgoThan interval: Double) -> Bool {
        lock.withLock { endedAt.map { DispatchTime.now() > $0 + interval } ?? false }
    }

    /// Reaps the leader, after ``awaitExit()``, and says how it ended.
    func reap() -> ExternalTool.Termination {
        var status: Int32 = 0
        lock.withLock {
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            reaped = true
        }
        // WIFEXITED and WIFSIGNALED, which Swift does not import.
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }
}

/// The process groups of the programs running now, so that a signal to this process can
/// stop them all.
final class LiveGroups: @unchecked Sendable {
    private let lock = NSLock()
    private var groups: [pid_t: ProcessGroup] = [:]

    func started(_ pid: pid_t) -> ProcessGroup {
        let group = ProcessGroup(pid: pid)
        lock.withLock { groups[pid] = group }
        return group
    }

    func ended(_ pid: pid_t) {
        _ = lock.withLock { groups.removeValue(forKey: pid) }
    }

    func killAll() {
        for group in lock.withLock({ Array(groups.values) }) { group.kill(SIGKILL) }
    }
}

/// A value one thread fills in and another reads after it is done.
private final class Box<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) {
        stored = value
    }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
