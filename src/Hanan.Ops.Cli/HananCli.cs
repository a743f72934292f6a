using System.CommandLine;
using Hanan.Ops.Cli.Commands;
using Npgsql;
using Spectre.Console;

namespace Hanan.Ops.Cli;

/// <summary>The <c>hanan</c> command tree. Each command lives in its own class under <c>Commands/</c>.</summary>
public static class HananCli
{
    /// <param name="args">Command line.</param>
    /// <param name="console">Where tables, progress and errors go.</param>
    /// <param name="environment">Reads environment variables (the process environment when null).</param>
    /// <param name="ct">Cancels the running command; whatever it was writing is rolled back.</param>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, Func<string, string?>? environment, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        var context = new CliContext(console, environment ?? Environment.GetEnvironmentVariable);
        var root = new RootCommand("hanan — 平房区 district operations: schema, demo population, departmental grid layers, unified grid (一格多用), audit log");
        root.Options.Add(CliContext.ConnectionOption);
        ICliCommand[] commands =
        [
            new MigrateCommand(context),
            new ImportLayerCommand(context),
            new ConsolidateCommand(context),
            new ValidateCommand(context),
            new ExportCommand(context),
            new SeedCommand(context),
            new AuditCommand(context),
            new CalendarCommand(context),
        ];
        foreach (var command in commands)
        {
            root.Subcommands.Add(command.Build());
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            }

            console.MarkupLine("Run [bold]hanan --help[/] for usage.");
            return ExitCodes.BadUsage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Profile.Out.Writer, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (UsageException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.BadUsage;
        }
        catch (InvalidDataException e)
        {
            console.MarkupLineInterpolated($"[red]rejected:[/] {e.Message}");
            return ExitCodes.Problems;
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("[yellow]cancelled[/]: nothing was half-written (every write is one transaction).");
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is NpgsqlException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]failed:[/] {e.Message}");
            return ExitCodes.Failed;
        }
    }
}

/// <summary>A subcommand of <c>hanan</c>.</summary>
internal interface ICliCommand
{
    Command Build();
}
