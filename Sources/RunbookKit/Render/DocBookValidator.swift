import CLibXML2
import Foundation

/// Validates DocBook in-process with libxml2 against the DocBook 5.0 RELAX NG schema that
/// the system XML catalog resolves (Debian `docbook5-xml`). The schema is parsed once per
/// process; each validation gets its own context, so several threads validate at once
/// (libxml2 only reads a parsed schema while validating, and its error handler is per thread).
final class DocBookValidator: @unchecked Sendable {
    /// The schema's public URI; the catalog maps it to a local file.
    static let schemaURI = "http://docbook.org/xml/5.0/rng/docbook.rng"

    /// The process-wide validator, or why there is none.
    static let shared: Result<DocBookValidator, Diagnostic> = load()

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

    static func load() -> Result<DocBookValidator, Diagnostic> {
        xmlInitParser()
        xmlInitializeCatalog()
        // Debian's root catalog delegates the DocBook 5 schema by system id only, so an URI
        // lookup can miss where a system lookup finds it: try both.
        guard let resolved = xmlCatalogResolveURI(schemaURI) ?? xmlCatalogResolveSystem(schemaURI) else {
            return .failure(
                Diagnostic(
                    .docbookSchemaUnavailable,
                    "the XML catalog does not know the DocBook 5.0 schema (\(schemaURI)); install it with "
                        + "'apt-get install docbook5-xml' (or 'make deps'), or generate only md and html", at: nil))
        }
        var path = String(cString: resolved)
        free(resolved)  // xmlFree is free() unless a program installs its own allocator; ours does not.
        if path.hasPrefix("file://") { path = URL(string: path)?.path ?? String(path.dropFirst("file://".count)) }
        guard FileManager.default.isReadableFile(atPath: path) else {
            return .failure(
                Diagnostic(
                    .docbookSchemaUnavailable,
                    "the XML catalog maps the DocBook 5.0 schema to \(path), which cannot be read; reinstall docbook5-xml", at: nil))
        }
        let errors = ErrorCollector()
        let context = Unmanaged.passUnretained(errors).toOpaque()
        xmlSetStructuredErrorFunc(context, collectError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
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
        let errors = ErrorCollector()
        let context = Unmanaged.passUnretained(errors).toOpaque()
        xmlSetStructuredErrorFunc(context, collectError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }

        let bytes = Array(xml.utf8)
        let options = Int32(XML_PARSE_NONET.rawValue)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlReadMemory($0, Int32(buffer.count), file, "UTF-8", options)
            }
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
