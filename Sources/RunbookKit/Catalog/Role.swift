/// Who carries out a procedure: the people a runbook is handed to.
///
/// Templates name one with its raw value (`role: windows-administrator`); `runbook generate
/// --role` takes the same names, and its choices and messages come from these cases.
public enum Role: String, CaseIterable, Sendable, Hashable {
    case consultant
    case windowsAdministrator = "windows-administrator"
    case databaseAdministrator = "database-administrator"
    case vmsInstaller = "vms-installer"

    /// As a heading or a table says it: "Windows administrator".
    var name: String {
        switch self {
        case .consultant: return "Consultant"
        case .windowsAdministrator: return "Windows administrator"
        case .databaseAdministrator: return "Database administrator"
        case .vmsInstaller: return "VMS installer"
        }
    }

    /// The role in a sentence: "the Windows administrator", "the VMS installer".
    var phrase: String {
        switch self {
        case .consultant: return "the consultant"
        case .windowsAdministrator: return "the Windows administrator"
        case .databaseAdministrator: return "the database administrator"
        case .vmsInstaller: return "the VMS installer"
        }
    }

    /// A role as a person types it, in any case and with spaces around it; nil for no role.
    public init?(typed text: String) {
        self.init(rawValue: text.trimmingWhitespace().lowercased())
    }

    /// Every role's name, as a sentence lists them: "consultant, windows-administrator,
    /// database-administrator or vms-installer".
    public static var names: String { EnglishList.joined(allCases.map(\.rawValue), conjunction: "or") }

    /// What to tell someone who typed a role nobody has: the roles there are, and the nearest.
    public static func advice(for text: String) -> String {
        let suggestion = Spelling.suggestion(for: text.trimmingWhitespace().lowercased(), among: allCases.map(\.rawValue))
        return "use \(names)" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
    }
}
