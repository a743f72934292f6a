using System.CommandLine;
using System.Globalization;
using Hanan.Ops.Domain.Population;
using Hanan.Ops.Domain.Privacy;
using Hanan.Ops.Storage.Grid;
using Hanan.Ops.Storage.Residents;
using Hanan.Ops.Storage.Schema;
using Spectre.Console;

namespace Hanan.Ops.Cli.Commands;

/// <summary>
/// <c>hanan seed</c>: the deterministic demo population (about 190,000 residents in 75,000 households, 3,000 legal
/// persons, buildings and components) into PostgreSQL, ID numbers and phones sealed with the configured keys; with a
/// stored unified grid, every household, building and organisation is located in it. A second run changes nothing.
/// </summary>
internal sealed class SeedCommand(CliContext context) : ICliCommand
{
    /// <summary>The host's privacy keys as environment variables (Base64 of 32 random bytes each).</summary>
    public const string EncryptionKeyVariable = "Hanan__Privacy__IdEncryptionKey";
    public const string LookupKeyVariable = "Hanan__Privacy__IdLookupKey";

    public Command Build()
    {
        var command = new Command("seed", "Seed the demo population (residents, households, legal persons, buildings, components) into PostgreSQL.");
        command.SetAction(async (parse, ct) =>
        {
            var connection = context.ConnectionString(parse);
            var protector = Protector();
            await SchemaMigrator.EnsureDatabaseExistsAsync(connection, ct);
            await new SchemaMigrator(connection).MigrateAsync(ct);

            DemoPopulation population = null!;
            var district = context.District();
            context.Console.Status().Start("生成人口 generating the demo population…", _ => population = DemoPopulation.Generate(district));
            // The households are points on the ground: with a stored unified grid, each lands in the unified grid that
            // covers it, so the residents' grids are the grids the host serves.
            var unified = await new GridLayerStore(connection).ReadUnifiedMapAsync(ct);
            if (unified is not null)
            {
                context.Console.Status().Start("定位到统一网格 locating the households in the unified grid…", _ => population = population.LocatedOn(unified.Map));
                context.Console.MarkupLineInterpolated($"households located in the unified grid ({unified.Map.Grids.Count} grids, consolidated {unified.ConsolidatedAt:yyyy-MM-dd HH:mm} UTC)");
            }
            else
            {
                context.Console.MarkupLine("[yellow]no unified grid is stored[/]: the households keep the demo district's grids (run [bold]hanan consolidate[/] first to seed against the unified grid).");
            }

            await using var readModel = new PostgresResidentReadModel(connection);
            var seeder = new DemoPopulationSeeder(population, protector, readModel, TimeProvider.System);
            SeedReport report = null!;
            await context.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                    report = await seeder.SeedAsync(
                        p =>
                        {
                            if (!tasks.TryGetValue(p.Stage, out var task))
                            {
                                task = tasks[p.Stage] = progress.AddTask(p.Stage, maxValue: Math.Max(1, p.Total));
                            }

                            task.Value = p.Done;
                        },
                        ct);
                    foreach (var task in tasks.Values)
                    {
                        task.Value = task.MaxValue;
                    }
                });

            var table = new Table().Title("demo population").AddColumn("kind").AddColumn(new TableColumn("stored").RightAligned());
            foreach (var (kind, count) in new[]
            {
                ("residents", report.Residents), ("households", report.Households), ("legal persons", report.LegalPersons),
                ("buildings", report.Places), ("components", report.Components),
            })
            {
                table.AddRow(kind, count.ToString("N0", CultureInfo.InvariantCulture));
            }

            context.Console.Write(table);
            context.Console.MarkupLineInterpolated($"seeded in {report.Elapsed.TotalSeconds:0.0} s");
            return ExitCodes.Ok;
        });
        return command;
    }

    private CitizenIdProtector Protector()
    {
        var encryption = context.Variable(EncryptionKeyVariable);
        var lookup = context.Variable(LookupKeyVariable);
        if (string.IsNullOrWhiteSpace(encryption) && string.IsNullOrWhiteSpace(lookup))
        {
            context.Console.MarkupLine(
                $"[yellow]warning:[/] {EncryptionKeyVariable} and {LookupKeyVariable} are not set: ID numbers are sealed with the " +
                "published [bold]development keys[/]. Never seed real data this way; a host in Production refuses those keys.");
            return CitizenIdProtector.Development;
        }

        return CitizenIdProtector.TryFromBase64(encryption, lookup, out var protector, out var error)
            ? protector!
            : throw new UsageException(error ?? "the privacy keys are malformed.");
    }
}
