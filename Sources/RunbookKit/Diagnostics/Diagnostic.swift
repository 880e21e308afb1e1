/// How serious a finding is.
///
/// Errors stop a runbook from being produced; warnings are advice.
public enum Severity: String, Sendable, Codable, Hashable, Comparable {
    /// Advice: the runbooks are still written.
    case warning
    /// A mistake: no runbook is written until it is fixed.
    case error

    /// A warning orders before an error.
    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        lhs == .warning && rhs == .error
    }
}

/// One finding about the user's input: the single diagnostic type of the whole library.
///
/// Messages name things in the user's words (the key path in their file) and say what to
/// do. They never quote a value from a key that looks like a secret.
public struct Diagnostic: Sendable, Hashable, Codable {
    /// A secondary location that explains the finding, such as the first use of a duplicate.
    public struct Note: Sendable, Hashable, Codable {
        /// What the other location shows.
        public var message: String
        /// Where it is; nil when the note is not about a place in a file.
        public var location: SourceLocation?

        /// A note, at a location when there is one.
        public init(_ message: String, at location: SourceLocation? = nil) {
            self.message = message
            self.location = location
        }
    }

    /// The id's default severity unless raised (`--warnings-as-errors`).
    public var severity: Severity
    /// The stable identifier of the rule that found it.
    public var id: DiagnosticID
    /// What is wrong and what to do, in the user's words.
    public var message: String
    /// Where in the user's file; nil for a finding about no one place (an unwritable folder).
    public var location: SourceLocation?
    /// Other places that explain the finding.
    public var notes: [Note]
    /// A replacement the user most likely meant (a key or value spelled right).
    public var suggestion: String?

    /// A finding of the rule `id`, with the rule's default severity unless `severity` says otherwise.
    public init(
        _ id: DiagnosticID, _ message: String, at location: SourceLocation?,
        severity: Severity? = nil, notes: [Note] = [], suggestion: String? = nil
    ) {
        self.id = id
        self.severity = severity ?? id.defaultSeverity
        self.message = message
        self.location = location
        self.notes = notes
        self.suggestion = suggestion
    }
}

extension Diagnostic: Comparable {
    /// Orders by file position, so that output reads top to bottom like the file.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        switch (lhs.location, rhs.location) {
        case let (l?, r?) where l != r: return l < r
        case (nil, _?): return true
        case (_?, nil): return false
        default: return (lhs.id.rawValue, lhs.message) < (rhs.id.rawValue, rhs.message)
        }
    }
}

/// What a caller asks of all the findings of a file or a run together.
extension Array where Element == Diagnostic {
    /// True when any finding is an error.
    public var hasErrors: Bool { contains { $0.severity == .error } }

    /// The same findings with every warning raised to an error (`--warnings-as-errors`).
    public func raisingWarningsToErrors() -> [Diagnostic] {
        map {
            var d = $0; d.severity = .error; return d
        }
    }
}

/// A diagnostic is thrown when reading cannot go on (an unreadable file).
extension Diagnostic: Error {}
