using System.CommandLine;
using Hanan.Ops.Domain.Geography.Layers;
using Hanan.Ops.Storage.Grid;
using Spectre.Console;

namespace Hanan.Ops.Cli.Commands;

/// <summary>
/// <c>hanan import-layer &lt;file&gt; --department police</c>: read a departmental GeoJSON layer, reject it with
/// located errors if anything is wrong, otherwise replace the department's stored layer in one transaction.
/// </summary>
internal sealed class ImportLayerCommand(CliContext context) : ICliCommand
{
    /// <summary>Files above this size are refused before reading.</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    public Command Build()
    {
        var file = new Argument<FileInfo>("file") { Description = "GeoJSON FeatureCollection of Polygons/MultiPolygons in WGS84 (CRS84)" };
        var department = new Option<string>("--department", "-d")
        {
            Description = "Department code: urban-management (城管), police (公安) or civil-affairs (民政)",
            Required = true,
        };
        var codeProperty = new Option<string>("--code-property") { Description = "Feature property with the department's grid code", DefaultValueFactory = _ => "code" };
        var nameProperty = new Option<string>("--name-property") { Description = "Feature property with the grid name", DefaultValueFactory = _ => "name" };
        var check = new Option<bool>("--check") { Description = "Only read and validate the file; no database" };
        var command = new Command("import-layer", "Import a department's grid layer from GeoJSON (all or nothing).") { file, department, codeProperty, nameProperty, check };
        command.SetAction(async (parse, ct) =>
        {
            var code = parse.GetValue(department);
            var dept = Department.Known.FirstOrDefault(d => d.Code == code)
                ?? throw new UsageException(
                    $"unknown department '{code}': the district's departments are {string.Join(", ", Department.Known.Select(d => $"{d.Code} ({d.Name})"))}.");
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new UsageException($"no such file: {path.FullName}");
            }

            if (path.Length > MaxFileBytes)
            {
                context.Console.MarkupLineInterpolated($"[red]rejected:[/] {path.Name} is {path.Length / (1024 * 1024)} MB; at most {MaxFileBytes / (1024 * 1024)} MB is read.");
                return ExitCodes.Problems;
            }

            var checkOnly = parse.GetValue(check);
            var connection = checkOnly ? null : context.ConnectionString(parse);
            var options = LayerReadOptions.ForDistrict(context.District()) with
            {
                CodeProperty = parse.GetValue(codeProperty)!,
                NameProperty = parse.GetValue(nameProperty)!,
            };
            var bytes = await File.ReadAllBytesAsync(path.FullName, ct);
            var result = GeoJsonLayerReader.Read(bytes, dept, options);
            if (!result.IsValid)
            {
                Tables.WriteLayerErrors(context.Console, path.Name, result);
                return ExitCodes.Problems;
            }

            var layer = result.Layer!;
            if (checkOnly)
            {
                context.Console.MarkupLineInterpolated($"[green]valid:[/] {layer.Grids.Count} grids of {dept.Code} ({dept.Name}) in {path.Name}; nothing was stored (--check).");
                return ExitCodes.Ok;
            }

            var stored = await context.Console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"导入 {dept.Name} {path.Name}", maxValue: layer.Grids.Count);
                var count = await new GridLayerStore(connection!).ImportLayerAsync(layer, path.Name, new Progress<int>(n => task.Value = n), ct);
                task.Value = count;
                return count;
            });

            context.Console.MarkupLineInterpolated($"[green]imported[/] {stored} grids of {dept.Code} ({dept.Name}) from {path.Name} in one transaction.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
