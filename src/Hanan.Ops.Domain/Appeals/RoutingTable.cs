using System.Text.Json;
using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Domain.Appeals;

/// <summary>What a unit is in the dispatch picture.</summary>
public enum BureauKind
{
    /// <summary>A line bureau (委办局) that handles cases.</summary>
    Bureau,

    /// <summary>The supervision bureau (监察局): watches every case, approves extensions, issues 督办 notices.</summary>
    Supervision,

    /// <summary>The command centre (指挥中心): dispatches and re-routes.</summary>
    Command,
}

public sealed record Bureau(string Id, string Name, BureauKind Kind);

/// <summary>Time limits of a category (办理时限).</summary>
public sealed record CategoryLimits(TimeLimit Claim, TimeLimit Feedback, TimeLimit Resolve);

/// <summary>An appeal category of the catalogue, with its lead bureau (主办) and co-handlers (协办).</summary>
public sealed record AppealCategory(
    string Code,
    string Name,
    string LeadBureau,
    IReadOnlyList<string> CoHandlers,
    bool Emergency,
    CategoryLimits Limits)
{
    /// <summary>The questions asked when filing in this category (补充信息项), in order; empty for most.</summary>
    public IReadOnlyList<CategoryAttribute> Attributes { get; init; } = [];
}

/// <summary>When a cluster of appeals makes a case hot: at least Count of one category within RadiusMeters and WindowHours.</summary>
public sealed record HotClusterRule(int Count, double RadiusMeters, double WindowHours);

/// <summary>The routing table: category → lead bureau + co-handling bureaus, with time limits. Data, validated on load.</summary>
public sealed class RoutingTable
{
    private readonly Dictionary<string, AppealCategory> _categories;
    private readonly Dictionary<string, Bureau> _bureaus;

    private RoutingTable(IReadOnlyList<Bureau> bureaus, IReadOnlyList<AppealCategory> categories, HotClusterRule hot)
    {
        Bureaus = bureaus;
        Categories = categories;
        HotCluster = hot;
        _bureaus = bureaus.ToDictionary(b => b.Id, StringComparer.Ordinal);
        _categories = categories.ToDictionary(c => c.Code, StringComparer.Ordinal);
    }

    public IReadOnlyList<Bureau> Bureaus { get; }

    public IReadOnlyList<AppealCategory> Categories { get; }

    public HotClusterRule HotCluster { get; }

    public AppealCategory? FindCategory(string code) => _categories.GetValueOrDefault(code);

    public Bureau? FindBureau(string id) => _bureaus.GetValueOrDefault(id);

    /// <summary>Parses and validates the table. Every problem is reported with its JSON path; nothing partial is returned.</summary>
    /// <exception cref="RoutingTableException">The table is malformed or inconsistent.</exception>
    public static RoutingTable Parse(string json)
    {
        var errors = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new RoutingTableException([$"not valid JSON: {ex.Message}"]);
        }

        using (document)
        {
            var root = document.RootElement;
            var bureaus = ReadBureaus(root, errors);
            var categories = ReadCategories(root, bureaus.Where(b => b.Kind == BureauKind.Bureau).Select(b => b.Id).ToHashSet(StringComparer.Ordinal), errors);
            var hot = ReadHot(root, errors);

            if (!bureaus.Any(b => b.Kind == BureauKind.Supervision))
            {
                errors.Add("bureaus: the supervision bureau (kind \"supervision\") is missing; every case is reported to it.");
            }

            if (errors.Count > 0)
            {
                throw new RoutingTableException(errors);
            }

            return new RoutingTable(bureaus, categories, hot!);
        }
    }

    private static List<Bureau> ReadBureaus(JsonElement root, List<string> errors)
    {
        var result = new List<Bureau>();
        if (!root.TryGetProperty("bureaus", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            errors.Add("bureaus: a non-empty array is required.");
            return result;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"bureaus[{i++}]";
            var id = RequiredString(item, "id", path, errors);
            var name = RequiredString(item, "name", path, errors);
            var kindText = RequiredString(item, "kind", path, errors);
            BureauKind kind = default;
            if (kindText is not null && !Enum.TryParse(kindText, ignoreCase: true, out kind))
            {
                errors.Add($"{path}.kind: '{kindText}' is not one of bureau, supervision, command.");
                continue;
            }

            if (id is null || name is null || kindText is null)
            {
                continue;
            }

            if (!seen.Add(id))
            {
                errors.Add($"{path}.id: '{id}' appears more than once.");
                continue;
            }

            result.Add(new Bureau(id, name, kind));
        }

        return result;
    }

    private static List<AppealCategory> ReadCategories(JsonElement root, HashSet<string> handlingBureaus, List<string> errors)
    {
        var result = new List<AppealCategory>();
        if (!root.TryGetProperty("categories", out var array) || array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0)
        {
            errors.Add("categories: a non-empty array is required.");
            return result;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"categories[{i++}]";
            var code = RequiredString(item, "code", path, errors);
            var name = RequiredString(item, "name", path, errors);
            var lead = RequiredString(item, "lead", path, errors);
            var before = errors.Count;

            if (lead is not null && !handlingBureaus.Contains(lead))
            {
                errors.Add($"{path}.lead: '{lead}' is not a bureau of kind \"bureau\" in the table.");
            }

            var coHandlers = new List<string>();
            if (item.TryGetProperty("coHandlers", out var co))
            {
                if (co.ValueKind != JsonValueKind.Array)
                {
                    errors.Add($"{path}.coHandlers: must be an array of bureau ids.");
                }
                else
                {
                    foreach (var c in co.EnumerateArray())
                    {
                        var id = c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                        if (id is null || !handlingBureaus.Contains(id))
                        {
                            errors.Add($"{path}.coHandlers: '{c}' is not a bureau of kind \"bureau\" in the table.");
                        }
                        else if (id == lead || coHandlers.Contains(id))
                        {
                            errors.Add($"{path}.coHandlers: '{id}' is listed twice or is also the lead.");
                        }
                        else
                        {
                            coHandlers.Add(id);
                        }
                    }
                }
            }

            var emergency = item.TryGetProperty("emergency", out var e) && e.ValueKind == JsonValueKind.True;
            var attributes = CategoryAttributes.Read(item, path, errors);
            CategoryLimits? limits = null;
            if (!item.TryGetProperty("limits", out var l) || l.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path}.limits: an object with claim, feedback and resolve is required.");
            }
            else
            {
                var claim = ReadLimit(l, "claim", path, errors);
                var feedback = ReadLimit(l, "feedback", path, errors);
                var resolve = ReadLimit(l, "resolve", path, errors);
                if (claim is not null && feedback is not null && resolve is not null)
                {
                    limits = new CategoryLimits(claim, feedback, resolve);
                }
            }

            if (code is not null && !seen.Add(code))
            {
                errors.Add($"{path}.code: '{code}' appears more than once.");
            }

            if (errors.Count == before && code is not null && name is not null && lead is not null && limits is not null)
            {
                result.Add(new AppealCategory(code, name, lead, coHandlers, emergency, limits) { Attributes = attributes });
            }
        }

        return result;
    }

    private static TimeLimit? ReadLimit(JsonElement limits, string name, string path, List<string> errors)
    {
        var text = RequiredString(limits, name, path + ".limits", errors);
        if (text is null)
        {
            return null;
        }

        if (!TimeLimit.TryParse(text, out var limit, out var error))
        {
            errors.Add($"{path}.limits.{name}: {error}");
            return null;
        }

        return limit;
    }

    private static HotClusterRule? ReadHot(JsonElement root, List<string> errors)
    {
        if (!root.TryGetProperty("hot", out var hot) || hot.ValueKind != JsonValueKind.Object)
        {
            errors.Add("hot: an object with clusterCount, clusterRadiusMeters and clusterWindowHours is required.");
            return null;
        }

        var count = PositiveNumber(hot, "clusterCount", errors);
        var radius = PositiveNumber(hot, "clusterRadiusMeters", errors);
        var window = PositiveNumber(hot, "clusterWindowHours", errors);
        return count is null || radius is null || window is null ? null : new HotClusterRule((int)count.Value, radius.Value, window.Value);
    }

    private static double? PositiveNumber(JsonElement obj, string name, List<string> errors)
    {
        if (obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.GetDouble() > 0)
        {
            return v.GetDouble();
        }

        errors.Add($"hot.{name}: a positive number is required.");
        return null;
    }

    private static string? RequiredString(JsonElement obj, string name, string path, List<string> errors)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            && !string.IsNullOrWhiteSpace(v.GetString()))
        {
            return v.GetString();
        }

        errors.Add($"{path}.{name}: a non-empty string is required.");
        return null;
    }
}

/// <summary>The routing table could not be loaded; <see cref="Errors"/> lists every problem with its JSON path.</summary>
public sealed class RoutingTableException(IReadOnlyList<string> errors)
    : Exception("The appeals routing table is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
