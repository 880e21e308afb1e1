/// Where a parameter sits in a template's code, so that its value is escaped as that place
/// needs: a value inside a PowerShell or T-SQL string can then never end the string.
///
/// PowerShell (about_Quoting_Rules) takes U+2018, U+2019, U+201A and U+201B as single quotes
/// and U+201C, U+201D and U+201E as double quotes, as well as the ASCII ones; a quote inside a
/// string is written twice, and in a double-quoted string `$` and the backtick are escaped
/// with a backtick. T-SQL takes the ASCII quote alone, written twice, and `]` inside a
/// bracketed name, written twice.
struct CodeQuoting {
    enum Place: Equatable {
        case bare
        case single
        case double
        case bracket
        case comment
    }

    let language: String
    private(set) var place: Place = .bare

    init(language: String) {
        self.language = language
    }

    static let powerShellSingle: Set<Character> = ["'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}"]
    static let powerShellDouble: Set<Character> = ["\"", "\u{201C}", "\u{201D}", "\u{201E}"]

    /// Follows the template's own text, which moves in and out of strings.
    mutating func read(_ text: String) {
        let characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            switch (language, place) {
            case ("powershell", .bare):
                if Self.powerShellSingle.contains(character) {
                    place = .single
                } else if Self.powerShellDouble.contains(character) {
                    place = .double
                } else if character == "#" {
                    place = .comment
                }
            case ("powershell", .single):
                if Self.powerShellSingle.contains(character) {
                    if let next, Self.powerShellSingle.contains(next) { index += 1 } else { place = .bare }
                }
            case ("powershell", .double):
                if character == "`" {
                    index += 1
                } else if Self.powerShellDouble.contains(character) {
                    if let next, Self.powerShellDouble.contains(next) { index += 1 } else { place = .bare }
                }
            case ("sql", .bare):
                if character == "'" {
                    place = .single
                } else if character == "[" {
                    place = .bracket
                } else if character == "-" && next == "-" {
                    place = .comment
                }
            case ("sql", .single):
                if character == "'" {
                    if next == "'" { index += 1 } else { place = .bare }
                }
            case ("sql", .bracket):
                if character == "]" {
                    if next == "]" { index += 1 } else { place = .bare }
                }
            case (_, .comment):
                if character == "\n" { place = .bare }
            default:
                break
            }
            index += 1
        }
    }

    /// `value` as it must be written where the template has reached.
    func escaped(_ value: String) -> String {
        switch (language, place) {
        case ("powershell", .single):
            return String(value.flatMap { Self.powerShellSingle.contains($0) ? [$0, $0] : [$0] })
        case ("powershell", .double):
            return String(
                value.flatMap { character -> [Character] in
                    if Self.powerShellDouble.contains(character) { return [character, character] }
                    if character == "`" || character == "$" { return ["`", character] }
                    return [character]
                })
        case ("sql", .single):
            return value.replacingOccurrences(of: "'", with: "''")
        case ("sql", .bracket):
            return value.replacingOccurrences(of: "]", with: "]]")
        case (_, .comment):
            // A line break would end the comment: the rest of the value would be code.
            return String(value.map { $0.isNewline ? " " : $0 })
        default:
            return value
        }
    }
}
