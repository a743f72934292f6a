using System.CommandLine;
using Hanan.Ops.Storage.Schema;
using Spectre.Console;

namespace Hanan.Ops.Cli.Commands;

/// <summary><c>hanan migrate</c>: create the database if missing and apply the schema scripts it has not seen.</summary>
internal sealed class MigrateCommand(CliContext context) : ICliCommand
{
    public Command Build()
    {
        var command = new Command("migrate", "Create the database if it is missing and apply the versioned schema.");
        command.SetAction(async (parse, ct) =>
        {
            var connection = context.ConnectionString(parse);
            await SchemaMigrator.EnsureDatabaseExistsAsync(connection, ct);
            var report = await new SchemaMigrator(connection).MigrateAsync(ct);

            var table = new Table().Title("schema").AddColumn("scripts").AddColumn("versions");
            table.AddRow("applied now", report.Applied.Count == 0 ? "-" : string.Join(", ", report.Applied));
            table.AddRow("already present", report.Skipped.Count == 0 ? "-" : string.Join(", ", report.Skipped));
            context.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
