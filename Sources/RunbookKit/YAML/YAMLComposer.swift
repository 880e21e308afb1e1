// libyaml, as bundled by Yams: Yams' own composer stops at the first duplicate key and
// expands aliases out of sight, so we compose our own tree from libyaml's events.
import CYaml
import Foundation

/// Reads one YAML or JSON document into a `YAMLNode` tree, within `InputLimits`.
///
/// Problems that still leave a tree (duplicate keys, non-scalar keys) are collected and the
/// tree is returned; problems that make the rest unreadable (syntax errors, limits) end
/// reading, and the tree is nil.
struct YAMLComposer: Sendable {
    var limits: InputLimits

    init(limits: InputLimits = .standard) {
        self.limits = limits
    }

    func compose(_ data: Data, file: String) -> (root: YAMLNode?, diagnostics: [Diagnostic]) {
        var body: Data
        switch TextInput.check(data, file: file, limits: limits) {
        case .success(let checked): body = checked
        case .failure(let diagnostic): return (nil, [diagnostic])
        }
        var shifts = JSONText.ColumnShifts()
        var isJSON = false
        let firstByte = body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if file.lowercased().hasSuffix(".json"), firstByte != nil {
            switch JSONText.check([UInt8](body), file: file, limits: limits) {
            case .success(let (ready, columnShifts)):
                body = Data(ready)
                shifts = columnShifts
                isJSON = true
            case .failure(let diagnostic): return (nil, [diagnostic])
            }
        } else if file == InputFile.standardInputName, firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[") {
            // Standard input that is JSON (Python's json.dump piped in) is read as JSON; if it
            // is not, as the YAML it may well be.
            if case .success(let (ready, columnShifts)) = JSONText.check([UInt8](body), file: file, limits: limits) {
                body = Data(ready)
                shifts = columnShifts
                isJSON = true
            }
        }
        var state = ComposerState(file: file, limits: limits, source: body)
        state.shifts = shifts
        var root = body.withUnsafeBytes { buffer in
            state.run(buffer.bindMemory(to: UInt8.self))
        }
        if isJSON { root = root.map(Self.wholeNumbers) }
        return (root, state.diagnostics)
    }

    /// JSON has one type of number (RFC 8259): `2016e0`, `2.016e3` and `2016.0` are 2016, a
    /// whole number wherever the format asks for one.
    static func wholeNumbers(_ node: YAMLNode) -> YAMLNode {
        var node = node
        switch node.content {
        case .scalar(var scalar):
            if scalar.isPlain, scalar.kind == .float, let whole = wholeNumber(scalar.text) {
                scalar.text = whole
                node.content = .scalar(scalar)
            }
        case .sequence(let items):
            node.content = .sequence(items.map(wholeNumbers))
        case .mapping(let pairs):
            node.content = .mapping(pairs.map { YAMLNode.Pair(key: $0.key, value: wholeNumbers($0.value)) })
        }
        return node
    }

    /// The integer a JSON number stands for, written without fraction or exponent, or nil when
    /// it has a fraction or is too long to be one the format reads.
    static func wholeNumber(_ text: String) -> String? {
        var rest = Substring(text)
        let negative = rest.first == "-"
        if negative { rest = rest.dropFirst() }
        let mantissa = rest.prefix { $0 != "e" && $0 != "E" }
        let exponentText = rest.dropFirst(mantissa.count + 1)
        guard let exponent = exponentText.isEmpty ? 0 : Int(exponentText), abs(exponent) < 40 else { return nil }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        var digits = String(parts[0]) + (parts.count == 2 ? String(parts[1]) : "")
        let scale = exponent - (parts.count == 2 ? parts[1].count : 0)
        if scale >= 0 {
            digits += String(repeating: "0", count: scale)
        } else {
            let dropped = digits.suffix(-scale)
            guard dropped.count == -scale, dropped.allSatisfy({ $0 == "0" }) else { return nil }
            digits = String(digits.dropLast(-scale))
        }
        digits = String(digits.drop { $0 == "0" })
        if digits.isEmpty { digits = "0" }
        guard digits.count <= 18 else { return nil }
        return (negative && digits != "0" ? "-" : "") + digits
    }
}

/// What reading stopped on; the diagnostic has already been recorded.
private struct Stop: Error {}

private struct Event {
    var type: yaml_event_type_t
    var line: Int
    var column: Int
    var value = ""
    var style = YAMLNode.Scalar.Style.plain
    var tag: String?
    var anchor: String?
}

private struct ComposerState {
    let file: String
    let limits: InputLimits
    let source: Data
    var diagnostics: [Diagnostic] = []
    var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    var expandedNodes = 0
    /// How many of them aliases repeated.
    var aliasNodes = 0
    var parser = yaml_parser_t()
    var strictness = YAMLStrictness()
    /// How the columns of a rewritten JSON text map back to the file's.
    var shifts = JSONText.ColumnShifts()

    init(file: String, limits: InputLimits, source: Data) {
        self.file = file
        self.limits = limits
        self.source = source
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) -> YAMLNode? {
        guard yaml_parser_initialize(&parser) == 1 else {
            fail(.unreadable, "libyaml could not start (out of memory)", line: 1, column: 1)
            return nil
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        do {
            _ = try next()  // stream start
            let start = try next()
            if start.type == YAML_STREAM_END_EVENT {
                reportEmpty()
                return nil
            }
            let (root, _) = try node(from: try next(), depth: 1)
            _ = try next()  // document end
            let after = try next()
            if after.type != YAML_STREAM_END_EVENT {
                fail(
                    .multipleDocuments,
                    "a second YAML document starts here; a site description is one document, so remove the '---' separator and what follows or move it to its own file",
                    line: after.line, column: after.column)
                return nil
            }
            if root.scalar?.kind == .null {
                reportEmpty()
                return nil
            }
            for problem in strictness.check([UInt8](source)) {
                fail(.syntax, problem.message, line: problem.line, column: shifts.original(line: problem.line, column: problem.column))
            }
            return root
        } catch {
            return nil
        }
    }

    mutating func reportEmpty() {
        let hasComments = String(decoding: source, as: UTF8.self).contains("#")
        let what = file == InputFile.standardInputName ? "standard input" : "the file"
        fail(
            .empty,
            hasComments
                ? "\(what) holds only comments; write the site description below them (`runbook init` prints a starter)"
                : source.isEmpty
                    ? "\(what) is empty; write a site description in it (`runbook init` prints a starter)"
                    : "\(what) holds nothing but blanks and line breaks; write a site description in it (`runbook init` prints a starter)",
            line: 1, column: 1)
    }

    // MARK: - Composition

    /// Composes the node that starts with `event`, returning it and its expanded size.
    mutating func node(from event: Event, depth: Int) throws -> (YAMLNode, Int) {
        switch event.type {
        case YAML_ALIAS_EVENT:
            guard let name = event.anchor, let target = anchors[name] else {
                fail(
                    .undefinedAlias,
                    "the alias '*\(event.anchor ?? "")' names no anchor defined above it; define '&\(event.anchor ?? "")' first",
                    line: event.line, column: event.column)
                throw Stop()
            }
            try count(target.size, line: event.line, column: event.column, fromAlias: true)
            return target

        case YAML_SCALAR_EVENT:
            var isTaggedString = false
            if let tag = event.tag {
                if tag == "tag:yaml.org,2002:str" || tag == "!" {
                    isTaggedString = true
                } else {
                    diagnostics.append(
                        Diagnostic(
                            .unsupportedTag,
                            "the tag '\(tag)' is not supported; remove it (quote the value if it must be text)",
                            at: location(event.line, event.column)))
                }
            }
            let node = YAMLNode(
                content: .scalar(.init(text: event.value, style: event.style, isTaggedString: isTaggedString)),
                line: event.line, column: event.column)
            try count(1, line: event.line, column: event.column)
            remember(event.anchor, node, size: 1)
            return (node, 1)

        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            guard depth <= limits.maximumDepth else {
                fail(
                    .tooDeep,
                    "lists and mappings are nested more than \(limits.maximumDepth) deep here (InputLimits.maximumDepth); a site description needs far fewer levels",
                    line: event.line, column: event.column)
                throw Stop()
            }
            try count(1, line: event.line, column: event.column)
            let result =
                event.type == YAML_SEQUENCE_START_EVENT
                ? try sequence(from: event, depth: depth)
                : try mapping(from: event, depth: depth)
            remember(event.anchor, result.0, size: result.1)
            return result

        default:
            fail(.syntax, "unexpected YAML event", line: event.line, column: event.column)
            throw Stop()
        }
    }

    mutating func sequence(from start: Event, depth: Int) throws -> (YAMLNode, Int) {
        var items: [YAMLNode] = []
        var size = 1
        while true {
            let event = try next()
            if event.type == YAML_SEQUENCE_END_EVENT { break }
            guard items.count < limits.maximumItems else {
                fail(
                    .tooManyItems,
                    "this list has more than \(limits.maximumItems) entries (InputLimits.maximumItems)",
                    line: start.line, column: start.column)
                throw Stop()
            }
            let (item, itemSize) = try node(from: event, depth: depth + 1)
            items.append(item)
            size += itemSize
        }
        return (YAMLNode(content: .sequence(items), line: start.line, column: start.column), size)
    }

    mutating func mapping(from start: Event, depth: Int) throws -> (YAMLNode, Int) {
        var pairs: [YAMLNode.Pair] = []
        var merged: [YAMLNode.Pair] = []
        var firstUse: [String: YAMLNode] = [:]
        var size = 1
        while true {
            let event = try next()
            if event.type == YAML_MAPPING_END_EVENT { break }
            guard pairs.count < limits.maximumItems else {
                fail(
                    .tooManyItems,
                    "this mapping has more than \(limits.maximumItems) keys (InputLimits.maximumItems)",
                    line: start.line, column: start.column)
                throw Stop()
            }
            let (key, keySize) = try node(from: event, depth: depth + 1)
            let (value, valueSize) = try node(from: try next(), depth: depth + 1)
            size += keySize + valueSize
            guard let keyScalar = key.scalar else {
                diagnostics.append(
                    Diagnostic(
                        .complexKey, "a key must be a plain name, not \(key.kindDescription)",
                        at: location(key.line, key.column)))
                continue
            }
            if keyScalar.isPlain && keyScalar.text == "<<" {
                merged += mergeSources(value)
                continue
            }
            if let first = firstUse[keyScalar.text] {
                diagnostics.append(
                    Diagnostic(
                        .duplicateKey,
                        "the key '\(keyScalar.text)' appears twice in this mapping; keep one of them",
                        at: location(key.line, key.column),
                        notes: [.init("'\(keyScalar.text)' is first given here", at: location(first.line, first.column))]))
                continue
            }
            firstUse[keyScalar.text] = key
            pairs.append(.init(key: key, value: value))
        }
        // Merge keys (`<<: *defaults`): explicit keys win, then earlier sources win.
        for pair in merged {
            guard let text = pair.key.scalar?.text, firstUse[text] == nil else { continue }
            firstUse[text] = pair.key
            pairs.append(pair)
        }
        return (YAMLNode(content: .mapping(pairs), line: start.line, column: start.column), size)
    }

    mutating func mergeSources(_ value: YAMLNode) -> [YAMLNode.Pair] {
        switch value.content {
        case .mapping(let pairs):
            return pairs
        case .sequence(let items) where items.allSatisfy({ $0.mapping != nil }):
            return items.flatMap { $0.mapping ?? [] }
        default:
            diagnostics.append(
                Diagnostic(
                    .typeMismatch,
                    "a merge key '<<' takes a mapping or a list of mappings (usually an alias such as *defaults), not \(value.kindDescription)",
                    at: location(value.line, value.column)))
            return []
        }
    }

    mutating func count(_ nodes: Int, line: Int, column: Int, fromAlias: Bool = false) throws {
        expandedNodes += nodes
        if fromAlias { aliasNodes += nodes }
        if expandedNodes > limits.maximumExpandedNodes {
            // Only where aliases made most of the nodes are they the cause.
            if aliasNodes * 2 > expandedNodes {
                fail(
                    .aliasLimit,
                    "the document expands to more than \(limits.maximumExpandedNodes) nodes here (InputLimits.maximumExpandedNodes), \(aliasNodes) of them repeated by aliases; aliases that repeat aliases multiply, so use fewer of them",
                    line: line, column: column)
            } else {
                fail(
                    .tooManyValues,
                    "the document holds more than \(limits.maximumExpandedNodes) values by here (InputLimits.maximumExpandedNodes); a site description holds a few thousand at most, so check that this is the right file",
                    line: line, column: column)
            }
            throw Stop()
        }
    }

    mutating func remember(_ anchor: String?, _ node: YAMLNode, size: Int) {
        if let anchor { anchors[anchor] = (node, size) }
    }

    // MARK: - libyaml

    mutating func next() throws -> Event {
        var raw = yaml_event_t()
        guard yaml_parser_parse(&parser, &raw) == 1 else {
            reportParserError()
            throw Stop()
        }
        defer { yaml_event_delete(&raw) }
        let line = Int(raw.start_mark.line) + 1
        // Events carry the file's columns; the strictness rules read the text as parsed.
        let parsedColumn = Int(raw.start_mark.column) + 1
        var event = Event(type: raw.type, line: line, column: shifts.original(line: line, column: parsedColumn))
        switch raw.type {
        case YAML_SCALAR_EVENT:
            let scalar = raw.data.scalar
            event.value = string(scalar.value, length: scalar.length) ?? ""
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: event.style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: event.style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: event.style = .literal
            case YAML_FOLDED_SCALAR_STYLE: event.style = .folded
            default: event.style = .plain
            }
            event.tag = string(scalar.tag)
            event.anchor = string(scalar.anchor)
            strictness.scalar(
                event.value, plain: event.style == .plain, quoted: event.style == .singleQuoted || event.style == .doubleQuoted,
                start: (line, parsedColumn), end: (Int(raw.end_mark.line) + 1, Int(raw.end_mark.column) + 1))
        case YAML_ALIAS_EVENT:
            event.anchor = string(raw.data.alias.anchor)
        case YAML_SEQUENCE_START_EVENT:
            event.anchor = string(raw.data.sequence_start.anchor)
            strictness.collectionStart(flow: raw.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE, line: line, column: parsedColumn)
        case YAML_MAPPING_START_EVENT:
            event.anchor = string(raw.data.mapping_start.anchor)
            strictness.collectionStart(flow: raw.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE, line: line, column: parsedColumn)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            strictness.collectionEnd(line: event.line)
        default:
            break
        }
        return event
    }

    func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int? = nil) -> String? {
        guard let pointer else { return nil }
        let count = length ?? strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    mutating func reportParserError() {
        let problem = parser.problem.map { String(cString: $0) } ?? "the file cannot be parsed"
        var line = Int(parser.problem_mark.line) + 1
        var column = shifts.original(line: line, column: Int(parser.problem_mark.column) + 1)
        if parser.error == YAML_READER_ERROR {
            let offset = Int(parser.problem_offset)
            let here = TextInput.location(of: offset, in: [UInt8](source)[...], file: file)
            line = here.line
            column = here.column
        }
        if problem.hasPrefix("Maximum nesting level reached") {
            // libyaml's own bound on flow nesting, which its scanner can reach before we count depth.
            fail(
                .tooDeep,
                "lists and mappings are nested more than \(limits.maximumDepth) deep here (InputLimits.maximumDepth); a site description needs far fewer levels",
                line: line, column: column)
            return
        }
        var message = problem
        let context = parser.context.map { String(cString: $0) }
        if let hint = hint(problem: problem, context: context, line: line, column: column) { message += "; \(hint)" }
        var notes: [Diagnostic.Note] = []
        if let context {
            let mark = parser.context_mark
            notes.append(.init("\(context) that starts here", at: location(Int(mark.line) + 1, Int(mark.column) + 1)))
        }
        diagnostics.append(Diagnostic(.syntax, message, at: location(line, column), notes: notes))
    }

    /// A plain-words hint for the syntax errors people make most, from libyaml's problem and
    /// context and the line it points at.
    func hint(problem: String, context: String?, line: Int, column: Int) -> String? {
        let lines = String(decoding: source, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard line - 1 < lines.count else { return nil }
        let text = lines[line - 1]
        let indentation = "check that this line is indented like its siblings (the keys or list items it belongs with), with spaces"
        if text.contains("\t") {
            return "YAML does not allow tabs for indentation: indent with spaces"
        }
        if text.range(of: #":\s+[A-Za-z]:(\\\S*)?\s*$"#, options: .regularExpression) != nil {
            return "quote a drive letter, as in path: 'F:' or path: 'F:\\'"
        }
        if problem.hasPrefix("mapping values are not allowed") {
            if text.contains(": ") && text.filter({ $0 == ":" }).count > 1 {
                return "quote a value that holds ': ' (for example \"a: b\")"
            }
            return indentation
        }
        if problem.hasPrefix("did not find expected key") || problem.hasPrefix("did not find expected '-' indicator") {
            // Text right after a closing quotation mark or bracket, on the line where it closes.
            let before = text.prefix(max(column - 1, 0)).trimmingWhitespace()
            if let last = before.last, "\"'])}".contains(last), column - 1 < text.count {
                return "something follows a closing quotation mark or bracket on this line; put it inside, or start a comment with ' #'"
            }
            return indentation
        }
        if problem.hasPrefix("found unknown escape character") {
            return "inside double quotes a backslash starts an escape such as \\n; write a Windows path in single quotes, as in path: 'C:\\Data'"
        }
        if problem.hasPrefix("block sequence entries are not allowed") {
            return "a list cannot start on the line of its key: put each '- item' on a line of its own below the key, indented"
        }
        if problem.hasPrefix("found unexpected end of stream"), context?.contains("quoted scalar") == true {
            return "a quoted value is never closed: add its closing quotation mark"
        }
        if problem.hasPrefix("did not find expected ',' or ']'") {
            return "a list opened with '[' is not closed: add the ']', and separate its items with commas"
        }
        if problem.hasPrefix("did not find expected ',' or '}'") {
            return "a mapping opened with '{' is not closed: add the '}', and separate its entries with commas"
        }
        if problem.hasPrefix("could not find expected ':'") {
            return "a key needs a ':' after it; a value that runs over several lines needs quotation marks"
        }
        if problem.hasPrefix("found character that cannot start any token") {
            let index = text.index(text.startIndex, offsetBy: min(max(column - 1, 0), text.count), limitedBy: text.endIndex)
            if let index, index < text.endIndex, "@`".contains(text[index]) {
                return "a value cannot start with \(text[index]): put it in quotation marks"
            }
        }
        return nil
    }

    mutating func fail(_ id: DiagnosticID, _ message: String, line: Int, column: Int) {
        diagnostics.append(Diagnostic(id, message, at: location(line, column)))
    }

    func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }
}
