using System.Globalization;
using Hanan.Ops.Domain.Geography.Consolidation;
using Hanan.Ops.Domain.Geography.Layers;
using Spectre.Console;

namespace Hanan.Ops.Cli;

/// <summary>Summary tables shared by the commands.</summary>
internal static class Tables
{
    private const int MaxRows = 40;

    public static void WriteLayerErrors(IAnsiConsole console, string file, LayerReadResult result)
    {
        console.MarkupLineInterpolated($"[red]rejected:[/] {file} has {result.Errors.Count}{(result.ErrorsTruncated ? "+" : string.Empty)} problem(s); nothing was imported.");
        var table = new Table().AddColumn("#").AddColumn("problem").AddColumn("where").AddColumn("detail");
        var n = 0;
        foreach (var error in result.Errors.Take(MaxRows))
        {
            table.AddRow(Text((++n).ToString(CultureInfo.InvariantCulture)), Text(error.Kind.ToString()), Text(error.Where), Text(error.Message));
        }

        console.Write(table);
        if (result.Errors.Count > MaxRows)
        {
            console.MarkupLineInterpolated($"… and {result.Errors.Count - MaxRows} more.");
        }
    }

    /// <summary>The crosswalk rows a consolidation dropped as slivers, smallest share first.</summary>
    public static void WriteCrosswalkSlivers(IAnsiConsole console, IReadOnlyList<CrosswalkEntry> slivers, CrosswalkSliverRule rule)
    {
        var threshold = string.Create(CultureInfo.InvariantCulture, $"under {rule.MinOverlapSquareMeters:N0} m² or {rule.MinShare:P1} of the departmental grid");
        if (slivers.Count == 0)
        {
            console.MarkupLineInterpolated($"crosswalk slivers dropped: none ({threshold})");
            return;
        }

        var table = new Table().Title($"交叉对照碎片 crosswalk slivers dropped, {threshold}: not linked")
            .AddColumn("department").AddColumn("departmental grid").AddColumn("unified grid")
            .AddColumn(new TableColumn("overlap m²").RightAligned()).AddColumn(new TableColumn("share").RightAligned());
        foreach (var sliver in slivers.OrderBy(s => s.Fraction).Take(MaxRows))
        {
            table.AddRow(Text(sliver.DepartmentCode), Text(sliver.DepartmentGridCode), Text(sliver.UnifiedGridCode), Area(sliver.OverlapSquareMeters),
                Text(sliver.Fraction.ToString("P2", CultureInfo.InvariantCulture)));
        }

        console.Write(table);
        if (slivers.Count > MaxRows)
        {
            console.MarkupLineInterpolated($"… and {slivers.Count - MaxRows} more (stored in grid_crosswalk_sliver; each crosswalk answer of the API lists its own).");
        }
    }

    public static void WriteValidation(IAnsiConsole console, string title, ValidationReport report, bool householdsGiven)
    {
        var summary = new Table().Title(title).AddColumn("check").AddColumn(new TableColumn("findings").RightAligned()).AddColumn(new TableColumn("area m²").RightAligned());
        summary.AddRow(Text("grids"), Number(report.Grids), Text(string.Empty));
        summary.AddRow(Text("gaps"), Number(report.Gaps.Count), Area(report.Gaps.Sum(g => g.AreaSquareMeters)));
        summary.AddRow(Text("overlaps"), Number(report.Overlaps.Count), Area(report.Overlaps.Sum(g => g.AreaSquareMeters)));
        summary.AddRow(Text("outside the district"), Number(report.Outside.Count), Area(report.Outside.Sum(g => g.AreaSquareMeters)));
        summary.AddRow(Text("invalid geometries"), Number(report.Invalid.Count), Text(string.Empty));
        summary.AddRow(Text("over capacity"), Number(report.OverCapacity.Count), Text(string.Empty));
        summary.AddRow(Text("without a worker"), report.WithoutWorker is null ? Text("not checked (no roster, no --workers)") : Number(report.WithoutWorker.Count), Text(string.Empty));
        summary.AddRow(Text("households outside every grid"), householdsGiven ? Number(report.HouseholdsOutside) : Text("not checked (no --households)"), Text(string.Empty));
        console.Write(summary);

        var details = new Table().AddColumn("finding").AddColumn("grids").AddColumn(new TableColumn("area m²").RightAligned()).AddColumn("at (lon, lat)");
        var rows = report.Gaps.Select(f => ("gap", f))
            .Concat(report.Overlaps.Select(f => ("overlap", f)))
            .Concat(report.Outside.Select(f => ("outside", f)))
            .OrderByDescending(r => r.f.AreaSquareMeters)
            .Take(MaxRows)
            .ToList();
        foreach (var (kind, fault) in rows)
        {
            details.AddRow(Text(kind), Text(string.Join(", ", fault.Codes)), Area(fault.AreaSquareMeters), Text(At(fault.Location.X, fault.Location.Y)));
        }

        foreach (var invalid in report.Invalid.Take(MaxRows))
        {
            details.AddRow(Text("invalid"), Text(invalid.Code), Text(invalid.Message), Text(invalid.Location is null ? "-" : At(invalid.Location.X, invalid.Location.Y)));
        }

        foreach (var over in report.OverCapacity.Take(MaxRows))
        {
            var split = string.Join(" + ", over.ProposedSplit.Select(p => $"{p.Load.Households}户/{p.Load.People}人"));
            details.AddRow(Text("over capacity"), Text(over.Code), Text($"{over.Load.Households}户/{over.Load.People}人"), Text($"split into {over.ProposedSplit.Count}: {split}"));
        }

        foreach (var code in (report.WithoutWorker ?? []).Take(MaxRows))
        {
            details.AddRow(Text("no worker"), Text(code), Text(string.Empty), Text(string.Empty));
        }

        if (details.Rows.Count > 0)
        {
            console.Write(details);
        }
    }

    public static Text Text(string value) => new(value);

    public static Text Number(int value) => new(value.ToString("N0", CultureInfo.InvariantCulture));

    public static Text Area(double value) => new(value.ToString("N0", CultureInfo.InvariantCulture));

    private static string At(double lon, double lat) => string.Create(CultureInfo.InvariantCulture, $"{lon:0.000000}, {lat:0.000000}");
}
