import Foundation

/// The plan as text a consultant reads (`runbook plan`) or JSON a machine reads.
public enum PlanReport {
    /// Every runbook's procedures and steps, with computer, role, duration and prerequisites.
    public static func text(_ plan: Plan) -> String {
        var lines: [String] = []
        for runbook in plan.runbooks {
            lines.append("\(runbook.title.plainText) [\(runbook.id)]")
            lines.append("")
            // Each procedure's number by its id (the first, should two share one).
            let numbers = Dictionary(runbook.procedures.enumerated().map { ($1.id, $0 + 1) }, uniquingKeysWith: { first, _ in first })
            for (p, procedure) in runbook.procedures.enumerated() {
                let number = p + 1
                lines.append("\(number). \(procedure.title.plainText)")
                lines.append("   id: \(procedure.id) | on: \(procedure.computer) | by: \(procedure.role.rawValue) | \(duration(procedure.duration))")
                if !procedure.prerequisites.isEmpty {
                    lines.append("   after: " + procedure.prerequisites.compactMap { numbers[$0].map(String.init) }.joined(separator: ", "))
                }
                for (s, step) in procedure.steps.enumerated() {
                    lines.append("   \(number).\(s + 1) \(step.instruction.plainText) (\(duration(step.duration)))")
                    for (k, substep) in step.substeps.enumerated() {
                        lines.append("        \(number).\(s + 1).\(k + 1) \(substep.instruction.plainText)")
                    }
                }
                lines.append("")
            }
            lines.append(
                "Total for \(runbook.id): \(runbook.procedures.count) procedures, "
                    + "\(runbook.procedures.map(\.steps.count).reduce(0, +)) steps, \(duration(runbook.duration))")
            lines.append("")
        }
        // Each runbook is a job of its own: an upgrade is never added to an install.
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The same as JSON, with what each procedure and step expects of the site and changes in it.
    public static func json(_ plan: Plan) -> JSONValue {
        .object([
            ("site", .string(plan.document.site)),
            (
                "runbooks",
                .array(
                    plan.runbooks.map { runbook in
                        .object([
                            ("id", .string(runbook.id)), ("title", .string(runbook.title.plainText)),
                            ("durationSeconds", .integer(runbook.duration)),
                            (
                                "procedures",
                                .array(
                                    runbook.procedures.enumerated().map { p, procedure in
                                        .object([
                                            ("number", .integer(p + 1)), ("id", .string(procedure.id)), ("template", .string(procedure.templateID)),
                                            ("title", .string(procedure.title.plainText)), ("computer", .string(procedure.computer.description)),
                                            ("role", .string(procedure.role.rawValue)), ("durationSeconds", .integer(procedure.duration)),
                                            ("requires", .array(procedure.requires.map { .string($0) })),
                                            ("provides", .array(procedure.provides.map { .string($0) })),
                                            ("prerequisites", .array(procedure.prerequisites.map { .string($0) })),
                                            ("expects", .array(procedure.expects.map { .string($0.statement.description) })),
                                            ("effects", .array(procedure.effects.map { .string($0.statement.description) })),
                                            (
                                                "steps",
                                                .array(
                                                    procedure.steps.enumerated().map { s, step in
                                                        .object([
                                                            ("number", .string("\(p + 1).\(s + 1)")), ("id", .string(step.id)),
                                                            ("text", .string(step.instruction.plainText)),
                                                            ("durationSeconds", .integer(step.duration)),
                                                            ("substeps", .array(step.substeps.map { .string($0.instruction.plainText) })),
                                                            ("expects", .array(step.expects.map { .string($0.statement.description) })),
                                                            ("effects", .array(step.effects.map { .string($0.statement.description) })),
                                                        ])
                                                    })
                                            ),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }

    /// `1 h 05 min`, `12 min`, `45 s`.
    static func duration(_ seconds: Int) -> String {
        if seconds < 60 { return "\(seconds) s" }
        let minutes = (seconds + 59) / 60
        if minutes < 60 { return "\(minutes) min" }
        let rest = minutes % 60
        return "\(minutes / 60) h" + (rest == 0 ? "" : String(format: " %02d min", rest))
    }
}
