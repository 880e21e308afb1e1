/// What YAML 1.2 forbids and libyaml lets through, checked once libyaml has read a document.
///
/// Measured against the public YAML test suite (`scripts/conformance.py`), libyaml accepted 11
/// of its 94 invalid cases. These rules refuse the kinds a person writes by accident:
/// - a comment with no space before its `#` (`"value"# note`, `[a, b]#note`, `a,#note`), which
///   YAML reads as the end of the line but a reader may not;
/// - a quoted value or a `[ ]`/`{ }` list whose later lines are not indented more than the key
///   it belongs to, or are indented with a tab;
/// - `-` alone inside `[ ]` or `{ }`, where YAML has no place for it.
struct YAMLStrictness {
    /// Where a scalar's text runs, 1-based, end inclusive of its last character.
    private struct Span {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
    }

    private var spans: [Span] = []
    /// The open collections: flow or block, and the 0-based column of a block's entries.
    private var open: [(flow: Bool, column: Int, line: Int)] = []
    /// Multi-line values to check: their first and last line and the indentation they must exceed.
    private var continued: [(startLine: Int, endLine: Int, indentation: Int)] = []
    private(set) var problems: [(line: Int, column: Int, message: String)] = []

    /// The indentation of the innermost block collection; -1 at the top level.
    private var blockIndentation: Int { open.last { !$0.flow }?.column ?? -1 }
    private var inFlow: Bool { open.last?.flow ?? false }

    mutating func scalar(_ value: String, plain: Bool, quoted: Bool, start: (Int, Int), end: (Int, Int)) {
        spans.append(Span(startLine: start.0, startColumn: start.1, endLine: end.0, endColumn: end.1))
        if plain && value == "-" && inFlow {
            problems.append((start.0, start.1, "'-' alone is not a value inside [ ] or { }; put it in quotation marks"))
        }
        if quoted && end.0 > start.0 && !inFlow { continued.append((start.0, end.0, blockIndentation)) }
    }

    mutating func collectionStart(flow: Bool, line: Int, column: Int) {
        if flow && !inFlow { open.append((true, blockIndentation, line)) } else { open.append((flow, column - 1, line)) }
    }

    mutating func collectionEnd(line: Int) {
        guard let last = open.popLast() else { return }
        // The outermost flow collection, over several lines: its later lines are checked.
        if last.flow && !inFlow && line > last.line { continued.append((last.line, line, last.column)) }
    }

    /// Every problem in the source, by line and column, with what to do.
    mutating func check(_ source: [UInt8]) -> [(line: Int, column: Int, message: String)] {
        let lines = source.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }
        for value in continued {
            for line in (value.startLine + 1)...value.endLine where line - 1 < lines.count {
                let text = lines[line - 1].filter { $0 != 0x0D }
                let spaces = text.prefix { $0 == 0x20 }.count
                guard let first = text.first(where: { $0 != 0x20 && $0 != 0x09 }) else { continue }  // a blank line
                // A comment line may sit at any indentation; a line that only closes the list
                // at its key's column is accepted, as libyaml and most readers accept it.
                if first == 0x23 || first == 0x5D || first == 0x7D { continue }
                if spaces <= value.indentation {
                    problems.append(
                        (
                            line, spaces + 1,
                            "this line goes on with the quoted value or [ ]/{ } list from line \(value.startLine), so indent it with spaces, further than the key it belongs to"
                        ))
                    break
                }
            }
        }
        commentsWithoutSpace(lines)
        return problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    /// A `#` outside every value, not at the start of a line and not after a space or tab,
    /// before any comment has started on its line. Linear: each line's value spans are sorted
    /// by where they start and passed once, left to right.
    private mutating func commentsWithoutSpace(_ lines: [[UInt8]]) {
        let withHash = Set(lines.indices.filter { lines[$0].contains(0x23) }.map { $0 + 1 })
        guard !withHash.isEmpty else { return }
        // For each such line, the columns its values cover: [from, to).
        var covered: [Int: [(from: Int, to: Int)]] = [:]
        for span in spans {
            for line in span.startLine...max(span.startLine, span.endLine) where withHash.contains(line) {
                let from = line == span.startLine ? span.startColumn : 1
                let to = line == span.endLine ? span.endColumn : Int.max
                covered[line, default: []].append((from, to))
            }
        }
        for line in withHash.sorted() {
            let intervals = (covered[line] ?? []).sorted { $0.from < $1.from }
            var next = 0
            var column = 0
            var previous: UInt8 = 0x20
            for byte in lines[line - 1] {
                if byte & 0xC0 != 0x80 { column += 1 }
                defer { previous = byte }
                guard byte == 0x23 else { continue }
                while next < intervals.count && intervals[next].to <= column { next += 1 }
                if next < intervals.count && intervals[next].from <= column { continue }  // inside a value
                if previous != 0x20 && previous != 0x09 && column > 1 {
                    problems.append(
                        (line, column, "a comment needs a space before its '#'; if the '#' belongs to the value, put the value in quotation marks"))
                }
                break  // A comment starts here: the rest of the line is its text.
            }
        }
    }
}
