using System.CommandLine;
using System.Globalization;
using System.Text;
using Hanan.Ops.Domain.Geography.Layers;
using Hanan.Ops.Storage.Grid;
using Spectre.Console;

namespace Hanan.Ops.Cli.Commands;

/// <summary>
/// <c>hanan export --out grids.geojson</c>: the stored unified grid as GeoJSON, each grid with its load and, per
/// department, the departmental grids it overlaps; or, with <c>--department</c>, a stored departmental layer.
/// <c>--crosswalk file.csv</c> also writes the crosswalk with overlap fractions.
/// </summary>
internal sealed class ExportCommand(CliContext context) : ICliCommand
{
    public Command Build()
    {
        var output = new Option<FileInfo>("--out", "-o") { Description = "GeoJSON file to write", Required = true };
        var department = new Option<string?>("--department", "-d") { Description = "Export this department's stored layer instead of the unified grid" };
        var crosswalk = new Option<FileInfo?>("--crosswalk") { Description = "Also write the crosswalk as CSV" };
        var command = new Command("export", "Export the unified grid (or a departmental layer) as GeoJSON.") { output, department, crosswalk };
        command.SetAction(async (parse, ct) =>
        {
            var store = new GridLayerStore(context.ConnectionString(parse));
            var file = parse.GetValue(output)!;
            byte[] json;
            int count;
            if (parse.GetValue(department) is { } code)
            {
                var layer = (await store.ReadLayersAsync(ct)).FirstOrDefault(l => l.Department.Code == code)
                    ?? throw new UsageException($"no layer of department {code} is stored.");
                json = GeoJsonLayerWriter.Write(layer);
                count = layer.Grids.Count;
            }
            else
            {
                var grids = await store.ReadUnifiedAsync(ct);
                if (grids.Count == 0)
                {
                    context.Console.MarkupLine("[red]no unified grid is stored[/]: run hanan consolidate first.");
                    return ExitCodes.Problems;
                }

                var references = (await store.ReadCrosswalkAsync(ct)).ToLookup(e => e.UnifiedGridCode);
                var departments = references.SelectMany(r => r).Select(e => e.DepartmentCode).Distinct().Order(StringComparer.Ordinal).ToList();
                json = GeoJsonLayerWriter.Write(grids.Select(g =>
                {
                    var properties = new Dictionary<string, object?>
                    {
                        ["code"] = g.Code,
                        ["name"] = g.Name,
                        ["community"] = g.CommunityCode,
                        ["street"] = g.StreetCode,
                        ["households"] = g.Load.Households,
                        ["people"] = g.Load.People,
                        ["areaM2"] = Math.Round(g.AreaSquareMeters),
                    };
                    foreach (var dept in departments)
                    {
                        properties[dept] = string.Join(",", references[g.Code].Where(e => e.DepartmentCode == dept).Select(e => e.DepartmentGridCode));
                    }

                    return new GeoJsonFeature(g.Boundary, properties);
                }));
                count = grids.Count;
            }

            await File.WriteAllBytesAsync(file.FullName, json, ct);
            context.Console.MarkupLineInterpolated($"[green]exported[/] {count} grids to {file.FullName}");

            if (parse.GetValue(crosswalk) is { } csvFile)
            {
                var csv = new StringBuilder("department,department_code,unified_code,overlap_m2,fraction\n");
                foreach (var e in await store.ReadCrosswalkAsync(ct))
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{e.DepartmentCode},\"{e.DepartmentGridCode.Replace("\"", "\"\"", StringComparison.Ordinal)}\",{e.UnifiedGridCode},{e.OverlapSquareMeters:0.##},{e.Fraction:0.######}\n");
                }

                await File.WriteAllTextAsync(csvFile.FullName, csv.ToString(), ct);
                context.Console.MarkupLineInterpolated($"[green]exported[/] the crosswalk to {csvFile.FullName}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
