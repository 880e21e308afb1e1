import Foundation
import Synchronization

/// The runbooks and their procedure templates, built in and from a user's folder.
///
/// The built-in ones come from `Templates/`; a user's folder is laid over them: a file at the
/// same relative path replaces the built-in one, and a new file adds a procedure.
public struct TemplateCatalog: Sendable {
    /// The runbooks: install, then upgrade, then any others by folder name.
    public var runbooks: [RunbookTemplate]
    /// The pages around rendered runbooks (`shells/`), built-in unless the user's folder has its own.
    public var shells: PageShells = .builtIn

    /// Loads the catalog and reports every problem in every template.
    ///
    /// The catalog is nil when any diagnostic is an error.
    public static func load(
        userFolder: URL? = nil, includeBuiltIn: Bool = true
    ) -> (catalog: TemplateCatalog?, diagnostics: [Diagnostic]) {
        read(userFolder: userFolder, includeBuiltIn: includeBuiltIn)
    }

    /// ``load(userFolder:includeBuiltIn:)``'s work: every template read from its YAML and checked.
    static func read(userFolder: URL? = nil, includeBuiltIn: Bool = true) -> (catalog: TemplateCatalog?, diagnostics: [Diagnostic]) {
        let limits = InputLimits.standard
        var files: [String: (data: Data, displayName: String)] = [:]
        var diagnostics: [Diagnostic] = []
        if includeBuiltIn {
            for path in EmbeddedResources.paths(under: "Templates") {
                guard let data = EmbeddedResources.data(at: path) else { continue }
                files[String(path.dropFirst("Templates/".count))] = (data, "(built-in) " + path)
            }
        }
        if let userFolder {
            let base = userFolder.standardizedFileURL
            let kind = FileSystem.kind(at: base.path)
            guard kind == .folder, let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey])
            else {
                let problem = kind.map { "it is \($0), not a folder" } ?? FileSystem.missing(base.path)
                return (
                    nil,
                    [
                        Diagnostic(
                            .unreadable,
                            "cannot read the template folder \(userFolder.path): \(problem); give the folder that holds your runbook folders (such as install/)",
                            at: nil)
                    ]
                )
            }
            var added = 0
            var loose: [String] = []
            for case let url as URL in walker {
                let relative = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
                guard url.pathExtension == "yaml" || Self.shellFiles.contains(relative) || relative.hasPrefix("scripts/") else { continue }
                // Only regular files: a named pipe would wait for a writer forever.
                guard FileSystem.kind(at: url.path) == .file else {
                    diagnostics.append(
                        Diagnostic(
                            .unreadable,
                            "cannot read the template: \(FileSystem.kind(at: url.path).map { "it is \($0)" } ?? FileSystem.missing(url.path)), not a file",
                            at: SourceLocation(file: url.path, line: 1, column: 1)))
                    continue
                }
                if url.pathExtension == "yaml" && !relative.contains("/") {
                    loose.append(url.path)
                    continue
                }
                added += 1
                switch InputFile.read(url.path, limit: limits.maximumBytes) {
                case .success(let data):
                    files[relative] = (data, url.path)
                case .failure(.unreadable(let reason)):
                    diagnostics.append(
                        Diagnostic(.unreadable, "cannot read the template: \(reason)", at: SourceLocation(file: url.path, line: 1, column: 1)))
                case .failure(.tooLarge(let bytes)):
                    diagnostics.append(TextInput.tooLarge(bytes: bytes, limits: limits, file: url.path))
                }
            }
            if let first = loose.sorted().first {
                diagnostics.append(
                    Diagnostic(
                        .templateNoRunbook,
                        "this template\(loose.count > 1 ? " and \(loose.count - 1) more" : "") of \(userFolder.path) \(loose.count > 1 ? "are" : "is") not inside a runbook folder, so \(loose.count > 1 ? "they belong" : "it belongs") to no runbook; --templates takes the folder that holds the runbook folders (install/, upgrade/), not a runbook folder itself",
                        at: SourceLocation(file: first, line: 1, column: 1)))
            }
            if added == 0 && includeBuiltIn && !diagnostics.hasErrors {
                diagnostics.append(
                    Diagnostic(
                        .templateNoRunbook,
                        "the template folder \(userFolder.path) holds no template: no runbook folder (such as install/) with .yaml files in it, and no shells/; give the folder that holds them",
                        at: nil))
            }
        }
        let folders = Set(files.keys.filter { $0.hasSuffix("/runbook.yaml") }.map { String($0.dropLast("/runbook.yaml".count)) })
            .sorted()
        // Every file is read on its own (an include only looks its target up), so the files are
        // read side by side and put back in folder, then path order.
        let jobs = folders.flatMap { folder in
            files.keys.filter { $0.hasPrefix(folder + "/") }.sorted().map { (folder: folder, path: $0) }
        }
        let read = Mutex([TemplateFile?](repeating: nil, count: jobs.count))
        let contents = files
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let file = Self.read(jobs[index].path, in: jobs[index].folder, files: contents, limits: limits)
            read.withLock { $0[index] = file }
        }
        var runbooks: [RunbookTemplate] = []
        var results = read.withLock { $0 }.makeIterator()
        for folder in folders {
            var head: RunbookTemplate?
            var procedures: [ProcedureTemplate] = []
            for job in jobs where job.folder == folder {
                guard let result = results.next(), let result else { continue }
                diagnostics += result.diagnostics
                switch result.content {
                case .head(let value): head = value
                case .procedure(let procedure): procedures.append(procedure)
                case nil: break
                }
            }
            if var head {
                head.procedures = procedures
                runbooks.append(head)
            }
        }
        var shells = PageShells.builtIn
        func shell(_ name: String) -> PageShell? {
            guard let file = files["shells/" + name] else { return nil }
            guard let text = String(data: file.data, encoding: .utf8) else {
                diagnostics.append(
                    Diagnostic(.notUTF8, "the shell is not UTF-8 text", at: SourceLocation(file: file.displayName, line: 1, column: 1)))
                return nil
            }
            return PageShell(text: text, file: file.displayName)
        }
        shells.html = shell("page.html") ?? shells.html
        shells.css = shell("page.css") ?? shells.css
        shells.docbook = shell("docbook.xml") ?? shells.docbook
        diagnostics += shells.check()
        if runbooks.isEmpty && diagnostics.isEmpty {
            diagnostics.append(
                Diagnostic(
                    .templateNoRunbook, "no runbook found: a runbook is a folder with a runbook.yaml beside its procedures",
                    at: userFolder.map { SourceLocation(file: $0.path, line: 1, column: 1) }))
        }
        let ordered = Self.ordered(runbooks)
        runbooks = ordered.runbooks
        diagnostics += ordered.diagnostics
        diagnostics += duplicateIDs(in: runbooks)
        // A template included by several runbooks is read once for each: say each problem once.
        var said: Set<Diagnostic> = []
        diagnostics = diagnostics.filter { said.insert($0).inserted }
        diagnostics.sort()
        return (diagnostics.hasErrors ? nil : TemplateCatalog(runbooks: runbooks, shells: shells), diagnostics)
    }

    /// What one template file gave: a runbook's head, a procedure, or nothing, with its diagnostics.
    private struct TemplateFile: Sendable {
        enum Content: Sendable {
            /// The runbook's `runbook.yaml`: a runbook without its procedures.
            case head(RunbookTemplate)
            case procedure(ProcedureTemplate)
        }
        var content: Content?
        var diagnostics: [Diagnostic]
    }

    /// Reads one file of a runbook folder: its `runbook.yaml`, or a procedure (following an include).
    private static func read(
        _ path: String, in folder: String, files: [String: (data: Data, displayName: String)], limits: InputLimits
    ) -> TemplateFile? {
        guard let file = files[path] else { return nil }
        if path == folder + "/runbook.yaml" {
            var reader = TemplateReader(file: file.displayName, limits: limits)
            let head = reader.runbook(file.data, id: folder)
            return TemplateFile(content: head.map { .head($0) }, diagnostics: reader.diagnostics)
        }
        var includeReader = TemplateReader(file: file.displayName, limits: limits)
        var source = file
        if let include = includeReader.include(file.data) {
            // One level only: an included file is a procedure, never another include.
            var check = TemplateReader(file: "", limits: limits)
            guard let target = files[include.value], check.include(target.data) == nil else {
                let problem = Diagnostic(
                    .templateInclude,
                    files[include.value] == nil
                        ? "'\(include.value)' is not a template file; name one as a path from the templates folder, such as install/09-hand-services-to-cluster.yaml"
                        : "'\(include.value)' is itself an include; include the procedure it names instead",
                    at: include.location)
                return TemplateFile(content: nil, diagnostics: [problem])
            }
            source = target
        }
        if includeReader.diagnostics.hasErrors { return TemplateFile(content: nil, diagnostics: includeReader.diagnostics) }
        var procedureReader = TemplateReader(file: source.displayName, limits: limits)
        procedureReader.files = files
        let procedure = procedureReader.procedure(source.data, runbook: folder)
        return TemplateFile(content: procedure.map { .procedure($0) }, diagnostics: includeReader.diagnostics + procedureReader.diagnostics)
    }

    /// The shell files a template folder may replace.
    static let shellFiles: Set<String> = ["shells/page.html", "shells/page.css", "shells/docbook.xml"]

    /// The runbooks in the order they are planned, walked and written: each after the runbook
    /// it starts from, and otherwise by `order:` (those without one last), then by folder name.
    /// A `starts-from` that names no runbook, or runbooks that start from each other in a
    /// circle, are reported; the circle's runbooks then keep their place by order.
    static func ordered(_ runbooks: [RunbookTemplate]) -> (runbooks: [RunbookTemplate], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let ids = Set(runbooks.map(\.id))
        var pending = runbooks.sorted { ($0.order ?? Int.max, $0.id) < ($1.order ?? Int.max, $1.id) }
        for runbook in pending {
            guard let start = runbook.startsFrom, !ids.contains(start.value) else { continue }
            let others = pending.map(\.id).filter { $0 != runbook.id }
            diagnostics.append(
                Diagnostic(
                    .templateStartsFrom,
                    "starts-from names '\(start.value)', which is no runbook of the catalog; "
                        + (others.isEmpty ? "remove it" : "name one of " + others.joined(separator: ", ")),
                    at: start.location))
        }
        var done: [RunbookTemplate] = []
        while !pending.isEmpty {
            let placed = Set(done.map(\.id))
            let ready = pending.firstIndex { runbook in
                runbook.startsFrom.map { !ids.contains($0.value) || placed.contains($0.value) } ?? true
            }
            guard let ready else {
                // Every runbook left waits for another one left: a circle.
                let circle = pending.map(\.id)
                for runbook in pending {
                    guard let start = runbook.startsFrom else { continue }
                    diagnostics.append(
                        Diagnostic(
                            .templateStartsFrom,
                            "starts-from names '\(start.value)', and the runbooks \(circle.joined(separator: ", ")) start from each "
                                + "other in a circle; one of them must start from the site before the install (no starts-from)",
                            at: start.location))
                }
                return (done + pending, diagnostics)
            }
            done.append(pending.remove(at: ready))
        }
        return (done, diagnostics)
    }

    static func duplicateIDs(in runbooks: [RunbookTemplate]) -> [Diagnostic] {
        // A procedure that an earlier runbook has too (by an include) is one template, not two
        // with one id; the same template twice in one runbook is reported.
        var earlier: Set<SourceLocation> = []
        var procedures: [ProcedureTemplate] = []
        for runbook in runbooks {
            procedures += runbook.procedures.filter { !earlier.contains($0.location) }
            earlier.formUnion(runbook.procedures.map(\.location))
        }
        var diagnostics = duplicates(procedures.map { ($0.id, $0.location) }) {
            "the procedure id '\($0)' is used twice; give each procedure its own id"
        }
        for procedure in procedures {
            diagnostics += duplicates(procedure.steps.map { ($0.id, $0.location) }) {
                "the step id '\($0)' is used twice in procedure '\(procedure.id)'"
            }
        }
        return diagnostics
    }

    /// One diagnostic for every id after its first use, with a note at the first.
    private static func duplicates(_ ids: [(String, SourceLocation)], message: (String) -> String) -> [Diagnostic] {
        var first: [String: SourceLocation] = [:]
        var diagnostics: [Diagnostic] = []
        for (id, location) in ids {
            if let earlier = first[id] {
                diagnostics.append(Diagnostic(.templateDuplicateID, message(id), at: location, notes: [.init("first used here", at: earlier)]))
            } else {
                first[id] = location
            }
        }
        return diagnostics
    }
}
