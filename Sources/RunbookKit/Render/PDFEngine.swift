import Foundation

/// Lays out the paged HTML page of a runbook as PDF with WeasyPrint (Debian `weasyprint`), an
/// engine made for paged CSS: `@page` sizes and margin boxes, `counter(pages)`,
/// `target-counter()` for the contents' page numbers, bookmarks from the headings, table
/// headers repeated on every page. It runs as another process, HTML on its standard input and
/// the PDF on its standard output; nothing is fetched (the page has no external asset).
enum PDFEngine {
    /// WeasyPrint's path, found on `PATH` once per process; nil when it is not installed.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { String($0) + "/weasyprint" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Why no PDF can be made, or nil when WeasyPrint is there.
    static var unavailable: Diagnostic? {
        guard executable == nil else { return nil }
        return Diagnostic(
            .pdfEngineUnavailable,
            "WeasyPrint lays out the PDF and is not installed; install it with 'apt-get install weasyprint', or leave pdf out of --format (md, html, docbook and docx need no engine)",
            at: nil)
    }

    /// Ignores SIGPIPE for the process, once: an engine that exits before it has read the page
    /// then makes the write fail with EPIPE, and its exit status is reported, instead of the
    /// signal ending this process without a word.
    private static let pipeSignalIgnored: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// How long one PDF may take before WeasyPrint is stopped: `RUNBOOK_PDF_TIMEOUT` seconds (a
    /// whole number above 0; anything else means the default), or five minutes (the eight-node
    /// install runbook takes seconds), so that an engine that hangs never hangs a documentation
    /// pipeline with it.
    static let timeout: Int = {
        guard let text = ProcessInfo.processInfo.environment["RUNBOOK_PDF_TIMEOUT"], let seconds = Int(text), seconds > 0 else { return 300 }
        return seconds
    }()

    /// The PDF of `html`, or why WeasyPrint could not make it. `file` names the PDF in messages;
    /// `date` (YYYY-MM-DD) becomes the PDF's creation date, so that the same page gives the
    /// same bytes (1970-01-01 without one).
    static func render(_ html: String, file: String, date: String? = nil) -> Result<Data, Diagnostic> {
        guard let executable else { return .failure(unavailable!) }
        _ = pipeSignalIgnored
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // Standard input to standard output; the page's language and fonts come from the page.
        process.arguments = ["--quiet", "-", "-"]
        var environment = ProcessInfo.processInfo.environment
        environment["SOURCE_DATE_EPOCH"] = String(date.flatMap(SourceDate.epoch(of:)) ?? 0)
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failure(
                Diagnostic(
                    .pdfFailed, "cannot start WeasyPrint (\(executable)) to write \(file); reinstall it with 'apt-get install weasyprint'", at: nil))
        }
        // Written and read on threads of their own, so that no full pipe stops the other side.
        let page = Data(html.utf8)
        let writer = Thread {
            try? input.fileHandleForWriting.write(contentsOf: page)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let said = ErrorText()
        let reading = DispatchGroup()
        reading.enter()
        let reader = Thread {
            said.data = errors.fileHandleForReading.readDataToEndOfFile()
            reading.leave()
        }
        reader.start()
        // Stopped (SIGTERM) once past the time allowed; the pipes then close and the reads end.
        let watchdog = Watchdog(pid: process.processIdentifier)
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(timeout)) { watchdog.fire() }
        let pdf = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stopped = watchdog.finish()
        reading.wait()
        if stopped {
            return .failure(
                Diagnostic(
                    .pdfFailed,
                    "WeasyPrint did not finish \(file) within \(timeout) \(timeout == 1 ? "second" : "seconds") and was stopped; "
                        + "set RUNBOOK_PDF_TIMEOUT (a whole number of seconds) to allow it longer",
                    at: nil))
        }
        guard process.terminationStatus == 0, pdf.starts(with: Data("%PDF-".utf8)) else {
            let last = String(decoding: said.data, as: UTF8.self).split(separator: "\n").last.map { ": " + String($0).trimmingWhitespace() } ?? ""
            return .failure(
                Diagnostic(
                    .pdfFailed, "WeasyPrint could not lay out \(file) (exit status \(process.terminationStatus))\(last)", at: nil))
        }
        return .success(pdf)
    }
}

/// Stops the engine once its time is up, unless it has finished: the two sides agree under a
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

    /// Marks the engine finished; true when it was stopped for taking too long.
    func finish() -> Bool {
        lock.withLock {
            finished = true
            return fired
        }
    }
}

/// What WeasyPrint wrote on its standard error, filled in by the thread that reads it.
private final class ErrorText: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = Data()

    var data: Data {
        get { lock.withLock { bytes } }
        set { lock.withLock { bytes = newValue } }
    }
}
