/// Checks a composed document against a `Shape` and reports every mismatch at once.
///
/// It never quotes a value it rejects for its type: a password typed into the wrong key must
/// not end up in a log. It records the location of every value it visits in a `SourceMap`.
struct StructureChecker {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var sourceMap: SourceMap
    /// Lists already reported too long, by position: an alias used in many places is one list.
    private var tooLong: Set<SourceLocation> = []

    /// The longest text value or key accepted; nil accepts any length (template prose).
    let maximumTextLength: Int?

    init(file: String, maximumTextLength: Int? = nil) {
        self.file = file
        self.maximumTextLength = maximumTextLength
        self.sourceMap = SourceMap(file: file)
    }

    mutating func check(_ node: YAMLNode, against shape: Shape, at path: YAMLPath) {
        sourceMap.record(path, location(node))
        if rejectLongText(node, path) { return }
        if let scalar = node.scalar, scalar.kind == .string, Placeholder.isPlaceholder(scalar.text) {
            report(.placeholder, "\(path) is still the placeholder \(scalar.text); fill in the real value", node)
            return
        }
        switch shape {
        case .text:
            if expectScalar(node, path, shape, accepting: [.string]) { rejectControlCharacters(node, path) }
        case .textOrNumber:
            if expectScalar(node, path, shape, accepting: [.string, .integer, .float]) { rejectControlCharacters(node, path) }
        case .integer(let range):
            guard expectScalar(node, path, shape, accepting: [.integer]) else { return }
            guard let value = node.integer else {
                report(.outOfRange, "\(path) is too large a number", node)
                return
            }
            if let range, !range.contains(value) {
                report(.outOfRange, "\(path) is \(value); it must be from \(range.lowerBound) to \(range.upperBound)", node)
            }
        case .boolean:
            expectScalar(node, path, shape, accepting: [.bool])
        case .choice(let words):
            guard expectScalar(node, path, shape, accepting: [.string]), let text = node.text else { return }
            if !words.contains(text) {
                let suggestion = Spelling.suggestion(for: text, among: words)
                report(
                    .invalidChoice,
                    "\(path) is '\(text)'; it must be \(words.count == 1 ? "" : "one of ")\(words.joined(separator: ", "))"
                        + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                    node, suggestion: suggestion)
            }
        case .object(let object):
            guard let pairs = expectMapping(node, path, shape) else { return }
            checkObject(pairs, node, object, path: path, extraKeys: [])
        case .list(let item, let minimum, let maximum):
            guard let items = node.sequence else {
                mismatch(node, path, shape)
                return
            }
            if items.count < minimum {
                report(.listLength, "\(path) needs at least \(minimum) \(minimum == 1 ? "entry" : "entries")", node)
            }
            if let maximum, items.count > maximum, tooLong.insert(location(node)).inserted {
                report(
                    .listLength,
                    "\(path) has \(items.count) entries; no site needs more than \(maximum), the most this format takes (an alias repeated in many places counts each time)",
                    node)
            }
            for (index, element) in items.enumerated() {
                check(element, against: item, at: path.index(index))
            }
        case .dictionary(let value, let keyMeaning):
            guard let pairs = expectMapping(node, path, shape) else { return }
            for pair in pairs {
                guard let key = pair.key.scalar?.text else { continue }
                if rejectLongText(pair.key, path, isKey: true) { continue }
                if rejectSecret(key, pair.key, path) { continue }
                if key.isEmpty {
                    report(.typeMismatch, "\(path) has an empty key; each key is a \(keyMeaning)", pair.key)
                    continue
                }
                recordKey(pair, at: path.key(key))
                check(pair.value, against: value, at: path.key(key))
            }
        case .either(let scalarShape, let mappingShape):
            if node.mapping != nil {
                check(node, against: mappingShape, at: path)
            } else if node.scalar != nil {
                check(node, against: scalarShape, at: path)
            } else {
                mismatch(node, path, shape)
            }
        case .tagged(let tagged):
            guard let pairs = expectMapping(node, path, shape) else { return }
            let choices = tagged.variants.map(\.tag)
            guard let tagNode = node[TaggedShape.tagKey] else {
                report(.missingKey, "\(path) needs the key '\(TaggedShape.tagKey)': one of \(choices.joined(separator: ", "))", node)
                return
            }
            sourceMap.record(path.key(TaggedShape.tagKey), location(tagNode))
            guard let tag = tagNode.text, tagNode.scalar?.kind == .string else {
                report(.typeMismatch, "\(path).\(TaggedShape.tagKey) must be one of \(choices.joined(separator: ", "))", tagNode)
                return
            }
            guard let variant = tagged.variant(tag) else {
                let suggestion = Spelling.suggestion(for: tag, among: choices)
                report(
                    .invalidChoice,
                    "\(path).\(TaggedShape.tagKey) is '\(tag)'; it must be one of \(choices.joined(separator: ", "))"
                        + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                    tagNode, suggestion: suggestion)
                return
            }
            checkObject(pairs, node, variant, path: path, extraKeys: [TaggedShape.tagKey])
        }
    }

    private mutating func checkObject(
        _ pairs: [YAMLNode.Pair], _ node: YAMLNode, _ object: ObjectShape, path: YAMLPath, extraKeys: Set<String>
    ) {
        let present = Set(pairs.compactMap { $0.key.scalar?.text })
        for pair in pairs {
            guard let key = pair.key.scalar?.text else { continue }
            if rejectLongText(pair.key, path, isKey: true) { continue }
            if extraKeys.contains(key) { continue }
            if rejectSecret(key, pair.key, path) { continue }
            if object.allowsExtensions && key.hasPrefix(ObjectShape.extensionPrefix) {
                rejectNestedSecrets(pair.value, path.key(key))
                continue
            }
            guard let property = object.property(key) else {
                let known = object.properties.map(\.key)
                // Only keys still missing here are worth suggesting.
                let suggestion = Spelling.suggestion(for: key, among: known.filter { !present.contains($0) })
                let where_ = path.components.isEmpty ? "at the top level" : "in \(path)"
                var message = "unknown key '\(key)' \(where_)"
                if let suggestion {
                    message += "; did you mean '\(suggestion)'?"
                } else if known.isEmpty {
                    message += "; nothing else belongs here"
                } else {
                    message += "; the keys here are " + known.joined(separator: ", ")
                }
                report(.unknownKey, message, pair.key, suggestion: suggestion)
                rejectNestedSecrets(pair.value, path.key(key))
                continue
            }
            recordKey(pair, at: path.key(key))
            if rejectRefusedValue(pair.value, property, path.key(key)) { continue }
            check(pair.value, against: property.shape, at: path.key(key))
        }
        for property in object.properties where property.isRequired && !present.contains(property.key) {
            let where_ = path.components.isEmpty ? "the site description" : "\(path)"
            let summary = property.summary.prefix(1).lowercased() + property.summary.dropFirst()
            report(.missingKey, "\(where_) is missing the required key '\(property.key)': \(summary.dropLast(summary.hasSuffix(".") ? 1 : 0))", node)
        }
    }

    private mutating func recordKey(_ pair: YAMLNode.Pair, at path: YAMLPath) {
        if pair.value.scalar == nil { sourceMap.recordKey(path, location(pair.key)) }
    }

    /// Refuses a value the property names as refused, with that value's own rule and reason.
    private mutating func rejectRefusedValue(_ node: YAMLNode, _ property: Property, _ path: YAMLPath) -> Bool {
        guard let scalar = node.scalar, scalar.kind == .string,
            let refused = property.refusedValues.first(where: { $0.value == scalar.text })
        else { return false }
        sourceMap.record(path, location(node))
        report(refused.id, "\(path) is '\(scalar.text)': \(refused.reason)", node, suggestion: refused.replacement)
        return true
    }

    /// Refuses keys that would hold a secret, without repeating the value.
    private mutating func rejectSecret(_ key: String, _ keyNode: YAMLNode, _ path: YAMLPath) -> Bool {
        guard SecretKey.looksSecret(key) else { return false }
        report(
            .secret,
            "'\(key)' in \(path) looks like it holds a secret; runbooks never carry secrets, so the site description has no place for one. Remove the key and keep the secret in your password manager",
            keyNode)
        return true
    }

    /// Refuses a scalar (value or key) longer than the format allows, without quoting it.
    private mutating func rejectLongText(_ node: YAMLNode, _ path: YAMLPath, isKey: Bool = false) -> Bool {
        // Counted in code points, as JSON Schema's maxLength counts: a character followed by a
        // megabyte of combining marks is not one character long.
        guard let limit = maximumTextLength, let text = node.scalar?.text, text.unicodeScalars.count > limit else { return false }
        let what = isKey ? "a key " + (path.components.isEmpty ? "at the top level" : "in \(path)") : "\(path)"
        report(
            .textTooLong,
            "\(what) is \(text.unicodeScalars.count) characters long; the limit is \(limit) (SiteFormat.maximumTextLength). Shorten it",
            node)
        return true
    }

    /// Refuses text with a character no document can show (a control character other than a
    /// line break, or a noncharacter), naming it by code point rather than quoting the value.
    /// A tab and a carriage return are refused too: every value is one line of a table or a
    /// sentence, and a carriage return printed by `runbook plan` would overwrite its line.
    private mutating func rejectControlCharacters(_ node: YAMLNode, _ path: YAMLPath) {
        guard let text = node.text else { return }
        for (offset, scalar) in text.unicodeScalars.enumerated()
        where Forbidden.contains(scalar) || scalar == "\t" || scalar == "\r" || Forbidden.isBidiOverride(scalar) {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            // A bidirectional override or isolate makes a value read differently from what it
            // is (a command that shows one name and runs another).
            let what =
                Forbidden.isBidiOverride(scalar)
                ? "a bidirectional override or isolate (character \(offset + 1) of the value), which would make the runbook read differently from what it says"
                : "a control character or noncharacter (character \(offset + 1) of the value), which no runbook can show"
            report(.controlCharacter, "\(path) holds \(code), \(what); remove it, or write what it stands for in words", node)
            return
        }
    }

    /// Refuses secret keys anywhere below a value the format does not read (an `x-` extension
    /// or an unknown key), since an anchor there could carry the secret into a value it does read.
    private mutating func rejectNestedSecrets(_ node: YAMLNode, _ path: YAMLPath) {
        if let pairs = node.mapping {
            for pair in pairs {
                guard let key = pair.key.scalar?.text else { continue }
                if !rejectSecret(key, pair.key, path) { rejectNestedSecrets(pair.value, path.key(key)) }
            }
        } else if let items = node.sequence {
            for (index, item) in items.enumerated() { rejectNestedSecrets(item, path.index(index)) }
        }
    }

    @discardableResult
    private mutating func expectScalar(_ node: YAMLNode, _ path: YAMLPath, _ shape: Shape, accepting kinds: Set<ScalarKind>) -> Bool {
        guard let scalar = node.scalar, kinds.contains(scalar.kind) else {
            mismatch(node, path, shape)
            return false
        }
        return true
    }

    private mutating func expectMapping(_ node: YAMLNode, _ path: YAMLPath, _ shape: Shape) -> [YAMLNode.Pair]? {
        guard let pairs = node.mapping else {
            mismatch(node, path, shape)
            return nil
        }
        return pairs
    }

    private mutating func mismatch(_ node: YAMLNode, _ path: YAMLPath, _ shape: Shape) {
        var message = "\(path) must be \(shape.expectation), not \(node.kindDescription)"
        if let kind = node.scalar?.kind, kind != .string, kind != .null, case .text = shape {
            message += "; put the value in quotes to make it text"
        } else if node.scalar?.kind == .string, case .integer = shape, let text = node.text, Int(text) != nil {
            message += "; remove the quotes"
        } else if node.scalar?.kind == .null {
            message += "; give a value or remove the key"
        }
        report(.typeMismatch, message, node)
    }

    private mutating func report(_ id: DiagnosticID, _ message: String, _ node: YAMLNode, suggestion: String? = nil) {
        diagnostics.append(Diagnostic(id, message, at: location(node), suggestion: suggestion))
    }

    private func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, line: node.line, column: node.column)
    }
}

/// Keys that would hold a secret. The format has none, so any such key is refused.
enum SecretKey {
    static let words = [
        "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "accesskey", "privatekey", "credential", "sapwd", "pin",
    ]

    static func looksSecret(_ key: String) -> Bool {
        // Byte by byte: Foundation's String.contains goes through NSString, and every key of
        // every template passes here on every run.
        let folded = Array(Spelling.normalize(key).utf8)
        return words.contains { word in
            let bytes = Array(word.utf8)
            if word == "pin" { return folded == bytes }
            guard bytes.count <= folded.count else { return false }
            return (0...(folded.count - bytes.count)).contains { folded[$0..<$0 + bytes.count].elementsEqual(bytes) }
        }
    }
}

/// The placeholders `runbook init` writes: `<...>` in angle brackets.
enum Placeholder {
    static func isPlaceholder(_ text: String) -> Bool {
        text.count > 2 && text.hasPrefix("<") && text.hasSuffix(">") && !text.dropFirst().dropLast().contains("<")
    }
}
