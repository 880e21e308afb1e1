/// The built-in catalog, read and checked once when the templates change and kept as bytes,
/// so that a run does not parse and check forty YAML files before it starts.
///
/// `make catalog` writes the archive (`Sources/RunbookKit/Catalog/BuiltIn.catalog`) from the
/// templates the build embeds; the build embeds the archive beside them together with a digest
/// of the templates. A run uses the archive only when it was made from exactly the embedded
/// templates, and reads the YAML otherwise: a stale archive costs time, never a wrong runbook.
/// A test holds the archive to a fresh reading of the templates.
///
/// The format is private to this file and to one build: a header (magic, version, the
/// templates' digest, a checksum of the rest), a table of every distinct string, then the
/// runbooks, each value written field by field in declaration order. Integers are LEB128;
/// strings are indices into the table. A changed template is caught by the digest, a damaged
/// byte by the checksum; a change to how templates are read (with the same templates) is
/// caught by the test, which fails until `make catalog` is run.
enum CatalogArchive {
    static let magic: [UInt8] = Array("RBCAT".utf8)
    /// Bumped whenever a template type or this encoding changes.
    static let version: UInt64 = 5

    /// The archive of `runbooks`, made from templates whose digest is `digest`.
    static func encode(_ runbooks: [RunbookTemplate], digest: UInt64) -> [UInt8] {
        var body = Writer()
        body.list(runbooks) { $0.runbook($1) }
        var table = Writer()
        table.integer(UInt64(body.strings.count))
        for string in body.strings {
            let utf8 = Array(string.utf8)
            table.integer(UInt64(utf8.count))
            table.bytes += utf8
        }
        let rest = table.bytes + body.bytes
        var head = Writer()
        head.bytes += magic
        head.integer(version)
        head.integer(digest)
        head.integer(checksum(rest[...]))
        return head.bytes + rest
    }

    /// FNV-1a of the bytes: enough to notice damage, not meant to resist anyone.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The runbooks in `bytes`, or nil when the archive was made from other templates, by
    /// another version of this format, or is damaged.
    static func decode(_ bytes: [UInt8], digest: UInt64) -> [RunbookTemplate]? {
        var reader = Reader(bytes: bytes)
        guard reader.take(magic.count) == magic[...], reader.integer() == version, reader.integer() == digest,
            let sum = reader.integer(), sum == checksum(bytes[reader.position...]), let count = reader.count()
        else { return nil }
        for _ in 0..<count {
            guard let length = reader.count(), let utf8 = reader.take(length) else { return nil }
            reader.strings.append(String(decoding: utf8, as: UTF8.self))
        }
        guard let runbooks = reader.list({ $0.runbook() }), reader.atEnd else { return nil }
        return runbooks
    }
}

// MARK: - Writing

private struct Writer {
    var bytes: [UInt8] = []
    var strings: [String] = []
    var stringIndex: [String: Int] = [:]

    mutating func integer(_ value: UInt64) {
        var value = value
        repeat {
            let low = UInt8(value & 0x7F)
            value >>= 7
            bytes.append(value == 0 ? low : low | 0x80)
        } while value != 0
    }

    mutating func int(_ value: Int) {
        // Zigzag, so that a negative number (none is expected) still round-trips.
        integer(UInt64(bitPattern: Int64((value << 1) ^ (value >> (Int.bitWidth - 1)))))
    }

    mutating func flag(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        if let index = stringIndex[value] {
            integer(UInt64(index))
        } else {
            stringIndex[value] = strings.count
            integer(UInt64(strings.count))
            strings.append(value)
        }
    }

    mutating func list<T>(_ values: [T], _ write: (inout Writer, T) -> Void) {
        integer(UInt64(values.count))
        for value in values { write(&self, value) }
    }

    mutating func optional<T>(_ value: T?, _ write: (inout Writer, T) -> Void) {
        flag(value != nil)
        if let value { write(&self, value) }
    }

    mutating func location(_ value: SourceLocation) {
        string(value.file)
        int(value.line)
        int(value.column)
    }

    mutating func located(_ value: Located<String>) {
        string(value.value)
        location(value.location)
    }

    mutating func span(_ value: InlineMarkup.Span) {
        switch value {
        case .text(let text):
            integer(0)
            string(text)
        case .parameter(let path, let offset):
            integer(1)
            string(path)
            int(offset)
        case .marked(let kind, let spans, let offset):
            integer(2)
            string(kind.rawValue)
            list(spans) { $0.span($1) }
            int(offset)
        }
    }

    mutating func text(_ value: TemplateText) {
        list(value.spans) { $0.span($1) }
        location(value.location)
        string(value.raw)
        let offsets = value.parameterLocations.keys.sorted()
        list(offsets) { writer, offset in
            writer.int(offset)
            writer.location(value.parameterLocations[offset]!)
        }
    }

    mutating func content(_ value: TemplateContent) {
        optional(value.result) { $0.text($1) }
        optional(value.note) { $0.text($1) }
        optional(value.important) { $0.text($1) }
        optional(value.warning) { $0.text($1) }
        optional(value.command) { writer, command in
            writer.string(command.language)
            writer.text(command.code)
        }
        optional(value.table) { writer, table in
            writer.text(table.caption)
            writer.list(table.columns) { $0.text($1) }
            writer.list(table.rows) { writer, row in
                writer.optional(row.foreach) { $0.located($1) }
                writer.optional(row.when) { $0.located($1) }
                writer.list(row.cells) { $0.text($1) }
            }
        }
    }

    mutating func substep(_ value: SubstepTemplate) {
        string(value.id)
        optional(value.when) { $0.located($1) }
        optional(value.foreach) { $0.located($1) }
        text(value.instruction)
        content(value.content)
        location(value.location)
    }

    mutating func step(_ value: StepTemplate) {
        string(value.id)
        optional(value.when) { $0.located($1) }
        optional(value.foreach) { $0.located($1) }
        text(value.instruction)
        int(value.duration.value)
        location(value.duration.location)
        optional(value.durationEach) { $0.located($1) }
        list(value.requires) { $0.located($1) }
        list(value.provides) { $0.located($1) }
        list(value.expects) { $0.located($1) }
        list(value.effects) { $0.located($1) }
        content(value.content)
        list(value.substeps) { $0.substep($1) }
        location(value.location)
    }

    mutating func procedure(_ value: ProcedureTemplate) {
        string(value.id)
        string(value.runbook)
        text(value.title)
        optional(value.when) { $0.located($1) }
        optional(value.foreach) { $0.located($1) }
        located(value.computer)
        string(value.role)
        list(value.requires) { $0.located($1) }
        list(value.provides) { $0.located($1) }
        list(value.expects) { $0.located($1) }
        list(value.effects) { $0.located($1) }
        optional(value.introduction) { $0.text($1) }
        content(value.content)
        list(value.steps) { $0.step($1) }
        location(value.location)
    }

    mutating func runbook(_ value: RunbookTemplate) {
        string(value.id)
        text(value.title)
        text(value.introduction)
        list(value.procedures) { $0.procedure($1) }
        list(value.ends) { $0.located($1) }
        flag(value.acceptance)
        flag(value.record)
        optional(value.outage) {
            $0.located($1.from)
            $0.located($1.to)
            $0.text($1.text)
        }
    }
}

// MARK: - Reading

/// Reads what `Writer` wrote; every read is bounds-checked and gives nil past the end or on
/// a value out of place, so a damaged archive is refused, never trusted.
private struct Reader {
    let bytes: [UInt8]
    var position = 0
    var strings: [String] = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position == bytes.count }

    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= bytes.count - position else { return nil }
        defer { position += count }
        return bytes[position..<position + count]
    }

    mutating func integer() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count, shift < 64 {
            let byte = bytes[position]
            position += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    /// A count of items still to come: never more than the bytes left, so a damaged count
    /// cannot ask for a huge array.
    mutating func count() -> Int? {
        guard let value = integer(), value <= UInt64(bytes.count - position) else { return nil }
        return Int(value)
    }

    mutating func int() -> Int? {
        guard let raw = integer() else { return nil }
        let value = Int64(bitPattern: raw)
        return Int((value >> 1) ^ -(value & 1))
    }

    mutating func flag() -> Bool? {
        guard let byte = take(1)?.first, byte <= 1 else { return nil }
        return byte == 1
    }

    mutating func string() -> String? {
        guard let index = integer(), index < UInt64(strings.count) else { return nil }
        return strings[Int(index)]
    }

    mutating func list<T>(_ read: (inout Reader) -> T?) -> [T]? {
        guard let count = count() else { return nil }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            guard let value = read(&self) else { return nil }
            values.append(value)
        }
        return values
    }

    /// nil when damaged; `.some(nil)` when the value is absent.
    mutating func optional<T>(_ read: (inout Reader) -> T?) -> T?? {
        guard let present = flag() else { return nil }
        guard present else { return .some(nil) }
        guard let value = read(&self) else { return nil }
        return .some(value)
    }

    mutating func location() -> SourceLocation? {
        guard let file = string(), let line = int(), let column = int() else { return nil }
        return SourceLocation(file: file, line: line, column: column)
    }

    mutating func located() -> Located<String>? {
        guard let value = string(), let location = location() else { return nil }
        return Located(value: value, location: location)
    }

    mutating func span() -> InlineMarkup.Span? {
        switch integer() {
        case 0:
            return string().map { .text($0) }
        case 1:
            guard let path = string(), let offset = int() else { return nil }
            return .parameter(path, offset: offset)
        case 2:
            guard let raw = string(), let kind = InlineMarkup.Kind(rawValue: raw), let spans = list({ $0.span() }), let offset = int()
            else { return nil }
            return .marked(kind, spans, offset: offset)
        default:
            return nil
        }
    }

    mutating func text() -> TemplateText? {
        guard let spans = list({ $0.span() }), let location = location(), let raw = string(),
            let pairs = list({ reader -> (Int, SourceLocation)? in
                guard let offset = reader.int(), let location = reader.location() else { return nil }
                return (offset, location)
            })
        else { return nil }
        return TemplateText(spans: spans, location: location, raw: raw, parameterLocations: Dictionary(pairs) { first, _ in first })
    }

    mutating func content() -> TemplateContent? {
        guard let result = optional({ $0.text() }), let note = optional({ $0.text() }), let important = optional({ $0.text() }),
            let warning = optional({ $0.text() }),
            let command = optional({ reader -> (language: String, code: TemplateText)? in
                guard let language = reader.string(), let code = reader.text() else { return nil }
                return (language, code)
            }),
            let table = optional({ $0.table() })
        else { return nil }
        return TemplateContent(result: result, note: note, important: important, warning: warning, command: command, table: table)
    }

    mutating func table() -> TableTemplate? {
        guard let caption = text(), let columns = list({ $0.text() }),
            let rows = list({ reader -> TableTemplate.Row? in
                guard let foreach = reader.optional({ $0.located() }), let when = reader.optional({ $0.located() }),
                    let cells = reader.list({ $0.text() })
                else { return nil }
                return TableTemplate.Row(foreach: foreach, when: when, cells: cells)
            })
        else { return nil }
        return TableTemplate(caption: caption, columns: columns, rows: rows)
    }

    mutating func substep() -> SubstepTemplate? {
        guard let id = string(), let when = optional({ $0.located() }), let foreach = optional({ $0.located() }),
            let instruction = text(), let content = content(), let location = location()
        else { return nil }
        return SubstepTemplate(id: id, when: when, foreach: foreach, instruction: instruction, content: content, location: location)
    }

    mutating func step() -> StepTemplate? {
        guard let id = string(), let when = optional({ $0.located() }), let foreach = optional({ $0.located() }),
            let instruction = text(), let duration = int(), let durationLocation = location(),
            let durationEach = optional({ $0.located() }), let requires = list({ $0.located() }), let provides = list({ $0.located() }),
            let expects = list({ $0.located() }), let effects = list({ $0.located() }), let content = content(),
            let substeps = list({ $0.substep() }), let location = location()
        else { return nil }
        return StepTemplate(
            id: id, when: when, foreach: foreach, instruction: instruction, duration: Located(value: duration, location: durationLocation),
            durationEach: durationEach, requires: requires, provides: provides, expects: expects, effects: effects, content: content,
            substeps: substeps, location: location)
    }

    mutating func procedure() -> ProcedureTemplate? {
        guard let id = string(), let runbook = string(), let title = text(), let when = optional({ $0.located() }),
            let foreach = optional({ $0.located() }), let computer = located(), let role = string(), let requires = list({ $0.located() }),
            let provides = list({ $0.located() }), let expects = list({ $0.located() }), let effects = list({ $0.located() }),
            let introduction = optional({ $0.text() }), let content = content(), let steps = list({ $0.step() }),
            let location = location()
        else { return nil }
        return ProcedureTemplate(
            id: id, runbook: runbook, title: title, when: when, foreach: foreach, computer: computer, role: role, requires: requires,
            provides: provides, expects: expects, effects: effects, introduction: introduction, content: content, steps: steps,
            location: location)
    }

    mutating func runbook() -> RunbookTemplate? {
        guard let id = string(), let title = text(), let introduction = text(), let procedures = list({ $0.procedure() }),
            let ends = list({ $0.located() }), let acceptance = flag(), let record = flag(),
            let outage = optional({ reader -> OutageTemplate? in
                guard let from = reader.located(), let to = reader.located(), let text = reader.text() else { return nil }
                return OutageTemplate(from: from, to: to, text: text)
            })
        else { return nil }
        return RunbookTemplate(
            id: id, title: title, introduction: introduction, procedures: procedures, ends: ends, acceptance: acceptance, record: record,
            outage: outage)
    }
}
