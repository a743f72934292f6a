using System.Globalization;
using System.Text.Json;
using Hanan.Ops.Domain.Geography.Consolidation;

namespace Hanan.Ops.Cli;

/// <summary>
/// Optional inputs of consolidate/validate: household points (GeoJSON Points with <c>people</c>) and the worker
/// assignment (a JSON object: unified grid code → worker ids). Faults throw <see cref="InvalidDataException"/>
/// naming the feature or key (exit code 1).
/// </summary>
internal static class InputFiles
{
    public static async Task<IReadOnlyList<HouseholdPoint>> ReadHouseholdsAsync(FileInfo? file, CancellationToken ct)
    {
        if (file is null)
        {
            return [];
        }

        using var document = await ParseAsync(file, ct);
        if (!document.RootElement.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{file.Name}: not a GeoJSON FeatureCollection of household points.");
        }

        var households = new List<HouseholdPoint>();
        var index = -1;
        foreach (var feature in features.EnumerateArray())
        {
            index++;
            households.Add(ReadHousehold(feature) ?? throw new InvalidDataException(
                string.Create(CultureInfo.InvariantCulture, $"{file.Name}: feature {index} is not a Point in WGS84 with a non-negative integer \"people\" property.")));
        }

        return households;
    }

    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>?> ReadWorkersAsync(FileInfo? file, CancellationToken ct)
    {
        if (file is null)
        {
            return null;
        }

        using var document = await ParseAsync(file, ct);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{file.Name}: expected an object of grid code → array of worker ids.");
        }

        var workers = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var grid in document.RootElement.EnumerateObject())
        {
            if (grid.Value.ValueKind != JsonValueKind.Array || grid.Value.EnumerateArray().Any(w => w.ValueKind != JsonValueKind.String))
            {
                throw new InvalidDataException($"{file.Name}: grid {grid.Name} must map to an array of worker id strings.");
            }

            workers[grid.Name] = [.. grid.Value.EnumerateArray().Select(w => w.GetString()!)];
        }

        return workers;
    }

    private static HouseholdPoint? ReadHousehold(JsonElement feature)
    {
        if (feature.ValueKind != JsonValueKind.Object
            || !feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object
            || !geometry.TryGetProperty("coordinates", out var position) || position.ValueKind != JsonValueKind.Array
            || position.GetArrayLength() < 2
            || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number
            || !feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object
            || !properties.TryGetProperty("people", out var people) || people.ValueKind != JsonValueKind.Number
            || !people.TryGetInt32(out var count) || count < 0)
        {
            return null;
        }

        var lon = position[0].GetDouble();
        var lat = position[1].GetDouble();
        if (lon is < -180 or > 180 || lat is < -90 or > 90)
        {
            return null;
        }

        var id = properties.TryGetProperty("id", out var i) ? i.ToString()
            : feature.TryGetProperty("id", out var fid) ? fid.ToString()
            : string.Create(CultureInfo.InvariantCulture, $"{lon},{lat}");
        return new HouseholdPoint(id, lon, lat, count);
    }

    private static async Task<JsonDocument> ParseAsync(FileInfo file, CancellationToken ct)
    {
        if (!file.Exists)
        {
            throw new UsageException($"no such file: {file.FullName}");
        }

        await using var stream = file.OpenRead();
        try
        {
            return await JsonDocument.ParseAsync(stream, default, ct);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file.Name}: not valid JSON at line {(e.LineNumber ?? 0) + 1}: {e.Message}", e);
        }
    }
}
