import Foundation
import Testing

@testable import RunbookKit

/// How the output of an external program (Graphviz, WeasyPrint) is read.
@Suite("Reading an external program's output")
struct ExternalToolTests {
    /// A handler that does nothing, installed without SA_RESTART, so that a blocked read
    /// returns EINTR when the signal arrives (Foundation's own read stops the process then).
    @Test("A read that a signal interrupts is tried again, and gives everything the program wrote")
    func interruptedRead() throws {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        action.sa_flags = 0
        sigemptyset(&action.sa_mask)
        var previous = sigaction()
        #expect(sigaction(SIGUSR1, &action, &previous) == 0)
        defer { sigaction(SIGUSR1, &previous, nil) }

        let pipe = Pipe()
        let box = ReadBox()
        let started = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        // The reading thread is one of our own with SIGUSR1 unblocked: the test's own threads
        // may block signals, and then none would interrupt the read.
        let reading = Thread {
            var unblock = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, SIGUSR1)
            pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
            box.thread = pthread_self()
            started.signal()
            box.data = ExternalTool.readAll(pipe.fileHandleForReading)
            done.signal()
        }
        reading.start()
        started.wait()
        for _ in 0..<3 {
            usleep(50_000)
            pthread_kill(box.thread!, SIGUSR1)
        }
        usleep(50_000)
        try pipe.fileHandleForWriting.write(contentsOf: Data("laid out".utf8))
        try pipe.fileHandleForWriting.close()
        done.wait()
        let data = box.data
        #expect(String(decoding: data, as: UTF8.self) == "laid out")
    }
}

/// What the reading thread hands back.
private final class ReadBox: @unchecked Sendable {
    var thread: pthread_t?
    var data = Data()
}
