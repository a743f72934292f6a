using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Json.Schema;

namespace Hanan.Ops.Host.Tests.Open311;

/// <summary>The GeoReport v2 schemas written from the specification (Schemas/): an XSD for XML, JSON Schemas for JSON.</summary>
internal static class Open311Schemas
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Open311");
    private static readonly Lazy<XmlSchemaSet> Xsd = new(() =>
    {
        var set = new XmlSchemaSet();
        set.Add(null, Path.Combine(Folder, "Schemas", "georeport-v2.xsd"));
        set.Compile();
        return set;
    });

    private static readonly Dictionary<string, JsonSchema> Json = [];

    public static string Example(string file) => File.ReadAllText(Path.Combine(Folder, "SpecExamples", file));

    /// <summary>Every problem of the XML document against the XSD; empty when it is valid.</summary>
    public static IReadOnlyList<string> XmlProblems(string xml)
    {
        var problems = new List<string>();
        var document = XDocument.Parse(xml);
        document.Validate(Xsd.Value, (_, e) => problems.Add($"{e.Severity}: {e.Message}"));
        return problems;
    }

    /// <summary>Every problem of the JSON document against the named schema (Schemas/{name}.schema.json); empty when it is valid.</summary>
    public static IReadOnlyList<string> JsonProblems(string json, string schema)
    {
        JsonSchema compiled;
        lock (Json)
        {
            if (!Json.TryGetValue(schema, out compiled!))
            {
                compiled = JsonSchema.FromText(File.ReadAllText(Path.Combine(Folder, "Schemas", schema + ".schema.json")));
                Json[schema] = compiled;
            }
        }

        using var document = JsonDocument.Parse(json);
        var result = compiled.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))];
    }
}
