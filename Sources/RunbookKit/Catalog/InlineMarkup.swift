/// The inline markup of templates: meaning in square brackets, site values in braces.
///
/// ```
/// In [window:Server Manager], select [menu:Tools > Failover Cluster Manager].
/// Enter [input:{cluster.name}] and click [button:Next].
/// ```
///
/// `[kind:content]` marks meaning (kinds: `button`, `label`, `window`, `menu`, `file`,
/// `input`, `service`, `address`, `url`); `{path}` is a parameter from the site. Inside a
/// marked span, parameters are allowed but not further brackets. `\[`, `\]`, `\{`, `\}` and
/// `\\` stand for the character itself.
enum InlineMarkup {
    /// A parsed span: literal text, a parameter, or a marked span of literal text and parameters.
    enum Span: Sendable, Hashable {
        case text(String)
        case parameter(String, offset: Int)
        case marked(Kind, [Span], offset: Int)
    }

    enum Kind: String, Sendable, Hashable, CaseIterable {
        case button, label, window, menu, file, input, service, address, url
    }

    struct Problem: Error, Sendable, Hashable {
        var message: String
        /// Characters from the start of the text.
        var offset: Int
    }

    static func parse(_ text: String) -> Result<[Span], Problem> {
        var parser = Parser(characters: Array(text))
        do {
            return .success(try parser.spans(inMarked: false))
        } catch let problem as Problem {
            return .failure(problem)
        } catch {
            return .failure(Problem(message: "\(error)", offset: 0))
        }
    }

    /// Every parameter path in the spans, with its offset.
    static func parameters(in spans: [Span]) -> [(path: String, offset: Int)] {
        spans.flatMap { span -> [(String, Int)] in
            switch span {
            case .text: return []
            case .parameter(let path, let offset): return [(path, offset)]
            case .marked(_, let inner, _): return parameters(in: inner)
            }
        }
    }

    private struct Parser {
        let characters: [Character]
        var index = 0

        mutating func spans(inMarked: Bool) throws -> [Span] {
            var spans: [Span] = []
            var literal = ""
            func flush() {
                if !literal.isEmpty { spans.append(.text(literal)) }
                literal = ""
            }
            while index < characters.count {
                let c = characters[index]
                switch c {
                case "\\":
                    guard index + 1 < characters.count, "[]{}\\".contains(characters[index + 1]) else {
                        literal.append(c)
                        index += 1
                        continue
                    }
                    literal.append(characters[index + 1])
                    index += 2
                case "{":
                    flush()
                    spans.append(try parameter())
                case "}":
                    throw Problem(message: "a '}' closes no parameter; write \\} for the character itself", offset: index)
                case "[":
                    if inMarked {
                        throw Problem(message: "a marked span cannot hold another one; close it with ']' first", offset: index)
                    }
                    flush()
                    spans.append(try marked())
                case "]":
                    if inMarked { flush(); return spans }
                    throw Problem(message: "a ']' closes no marked span; write \\] for the character itself", offset: index)
                default:
                    literal.append(c)
                    index += 1
                }
            }
            if inMarked { throw Problem(message: "this marked span is never closed with ']'", offset: index) }
            flush()
            return spans
        }

        mutating func parameter() throws -> Span {
            let start = index
            index += 1
            var path = ""
            while index < characters.count, characters[index] != "}" {
                path.append(characters[index])
                index += 1
            }
            guard index < characters.count else {
                throw Problem(message: "the parameter is never closed with '}'", offset: start)
            }
            index += 1
            let trimmed = path.trimmingWhitespace()
            guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw Problem(message: "'{\(path)}' is not a parameter name; parameters are paths such as {cluster.name}", offset: start)
            }
            return .parameter(trimmed, offset: start)
        }

        mutating func marked() throws -> Span {
            let start = index
            index += 1
            var kindText = ""
            while index < characters.count, characters[index] != ":", characters[index] != "]" {
                kindText.append(characters[index])
                index += 1
            }
            guard index < characters.count, characters[index] == ":" else {
                throw Problem(message: "a marked span is written [kind:content], such as [button:Next]", offset: start)
            }
            guard let kind = Kind(rawValue: kindText) else {
                let suggestion = Spelling.suggestion(for: kindText, among: Kind.allCases.map(\.rawValue))
                throw Problem(
                    message: "'\(kindText)' is not a markup kind; use one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))"
                        + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""),
                    offset: start)
            }
            index += 1
            let inner = try spans(inMarked: true)
            index += 1  // the closing ]
            if inner.isEmpty { throw Problem(message: "[\(kind.rawValue):] is empty", offset: start) }
            return .marked(kind, inner, offset: start)
        }
    }
}
