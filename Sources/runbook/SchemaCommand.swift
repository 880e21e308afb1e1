import ArgumentParser
import RunbookKit

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the site description's JSON Schema (draft-07), for editors and validators."
    )

    func run() {
        print(JSONSchemaWriter.schema().serialized(), terminator: "")
    }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every diagnostic id with its severity and what it checks."
    )

    func run() {
        for id in DiagnosticID.all {
            let padded = id.rawValue.padding(toLength: 36, withPad: " ", startingAt: 0)
            print("\(padded) \(id.defaultSeverity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(id.summary)")
        }
    }
}
