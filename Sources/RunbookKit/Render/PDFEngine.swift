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
        guard let engine else { return .failure(unavailable!) }
        // Standard input to standard output; the page's language and fonts come from the page.
        guard
            let outcome = engine.run(
                ["--quiet", "-", "-"], input: Data(html.utf8),
                environment: ["SOURCE_DATE_EPOCH": String(date.flatMap(SourceDate.epoch(of:)) ?? 0)], timeout: timeout)
        else {
            return .failure(
                Diagnostic(
                    .pdfFailed, "cannot start WeasyPrint (\(engine.executable)) to write \(file); reinstall it with 'apt-get install weasyprint'",
                    at: nil))
        }
        if outcome.stopped {
            return .failure(
                Diagnostic(
                    .pdfFailed,
                    "WeasyPrint did not finish \(file) within \(timeout) \(timeout == 1 ? "second" : "seconds") and was stopped; "
                        + "set RUNBOOK_PDF_TIMEOUT (a whole number of seconds) to allow it longer",
                    at: nil))
        }
        guard outcome.status == 0, outcome.output.starts(with: Data("%PDF-".utf8)) else {
            let last = outcome.lastError.map { ": " + $0 } ?? ""
            return .failure(Diagnostic(.pdfFailed, "WeasyPrint could not lay out \(file) (exit status \(outcome.status))\(last)", at: nil))
        }
        return .success(outcome.output)
    }
}
