import Foundation

/// Reads one template file: compose, check its shape, then decode it with its markup parsed.
struct TemplateReader {
    let file: String
    let limits: InputLimits
    /// The templates folder's files by path, where a command's `file` is looked up.
    var files: [String: (data: Data, displayName: String)] = [:]
    private(set) var diagnostics: [Diagnostic] = []
    private var source: [Substring] = []

    init(file: String, limits: InputLimits) {
        self.file = file
        self.limits = limits
    }

    /// A runbook's `runbook.yaml`, as a runbook without procedures.
    mutating func runbook(_ data: Data, id: String) -> RunbookTemplate? {
        guard let root = compose(data, as: TemplateFormat.runbook) else { return nil }
        let title = text(root["title"])
        let introduction = text(root["introduction"])
        var outage: OutageTemplate?
        if let node = root["outage"], let from = located(node["from"]), let to = located(node["to"]) {
            outage = OutageTemplate(from: from, to: to, text: text(node["text"]))
        }
        return diagnostics.hasErrors
            ? nil
            : RunbookTemplate(
                id: id, title: title, introduction: introduction, procedures: [], ends: list(root["ends"]),
                acceptance: root["acceptance"]?.boolean ?? false, record: root["record"]?.boolean ?? false,
                outage: outage, order: root["order"]?.text.flatMap { Int($0) }, startsFrom: located(root["starts-from"]),
                writesSetupFiles: root["setup-files"]?.boolean ?? false,
                failoverRecord: (root["failover-record"]?.sequence ?? []).map { line in
                    FailoverTestTemplate(
                        foreach: located(line["foreach"]), when: located(line["when"]), test: text(line["test"]),
                        from: line["from"].map { text($0) }, to: line["to"].map { text($0) })
                })
    }

    mutating func procedure(_ data: Data, runbook: String) -> ProcedureTemplate? {
        // The shape admits only a role's name: with any other, its diagnostic is already said.
        guard let root = compose(data, as: TemplateFormat.procedure), let role = Role(rawValue: root["role"]?.text ?? "") else { return nil }
        let procedure = ProcedureTemplate(
            id: root["id"]?.text ?? "", runbook: runbook, title: text(root["title"]), when: located(root["when"]),
            foreach: located(root["foreach"]), computer: located(root["computer"]) ?? Located(value: "", location: at(root)),
            role: role, requires: list(root["requires"]), provides: list(root["provides"]),
            expects: list(root["expects"]), effects: list(root["effects"]),
            introduction: root["introduction"].map { text($0) }, content: content(root),
            steps: (root["steps"]?.sequence ?? []).map { step($0) }, location: at(root))
        return diagnostics.hasErrors ? nil : procedure
    }

    /// The file an include names (`include: install/09-name.yaml`), or nil when `data` is not
    /// an include.
    mutating func include(_ data: Data) -> Located<String>? {
        guard Self.mayHaveTopLevelInclude(data), YAMLComposer(limits: limits).compose(data, file: file).root?["include"] != nil else {
            return nil
        }
        guard let root = compose(data, as: TemplateFormat.include) else { return nil }
        return located(root["include"])
    }

    /// False when no line can start a top-level `include` key: none begins with `include`, a
    /// quotation mark, a flow mapping, an explicit key, an anchor, a tag, an alias, a
    /// directive or a document marker. (A whole include file indented by some spaces is not
    /// spotted: it is then read as a procedure, which reports `include` as an unknown key.)
    /// Spares parsing every procedure twice, once to look
    /// for an include and once to read it (a sixth of loading the catalog).
    static func mayHaveTopLevelInclude(_ data: Data) -> Bool {
        var atLineStart = true
        var index = data.startIndex
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { index += 3 }
        while index < data.endIndex {
            let byte = data[index]
            if atLineStart {
                switch byte {
                case UInt8(ascii: "i"):
                    if data[index...].starts(with: Array("include".utf8)) { return true }
                case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "{"), UInt8(ascii: "?"), UInt8(ascii: "&"), UInt8(ascii: "!"),
                    UInt8(ascii: "*"), UInt8(ascii: "%"), UInt8(ascii: "-"):
                    return true
                default: break
                }
            }
            atLineStart = byte == 0x0A
            index += 1
        }
        return false
    }

    // MARK: - Parts

    private mutating func compose(_ data: Data, as shape: ObjectShape) -> YAMLNode? {
        let (root, composeDiagnostics) = YAMLComposer(limits: limits).compose(data, file: file)
        diagnostics += composeDiagnostics
        guard let root else { return nil }
        source = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var checker = StructureChecker(file: file)
        checker.check(root, against: .object(shape), at: YAMLPath())
        diagnostics += checker.diagnostics
        return diagnostics.hasErrors ? nil : root
    }

    private mutating func step(_ node: YAMLNode) -> StepTemplate {
        StepTemplate(
            id: node["id"]?.text ?? "", when: located(node["when"]), foreach: located(node["foreach"]),
            instruction: text(node["do"]), duration: duration(node["duration"]), durationEach: located(node["duration-each"]),
            requires: list(node["requires"]),
            provides: list(node["provides"]), expects: list(node["expects"]), effects: list(node["effects"]), content: content(node),
            substeps: (node["substeps"]?.sequence ?? []).map { substep($0) }, location: at(node))
    }

    private mutating func substep(_ node: YAMLNode) -> SubstepTemplate {
        SubstepTemplate(
            id: node["id"]?.text ?? "", when: located(node["when"]), foreach: located(node["foreach"]),
            instruction: text(node["do"]), content: content(node), location: at(node))
    }

    private mutating func content(_ node: YAMLNode) -> TemplateContent {
        var content = TemplateContent()
        content.result = node["result"].map { text($0) }
        content.note = node["note"].map { text($0) }
        content.important = node["important"].map { text($0) }
        content.warning = node["warning"].map { text($0) }
        if let command = node["command"] {
            content.command = (command["language"]?.text ?? "text", commandCode(command))
        }
        if let table = node["table"] {
            let columns = table["columns"]?.sequence?.count ?? 0
            for row in table["rows"]?.sequence ?? [] {
                guard let cells = row["cells"], let count = cells.sequence?.count, count != columns else { continue }
                diagnostics.append(
                    Diagnostic(
                        .templateTableShape,
                        "this row has \(count) cell\(count == 1 ? "" : "s") but the table has \(columns) column\(columns == 1 ? "" : "s"); "
                            + "quote a cell that holds a comma", at: at(cells)))
            }
            content.table = TableTemplate(
                caption: text(table["caption"]), columns: (table["columns"]?.sequence ?? []).map { text($0) },
                rows: (table["rows"]?.sequence ?? []).map { row in
                    TableTemplate.Row(
                        foreach: located(row["foreach"]), when: located(row["when"]),
                        cells: (row["cells"]?.sequence ?? []).map { text($0) })
                })
        }
        return content
    }

    /// Template text with its markup parsed; a markup error is reported where it is.
    private mutating func text(_ node: YAMLNode?) -> TemplateText {
        guard let node, let raw = node.text else { return TemplateText(spans: [], location: SourceLocation(file: file, line: 1, column: 1), raw: "") }
        switch InlineMarkup.parse(raw) {
        case .success(let spans):
            var text = TemplateText(spans: spans, location: at(node), raw: raw)
            for (_, offset) in InlineMarkup.parameters(in: spans) {
                text.parameterLocations[offset] = position(in: node, offset: offset)
            }
            return text
        case .failure(let problem):
            diagnostics.append(Diagnostic(.templateMarkup, problem.message, at: position(in: node, offset: problem.offset)))
            return TemplateText(spans: [.text(raw)], location: at(node), raw: raw)
        }
    }

    /// A command's code, written in place (`code`) or in a file of the templates folder (`file`).
    private mutating func commandCode(_ command: YAMLNode) -> TemplateText {
        switch (command["code"], command["file"]) {
        case (let code?, nil): return self.code(code)
        case (nil, let path?):
            guard let name = path.text, let script = files[name], !name.hasSuffix(".yaml") else {
                diagnostics.append(
                    Diagnostic(
                        .templateInclude,
                        "'\(path.text ?? "")' is not a file of the templates folder; name the script as a path from the templates folder, such as scripts/restore-test.sql",
                        at: at(path)))
                return TemplateText(spans: [], location: at(path), raw: "")
            }
            guard let text = String(data: script.data, encoding: .utf8) else {
                diagnostics.append(
                    Diagnostic(.notUTF8, "the script is not UTF-8 text", at: SourceLocation(file: script.displayName, line: 1, column: 1)))
                return TemplateText(spans: [], location: at(path), raw: "")
            }
            return code(text, at: SourceLocation(file: script.displayName, line: 1, column: 1))
        case (let code?, _?):
            diagnostics.append(
                Diagnostic(.templateInclude, "a command has its code here and in a file; keep one of code: and file:", at: at(code)))
            return self.code(code)
        case (nil, nil):
            diagnostics.append(
                Diagnostic(.missingKey, "a command needs its code: write it under code:, or name the file that holds it under file:", at: at(command))
            )
            return TemplateText(spans: [], location: at(command), raw: "")
        }
    }

    /// Code takes parameters but no markup: brackets are literal.
    private mutating func code(_ node: YAMLNode?) -> TemplateText {
        guard let node, let raw = node.text else { return TemplateText(spans: [], location: SourceLocation(file: file, line: 1, column: 1), raw: "") }
        return code(raw, at: at(node))
    }

    private mutating func code(_ raw: String, at location: SourceLocation) -> TemplateText {
        let escaped = Self.escapeCode(raw)
        switch InlineMarkup.parse(escaped) {
        case .success(let spans): return TemplateText(spans: spans, location: location, raw: raw)
        case .failure(let problem):
            diagnostics.append(Diagnostic(.templateMarkup, problem.message, at: location))
            return TemplateText(spans: [.text(raw)], location: location, raw: raw)
        }
    }

    /// In code, `{path}` is a parameter only when it encloses a well-formed path; every other
    /// brace, bracket and backslash is literal (JSON, PowerShell script blocks).
    static func escapeCode(_ raw: String) -> String {
        let characters = Array(raw)
        var out = ""
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == "{", let close = characters[(i + 1)...].firstIndex(of: "}"), close > i + 1,
                characters[(i + 1)..<close].allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) })
            {
                out += String(characters[i...close])
                i = close + 1
                continue
            }
            if "[]{}\\".contains(c) { out.append("\\") }
            out.append(c)
            i += 1
        }
        return out
    }

    private mutating func duration(_ node: YAMLNode?) -> Located<Int> {
        let location = node.map(at) ?? SourceLocation(file: file, line: 1, column: 1)
        guard let raw = node?.text, let seconds = Self.seconds(raw) else {
            diagnostics.append(Diagnostic(.templateDuration, "the duration '\(node?.text ?? "")' is not written like 5m, 1h30m or 45s", at: location))
            return Located(value: 0, location: location)
        }
        return Located(value: seconds, location: location)
    }

    static func seconds(_ text: String) -> Int? {
        var total = 0
        var number = ""
        var sawUnit = false
        for c in text {
            if c.isASCII && c.isNumber {
                number.append(c)
            } else if let unit = ["h": 3600, "m": 60, "s": 1][c], let value = Int(number) {
                total += value * unit
                number = ""
                sawUnit = true
            } else {
                return nil
            }
        }
        return number.isEmpty && sawUnit ? total : nil
    }

    private func located(_ node: YAMLNode?) -> Located<String>? {
        guard let node, let text = node.text else { return nil }
        return Located(value: text.trimmingWhitespace(), location: at(node))
    }

    private func list(_ node: YAMLNode?) -> [Located<String>] {
        (node?.sequence ?? []).compactMap(located)
    }

    private func at(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }

    /// The file position of a character offset inside a scalar.
    func position(in node: YAMLNode, offset: Int) -> SourceLocation {
        guard let scalar = node.scalar else { return at(node) }
        switch scalar.style {
        case .plain, .singleQuoted, .doubleQuoted, .folded:
            let prefix = String(scalar.text.prefix(offset))
            guard scalar.style != .folded, !prefix.contains("\n") else { return at(node) }
            return SourceLocation(file: file, line: node.line, column: node.column + offset + (scalar.style == .plain ? 0 : 1))
        case .literal:
            let before = scalar.text.prefix(offset)
            let lineIndex = node.line + before.filter { $0 == "\n" }.count  // 1-based line of the text's line
            let inLine = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0)
            let indent = lineIndex < source.count ? source[lineIndex].prefix { $0 == " " }.count : 0
            return SourceLocation(file: file, line: lineIndex + 1, column: indent + inLine + 1)
        }
    }
}
