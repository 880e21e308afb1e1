/// The shape of a procedure template, checked by the same `StructureChecker` as site
/// descriptions so that template authors get the same diagnostics.
enum TemplateFormat {
    static let roles = Role.allCases.map(\.rawValue)
    static let languages = ["powershell", "cmd", "ini", "json", "sql", "text"]

    static let command = ObjectShape(
        "Command", "A command block.",
        [
            .required("language", .choice(languages), "The command's language."),
            .optional("code", .text(.plain), "The command; parameters allowed, markup not."),
            .optional(
                "file", .text(.plain),
                "Instead of code: a file of the templates folder that holds it, such as scripts/restore-test.sql, for a script several procedures share."
            ),
        ])

    static let row = ObjectShape(
        "TableRow", "A table row, or one row per item.",
        [
            .optional("foreach", .text(.plain), "name in list: one row per item."),
            .optional("when", .text(.plain), "A condition for the row."),
            .required("cells", .list(.text(.plain), minimum: 1), "The cells, with markup."),
        ])

    static let table = ObjectShape(
        "Table", "A table.",
        [
            .required("caption", .text(.plain), "The table's caption."),
            .required("columns", .list(.text(.plain), minimum: 1), "Column headings."),
            .required("rows", .list(.object(row), minimum: 1), "The rows."),
        ])

    static func content(_ properties: [Property]) -> [Property] {
        properties + [
            .optional("result", .text(.plain), "What the user sees when it is done."),
            .optional("note", .text(.plain), "A note."),
            .optional("important", .text(.plain), "Something not to miss."),
            .optional("warning", .text(.plain), "A warning."),
            .optional("command", .object(command), "A command block."),
            .optional("table", .object(table), "A table."),
        ]
    }

    static let substep = ObjectShape(
        "Substep", "A substep.",
        content([
            .required("id", .text(.name), "Stable id, unique within its step."),
            .optional("when", .text(.plain), "A condition."),
            .optional("foreach", .text(.plain), "name in list: one substep per item."),
            .required("do", .text(.plain), "The instruction, with markup."),
        ]))

    static let step = ObjectShape(
        "Step", "A numbered step.",
        content([
            .required("id", .text(.name), "Stable id, unique within its procedure."),
            .optional("when", .text(.plain), "A condition."),
            .optional("foreach", .text(.plain), "name in list: one step per item."),
            .required("do", .text(.plain), "The instruction, with markup."),
            .required("duration", .text(.plain), "Estimated time, such as 5m or 1h30m."),
            .optional(
                "duration-each", .text(.plain),
                "A list: the duration is for each of its items, as when one step is done on every computer of a table."),
            .optional("requires", .list(.text(.plain), minimum: 0), "Capabilities needed before this step."),
            .optional("provides", .list(.text(.plain), minimum: 0), "Capabilities this step establishes."),
            .optional("expects", .list(.text(.plain), minimum: 0), "Statements about the site that must hold before this step."),
            .optional("effects", .list(.text(.plain), minimum: 0), "Statements about the site that hold after this step."),
            .optional("substeps", .list(.object(substep), minimum: 1), "Substeps."),
        ]))

    static let procedure = ObjectShape(
        "Procedure", "One procedure of a runbook.",
        [
            .required("id", .text(.name), "Stable id, unique in the catalog."),
            .required("title", .text(.plain), "The procedure's title; parameters allowed."),
            .optional("when", .text(.plain), "A condition on the site; the procedure is left out when it is false."),
            .optional("foreach", .text(.plain), "name in list: one procedure per item (per node, per recording server)."),
            .required("computer", .text(.plain), "Where it runs: a parameter such as {node.host}, or 'any'."),
            .required("role", .choice(roles), "Who does it."),
            .optional("requires", .list(.text(.plain), minimum: 0), "Capabilities needed first: name, name@{computer}, or name@every node."),
            .optional("provides", .list(.text(.plain), minimum: 0), "Capabilities it establishes."),
            .optional("expects", .list(.text(.plain), minimum: 0), "Statements about the site that must hold before its first step."),
            .optional("effects", .list(.text(.plain), minimum: 0), "Statements about the site that hold after its last step."),
            .optional("introduction", .text(.plain), "What the procedure does and why."),
            .optional("note", .text(.plain), "A note before the steps."),
            .optional("important", .text(.plain), "Something not to miss, before the steps."),
            .optional("warning", .text(.plain), "A warning before the steps."),
            .optional("table", .object(table), "A table before the steps."),
            .required("steps", .list(.object(step), minimum: 1), "The steps, in order."),
        ])

    static let include = ObjectShape(
        "Include", "A procedure of another runbook, used here as well: the same steps, in this file's place.",
        [
            .required("include", .text(.plain), "The procedure's file, from the templates folder: install/09-hand-services-to-cluster.yaml.")
        ])

    static let failoverTest = ObjectShape(
        "FailoverTest", "One line of the failover test record on the acceptance page, or one line per item.",
        [
            .optional("foreach", .text(.plain), "name in list: one line per item (one move to each node)."),
            .optional("when", .text(.plain), "A condition for the line."),
            .required("test", .text(.plain), "What is done and what must follow; parameters allowed, read as plain text."),
            .optional("from", .text(.plain), "The node a role leaves, where the line names one: {first-node.host}."),
            .optional("to", .text(.plain), "The node a role moves to, where the line names one: {node.host}."),
        ])

    static let outage = ObjectShape(
        "Outage", "When the management server is out of service during a runbook.",
        [
            .required("from", .text(.plain), "The id of the procedure that takes it out of service (its first instance)."),
            .required("to", .text(.plain), "The id of the procedure whose end gives it back (its last instance)."),
            .required("text", .text(.plain), "What works and what does not in the meantime; parameters allowed."),
        ])

    static let runbook = ObjectShape(
        "Runbook", "A runbook's title page, in runbook.yaml of its folder.",
        [
            .required("title", .text(.plain), "The runbook's title; parameters allowed."),
            .required("introduction", .text(.plain), "What the runbook covers."),
            .optional("ends", .list(.text(.plain), minimum: 0), "Statements about the site that must hold when the runbook is done."),
            .optional(
                "acceptance", .boolean,
                "Whether the runbook ends with an acceptance page: a record of the failover test (one move to each node), open items, and lines for the site's document.sign-off roles to sign. With record, the page leaves the failover test to the procedures' records.",
                default: "false"),
            .optional(
                "outage", .object(outage),
                "The span during which the management server is out of service: the overview says from which procedure to which, and how long by the procedures' times."
            ),
            .optional(
                "order", .integer(1...1000),
                "Where the runbook comes among the runbooks (lower first): in the plan, the generated files and --runbook's choices. Runbooks without one come after those with one, by folder name."
            ),
            .optional(
                "starts-from", .text(.plain),
                "The runbook (its folder name) whose end state this runbook starts from, as an upgrade starts where the install ended; it comes after that runbook whatever the orders say. Without it, the runbook starts from the site before the install: bare servers, or the existing system where one moves in."
            ),
            .optional(
                "setup-files", .boolean,
                "Whether the SQL Server setup configuration files of a failover cluster instance are written beside this runbook; its procedures name them with {sql-server.install-file} and {sql-server.add-node-file}.",
                default: "false"),
            .optional(
                "failover-record", .list(.object(failoverTest), minimum: 1),
                "The failover test record the acceptance page carries: one line for each move of the roles, the switch-off and each check, filled in with the customer. Without it, the page leaves the failover test to the procedures' records."
            ),
            .optional(
                "record", .boolean,
                "Whether each procedure ends with a record of its checks: one line for every step with a result, the result expected, and room to write what was seen and whether it was as expected.",
                default: "false"),
        ])
}
