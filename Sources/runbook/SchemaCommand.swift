import ArgumentParser
import RunbookKit

struct SchemaCommand: ParsableCommand {
    /// What `schema` prints.
    enum SchemaFormat: String, ExpressibleByArgument, CaseIterable {
        case json
        case markdown
    }

    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the site description's JSON Schema (draft-07), or its reference as Markdown."
    )

    @Option(help: "json (the JSON Schema, for editors and validators) or markdown (the reference).")
    var format: SchemaFormat = .json

    func run() {
        switch format {
        case .json: print(JSONSchemaWriter.schema().serialized(), terminator: "")
        case .markdown: print(FormatReference.markdown(), terminator: "")
        }
    }
}
