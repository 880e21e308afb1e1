/// The code points that need care wherever text leaves the program, defined once.
///
/// The site checks refuse them, the escapers write them visibly, and the diagnostics never
/// print them raw.
public enum Forbidden {
    /// Whether no output format may carry the code point.
    ///
    /// These are the C0 and C1 controls other than tab, line feed and carriage return, DEL,
    /// and the noncharacters (U+FDD0...U+FDEF, U+FFFE and U+FFFF and their plane mates).
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return false
        default: return isControl(scalar) || isNoncharacter(scalar)
        }
    }

    /// C0 and C1 controls and DEL, tab and line breaks included.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x00...0x1F).contains(scalar.value) || (0x7F...0x9F).contains(scalar.value)
    }

    /// U+FDD0...U+FDEF, and U+FFFE and U+FFFF in every plane.
    public static func isNoncharacter(_ scalar: Unicode.Scalar) -> Bool {
        (0xFDD0...0xFDEF).contains(scalar.value) || scalar.value & 0xFFFE == 0xFFFE
    }

    /// U+2028 and U+2029, which end a line in JavaScript and in some editors.
    public static func isLineSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// The bidirectional marks, overrides and isolates.
    ///
    /// They can make text read differently from what it says.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to
    /// U+2069), which reorder the text after them: refused in every value. The marks (U+200E,
    /// U+200F) only nudge neighbouring characters and come along with pasted text.
    public static func isBidiOverride(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }
}
