import Foundation

/// Setup's parameters per action: what each requires, what else it takes, and what setup
/// refuses with it.
///
/// Source: Microsoft, "Install SQL Server from the command prompt"
/// (learn.microsoft.com/sql/database-engine/install-windows/install-sql-server-from-the-command-prompt),
/// the tables "Failover cluster parameters" (InstallFailoverCluster) and "Add node
/// parameters" (AddNode). Setup refusing FEATURES and SQLSYSADMINACCOUNTS with AddNode is
/// Microsoft's table listing neither, and what public packaging scripts run into.
struct SetupParameters {
    var required: Set<String>
    /// Optional parameters the runbook may write.
    var optional: Set<String>
    var rejected: Set<String>

    /// Secrets and licence acceptance, never in a file, and the switches that would make setup
    /// run without its wizard. Any parameter named like a password is refused too.
    static let never: Set<String> = [
        "SAPWD", "PID", "IACCEPTSQLSERVERLICENSETERMS", "IACCEPTPYTHONLICENSETERMS", "IACCEPTROPENLICENSETERMS", "Q", "QS", "QUIET",
        "QUIETSIMPLE", "UIMODE", "SUPPRESSPRIVACYSTATEMENTNOTICE",
    ]

    /// Parameters that take several values, `"A" "B"` (FEATURES alone is written `A,B`).
    static let multipleValues: Set<String> = ["SQLSYSADMINACCOUNTS", "FAILOVERCLUSTERDISKS", "SQLTEMPDBDIR"]

    static let table: [String: SetupParameters] = [
        "InstallFailoverCluster": SetupParameters(
            required: [
                "ACTION", "FEATURES", "INSTANCENAME", "FAILOVERCLUSTERNETWORKNAME", "FAILOVERCLUSTERIPADDRESSES", "INSTALLSQLDATADIR",
                "SQLSVCACCOUNT", "AGTSVCACCOUNT", "SQLSYSADMINACCOUNTS",
            ],
            optional: [
                "FAILOVERCLUSTERGROUP", "FAILOVERCLUSTERDISKS", "INSTANCEID", "SECURITYMODE", "SQLUSERDBDIR", "SQLUSERDBLOGDIR",
                "SQLTEMPDBDIR", "SQLTEMPDBLOGDIR", "SQLBACKUPDIR",
            ],
            rejected: []),
        "AddNode": SetupParameters(
            required: ["ACTION", "INSTANCENAME", "FAILOVERCLUSTERIPADDRESSES", "CONFIRMIPDEPENDENCYCHANGE", "SQLSVCACCOUNT", "AGTSVCACCOUNT"],
            optional: [],
            rejected: ["FEATURES", "SQLSYSADMINACCOUNTS"]),
    ]

    /// What is wrong with a file for this action; empty when nothing is.
    func problems(with reading: SetupFileReading) -> [String] {
        var problems: [String] = []
        let names = Set(reading.settings.map(\.name))
        for name in required.subtracting(names).sorted() { problems.append("\(name) is required") }
        for setting in reading.settings {
            let name = setting.name
            if Self.never.contains(name) || name.hasSuffix("PASSWORD") || name.hasSuffix("PWD") {
                problems.append("\(name) must never be in the file")
            } else if rejected.contains(name) {
                problems.append("setup refuses \(name) for this action")
            } else if !required.contains(name) && !optional.contains(name) {
                problems.append("\(name) is not a parameter of this action")
            }
            if setting.values.isEmpty || setting.values.contains(where: \.isEmpty) { problems.append("\(name) has an empty value") }
            if setting.values.count > 1 && !Self.multipleValues.contains(name) && name != "FEATURES" {
                problems.append("\(name) takes one value, not \(setting.values.count)")
            }
            if !setting.quoted && name != "FEATURES" && !(name.hasSuffix("DIR") && setting.values.allSatisfy { $0.hasSuffix("\\") }) {
                problems.append("\(name) is not in double quotes")
            }
            if name == "ACTION" && setting.values != [reading.action ?? ""] { problems.append("ACTION is not one value") }
        }
        return problems
    }
}

/// A problem that stops a setup configuration file from being read.
struct SetupFileError: Error, CustomStringConvertible {
    var line: Int
    var problem: String
    var description: String { "line \(line): \(problem)" }
}

/// A SQL Server setup configuration file read strictly, the way setup reads it: CR LF line
/// endings; blank lines and `;` comments; one `[OPTIONS]` line before every setting; then
/// `NAME=value` lines, where the value is `"one"`, `"A" "B"` (no double quote inside, no
/// backslash just before a closing quote unless doubled) or, for FEATURES, `A,B`.
struct SetupFileReading {
    struct Setting {
        var name: String
        var values: [String]
        var quoted: Bool
    }

    var comments: [String] = []
    var settings: [Setting] = []

    var action: String? { settings.first { $0.name == "ACTION" }?.values.first }

    func values(_ name: String) -> [String]? { settings.first { $0.name == name }?.values }

    init(_ text: String) throws {
        guard text.unicodeScalars.reversed().starts(with: ["\n", "\r"]) else {
            throw SetupFileError(line: 0, problem: "the last line does not end in CR LF")
        }
        let lines = String(String.UnicodeScalarView(text.unicodeScalars.dropLast(2))).components(separatedBy: "\r\n")
        var inOptions = false
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if line.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
                throw SetupFileError(line: number, problem: "a line break other than CR LF")
            }
            if line.isEmpty { continue }
            if line.hasPrefix(";") {
                comments.append(line)
                continue
            }
            if line == "[OPTIONS]" {
                guard !inOptions else { throw SetupFileError(line: number, problem: "a second [OPTIONS]") }
                inOptions = true
                continue
            }
            guard inOptions else { throw SetupFileError(line: number, problem: "'\(line)' before [OPTIONS]") }
            guard let equals = line.firstIndex(of: "="), line[..<equals].allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }),
                equals != line.startIndex
            else { throw SetupFileError(line: number, problem: "'\(line)' is no NAME=value setting") }
            let name = String(line[..<equals])
            guard !settings.contains(where: { $0.name == name }) else { throw SetupFileError(line: number, problem: "\(name) twice") }
            settings.append(try Self.setting(name, String(line[line.index(after: equals)...]), line: number))
        }
    }

    static func setting(_ name: String, _ value: String, line: Int) throws -> Setting {
        guard value.hasPrefix("\"") else {
            // A path that ends in a backslash is written bare (setup takes /INSTANCEDIR=c:\Path).
            if name.hasSuffix("DIR") {
                guard value.hasSuffix("\\"), !value.contains(where: { $0.isWhitespace || $0 == "\"" }) else {
                    throw SetupFileError(line: line, problem: "\(name)=\(value): only a path ending in a backslash goes without quotes")
                }
                return Setting(name: name, values: [value], quoted: false)
            }
            let names = value.split(separator: ",", omittingEmptySubsequences: false)
            guard names.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") } }) else {
                throw SetupFileError(line: line, problem: "\(name)=\(value) is neither quoted nor a list of names")
            }
            return Setting(name: name, values: names.map(String.init), quoted: false)
        }
        var values: [String] = []
        var rest = Substring(value)
        while !rest.isEmpty {
            guard rest.hasPrefix("\""), let close = rest.dropFirst().firstIndex(of: "\"") else {
                throw SetupFileError(line: line, problem: "\(name): a value without its closing quote")
            }
            let inner = String(rest[rest.index(after: rest.startIndex)..<close])
            let trailing = inner.reversed().prefix { $0 == "\\" }.count
            if trailing % 2 == 1 { throw SetupFileError(line: line, problem: "\(name): a backslash just before a closing quote") }
            values.append(inner)
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(" \"") {
                rest = rest.dropFirst()
            } else if !rest.isEmpty {
                throw SetupFileError(line: line, problem: "\(name): '\(rest)' after a closing quote")
            }
        }
        return Setting(name: name, values: values, quoted: true)
    }
}
