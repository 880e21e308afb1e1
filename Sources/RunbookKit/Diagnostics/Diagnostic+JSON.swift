extension Diagnostic {
    /// The diagnostic as JSON for `--format json`; keys in a fixed order.
    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = []
        if let location {
            pairs += [("file", .string(location.file)), ("line", .integer(location.line)), ("column", .integer(location.column))]
        }
        pairs += [("severity", .string(severity.rawValue)), ("id", .string(id.rawValue)), ("message", .string(message))]
        if !notes.isEmpty {
            pairs.append(
                (
                    "notes",
                    .array(
                        notes.map { note in
                            var fields: [(String, JSONValue)] = []
                            if let location = note.location {
                                fields += [
                                    ("file", .string(location.file)), ("line", .integer(location.line)), ("column", .integer(location.column)),
                                ]
                            }
                            fields.append(("message", .string(note.message)))
                            return .object(fields)
                        })
                ))
        }
        if let suggestion { pairs.append(("suggestion", .string(suggestion))) }
        return .object(pairs)
    }
}
