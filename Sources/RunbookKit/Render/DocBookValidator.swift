import CLibXML2
import Foundation
import Synchronization

/// Validates DocBook in-process with libxml2 against the DocBook 5.0 RELAX NG schema that
/// the system XML catalog resolves (Debian `docbook5-xml`). The schema is parsed once per
/// process; each validation gets its own context, so several threads validate at once
/// (libxml2 only reads a parsed schema while validating, and its error handler is per thread).
final class DocBookValidator: @unchecked Sendable {
    /// The schema's public URI; the catalog maps it to a local file.
    static let schemaURI = "http://docbook.org/xml/5.0/rng/docbook.rng"

    /// The process-wide validator, or why there is none; waits at most ``catalogWait`` for the
    /// catalog and the schema to be read.
    static var shared: Result<DocBookValidator, Diagnostic> { loaded(within: catalogWait) }

    /// How long reading the XML catalogs and the schema may take: a catalog on a hung network
    /// file system, or a named pipe a nested catalog points at, would otherwise hang the run.
    static let catalogWait: Duration = .seconds(30)

    private static let result = Mutex<Result<DocBookValidator, Diagnostic>?>(nil)
    private static let started = Mutex(false)
    private static let finished = DispatchSemaphore(value: 0)

    /// Whether a read of the catalog and the schema has begun.
    static var hasStarted: Bool { started.withLock { $0 } }

    /// Starts reading the catalog and the schema on a thread of its own, once per process.
    static func startLoading() {
        let first = started.withLock { started -> Bool in
            defer { started = true }
            return !started
        }
        guard first else { return }
        Thread.detachNewThread {
            let loaded = load()
            result.withLock { if $0 == nil { $0 = loaded } }
            finished.signal()
        }
    }

    /// The validator once it is read, or a sentence when reading takes longer than `wait`
    /// (the reading thread is left blocked; the run stops).
    static func loaded(within wait: Duration) -> Result<DocBookValidator, Diagnostic> {
        startLoading()
        if let done = result.withLock({ $0 }) { return done }
        let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
        if finished.wait(timeout: .now() + seconds) == .success {
            finished.signal()  // for every later waiter
        }
        return result.withLock { result in
            // Past the wait the read counts as failed: later callers do not wait again.
            if result == nil {
                result = .failure(timedOut(wait))
                skipLibraryCleanupAtExit()
            }
            return result!
        }
    }

    /// libxml2 cleans its catalogs up when the process exits, and waits for the catalog lock
    /// the blocked read holds: the process would never end. Once a read is given up, the
    /// process ends without running the libraries' clean-up (after flushing its output),
    /// with the status it exits with.
    private static func skipLibraryCleanupAtExit() {
        on_exit(
            { status, _ in
                fflush(nil)
                _exit(status)
            }, nil)
    }

    private static func timedOut(_ wait: Duration) -> Diagnostic {
        Diagnostic(
            .docbookSchemaUnavailable,
            "reading the XML catalog and the DocBook 5.0 schema took more than \(wait.components.seconds) seconds; a catalog "
                + "it names (XML_CATALOG_FILES, /etc/xml/catalog and the catalogs they point to) may be a named pipe or on a "
                + "file system that does not answer. Fix the catalog, or generate only md and html", at: nil)
    }

    private let schema: xmlRelaxNGPtr
    /// The local schema file the catalog gave.
    let schemaPath: String
    private init(schema: xmlRelaxNGPtr, schemaPath: String) {
        self.schema = schema
        self.schemaPath = schemaPath
    }

    deinit {
        xmlRelaxNGFree(schema)
    }

    /// The catalog files libxml2 reads first: `XML_CATALOG_FILES` (separated by spaces), else
    /// the system's.
    static func catalogFiles(environment: [String: String] = ProcessInfo.processInfo.environment) -> [(path: String, fromEnvironment: Bool)] {
        guard let list = environment["XML_CATALOG_FILES"] else { return [("/etc/xml/catalog", false)] }
        return list.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { entry in
            let text = String(entry)
            let path = text.hasPrefix("file://") ? URL(string: text)?.path ?? String(text.dropFirst("file://".count)) : text
            return (path, true)
        }
    }

    static func load() -> Result<DocBookValidator, Diagnostic> {
        for catalog in catalogFiles() {
            // The schema a run validates against comes from this machine, never the network.
            if catalog.path.contains("://") {
                return .failure(
                    Diagnostic(
                        .docbookSchemaUnavailable,
                        "XML_CATALOG_FILES names \(catalog.path), which is not a file on this computer; runbook reads catalogs "
                            + "and the schema from local files only. Point it at a local catalog, or unset it", at: nil))
            }
            if let kind = FileSystem.kind(at: catalog.path), kind != .file {
                let named = catalog.fromEnvironment ? " (named in XML_CATALOG_FILES)" : ""
                return .failure(
                    Diagnostic(
                        .docbookSchemaUnavailable,
                        "the XML catalog \(catalog.path)\(named) is \(kind), not a file; point it at a file, or generate only md and html",
                        at: nil))
            }
        }
        // libxml2's own messages (a catalog that does not parse) are collected, never printed.
        let errors = ErrorCollector()
        let context = Unmanaged.passUnretained(errors).toOpaque()
        xmlSetStructuredErrorFunc(context, collectError)
        defer {
            xmlSetStructuredErrorFunc(nil, nil)
            withExtendedLifetime(errors) {}
        }
        xmlInitParser()
        // libxml2 reads only files: its HTTP and FTP readers are taken out, so that nothing,
        // not even a catalog a local catalog points to, is fetched from the network.
        xmlCleanupInputCallbacks()
        xmlRegisterInputCallbacks(xmlFileMatch, xmlFileOpen, xmlFileRead, xmlFileClose)
        xmlInitializeCatalog()
        // Debian's root catalog delegates the DocBook 5 schema by system id only, so an URI
        // lookup can miss where a system lookup finds it: try both.
        guard let resolved = xmlCatalogResolveURI(schemaURI) ?? xmlCatalogResolveSystem(schemaURI) else {
            return .failure(
                Diagnostic(
                    .docbookSchemaUnavailable,
                    "the XML catalog does not know the DocBook 5.0 schema (\(schemaURI))"
                        + (errors.messages.first.map { " (libxml2: \($0.message))" } ?? "") + "; install it with "
                        + "'apt-get install docbook5-xml' (or 'make deps'), or generate only md and html", at: nil))
        }
        var path = String(cString: resolved)
        free(resolved)  // xmlFree is free() unless a program installs its own allocator; ours does not.
        if path.hasPrefix("file://") { path = URL(string: path)?.path ?? String(path.dropFirst("file://".count)) }
        if let kind = FileSystem.kind(at: path), kind != .file {
            return .failure(
                Diagnostic(
                    .docbookSchemaUnavailable,
                    "the XML catalog maps the DocBook 5.0 schema to \(path), which is \(kind), not a file; reinstall docbook5-xml, "
                        + "or generate only md and html", at: nil))
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            return .failure(
                Diagnostic(
                    .docbookSchemaUnavailable,
                    "the XML catalog maps the DocBook 5.0 schema to \(path), which cannot be read; reinstall docbook5-xml", at: nil))
        }
        guard let parser = xmlRelaxNGNewParserCtxt(path) else {
            return .failure(Diagnostic(.docbookSchemaUnavailable, "cannot read the DocBook schema \(path)", at: nil))
        }
        defer { xmlRelaxNGFreeParserCtxt(parser) }
        xmlRelaxNGSetParserStructuredErrors(parser, collectError, context)
        // The collector must outlive every callback libxml2 may make during the parse.
        guard let schema = withExtendedLifetime(errors, { xmlRelaxNGParse(parser) }) else {
            let detail = errors.messages.first.map { ": " + $0.message } ?? ""
            return .failure(Diagnostic(.docbookSchemaUnavailable, "the DocBook schema \(path) does not parse\(detail)", at: nil))
        }
        return .success(DocBookValidator(schema: schema, schemaPath: path))
    }

    /// Every problem libxml2 finds in `xml`: well-formedness, duplicate ids, dangling
    /// references and schema violations. Empty when the document is valid.
    ///
    /// libxml2 gives schema errors a line but no column and often blames the enclosing
    /// element; messages are grouped by line, the most specific one first.
    func validate(_ xml: String, file: String) -> [Diagnostic] {
        validateNow(xml, file: file)
    }

    private func validateNow(_ xml: String, file: String) -> [Diagnostic] {
        let errors = ErrorCollector()
        let context = Unmanaged.passUnretained(errors).toOpaque()
        xmlSetStructuredErrorFunc(context, collectError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }

        // Compact text nodes, and the string's own bytes rather than a copy (a native string is
        // contiguous UTF-8): the largest site's runbook parses in tens of megabytes less.
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_COMPACT.rawValue)
        var text = xml
        let parsed = text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { xmlReadMemory($0.baseAddress, Int32(buffer.count), file, "UTF-8", options) }
        }
        var valid = false
        if let document = parsed {
            defer { xmlFreeDoc(document) }
            if let validation = xmlRelaxNGNewValidCtxt(schema) {
                defer { xmlRelaxNGFreeValidCtxt(validation) }
                xmlRelaxNGSetValidStructuredErrors(validation, collectError, context)
                valid = xmlRelaxNGValidateDoc(validation, document) == 0
            }
        }
        var diagnostics: [Diagnostic] = []
        var seen = Set<String>()
        for error in errors.messages.reversed() where seen.insert("\(error.line):\(error.message)").inserted {
            diagnostics.append(
                Diagnostic(
                    .docbookInvalid, error.message,
                    at: SourceLocation(file: file, line: max(error.line, 1), column: max(error.column, 1))))
        }
        diagnostics.sort { ($0.location?.line ?? 0) < ($1.location?.line ?? 0) }
        if (parsed == nil || !valid) && diagnostics.isEmpty {
            diagnostics.append(Diagnostic(.docbookInvalid, "libxml2 rejects the document without saying why", at: nil))
        }
        return diagnostics
    }
}

/// Receives libxml2's structured errors through the handler's context pointer.
private final class ErrorCollector {
    struct Message {
        var line: Int
        var column: Int
        var message: String
    }
    var messages: [Message] = []
}

private let collectError: xmlStructuredErrorFunc = { context, error in
    guard let context, let error else { return }
    let collector = Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue()
    let text = error.pointee.message.map { String(cString: $0) } ?? "unknown libxml2 error"
    collector.messages.append(
        .init(
            line: Int(error.pointee.line), column: Int(error.pointee.int2),
            message: text.trimmingWhitespaceAndNewlines()))
}
