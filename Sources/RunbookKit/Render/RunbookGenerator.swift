import Foundation
import Synchronization

/// The formats `runbook generate` writes.
public enum OutputFormat: String, CaseIterable, Sendable, Hashable {
    /// GitHub-flavoured Markdown, wrapped at 80 columns.
    case markdown = "md"
    /// One self-contained HTML page, with no script and no external asset.
    case html
    /// A DocBook 5.0 article, validated against the schema before it is returned.
    case docbook
    /// A paged PDF of the HTML page, laid out by WeasyPrint: a cover, the contents with page
    /// numbers, running headers, page numbers, bookmarks.
    case pdf
    /// A Word document (Office Open XML): heading styles, numbered steps and substeps, table
    /// and character styles, check boxes, the document's properties; the same bytes every time.
    case docx

    /// The formats written when none is asked for: Markdown, HTML and DocBook (a PDF takes a
    /// PDF engine and seconds per runbook, so it is written when asked for).
    public static let standard: [OutputFormat] = [.markdown, .html, .docbook]

    var fileExtension: String {
        switch self {
        case .markdown: return "md"
        case .html: return "html"
        case .docbook: return "xml"
        case .pdf: return "pdf"
        case .docx: return "docx"
        }
    }
}

/// One rendered file, not yet written anywhere.
///
/// It is a runbook in one format, a file that a runbook hands to a tool, or a picture a
/// DocBook runbook shows.
public struct RenderedFile: Sendable, Hashable {
    /// What a file is.
    public enum Kind: Sendable, Hashable {
        /// A runbook in one of the formats.
        case runbook(OutputFormat)
        /// A SQL Server setup configuration file, written beside its runbook whatever formats
        /// are chosen (never to standard output).
        case setupFile
        /// A picture (SVG) that a DocBook runbook refers to, written beside it (never to
        /// standard output).
        case image
    }

    /// A plain file name (no folder), derived from the site and runbook names.
    public var name: String
    /// The runbook the file is, or belongs to.
    public var runbook: String
    /// A runbook, or a file that comes with one.
    public var kind: Kind
    /// The file's bytes.
    public var data: Data
    /// The site (its `document.site`) the file belongs to, when it comes from one: a folder
    /// remembers it, so that another site never replaces the file.
    public var site: String?
    /// The file as text: every format but PDF is UTF-8 text.
    public var contents: String { String(decoding: data, as: UTF8.self) }

    /// A text file.
    public init(name: String, runbook: String, kind: Kind, contents: String) {
        self.init(name: name, runbook: runbook, kind: kind, data: Data(contents.utf8))
    }

    /// A file of any bytes (a PDF).
    public init(name: String, runbook: String, kind: Kind, data: Data) {
        self.name = name
        self.runbook = runbook
        self.kind = kind
        self.data = data
    }
}

/// Turns a plan into rendered files: plan, then documents, then each format.
///
/// Every DocBook file is validated before it is returned. Nothing here touches the file
/// system; ``OutputWriter`` does that.
public struct RunbookGenerator: Sendable {
    var shells: PageShells
    /// The date the documents carry when the site gives none (from `SOURCE_DATE_EPOCH`).
    var date: String?

    /// A generator with the given page shells and a date for documents whose site gives none.
    public init(shells: PageShells = .builtIn, date: String? = nil) {
        self.shells = shells
        self.date = date
    }

    /// The rendered files, in runbook then format order, each runbook followed by its setup
    /// files, or the diagnostics that stop them. `runbooks` selects runbooks by id (ids the plan
    /// does not have select nothing); nil means all. A runbook's setup files come whatever
    /// `formats` holds.
    func generate(
        _ plan: Plan, formats: [OutputFormat], runbooks: [String]? = nil, handout: Handout? = nil
    ) -> (files: [RenderedFile], diagnostics: [Diagnostic]) {
        let result = generateTimed(plan, formats: formats, runbooks: runbooks, handout: handout)
        return (result.files, result.diagnostics)
    }

    /// ``generate(_:formats:runbooks:handout:)`` with the time of each stage: document, each format, validate.
    func generateTimed(
        _ plan: Plan, formats: [OutputFormat], runbooks: [String]? = nil, handout: Handout? = nil
    ) -> (files: [RenderedFile], diagnostics: [Diagnostic], times: StageTimes) {
        var diagnostics: [Diagnostic] = []
        var times = StageTimes()
        var validator: DocBookValidator?
        if formats.contains(.docbook) {
            switch DocBookValidator.shared {
            case .success(let shared): validator = shared
            case .failure(let problem): diagnostics.append(problem)
            }
        }
        if formats.contains(.pdf), let problem = PDFEngine.problem { diagnostics.append(problem) }
        // Every format but Markdown (whose Mermaid diagrams the reader's viewer draws) carries laid-out pictures.
        let pictured = formats.contains { $0 != .markdown }
        if pictured, let problem = Graphviz.unavailable { diagnostics.append(problem) }
        if diagnostics.hasErrors { return ([], diagnostics, times) }

        // Each runbook's document is built on its own thread; then every (runbook, format)
        // pair is a task of its own, DocBook first: validating a DocBook file is the longest
        // task of a run, so it starts as soon as its document is ready while the other
        // formats fill the other cores. The files come back in runbook, then format order.
        let named = plan.runbooks.filter { runbooks?.contains($0.id) ?? true }
        if let handout {
            // A runbook with nothing for the handout's reader gets no handout, and says so.
            for runbook in named where !runbook.procedures.contains(where: handout.holds) {
                diagnostics.append(
                    Diagnostic(
                        .emptyHandout,
                        "the \(runbook.id) runbook has no procedure for \(handout.reader(computer: nil)); no handout of it was written",
                        at: nil))
            }
        }
        let chosen = named.filter { runbook in handout.map { runbook.procedures.contains(where: $0.holds) } ?? true }
        let site = FileNaming.site(plan.document.site)
        let suffix = handout.map { "-" + $0.fileNameSuffix } ?? ""
        let stems = chosen.map { site + "-" + FileNaming.slug($0.id, fallback: "runbook") + suffix }
        let built = Mutex([(document: Document, times: StageTimes)?](repeating: nil, count: chosen.count))
        DispatchQueue.concurrentPerform(iterations: chosen.count) { index in
            var times = StageTimes()
            let document = times.measure("document") {
                DocumentBuilder(date: date).document(for: chosen[index], in: plan, handout: handout)
            }
            built.withLock { $0[index] = (document, times) }
        }
        let made = built.withLock { $0 }.compactMap { $0 }
        for document in made { times.add(document.times) }
        var artworks = made.map { _ in Artwork() }
        if pictured {
            let named = zip(made, stems).map { (document: $0.document, name: $1) }
            switch times.measure("pictures", { Graphviz.artworks(for: named, png: formats.contains(.docx)) }) {
            case .success(let laidOut): artworks = laidOut
            case .failure(let problem): return ([], diagnostics + [problem], times)
            }
        }
        let documents = zip(made, artworks).map { (document: $0.document, artwork: $1) }

        // Every paged HTML is made, and its size checked, before any WeasyPrint starts.
        var pages = [String?](repeating: nil, count: chosen.count)
        if formats.contains(.pdf) {
            let made = Mutex(pages)
            DispatchQueue.concurrentPerform(iterations: chosen.count) { index in
                let page = HTMLRenderer(shells: shells, paged: true, artwork: documents[index].artwork).render(documents[index].document)
                made.withLock { $0[index] = page }
            }
            pages = made.withLock { $0 }
            let refused = zip(stems, pages).compactMap { stem, page in page.flatMap { PDFEngine.tooLarge($0, file: stem + ".pdf") } }
            if !refused.isEmpty { return ([], diagnostics + refused, times) }
        }

        // The slowest first: a PDF (another process lays it out), then DocBook (validated).
        let order: [OutputFormat] = [.pdf, .docbook, .docx, .markdown, .html]
        let tasks = order.filter(formats.contains).flatMap { format in chosen.indices.map { (runbook: $0, format: format) } }
        let rendered = Mutex([(file: RenderedFile, diagnostics: [Diagnostic], times: StageTimes)?](repeating: nil, count: tasks.count))
        let schema = validator
        let paged = pages
        // Once one PDF has failed the run writes nothing: no other WeasyPrint is started, so
        // that the timeouts of a hanging engine do not add up.
        let pdfFailed = Mutex(false)
        DispatchQueue.concurrentPerform(iterations: tasks.count) { index in
            let task = tasks[index]
            if task.format == .pdf && pdfFailed.withLock({ $0 }) { return }
            let name = stems[task.runbook] + "." + task.format.fileExtension
            let built = documents[task.runbook]
            let result = render(
                built.document, artwork: built.artwork, as: task.format, name: name, runbook: chosen[task.runbook].id, validator: schema,
                page: paged[task.runbook])
            if task.format == .pdf && result.diagnostics.hasErrors { pdfFailed.withLock { $0 = true } }
            rendered.withLock { $0[index] = result }
        }
        let results = rendered.withLock { $0 }
        var files: [RenderedFile] = []
        for (position, runbook) in chosen.enumerated() {
            for format in OutputFormat.allCases {
                guard let index = tasks.firstIndex(where: { $0.runbook == position && $0.format == format }), let result = results[index] else {
                    continue
                }
                files.append(result.file)
                diagnostics += result.diagnostics
                times.add(result.times)
                if format == .docbook {
                    let built = documents[position]
                    for figure in built.document.figures {
                        guard let picture = built.artwork[figure] else { continue }
                        files.append(RenderedFile(name: picture.fileName, runbook: runbook.id, kind: .image, contents: picture.svg))
                    }
                }
            }
            for setupFile in runbook.setupFiles {
                files.append(
                    RenderedFile(
                        name: setupFile.fileName, runbook: runbook.id, kind: .setupFile, contents: SQLSetupFileRenderer().render(setupFile)))
            }
        }
        for index in files.indices { files[index].site = plan.document.site }
        return diagnostics.hasErrors ? ([], diagnostics, times) : (files, diagnostics, times)
    }

    /// Starts reading the DocBook schema on another thread, so that it is ready by the time
    /// the first DocBook file is rendered; `generate` waits for it if it is not.
    public static func prepareValidation() {
        DocBookValidator.startLoading()
    }

    /// Waits until a schema read that ``prepareValidation()`` started is done, at most
    /// `DocBookValidator.catalogWait`. Call it before the process exits: libxml2 frees its
    /// global state when the process ends, and a read still under way on the other thread
    /// would then crash. A read that hangs (a catalog that is a named pipe) is left blocked.
    public static func waitForPreparedValidation() {
        if DocBookValidator.hasStarted { _ = DocBookValidator.shared }
    }

    /// One runbook's document in one format; a DocBook file is validated as well.
    private func render(
        _ document: Document, artwork: Artwork, as format: OutputFormat, name: String, runbook: String, validator: DocBookValidator?,
        page: String? = nil
    ) -> (file: RenderedFile, diagnostics: [Diagnostic], times: StageTimes) {
        var diagnostics: [Diagnostic] = []
        var times = StageTimes()
        let contents: String
        switch format {
        case .markdown: contents = times.measure("markdown") { MarkdownRenderer().render(document) }
        case .html: contents = times.measure("html") { HTMLRenderer(shells: shells, artwork: artwork).render(document) }
        case .docbook:
            contents = times.measure("docbook") { DocBookRenderer(shells: shells, artwork: artwork).render(document) }
            if let validator { diagnostics += times.measure("validate") { validator.validate(contents, file: name) } }
        case .pdf:
            let page = page ?? HTMLRenderer(shells: shells, paged: true, artwork: artwork).render(document)
            switch times.measure("pdf", { PDFEngine.render(page, file: name, date: document.metadata.date) }) {
            case .success(let data): return (RenderedFile(name: name, runbook: runbook, kind: .runbook(format), data: data), [], times)
            case .failure(let problem): return (RenderedFile(name: name, runbook: runbook, kind: .runbook(format), data: Data()), [problem], times)
            }
        case .docx:
            let data = times.measure("docx") { DOCXRenderer(artwork: artwork).render(document) }
            return (RenderedFile(name: name, runbook: runbook, kind: .runbook(format), data: data), [], times)
        }
        return (RenderedFile(name: name, runbook: runbook, kind: .runbook(format), contents: contents), diagnostics, times)
    }
}

/// The documents' date under the reproducible-builds convention.
///
/// `SOURCE_DATE_EPOCH` gives seconds since 1970; the documents carry that UTC day as
/// YYYY-MM-DD, so a rebuild on another day or in another time zone gives the same bytes.
public enum SourceDate {
    /// Seconds since 1970 at the start of a YYYY-MM-DD day, UTC; nil for anything else.
    static func epoch(of day: String) -> Int64? {
        let parts = day.split(separator: "-").compactMap { Int64($0) }
        guard parts.count == 3, (1970...9999).contains(parts[0]), (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        // Days from the civil date (Howard Hinnant's algorithm), no calendar or time zone involved.
        let (y, m, d) = (parts[1] <= 2 ? parts[0] - 1 : parts[0], parts[1], parts[2])
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return (era * 146_097 + dayOfEra - 719_468) * 86_400
    }

    /// The day of an epoch given as text, or the diagnostic that says why it is not one.
    public static func date(fromEpoch value: String) -> Result<String, Diagnostic> {
        // Digits only, as for RUNBOOK_PDF_TIMEOUT: no sign, no space.
        guard !value.isEmpty, value.allSatisfy({ $0.isASCII && $0.isNumber }), let seconds = Int64(value), seconds < 253_402_300_800 else {
            return .failure(
                Diagnostic(
                    .sourceDateInvalid,
                    "SOURCE_DATE_EPOCH is '\(value)'; it must be a whole number of seconds since 1970-01-01 UTC, from 0 to "
                        + "253402300799 (9999-12-31)", at: nil))
        }
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        let date = String(format: "%04d-%02d-%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday))
        return .success(date)
    }
}
