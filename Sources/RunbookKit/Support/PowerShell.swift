import Foundation

/// PowerShell's quoting, for values the planner puts into commands itself.
enum PowerShell {
    /// A single-quoted string literal: nothing inside is expanded; a quote is doubled, and so
    /// is each of the typographic single quotes that PowerShell also takes for one
    /// (about_Quoting_Rules; ``CodeQuoting`` escapes the values a template's code quotes).
    static func quoted(_ text: String) -> String {
        "'" + String(text.flatMap { CodeQuoting.powerShellSingle.contains($0) ? [$0, $0] : [$0] }) + "'"
    }
}
