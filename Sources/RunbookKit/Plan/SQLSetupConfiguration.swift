/// A configuration file for SQL Server setup (`setup.exe /ConfigurationFile=FILE`): the
/// site's choices for one setup action, so that the wizard opens with them filled in.
///
/// It never holds a password, the product key or the acceptance of the licence terms (setup
/// leaves them out of the files it writes itself; Microsoft, "Install SQL Server using a
/// configuration file"): the runbook runs setup with its wizard, not with `/Q`, and the
/// operator types them there. `SQLSetupFileRenderer` writes it as text; the plan carries it
/// with the runbook that uses it (``PlannedRunbook/setupFiles``).
struct SQLSetupConfiguration: Sendable, Hashable {
    /// The setup actions the runbook runs with a file (setup's `ACTION`).
    enum Action: String, Sendable, Hashable, CaseIterable {
        /// Installs the instance on the first node (Microsoft's integrated failover cluster install).
        case installFailoverCluster = "InstallFailoverCluster"
        /// Installs the instance on one more node of the cluster.
        case addNode = "AddNode"
    }

    /// One setting of the `[OPTIONS]` section.
    struct Option: Sendable, Hashable {
        /// Setup's parameter name, such as `INSTANCENAME`.
        var name: String
        var value: Value
        /// Why the value is what it is, for a reader of the file; nil where the name says it.
        var note: String?

        init(_ name: String, _ value: Value, note: String? = nil) {
            self.name = name
            self.value = value
            self.note = note
        }
    }

    /// A value as setup's configuration files write it (Microsoft, "Install SQL Server from the
    /// command prompt", proper use of setup parameters).
    enum Value: Sendable, Hashable {
        /// One value in double quotes: `NAME="value"`.
        case text(String)
        /// A folder in double quotes, or without them where it ends in a backslash (`F:\`), so
        /// that no reader takes `\"` for an escaped quote.
        case path(String)
        /// Several values, each in double quotes, separated by spaces: `NAME="A" "B"`.
        case list([String])
        /// Feature names separated by commas, without quotes: `FEATURES=SQLENGINE`, the one
        /// multiple-value parameter written this way.
        case features([String])
    }

    /// A part of the comment at the top of the file.
    enum Remark: Sendable, Hashable {
        /// A paragraph of prose, wrapped to the width of the file.
        case text(String)
        /// A command to type, on a line of its own.
        case command(String)
    }

    var action: Action
    /// A plain file name, from ``FileNaming``.
    var fileName: String
    /// The nodes setup runs on with this file, in the order the runbook visits them.
    var nodes: [String]
    /// What the file is, where and how to run it, and what it leaves to the wizard.
    var remarks: [Remark]
    var options: [Option]

    /// The folder on each node the runbook has the file copied to (its templates name it too).
    static let folder = #"C:\Setup"#

    /// The command that runs setup with this file and its wizard (never `/Q` or `/QS`).
    var command: String {
        #"setup.exe /ConfigurationFile=""# + Self.folder + #"\"# + fileName + #"""#
    }

    /// The option with this name, if the file sets it.
    func option(_ name: String) -> Option? {
        options.first { $0.name == name }
    }
}
