import ArgumentParser
import Foundation
import RunbookKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter site description, and its JSON Schema beside it.",
        discussion: """
            The starter holds placeholders written <LIKE-THIS>; `runbook validate` reports each \
            one until it is filled in. Its first line points editors at \(schemaName), which is \
            written into the same folder unless a file of that name is there already. An \
            existing site description is never overwritten unless --force is given. The \
            folder must exist.
            """
    )

    /// The schema's file name, as the starter's first line names it.
    static let schemaName = "site-description.schema.json"

    @Argument(help: "The file to create; standard output when left out or -.", completion: .file(extensions: ["yaml"]))
    var file: String?

    @Flag(help: "Replace the file, and the schema beside it, if they exist.")
    var force = false

    func validate() throws {
        if file?.isEmpty == true || file?.hasSuffix("/") == true {
            throw ValidationError("give the name of the file to create, such as site.yaml")
        }
        if let file, URL(fileURLWithPath: file).lastPathComponent == Self.schemaName {
            throw ValidationError(
                "\(Self.schemaName) is the name of the schema init writes beside the starter; name the site description otherwise, such as site.yaml")
        }
    }

    func run() throws {
        let reporter = Reporter()
        let starter = SiteStarter.text
        guard let file, file != "-" else {
            print(starter, terminator: "")
            reporter.note(
                "the starter's first line points editors at \(Self.schemaName); write it beside the file with: runbook schema > \(Self.schemaName)")
            return
        }
        func refuse(_ message: String) throws {
            try reporter.check([Diagnostic(.outputUnwritable, message, at: nil)])
        }
        let url = URL(fileURLWithPath: file)
        let folder = url.deletingLastPathComponent()
        let target = FileSystem.kind(at: url.path)
        if FileSystem.kind(at: folder.path) != .folder {
            let reason = FileSystem.missing(folder.path)
            try refuse(
                "cannot create \(file): the folder \(folder.path) "
                    + (reason == "it does not exist"
                        ? "does not exist; create it first or choose another path"
                        : "cannot hold it: \(reason); choose another path"))
        }
        if target == .folder {
            throw UsageError("\(file) is a folder; give the name of a file in it, such as \(url.appendingPathComponent("site.yaml").relativePath)")
        }
        if target != nil && !force {
            try refuse("\(file) already exists; choose another name or pass --force to replace it")
        }
        var files = [(name: url.lastPathComponent, contents: starter)]
        let schema = JSONSchemaWriter.schema().serialized()
        let schemaPath = folder.appendingPathComponent(Self.schemaName).path
        var schemaNote: String?
        switch FileSystem.kind(at: schemaPath) {
        case nil:
            files.append((Self.schemaName, schema))
        case .file?:
            if force {
                files.append((Self.schemaName, schema))
            } else if (try? String(contentsOfFile: schemaPath, encoding: .utf8)) != schema {
                schemaNote = "\(schemaPath) is not this version's schema and was left as it is; refresh it with: runbook schema > \(schemaPath)"
            }
        case let kind?:
            schemaNote = "\(schemaPath) is \(kind), not the schema file, and was left as it is; editors will not find the schema the starter names"
        }
        let (written, problems) = OutputWriter.write(named: files, into: folder, replacing: force)
        try reporter.check(problems)
        for url in written { print(url.path) }
        if let schemaNote { reporter.note(schemaNote) }
        reporter.note("fill in every <PLACEHOLDER>, then run: runbook validate \(file)")
    }
}
