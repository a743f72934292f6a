using System.CommandLine;
using Hanan.Ops.Cli.Rendering;
using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Domain.Geography.Layers;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Storage.Grid;
using Spectre.Console;

namespace Hanan.Ops.Cli.Commands;

/// <summary>
/// <c>hanan consolidate</c>: merge the stored departmental layers (or, with <c>--demo</c>, the demo district's
/// three layers, imported first) into the unified grid, store it with its crosswalk in one transaction, print
/// summary tables and draw the result as an SVG map.
/// </summary>
internal sealed class ConsolidateCommand(CliContext context) : ICliCommand
{
    public Command Build()
    {
        var demo = new Option<bool>("--demo") { Description = "Use the demo district's three departmental layers (城管, 公安, 民政) and store them first" };
        var households = new Option<FileInfo?>("--households") { Description = "GeoJSON Points of households with a \"people\" property (capacity: 300 households, 1,000 people per grid); with --demo, the demo population's households by default" };
        var svg = new Option<FileInfo>("--svg") { Description = "Where to draw the map picture", DefaultValueFactory = _ => new FileInfo("hanan-consolidation.svg") };
        var noSave = new Option<bool>("--no-save") { Description = "Do not touch the database (with --demo no connection is needed)" };
        var sliverArea = new Option<double>("--sliver-m2")
        {
            Description = "A crosswalk row whose overlap is smaller (m²) is a sliver: dropped and listed, not linked",
            DefaultValueFactory = _ => CrosswalkSliverRule.Standard.MinOverlapSquareMeters,
        };
        var sliverShare = new Option<double>("--sliver-share")
        {
            Description = "A crosswalk row with a smaller share of its departmental grid (0 to 1) is a sliver",
            DefaultValueFactory = _ => CrosswalkSliverRule.Standard.MinShare,
        };
        var command = new Command("consolidate", "Consolidate the departmental grid layers into one unified grid (一格多用).") { demo, households, svg, noSave, sliverArea, sliverShare };
        command.SetAction(async (parse, ct) =>
        {
            var useDemo = parse.GetValue(demo);
            var save = !parse.GetValue(noSave);
            if (!useDemo && !save)
            {
                throw new UsageException("--no-save needs --demo: stored layers are read from the database.");
            }

            var rule = new CrosswalkSliverRule(parse.GetValue(sliverArea), parse.GetValue(sliverShare));
            if (!(rule.MinOverlapSquareMeters >= 0 && double.IsFinite(rule.MinOverlapSquareMeters)) || !(rule.MinShare is >= 0 and < 1))
            {
                throw new UsageException("--sliver-m2 is an area of 0 m² or more and --sliver-share a share from 0 up to (not including) 1.");
            }

            var options = new ConsolidationOptions { CrosswalkSlivers = rule };

            var district = context.District();
            var store = save ? new GridLayerStore(context.ConnectionString(parse)) : null;
            IReadOnlyList<HouseholdPoint> points = await InputFiles.ReadHouseholdsAsync(parse.GetValue(households), ct);
            if (useDemo && parse.GetValue(households) is null)
            {
                // The demo's own households (the population `hanan seed` stores), so capacity is exercised.
                context.Console.Status().Start("生成住户 placing the demo households…",
                    _ => points = [.. DemoPopulation.Generate(district).HouseholdPoints()]);
            }

            IReadOnlyList<DepartmentLayer> layers;
            if (useDemo)
            {
                layers = DemoDepartmentLayers.Generate(district);
                if (store is not null)
                {
                    await ImportAsync(store, layers, ct);
                }
            }
            else
            {
                layers = await store!.ReadLayersAsync(ct);
                if (layers.Count == 0)
                {
                    throw new UsageException("no departmental layers are stored: run hanan import-layer first, or use --demo.");
                }
            }

            ConsolidationResult result = null!;
            await context.Console.Status().StartAsync("合并网格 consolidating…", async status =>
            {
                var progress = new StatusProgress(status);
                result = await Task.Run(() => GridConsolidator.Consolidate(district, layers, points, options, progress), ct);
            });

            if (store is not null)
            {
                await context.Console.Progress().StartAsync(async progress =>
                {
                    var task = progress.AddTask("保存统一网格 storing the unified grid", maxValue: result.Map.Grids.Count);
                    await store.SaveConsolidationAsync(result, new Progress<int>(n => task.Value = n), ct);
                    task.Value = result.Map.Grids.Count;
                });
            }

            WriteSummary(result, layers, points.Count, store is not null);
            Tables.WriteCrosswalkSlivers(context.Console, result.CrosswalkSlivers, rule);
            var picture = parse.GetValue(svg)!;
            await File.WriteAllTextAsync(picture.FullName, ConsolidationSvg.Render(result.Map, result.Loads, layers), ct);
            context.Console.MarkupLineInterpolated($"map picture: [link]{picture.FullName}[/]");
            if (result.StillOverCapacity.Count > 0)
            {
                context.Console.MarkupLineInterpolated($"[red]{result.StillOverCapacity.Count} grid(s) remain over capacity[/] (households at one spot): {string.Join(", ", result.StillOverCapacity)}");
                return ExitCodes.Problems;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private async Task ImportAsync(GridLayerStore store, IReadOnlyList<DepartmentLayer> layers, CancellationToken ct) =>
        await context.Console.Progress().StartAsync(async progress =>
        {
            foreach (var layer in layers)
            {
                var task = progress.AddTask($"导入 {layer.Department.Name} demo layer", maxValue: layer.Grids.Count);
                await store.ImportLayerAsync(layer, "demo", new Progress<int>(n => task.Value = n), ct);
                task.Value = layer.Grids.Count;
            }
        });

    private void WriteSummary(ConsolidationResult result, IReadOnlyList<DepartmentLayer> layers, int households, bool stored)
    {
        var console = context.Console;
        var overall = new Table().Title("统一网格 unified grid").AddColumn("figure").AddColumn(new TableColumn("value").RightAligned());
        overall.AddRow(Tables.Text("unified grids"), Tables.Number(result.Map.Grids.Count));
        overall.AddRow(Tables.Text("faces in the overlay"), Tables.Number(result.Faces));
        overall.AddRow(Tables.Text("slivers merged"), Tables.Number(result.Slivers));
        overall.AddRow(Tables.Text("over-capacity pieces split"), Tables.Number(result.Splits));
        overall.AddRow(Tables.Text("still over capacity"), Tables.Number(result.StillOverCapacity.Count));
        overall.AddRow(Tables.Text("households supplied"), Tables.Text(households == 0 ? "none (capacity not exercised)" : households.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
        overall.AddRow(Tables.Text("households outside the district"), Tables.Number(result.HouseholdsOutside));
        overall.AddRow(Tables.Text("crosswalk entries"), Tables.Number(result.Crosswalk.Count));
        overall.AddRow(Tables.Text("crosswalk slivers dropped"), Tables.Number(result.CrosswalkSlivers.Count));
        overall.AddRow(Tables.Text("stored"), Tables.Text(stored ? "yes (one transaction)" : "no (--no-save)"));
        console.Write(overall);

        var departments = new Table().Title("部门网格 departmental layers")
            .AddColumn("department").AddColumn(new TableColumn("grids").RightAligned())
            .AddColumn(new TableColumn("map to 1 unified grid").RightAligned()).AddColumn(new TableColumn("split over several").RightAligned());
        foreach (var layer in layers)
        {
            var perGrid = result.Crosswalk.Where(e => e.DepartmentCode == layer.Department.Code)
                .GroupBy(e => e.DepartmentGridCode)
                .Select(g => g.Count(e => e.Fraction >= 0.01))
                .ToList();
            departments.AddRow(
                Tables.Text($"{layer.Department.Name} {layer.Department.Code}"),
                Tables.Number(layer.Grids.Count),
                Tables.Number(perGrid.Count(n => n <= 1)),
                Tables.Number(perGrid.Count(n => n > 1)));
        }

        console.Write(departments);

        var streets = new Table().Title("街道 streets")
            .AddColumn("street").AddColumn(new TableColumn("communities").RightAligned()).AddColumn(new TableColumn("grids").RightAligned())
            .AddColumn(new TableColumn("households").RightAligned()).AddColumn(new TableColumn("people").RightAligned());
        foreach (var street in result.Map.Streets)
        {
            var grids = result.Map.Grids.Where(g => g.StreetCode == street.Code).ToList();
            streets.AddRow(
                Tables.Text($"{street.Code} {street.Name}"),
                Tables.Number(result.Map.CommunitiesOf(street.Code).Count),
                Tables.Number(grids.Count),
                Tables.Number(grids.Sum(g => result.Loads[g.Code].Households)),
                Tables.Number(grids.Sum(g => result.Loads[g.Code].People)));
        }

        console.Write(streets);
    }

    /// <summary>Shows the consolidator's current step in the spinner line.</summary>
    private sealed class StatusProgress(StatusContext status) : IProgress<string>
    {
        public void Report(string value) => status.Status = Markup.Escape("合并网格 " + value);
    }
}
