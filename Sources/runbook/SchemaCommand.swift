import ArgumentParser
import RunbookKit

struct Schema: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json
        case markdown
    }

    static let configuration = CommandConfiguration(
        abstract: "Print the site description's JSON Schema (draft-07), or its reference as Markdown."
    )

    @Option(help: "json (the JSON Schema, for editors and validators) or markdown (the reference).")
    var format: Format = .json

    func run() {
        switch format {
        case .json: print(JSONSchemaWriter.schema().serialized(), terminator: "")
        case .markdown: print(FormatReference.markdown(), terminator: "")
        }
    }
}

struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List every diagnostic id with its severity and what it checks."
    )

    func run() {
        let width = DiagnosticID.all.map(\.rawValue.count).max() ?? 0
        for id in DiagnosticID.all {
            let padded = id.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(padded) \(id.defaultSeverity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(id.summary)")
        }
    }
}
