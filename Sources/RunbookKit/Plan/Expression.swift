/// The `when` and `foreach` expressions of templates.
///
/// `when`: clauses joined by `and`; a clause is `PATH` (true when the value is present and
/// not empty), `not PATH`, `PATH == WORD` or `PATH != WORD`.
/// `foreach`: `NAME in PATH`, where PATH is a list.
enum Expression {
    struct Problem: Error {
        var id: DiagnosticID
        var message: String
    }

    static func evaluate(condition text: String, in scope: ParameterScope) -> Result<Bool, Problem> {
        var result = true
        for clause in text.components(separatedBy: " and ") {
            let words = clause.split(separator: " ").map(String.init)
            let value: Bool
            switch words.count {
            case 1:
                guard case .found(let v) = lookup(words[0], scope) else { return .failure(missing(words[0], scope)) }
                value = v.isTruthy
            case 2 where words[0] == "not":
                guard case .found(let v) = lookup(words[1], scope) else { return .failure(missing(words[1], scope)) }
                value = !v.isTruthy
            case 3 where words[1] == "==" || words[1] == "!=":
                guard case .found(let v) = lookup(words[0], scope) else { return .failure(missing(words[0], scope)) }
                guard case .text(let text, _) = v else {
                    return .failure(Problem(id: .templateExpression, message: "'\(words[0])' is a list or group, not a value to compare"))
                }
                value = (text == words[2]) == (words[1] == "==")
            default:
                return .failure(
                    Problem(
                        id: .templateExpression,
                        message: "'\(clause)' is not a condition; write PATH, not PATH, PATH == WORD or PATH != WORD, joined by 'and'"))
            }
            result = result && value
        }
        return .success(result)
    }

    static func items(of text: String, in scope: ParameterScope) -> Result<(name: String, items: [ParameterValue]), Problem> {
        let words = text.split(separator: " ").map(String.init)
        guard words.count == 3, words[1] == "in", words[0].allSatisfy({ $0.isLetter || $0 == "-" }) else {
            return .failure(Problem(id: .templateExpression, message: "'\(text)' is not a loop; write NAME in LIST, such as node in nodes"))
        }
        guard case .found(let value) = lookup(words[2], scope) else { return .failure(missing(words[2], scope)) }
        guard case .list(let items) = value else {
            return .failure(Problem(id: .templateExpression, message: "'\(words[2])' is not a list, so it cannot be looped over"))
        }
        return .success((words[0], items))
    }

    static func lookup(_ path: String, _ scope: ParameterScope) -> ParameterScope.Lookup { scope.lookup(path) }

    static func missing(_ path: String, _ scope: ParameterScope) -> Problem {
        guard case .missing(let known) = scope.lookup(path) else { return Problem(id: .templateUnknownParameter, message: "") }
        let last = String(path.split(separator: ".").last ?? "")
        let suggestion = Spelling.suggestion(for: last, among: known)
        return Problem(
            id: .templateUnknownParameter,
            message: "'\(path)' is not a site value" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
                + (known.isEmpty ? "" : " (known here: \(known.joined(separator: ", ")))"))
    }
}
