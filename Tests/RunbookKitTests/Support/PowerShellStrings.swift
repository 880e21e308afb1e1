/// The string literals of PowerShell code, read the way PowerShell reads them (Microsoft's
/// about_Quoting_Rules and the language specification's lexical grammar): a test's own
/// reader, so that a value the runbook puts in a string can be checked to come out exactly.
///
/// - Single quotes are `'` and the typographic U+2018, U+2019, U+201A and U+201B; inside a
///   single-quoted string two of them in a row are one quote (the second), and nothing else
///   is special.
/// - Double quotes are `"` and U+201C, U+201D, U+201E; inside one, a backtick escapes the next
///   character, two double quotes in a row are one, `$name` and `$(…)` are expanded (they
///   come out as `\u{0}$` in the decoded text, so an expanded value never equals the value).
/// - Here-strings (`@'` … `'@`, `@"` … `"@`) run from the end of their first line to a line
///   that starts with the closing pair.
/// - Comments (`#` to the end of the line, `<#` … `#>`) and backtick escapes outside strings
///   are skipped.
struct PowerShellStrings {
    /// One string literal: its decoded text and whether it was single-quoted (verbatim).
    struct Literal: Equatable {
        var text: String
        var verbatim: Bool
    }

    struct Unterminated: Error, CustomStringConvertible {
        var description: String
    }

    static let singleQuotes: Set<Character> = ["'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}"]
    static let doubleQuotes: Set<Character> = ["\"", "\u{201C}", "\u{201D}", "\u{201E}"]

    private(set) var literals: [Literal] = []
    private let characters: [Character]
    private var index = 0

    init(_ code: String) throws {
        characters = Array(code)
        try readCode(until: nil)
    }

    private func peek(_ offset: Int = 0) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    /// Code outside strings, up to an unmatched `closing` (the end of a `$(` … `)`), or the end.
    private mutating func readCode(until closing: Character?) throws {
        var depth = 0
        while let character = peek() {
            if character == "`" {
                index += 2
            } else if character == "#" {
                while let next = peek(), next != "\n" { index += 1 }
            } else if character == "<" && peek(1) == "#" {
                index += 2
                while peek() != nil && !(peek() == "#" && peek(1) == ">") { index += 1 }
                guard peek() != nil else { throw Unterminated(description: "a block comment does not end") }
                index += 2
            } else if character == "@", let quote = peek(1), Self.singleQuotes.contains(quote) || Self.doubleQuotes.contains(quote),
                isLineEnd(from: index + 2)
            {
                try readHereString(verbatim: Self.singleQuotes.contains(quote))
            } else if Self.singleQuotes.contains(character) {
                index += 1
                try readSingleQuoted()
            } else if Self.doubleQuotes.contains(character) {
                index += 1
                literals.append(Literal(text: try readDoubleQuoted(), verbatim: false))
            } else if let closing, character == closing, depth == 0 {
                index += 1
                return
            } else {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                index += 1
            }
        }
        if closing != nil { throw Unterminated(description: "a $( sub-expression in a double-quoted string does not end") }
    }

    private func isLineEnd(from position: Int) -> Bool {
        var position = position
        while position < characters.count, characters[position] == " " || characters[position] == "\t" { position += 1 }
        return position >= characters.count || characters[position] == "\n" || characters[position] == "\r\n"
    }

    private mutating func readSingleQuoted() throws {
        var text = ""
        while let character = peek() {
            if Self.singleQuotes.contains(character) {
                if let next = peek(1), Self.singleQuotes.contains(next) {
                    text.append(next)
                    index += 2
                    continue
                }
                index += 1
                literals.append(Literal(text: text, verbatim: true))
                return
            }
            text.append(character)
            index += 1
        }
        throw Unterminated(description: "a single-quoted string does not end: '\(text.prefix(40))")
    }

    private mutating func readDoubleQuoted() throws -> String {
        var text = ""
        while let character = peek() {
            if character == "`" {
                guard let next = peek(1) else { break }
                let escapes: [Character: String] = [
                    "0": "\u{0}", "a": "\u{7}", "b": "\u{8}", "f": "\u{C}", "n": "\n", "r": "\r", "t": "\t", "v": "\u{B}",
                ]
                text += escapes[next] ?? String(next)
                index += 2
            } else if Self.doubleQuotes.contains(character) {
                if let next = peek(1), Self.doubleQuotes.contains(next) {
                    text.append(next)
                    index += 2
                    continue
                }
                index += 1
                return text
            } else if character == "$", let next = peek(1), next == "(" {
                index += 2
                try readCode(until: ")")
                text += "\u{0}$(…)"
            } else if character == "$", let next = peek(1), next.isLetter || next == "_" || next == "{" || next == "$" || next == "?" {
                text += "\u{0}$"
                index += 1
            } else {
                text.append(character)
                index += 1
            }
        }
        throw Unterminated(description: "a double-quoted string does not end: \"\(text.prefix(40))")
    }

    private mutating func readHereString(verbatim: Bool) throws {
        let quotes = verbatim ? Self.singleQuotes : Self.doubleQuotes
        index += 2
        while let character = peek(), character != "\n" && character != "\r\n" { index += 1 }
        index += 1
        var lines: [String] = []
        var line = ""
        while let character = peek() {
            if character == "\n" || character == "\r\n" {
                lines.append(line)
                line = ""
                index += 1
                continue
            }
            if line.isEmpty, quotes.contains(character), peek(1) == "@" {
                index += 2
                let text = lines.joined(separator: "\n")
                literals.append(Literal(text: verbatim ? text : text.replacingOccurrences(of: "$", with: "\u{0}$"), verbatim: verbatim))
                return
            }
            line.append(character)
            index += 1
        }
        throw Unterminated(description: "a here-string does not end")
    }

    /// The PowerShell blocks of a Markdown runbook (fenced with three or more backticks or
    /// tildes and the info string `powershell`, indented or not; CommonMark's rules for the
    /// closing fence).
    static func blocks(inMarkdown markdown: String) -> [String] {
        var blocks: [String] = []
        var current: [String]?
        var indent = 0
        var fence = ""
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if current == nil {
                let marks = trimmed.prefix { $0 == "`" || $0 == "~" }
                if marks.count >= 3, Set(marks).count == 1, trimmed.dropFirst(marks.count) == "powershell" {
                    current = []
                    fence = String(marks)
                    indent = line.count - trimmed.count
                }
            } else if trimmed.hasPrefix(fence), trimmed.allSatisfy({ $0 == fence.first }) {
                blocks.append(current!.joined(separator: "\n"))
                current = nil
            } else {
                current!.append(String(line.dropFirst(min(indent, line.prefix { $0 == " " }.count))))
            }
        }
        return blocks
    }
}
