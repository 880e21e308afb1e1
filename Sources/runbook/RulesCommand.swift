import ArgumentParser
import RunbookKit

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every diagnostic id with its severity and what it checks."
    )

    func run() {
        let width = DiagnosticID.allCases.map(\.rawValue.count).max() ?? 0
        for id in DiagnosticID.allCases {
            let padded = id.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(padded) \(id.defaultSeverity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(id.summary)")
        }
    }
}
