import Foundation

/// PowerShell's quoting, for values the planner puts into commands itself.
enum PowerShell {
    /// A single-quoted string literal: nothing inside is expanded; a quote is doubled.
    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
