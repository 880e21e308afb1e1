import Foundation
import RunbookTestSupport
import Testing

@testable import RunbookKit

@Suite("The published format")
struct FormatTests {
    @Test("The committed JSON Schema is the one `runbook schema` prints (regenerate with `make schema`)")
    func committedSchema() throws {
        let committed = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("schema/site-description.schema.json"), encoding: .utf8)
        #expect(committed == JSONSchemaWriter.schema().serialized())
    }

    @Test("The format reference in docs/site-description.md is the generated one (regenerate with `make schema`)")
    func documentedReference() throws {
        let page = try String(contentsOf: Fixtures.packageRoot.appendingPathComponent("docs/site-description.md"), encoding: .utf8)
        #expect(page.contains(FormatReference.markdown()))
    }

    @Test("Every key of the format appears in the schema, with additional keys refused")
    func schemaCoversEveryObject() throws {
        let schema = JSONSchemaWriter.schema().serialized()
        let data = Data(schema.utf8)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let definitions = try #require(json["definitions"] as? [String: [String: Any]])
        for (name, definition) in definitions {
            #expect(definition["additionalProperties"] as? Bool == false, "\(name) accepts unknown keys")
        }
        #expect(definitions.keys.contains("ClusterNode") && definitions.keys.contains("SQLFailoverInstance"))
    }
}

@Suite("The starter site description")
struct StarterTests {
    /// What a consultant would type for each placeholder.
    static let answers: [String: String] = [
        "<SITE-NAME>": "Starter site", "<CUSTOMER>": "Customer", "<YOUR-NAME>": "Consultant",
        "<DOMAIN-FQDN>": "corp.example.com", "<DOMAIN-NETBIOS>": "CORP", "<DOMAIN\\INSTALLER>": "CORP\\installer",
        "<PUBLIC-SUBNET/PREFIX>": "10.5.0.0/24", "<PUBLIC-GATEWAY>": "10.5.0.1", "<PRIMARY-DNS>": "10.5.0.5",
        "<SECONDARY-DNS>": "10.5.0.6", "<HEARTBEAT-SUBNET/PREFIX>": "192.168.9.0/29",
        "<NODE1-NAME>": "VMS-N1", "<NODE1-PUBLIC-ADDRESS>": "10.5.0.11", "<NODE1-HEARTBEAT-ADDRESS>": "192.168.9.1",
        "<NODE2-NAME>": "VMS-N2", "<NODE2-PUBLIC-ADDRESS>": "10.5.0.12", "<NODE2-HEARTBEAT-ADDRESS>": "192.168.9.2",
        "<CLUSTER-NAME>": "VMS-CL", "<CLUSTER-ADDRESS>": "10.5.0.20", "<SQL-NETWORK-NAME>": "VMS-SQL",
        "<SQL-INSTANCE>": "VMS", "<SQL-ADDRESS>": "10.5.0.30", "<DOMAIN\\SQL-SERVICE-ACCOUNT>": "CORP\\svc-sql",
        "<DOMAIN\\SQL-AGENT-ACCOUNT>": "CORP\\svc-sqlagent", "<DOMAIN\\SQL-ADMINS-GROUP>": "CORP\\SQL Admins",
        "<DOMAIN\\XPROTECT-SERVICE-ACCOUNT>": "CORP\\svc-xprotect", "<MANAGEMENT-ROLE-NAME>": "VMS-MGMT",
        "<MANAGEMENT-ROLE-ADDRESS>": "10.5.0.25", "<RECORDER1-NAME>": "VMS-REC01", "<RECORDER1-ADDRESS>": "10.5.0.101",
    ]

    @Test("Unfilled, it reports each placeholder and nothing else")
    func unfilled() {
        let result = SiteLoader().load(Data(SiteStarter.text.utf8), file: "site.yaml")
        #expect(result.diagnostics.allSatisfy { $0.id == .placeholder })
        #expect(result.diagnostics.count == Self.answers.count)
    }

    @Test("Filled in, it validates clean")
    func filled() {
        var text = SiteStarter.text
        for (placeholder, answer) in Self.answers {
            text = text.replacingOccurrences(of: placeholder, with: answer)
        }
        let result = SiteLoader().load(Data(text.utf8), file: "site.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map { "\($0.location!): \($0.message)" })")
    }
}
