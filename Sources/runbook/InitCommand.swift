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
            existing site description is never overwritten unless --force is given.
            """
    )

    /// The schema's file name, as the starter's first line names it.
    static let schemaName = "site-description.schema.json"

    @Argument(help: "The file to create; standard output when left out.", completion: .file(extensions: ["yaml"]))
    var file: String?

    @Flag(help: "Replace the file, and the schema beside it, if they exist.")
    var force = false

    func validate() throws {
        if file?.isEmpty == true || file?.hasSuffix("/") == true {
            throw ValidationError("give the name of the file to create, such as site.yaml")
        }
    }

    func run() throws {
        let reporter = Reporter()
        let starter = SiteStarter.text
        guard let file else {
            print(starter, terminator: "")
            reporter.note(
                "the starter's first line points editors at \(Self.schemaName); write it beside the file with: runbook schema > \(Self.schemaName)")
            return
        }
        let url = URL(fileURLWithPath: file)
        let folder = url.deletingLastPathComponent()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            try reporter.check([
                Diagnostic(
                    .outputUnwritable,
                    FileManager.default.fileExists(atPath: folder.path)
                        ? "cannot create \(file): \(folder.path) is not a folder; choose another path"
                        : "cannot create \(file): the folder \(folder.path) does not exist; create it first (mkdir -p '\(folder.path)') or choose another path",
                    at: nil)
            ])
            return
        }
        if Self.exists(url.path) && !force {
            try reporter.check([
                Diagnostic(.outputUnwritable, "\(file) already exists; choose another name or pass --force to replace it", at: nil)
            ])
        }
        var files = [(name: url.lastPathComponent, contents: starter)]
        let schema = JSONSchemaWriter.schema().serialized()
        let schemaURL = folder.appendingPathComponent(Self.schemaName)
        let existingSchema = try? String(contentsOf: schemaURL, encoding: .utf8)
        if url.lastPathComponent != Self.schemaName && (force || !Self.exists(schemaURL.path)) {
            files.append((Self.schemaName, schema))
        }
        let (written, problems) = OutputWriter.write(named: files, into: folder)
        try reporter.check(problems)
        for url in written { print(url.path) }
        if files.count == 1 && existingSchema != schema {
            reporter.note(
                "\(schemaURL.path) is not this version's schema and was left as it is; refresh it with: runbook schema > \(schemaURL.path)")
        }
        reporter.note("fill in every <PLACEHOLDER>, then run: runbook validate \(file)")
    }

    /// True when something, even a broken symbolic link, is at `path`.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }
}
