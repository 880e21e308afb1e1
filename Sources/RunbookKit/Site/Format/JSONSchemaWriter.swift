/// Turns `SiteFormat` into a draft-07 JSON Schema, for editors and independent validators.
///
/// The schema checks shape (keys, types, choices); the rules that relate values to each
/// other (addresses in subnets, names unique) are `runbook validate`'s.
public enum JSONSchemaWriter {
    static let schemaID = "https://runbook.invalid/schema/site-description.schema.json"

    /// The JSON Schema of the site description, as `schema/site-description.schema.json` holds it.
    public static func schema() -> JSONValue {
        let root = SiteFormat.root
        var definitions: [(String, JSONValue)] = []
        var seen: Set<String> = []
        let body = object(root, definitions: &definitions, seen: &seen, inline: true)
        guard case .object(var pairs) = body else { return body }
        pairs.insert(("$schema", .string("http://json-schema.org/draft-07/schema#")), at: 0)
        pairs.insert(("$id", .string(schemaID)), at: 1)
        pairs.insert(("title", .string("runbook site description")), at: 2)
        pairs.append(("definitions", .object(definitions)))
        return .object(pairs)
    }

    private static func object(
        _ shape: ObjectShape, tag: String? = nil, definitions: inout [(String, JSONValue)],
        seen: inout Set<String>, inline: Bool = false
    ) -> JSONValue {
        if !inline {
            if !seen.contains(shape.name) {
                seen.insert(shape.name)
                let body = object(shape, tag: tag, definitions: &definitions, seen: &seen, inline: true)
                definitions.append((shape.name, body))
            }
            return .object([("$ref", .string("#/definitions/\(shape.name)"))])
        }
        var properties: [(String, JSONValue)] = []
        var required: [JSONValue] = []
        if let tag {
            properties.append((TaggedShape.tagKey, .object([("const", .string(tag))])))
            required.append(.string(TaggedShape.tagKey))
        }
        for property in shape.properties {
            var schema = value(property.shape, definitions: &definitions, seen: &seen)
            if case .object(var pairs) = schema, pairs.first?.0 != "$ref" {
                pairs.insert(("description", .string(describe(property))), at: 0)
                schema = .object(pairs)
            } else {
                schema = .object([("description", .string(describe(property))), ("allOf", .array([schema]))])
            }
            properties.append((property.key, schema))
            if property.isRequired { required.append(.string(property.key)) }
        }
        var pairs: [(String, JSONValue)] = [
            ("description", .string(shape.summary)),
            ("type", .string("object")),
            ("properties", .object(properties)),
        ]
        if !required.isEmpty { pairs.append(("required", .array(required))) }
        if shape.allowsExtensions {
            pairs.append(("patternProperties", .object([("^" + ObjectShape.extensionPrefix, .object([]))])))
        }
        pairs.append(("additionalProperties", .bool(false)))
        return .object(pairs)
    }

    private static func describe(_ property: Property) -> String {
        guard let value = property.defaultValue else { return property.summary }
        return property.summary + " Default: " + value + "."
    }

    private static func value(_ shape: Shape, definitions: inout [(String, JSONValue)], seen: inout Set<String>) -> JSONValue {
        switch shape {
        case .text(let format):
            var pairs: [(String, JSONValue)] = [("type", .string("string"))]
            switch format {
            case .ipv4: pairs.append(("format", .string("ipv4")))
            case .date: pairs.append(("pattern", .string("^[0-9]{4}-[0-9]{2}-[0-9]{2}$")))
            case .plain, .name, .account, .path: pairs.append(("minLength", .integer(1)))
            }
            pairs.append(("maxLength", .integer(SiteFormat.maximumTextLength)))
            return .object(pairs)
        case .textOrNumber:
            return .object([("type", .array([.string("string"), .string("number")]))])
        case .integer(let range):
            var pairs: [(String, JSONValue)] = [("type", .string("integer"))]
            if let range {
                pairs.append(("minimum", .integer(range.lowerBound)))
                pairs.append(("maximum", .integer(range.upperBound)))
            }
            return .object(pairs)
        case .boolean:
            return .object([("type", .string("boolean"))])
        case .choice(let words):
            return .object([("type", .string("string")), ("enum", .array(words.map { .string($0) }))])
        case .object(let object):
            return self.object(object, definitions: &definitions, seen: &seen)
        case .list(let item, let minimum, let maximum):
            var pairs: [(String, JSONValue)] = [
                ("type", .string("array")),
                ("items", value(item, definitions: &definitions, seen: &seen)),
            ]
            if minimum > 0 { pairs.append(("minItems", .integer(minimum))) }
            if let maximum { pairs.append(("maxItems", .integer(maximum))) }
            return .object(pairs)
        case .dictionary(let item, _):
            return .object([
                ("type", .string("object")),
                ("additionalProperties", value(item, definitions: &definitions, seen: &seen)),
            ])
        case .either(let scalar, let mapping):
            return .object([
                (
                    "oneOf",
                    .array([
                        value(scalar, definitions: &definitions, seen: &seen),
                        value(mapping, definitions: &definitions, seen: &seen),
                    ])
                )
            ])
        case .tagged(let tagged):
            let variants = tagged.variants.map { variant in
                object(variant.object, tag: variant.tag, definitions: &definitions, seen: &seen)
            }
            return .object([
                ("description", .string(tagged.summary)),
                ("type", .string("object")),
                ("required", .array([.string(TaggedShape.tagKey)])),
                (
                    "properties",
                    .object([
                        (TaggedShape.tagKey, .object([("enum", .array(tagged.variants.map { .string($0.tag) }))]))
                    ])
                ),
                ("oneOf", .array(variants)),
            ])
        }
    }
}
