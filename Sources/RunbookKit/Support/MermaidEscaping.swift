import Foundation

/// Text in a Mermaid flowchart: a label in double quotes, where `"`, `<`, `>`, `&`, `#` (which
/// starts an entity code) and `%` (which starts a directive or a comment) become Mermaid's
/// entity codes, and a line break becomes a space.
enum MermaidEscaping {
    static func label(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "#quot;"
            case "<": result += "#lt;"
            case ">": result += "#gt;"
            case "&": result += "#amp;"
            case "#": result += "#35;"
            // Mermaid reads %%{ ... }%% anywhere in the text as a directive (its configuration),
            // quotes or not, and %% as the start of a comment.
            case "%": result += "#37;"
            case "\n", "\r", "\t": result += " "
            default: result.unicodeScalars.append(Forbidden.contains(scalar) ? "\u{FFFD}" : scalar)
            }
        }
        return result
    }
}
