using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace Hanan.Ops.Host.Open311;

/// <summary>The two formats of GeoReport v2, chosen by the extension of the resource (<c>services.xml</c>, <c>services.json</c>).</summary>
public enum Open311Format
{
    Xml,
    Json,
}

/// <summary>
/// One element of a GeoReport v2 answer: named fields in the spec's order. The same tree is written as XML (elements,
/// empty elements for nulls) and as JSON (objects, <c>null</c>), so that both formats always say the same thing.
/// </summary>
/// <param name="Fields">Values: string, int, double, bool, DateTimeOffset, null, <see cref="Open311List"/> or <see cref="Open311Values"/>.</param>
public sealed record Open311Element(string Name, IReadOnlyList<KeyValuePair<string, object?>> Fields);

/// <summary>A list of elements: in XML a wrapper with one child per item, in JSON an array of objects.</summary>
public sealed record Open311List(string Name, string ItemName, IReadOnlyList<Open311Element> Items);

/// <summary>A list of plain values: in XML a wrapper with one child per value (<c>&lt;formats&gt;&lt;format&gt;</c>), in JSON an array.</summary>
public sealed record Open311Values(string ItemName, IReadOnlyList<string> Items);

/// <summary>Writes GeoReport v2 answers: the root is a list (most resources) or one element (discovery, a service definition).</summary>
public static class Open311Document
{
    public const string XmlContentType = "text/xml; charset=utf-8";
    public const string JsonContentType = "application/json; charset=utf-8";

    public static bool TryParseFormat(string? text, out Open311Format format)
    {
        switch (text)
        {
            case "xml":
                format = Open311Format.Xml;
                return true;
            case "json":
                format = Open311Format.Json;
                return true;
            default:
                format = Open311Format.Xml;
                return false;
        }
    }

    public static string ContentType(Open311Format format) => format == Open311Format.Xml ? XmlContentType : JsonContentType;

    public static byte[] Write(object root, Open311Format format) => format == Open311Format.Xml ? WriteXml(root) : WriteJson(root);

    /// <summary>The spec's error answer: <c>&lt;errors&gt;&lt;error&gt;&lt;code/&gt;&lt;description/&gt;</c>, in JSON an array of { code, description }.</summary>
    public static Open311List Errors(IEnumerable<(int Code, string Description)> errors) =>
        new("errors", "error", [.. errors.Select(e => new Open311Element("error", [new("code", e.Code), new("description", e.Description)]))]);

    private static byte[] WriteXml(object root)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            xml.WriteStartDocument();
            switch (root)
            {
                case Open311List list:
                    WriteXmlList(xml, list);
                    break;
                case Open311Element element:
                    WriteXmlElement(xml, element);
                    break;
                default:
                    throw new ArgumentException($"Not an Open311 root: {root.GetType().Name}.", nameof(root));
            }

            xml.WriteEndDocument();
        }

        return buffer.ToArray();
    }

    private static void WriteXmlList(XmlWriter xml, Open311List list)
    {
        xml.WriteStartElement(list.Name);
        foreach (var item in list.Items)
        {
            WriteXmlElement(xml, item with { Name = list.ItemName });
        }

        xml.WriteEndElement();
    }

    private static void WriteXmlElement(XmlWriter xml, Open311Element element)
    {
        xml.WriteStartElement(element.Name);
        foreach (var (name, value) in element.Fields)
        {
            switch (value)
            {
                case Open311List list:
                    WriteXmlList(xml, list with { Name = name });
                    break;
                case Open311Values values:
                    xml.WriteStartElement(name);
                    foreach (var v in values.Items)
                    {
                        xml.WriteElementString(values.ItemName, v);
                    }

                    xml.WriteEndElement();
                    break;
                default:
                    xml.WriteStartElement(name);
                    if (Scalar(value) is { } text)
                    {
                        xml.WriteString(text);
                    }

                    xml.WriteEndElement();
                    break;
            }
        }

        xml.WriteEndElement();
    }

    private static byte[] WriteJson(object root)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            switch (root)
            {
                case Open311List list:
                    WriteJsonArray(json, list);
                    break;
                case Open311Element element:
                    WriteJsonObject(json, element);
                    break;
                default:
                    throw new ArgumentException($"Not an Open311 root: {root.GetType().Name}.", nameof(root));
            }
        }

        return buffer.ToArray();
    }

    private static void WriteJsonArray(Utf8JsonWriter json, Open311List list)
    {
        json.WriteStartArray();
        foreach (var item in list.Items)
        {
            WriteJsonObject(json, item);
        }

        json.WriteEndArray();
    }

    private static void WriteJsonObject(Utf8JsonWriter json, Open311Element element)
    {
        json.WriteStartObject();
        foreach (var (name, value) in element.Fields)
        {
            json.WritePropertyName(name);
            switch (value)
            {
                case null:
                    json.WriteNullValue();
                    break;
                case Open311List list:
                    WriteJsonArray(json, list);
                    break;
                case Open311Values values:
                    json.WriteStartArray();
                    foreach (var v in values.Items)
                    {
                        json.WriteStringValue(v);
                    }

                    json.WriteEndArray();
                    break;
                case bool b:
                    json.WriteBooleanValue(b);
                    break;
                case int i:
                    json.WriteNumberValue(i);
                    break;
                case double d:
                    json.WriteNumberValue(d);
                    break;
                default:
                    json.WriteStringValue(Scalar(value));
                    break;
            }
        }

        json.WriteEndObject();
    }

    /// <summary>Dates in the W3C profile of ISO 8601 with the district's offset (+08:00), as the spec asks.</summary>
    private static string? Scalar(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset t => W3cDate(t),
        _ => throw new ArgumentException($"Not an Open311 value: {value.GetType().Name}.", nameof(value)),
    };

    public static string W3cDate(DateTimeOffset t) =>
        t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
