import ArgumentParser
import Foundation
import RunbookKit

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a commented starter site description.",
        discussion: """
            The starter holds placeholders written <LIKE-THIS>; `runbook validate` reports each \
            one until it is filled in. An existing file is never overwritten unless --force is given.
            """
    )

    @Argument(help: "The file to create; standard output when left out.")
    var file: String?

    @Flag(help: "Replace the file if it exists.")
    var force = false

    func run() throws {
        let starter = SiteStarter.text
        guard let file else {
            print(starter, terminator: "")
            return
        }
        let url = URL(fileURLWithPath: file)
        if FileManager.default.fileExists(atPath: url.path) && !force {
            printError("runbook: \(file) already exists; choose another name or pass --force to replace it")
            throw ExitStatus.cannotCreateOutput
        }
        do {
            try Data(starter.utf8).write(to: url, options: .atomic)
        } catch {
            printError("runbook: cannot write \(file): \(error.localizedDescription)")
            throw ExitStatus.cannotCreateOutput
        }
        print("wrote \(file); fill in every <PLACEHOLDER>, then run: runbook validate \(file)")
    }
}
