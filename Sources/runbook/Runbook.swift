import ArgumentParser

@main
struct Runbook: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "Turns a site description into a checked, site-specific XProtect failover cluster runbook.",
        discussion: """
            Exit status: 0 success; 64 usage error; 65 invalid input (the diagnostics say what \
            and where); 66 an input file cannot be read; 69 the DocBook schema is not installed; \
            70 a generated DocBook file failed validation (a bug: please report it); 73 an \
            output cannot be written.
            """,
        version: "0.1.0",
        subcommands: [Validate.self, Generate.self, PlanCommand.self, GraphCommand.self, TemplatesCommand.self, Init.self, Schema.self, Rules.self]
    )
}

/// The sysexits(3) codes the README documents.
enum ExitStatus {
    static let invalidInput = ExitCode(65)
    static let cannotOpenInput = ExitCode(66)
    static let unavailable = ExitCode(69)
    static let internalError = ExitCode(70)
    static let cannotCreateOutput = ExitCode(73)
}
