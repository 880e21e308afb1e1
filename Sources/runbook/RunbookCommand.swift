import ArgumentParser
import Dispatch
import Foundation
import RunbookKit

@main
struct RunbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "Turns a site description into a checked, site-specific XProtect failover cluster runbook.",
        discussion: """
            Exit status: 0 success; 64 usage error; 65 invalid input (the diagnostics say what \
            and where); 66 an input file cannot be read; 69 the DocBook schema, Graphviz (which \
            lays out the pictures of every format but Markdown) or for PDF WeasyPrint is not \
            installed; 70 a generated DocBook file failed validation (a bug: please report it), \
            Graphviz failed, or WeasyPrint failed or took longer than RUNBOOK_PDF_TIMEOUT \
            seconds; 73 an output cannot be written; 129, 130, 143 stopped by SIGHUP, SIGINT or \
            SIGTERM (every external program stopped, the runbooks left whole).
            """,
        version: "0.1.0",
        subcommands: [
            ValidateCommand.self, GenerateCommand.self, PlanCommand.self, GraphCommand.self, TemplatesCommand.self, InitCommand.self,
            SchemaCommand.self, RulesCommand.self,
        ]
    )

    /// Runs the command; a usage mistake found while running is printed with the usage of
    /// the subcommand it was made in (the argument parser would print the root's).
    static func main() {
        Self.stopOnSignals()
        var command: (any ParsableCommand)?
        do {
            command = try parseAsRoot()
            try command?.run()
        } catch let error as UsageError {
            let usage = usageString(for: command.map { type(of: $0) } ?? Self.self)
            // The command's words, "runbook templates check", are the usage before its first argument.
            let name = usage.split(separator: " ").prefix { !"<[-".contains($0.first ?? "<") }.joined(separator: " ")
            Reporter.printError(
                "Error: \(Reporter.visible(error.message))\nUsage: \(usage)\n  See '\(name) --help' for more information.")
            Self.exit(withError: ExitStatus.usage)
        } catch {
            Self.exit(withError: error)
        }
    }

    /// The handlers of SIGINT, SIGTERM and SIGHUP, kept for the life of the process.
    nonisolated(unsafe) private static var signalSources: [any DispatchSourceSignal] = []

    /// On SIGINT, SIGTERM or SIGHUP: every external program stopped with its process group,
    /// the runbooks left whole (see Interruption), then exit 128 plus the signal's number
    /// (130, 143, 129), as a shell reports a command a signal stopped.
    private static func stopOnSignals() {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                Interruption.stop()
                Reporter.printError("runbook: stopped by \(name); every runbook is as it was before the run, or as the run wrote it")
                Foundation.exit(128 + number)
            }
            source.resume()
            signalSources.append(source)
        }
    }
}
