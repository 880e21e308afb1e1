import Foundation

/// Lays out the paged HTML page of a runbook as PDF with WeasyPrint (Debian `weasyprint`), an
/// engine made for paged CSS: `@page` sizes and margin boxes, `counter(pages)`,
/// `target-counter()` for the contents' page numbers, bookmarks from the headings, table
/// headers repeated on every page. It runs as another process, HTML on its standard input and
/// the PDF on its standard output; nothing is fetched (the page has no external asset).
enum PDFEngine {
    /// WeasyPrint, found on `PATH` once per process; nil when it is not installed.
    static let engine = ExternalTool.find("weasyprint")

    /// Why no PDF can be made, or nil when WeasyPrint is there.
    static var unavailable: Diagnostic? {
        guard engine == nil else { return nil }
        return Diagnostic(
            .pdfEngineUnavailable,
            "WeasyPrint lays out the PDF and is not installed; install it with 'apt-get install weasyprint', or leave pdf out of --format",
            at: nil)
    }

    /// How long one PDF may take before WeasyPrint is stopped: `RUNBOOK_PDF_TIMEOUT` seconds,
    /// or five minutes (the eight-node install runbook takes seconds), so that an engine that
    /// hangs never hangs a documentation pipeline with it. A value that is not a whole number
    /// of seconds above 0 (`abc`, `0`, `-1`, `5s`) is refused, never taken for the default.
    static let timeout: Result<Int, Diagnostic> = timeout(from: ProcessInfo.processInfo.environment["RUNBOOK_PDF_TIMEOUT"])

    static func timeout(from text: String?) -> Result<Int, Diagnostic> {
        guard let text else { return .success(300) }
        guard let seconds = Int(text), seconds > 0, seconds <= 86_400 else {
            return .failure(
                Diagnostic(
                    .pdfTimeoutInvalid,
                    "RUNBOOK_PDF_TIMEOUT is '\(text)'; it must be a whole number of seconds from 1 to 86400, such as 600, or unset for 300",
                    at: nil))
        }
        return .success(seconds)
    }

    /// Bytes one PDF may take: the largest runbook's PDF is a few megabytes.
    static let outputLimit = 512 << 20

    /// The largest paged HTML laid out as PDF: 4 MiB is about 900 pages, which WeasyPrint lays
    /// out in about 75 seconds with 2.5 GB on a 2-core machine (its time and memory grow with
    /// the pages). A larger runbook is refused before WeasyPrint starts.
    static let maximumPageBytes = 4 << 20

    /// Why `html` is too large to lay out, or nil.
    static func tooLarge(_ html: String, file: String) -> Diagnostic? {
        let size = html.utf8.count
        guard size > maximumPageBytes else { return nil }
        let megabytes = String(format: "%.1f", Double(size) / Double(1 << 20))
        return Diagnostic(
            .pdfTooLarge,
            "\(file) would be \(megabytes) MiB of HTML to lay out, past the 4 MiB (about 900 pages) a PDF may hold; nothing was "
                + "written. Leave pdf out of --format (the HTML runbook prints from a browser), or write a handout per computer or role "
                + "(--for, --role) as PDF", at: nil)
    }

    /// Why no PDF can be made: WeasyPrint missing, or its time limit set wrongly.
    static var problem: Diagnostic? {
        if case .failure(let problem) = timeout { return problem }
        return unavailable
    }

    /// The PDF of `html`, or why WeasyPrint could not make it. `file` names the PDF in messages;
    /// `date` (YYYY-MM-DD) becomes the PDF's creation date, so that the same page gives the
    /// same bytes (1970-01-01 without one).
    static func render(_ html: String, file: String, date: String? = nil, engine: ExternalTool? = PDFEngine.engine) -> Result<Data, Diagnostic> {
        guard let engine else { return .failure(unavailable!) }
        let timeout: Int
        switch Self.timeout {
        case .success(let seconds): timeout = seconds
        case .failure(let problem): return .failure(problem)
        }
        // Standard input to standard output; the page's language and fonts come from the page.
        guard
            let outcome = engine.run(
                ["--quiet", "-", "-"], input: Data(html.utf8),
                environment: ["SOURCE_DATE_EPOCH": String(date.flatMap(SourceDate.epoch(of:)) ?? 0)], timeout: Double(timeout),
                outputLimit: outputLimit)
        else {
            if let problem = ExternalTool.temporaryFolderProblem() { return .failure(problem) }
            return .failure(
                Diagnostic(
                    .pdfFailed, "cannot start WeasyPrint (\(engine.executable)) to write \(file); reinstall it with 'apt-get install weasyprint'",
                    at: nil))
        }
        if outcome.stopped {
            return .failure(
                Diagnostic(
                    .pdfFailed,
                    "WeasyPrint did not finish \(file) within \(ExternalTool.seconds(Double(timeout))) and was stopped; "
                        + "set RUNBOOK_PDF_TIMEOUT (a whole number of seconds) to allow it longer",
                    at: nil))
        }
        guard outcome.succeeded else {
            let last = outcome.lastError.map { ": " + $0 } ?? ""
            return .failure(Diagnostic(.pdfFailed, "WeasyPrint could not lay out \(file) (\(outcome.failure))\(last)", at: nil))
        }
        if let problem = ForeignOutput.pdfProblem(outcome.output) {
            return .failure(
                Diagnostic(
                    .pdfFailed,
                    "WeasyPrint (\(engine.executable)) gave a PDF for \(file) that cannot be used: \(problem); reinstall it with 'apt-get install weasyprint'",
                    at: nil))
        }
        return .success(outcome.output)
    }
}
