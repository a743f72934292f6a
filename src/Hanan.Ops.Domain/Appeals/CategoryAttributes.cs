using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Hanan.Ops.Domain.Appeals;

/// <summary>The kind of answer a category's question takes (the Open311 GeoReport v2 datatypes).</summary>
public enum AttributeDatatype
{
    /// <summary>A short line of text (Open311 <c>string</c>).</summary>
    ShortText,
    Number,
    Datetime,
    Text,
    SingleValueList,
    MultiValueList,
}

/// <summary>One allowed answer of a list question: its key and its name (shown to the resident).</summary>
public sealed record AttributeValue(string Key, string Name);

/// <summary>
/// A question a category asks when it is filed (补充信息项): for heating, the room temperature; for noise, when it
/// happens. Data of the routing table, so that a form, the Open311 service definition and intake agree.
/// </summary>
public sealed record CategoryAttribute(
    string Code,
    string Description,
    AttributeDatatype Datatype,
    bool Required,
    int Order,
    string? DatatypeDescription,
    IReadOnlyList<AttributeValue> Values);

/// <summary>Reads a category's questions from the routing table and checks the answers to them.</summary>
public static class CategoryAttributes
{
    public const int MaxAnswerLength = 500;

    /// <summary>The Open311 spelling of a datatype.</summary>
    public static string Name(AttributeDatatype datatype) =>
        datatype == AttributeDatatype.ShortText ? "string" : datatype.ToString().ToLowerInvariant();

    /// <summary>Parses the <c>attributes</c> array of a category; each problem is added to <paramref name="errors"/> with its JSON path.</summary>
    public static IReadOnlyList<CategoryAttribute> Read(JsonElement category, string path, List<string> errors)
    {
        if (!category.TryGetProperty("attributes", out var array))
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{path}.attributes: must be an array.");
            return [];
        }

        var result = new List<CategoryAttribute>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var at = $"{path}.attributes[{i++}]";
            var before = errors.Count;
            var code = Text(item, "code", at, errors);
            var description = Text(item, "description", at, errors);
            var typeText = Text(item, "datatype", at, errors);
            var datatype = AttributeDatatype.ShortText;
            if (typeText is not null && !TryParseDatatype(typeText, out datatype))
            {
                errors.Add($"{at}.datatype: '{typeText}' is not one of string, number, datetime, text, singlevaluelist, multivaluelist.");
            }

            if (code is not null && (code.Length > 50 || !code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
            {
                errors.Add($"{at}.code: '{code}' must be 1 to 50 ASCII letters, digits, - or _.");
            }
            else if (code is not null && !codes.Add(code))
            {
                errors.Add($"{at}.code: '{code}' appears more than once in the category.");
            }

            var required = item.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
            var values = new List<AttributeValue>();
            var isList = datatype is AttributeDatatype.SingleValueList or AttributeDatatype.MultiValueList;
            if (item.TryGetProperty("values", out var v))
            {
                var j = 0;
                foreach (var value in v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : default)
                {
                    var vat = $"{at}.values[{j++}]";
                    var key = Text(value, "key", vat, errors);
                    var name = Text(value, "name", vat, errors);
                    if (key is not null && name is not null)
                    {
                        if (values.Any(x => x.Key == key))
                        {
                            errors.Add($"{vat}.key: '{key}' appears more than once.");
                        }

                        values.Add(new AttributeValue(key, name));
                    }
                }

                if (v.ValueKind != JsonValueKind.Array)
                {
                    errors.Add($"{at}.values: must be an array of {{ key, name }}.");
                }
            }

            if (isList && values.Count == 0 && errors.Count == before)
            {
                errors.Add($"{at}.values: a list question needs at least one value.");
            }
            else if (!isList && values.Count > 0)
            {
                errors.Add($"{at}.values: only singlevaluelist and multivaluelist questions have values.");
            }

            var hint = item.TryGetProperty("datatypeDescription", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (errors.Count == before)
            {
                result.Add(new CategoryAttribute(code!, description!, datatype, required, result.Count + 1, hint, values));
            }
        }

        return result;
    }

    /// <summary>
    /// Checks the answers to a category's questions. Returns the lines to add to the appeal's description
    /// (<c>问题：回答</c>, in the questions' order), or the problems by attribute code.
    /// </summary>
    public static (string? Lines, Dictionary<string, string> Errors) Answer(
        IReadOnlyList<CategoryAttribute> questions, IReadOnlyDictionary<string, IReadOnlyList<string>> answers)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var code in answers.Keys.Where(k => questions.All(q => q.Code != k)))
        {
            errors[code] = $"'{Cut(code)}' is not a question of this service.";
        }

        var lines = new StringBuilder();
        foreach (var q in questions.OrderBy(q => q.Order))
        {
            var given = answers.TryGetValue(q.Code, out var a) ? a.Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).ToList() : [];
            if (given.Count == 0)
            {
                if (q.Required)
                {
                    errors[q.Code] = $"The answer to '{q.Description}' is required.";
                }

                continue;
            }

            if (CheckAnswer(q, given) is { } problem)
            {
                errors[q.Code] = problem;
                continue;
            }

            var shown = q.Datatype is AttributeDatatype.SingleValueList or AttributeDatatype.MultiValueList
                ? string.Join("、", given.Select(k => q.Values.First(v => v.Key == k).Name))
                : given[0];
            lines.Append(q.Description).Append('：').Append(shown).Append('\n');
        }

        return errors.Count > 0 ? (null, errors) : (lines.Length == 0 ? null : lines.ToString().TrimEnd('\n'), errors);
    }

    private static string? CheckAnswer(CategoryAttribute q, List<string> given)
    {
        if (q.Datatype != AttributeDatatype.MultiValueList && given.Count > 1)
        {
            return "Only one answer is allowed.";
        }

        if (given.Any(x => x.Length > MaxAnswerLength || x.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t')))
        {
            return $"An answer has at most {MaxAnswerLength} characters and no control characters.";
        }

        return q.Datatype switch
        {
            AttributeDatatype.Number when !double.TryParse(given[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n)
                => $"'{Cut(given[0])}' is not a number.",
            AttributeDatatype.Datetime when !DateTimeOffset.TryParse(given[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                => $"'{Cut(given[0])}' is not a date and time (ISO 8601 with a time zone, e.g. 2026-12-07T20:30:00+08:00).",
            AttributeDatatype.SingleValueList or AttributeDatatype.MultiValueList when given.FirstOrDefault(k => q.Values.All(v => v.Key != k)) is { } bad
                => $"'{Cut(bad)}' is not one of the values: {string.Join(", ", q.Values.Select(v => v.Key))}.",
            AttributeDatatype.MultiValueList when given.Distinct(StringComparer.Ordinal).Count() != given.Count
                => "A value is given twice.",
            _ => null,
        };
    }

    private static bool TryParseDatatype(string text, out AttributeDatatype datatype)
    {
        foreach (var d in Enum.GetValues<AttributeDatatype>())
        {
            if (Name(d) == text)
            {
                datatype = d;
                return true;
            }
        }

        datatype = default;
        return false;
    }

    private static string? Text(JsonElement obj, string name, string path, List<string> errors)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(v.GetString()))
        {
            return v.GetString();
        }

        errors.Add($"{path}.{name}: a non-empty string is required.");
        return null;
    }

    private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
