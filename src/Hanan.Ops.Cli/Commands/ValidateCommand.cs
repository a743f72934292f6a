using System.CommandLine;
using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Domain.Geography.Layers;
using Hanan.Ops.Storage.Grid;
using Hanan.Ops.Storage.Roster;
using Spectre.Console;

namespace Hanan.Ops.Cli.Commands;

/// <summary>
/// <c>hanan validate</c>: check the stored unified grid (or, with <c>--department</c>, a stored departmental
/// layer) against the district: gaps, overlaps, parts outside, invalid geometries, over-capacity grids with a
/// proposed split, grids without a worker (from the stored grid-worker roster, or a <c>--workers</c> file). Exit code
/// 1 when anything is found.
/// </summary>
internal sealed class ValidateCommand(CliContext context) : ICliCommand
{
    public Command Build()
    {
        var department = new Option<string?>("--department", "-d") { Description = "Validate this department's stored layer instead of the unified grid" };
        var households = new Option<FileInfo?>("--households") { Description = "GeoJSON Points of households with a \"people\" property" };
        var workers = new Option<FileInfo?>("--workers") { Description = "JSON object: unified grid code → array of worker ids, instead of the stored roster (checks every grid has one)" };
        var command = new Command("validate", "Validate the unified grid or a departmental layer and report every problem.") { department, households, workers };
        command.SetAction(async (parse, ct) =>
        {
            var store = new GridLayerStore(context.ConnectionString(parse));
            var points = await InputFiles.ReadHouseholdsAsync(parse.GetValue(households), ct);
            var assignment = await InputFiles.ReadWorkersAsync(parse.GetValue(workers), ct);
            var district = context.District();
            string title;
            List<GridOutline> outlines;
            if (parse.GetValue(department) is { } code)
            {
                var dept = Department.FromCode(code) ?? throw new UsageException("--department must be a lowercase slug such as police.");
                var layer = (await store.ReadLayersAsync(ct)).FirstOrDefault(l => l.Department.Code == dept.Code)
                    ?? throw new UsageException($"no layer of department {dept.Code} is stored.");
                title = $"{layer.Department.Name} {layer.Department.Code} layer";
                outlines = [.. layer.Grids.Select(g => new GridOutline(g.Code, g.Boundary))];
                assignment = null;
            }
            else
            {
                var unified = await store.ReadUnifiedAsync(ct);
                if (unified.Count == 0)
                {
                    context.Console.MarkupLine("[red]no unified grid is stored[/]: run hanan consolidate first.");
                    return ExitCodes.Problems;
                }

                title = "统一网格 unified grid";
                outlines = [.. unified.Select(g => new GridOutline(g.Code, g.Boundary))];
                if (assignment is null)
                {
                    // The grid-worker roster the host keeps (网格员花名册): its active workers per grid.
                    await using var roster = new PostgresGridWorkerRoster(context.ConnectionString(parse));
                    var snapshot = await roster.ReadAsync(ct);
                    assignment = snapshot.Workers.Count == 0 ? null : snapshot.Roster().Assignment();
                    if (snapshot.Workers.Count == 0)
                    {
                        context.Console.MarkupLine("[yellow]no grid-worker roster is stored[/]: grids without a worker are not checked (start the host once, or pass --workers).");
                    }
                    else
                    {
                        context.Console.MarkupLineInterpolated($"roster: {snapshot.Workers.Count} grid workers (version {snapshot.Version})");
                    }
                }
            }

            ValidationReport report = null!;
            await context.Console.Status().StartAsync($"校验 validating {outlines.Count} grids…", async _ =>
                report = await Task.Run(() => GridValidator.Validate(district.Boundary, outlines, points, assignment), ct));
            Tables.WriteValidation(context.Console, title, report, householdsGiven: parse.GetValue(households) is not null);
            context.Console.MarkupLine(report.HasProblems ? "[red]problems found[/]" : "[green]no problems[/]");
            return report.HasProblems ? ExitCodes.Problems : ExitCodes.Ok;
        });
        return command;
    }
}
