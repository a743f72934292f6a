using System.Diagnostics;
using System.Text.Json;
using Hanan.Ops.Bench;
using Spectre.Console;

Settings settings;
try
{
    settings = Settings.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    await Console.Error.WriteLineAsync($"{e.Message}\nusage: {Settings.Usage}");
    return 2;
}

using var budget = new CancellationTokenSource(settings.Budget);
var cancel = budget.Token;
var progress = AnsiConsole.Progress()
    .AutoClear(false)
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn());

// The raw PostgreSQL baseline runs first, in its own invocation before the host starts, so that the host's idle pooled
// connections neither compete for max_connections nor share the server with it.
if (settings.RawOnly)
{
    RawResult? raw = null;
    await progress.StartAsync(async ctx =>
    {
        var task = ctx.AddTask($"raw PostgreSQL, {settings.Clients} connections");
        raw = await RawPostgres.RunAsync(settings.Postgres, settings.Clients, settings.RunLength, task, cancel);
    });
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.RawPath))!);
    await File.WriteAllTextAsync(settings.RawPath, JsonSerializer.Serialize(raw, Report.Json), cancel);
    return 0;
}

if (settings.GrainOnly)
{
    GrainCeilingResult? ceiling = null;
    await progress.StartAsync(async ctx =>
    {
        var task = ctx.AddTask($"Orleans grain-call ceiling, {settings.GrainCallers} callers");
        ceiling = await GrainCeiling.RunAsync(settings.GrainCallers, settings.GrainDuration, task, cancel);
    });
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.GrainPath))!);
    await File.WriteAllTextAsync(settings.GrainPath, JsonSerializer.Serialize(ceiling, Report.Json), cancel);
    return 0;
}

var rawBaseline = JsonSerializer.Deserialize<RawResult>(await File.ReadAllTextAsync(settings.RawPath, cancel), Report.Json)
    ?? throw new InvalidOperationException($"{settings.RawPath} holds no raw PostgreSQL result.");
var grainBaseline = JsonSerializer.Deserialize<GrainCeilingResult>(await File.ReadAllTextAsync(settings.GrainPath, cancel), Report.Json)
    ?? throw new InvalidOperationException($"{settings.GrainPath} holds no grain-call ceiling.");
var began = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var machine = Machine.Describe();
var pgSettings = await RawPostgres.SettingsAsync(settings.Postgres, cancel);

using var client = new DistrictClient(settings.BaseUrl);
await client.LoadGridPointsAsync(cancel);
await using var watch = await LiveWatch.ConnectAsync(settings.BaseUrl, "urban-management", cancel);
var intake = new IntakeRuns(client, watch, settings);
var runs = new List<IntakeResult>();
ClaimResult? claims = null;
WallResult? wall = null;

await progress.StartAsync(async ctx =>
{
    var warm = ctx.AddTask("warm-up (closed loop, 4 clients)");
    var open = settings.OpenLoopRates.Order().Select(r => (Rate: r, Task: ctx.AddTask($"intake open loop {r}/s"))).ToList();
    var saturation = ctx.AddTask($"intake closed loop, {settings.Clients} clients");
    var claimTask = ctx.AddTask($"claim race, {settings.Claimants} claimants per case");
    var wallTask = ctx.AddTask($"wall display, {settings.WallConnections:N0} connections at {settings.WallRate}/s");

    // Lowest load first; the highest offered rate runs last, so that a backlog it leaves cannot distort the others.
    await intake.ClosedLoopAsync(4, settings.Warmup, warm, record: false, cancel);
    runs.Add(await intake.OpenLoopAsync(open[0].Rate, settings.RunLength, open[0].Task, cancel));
    runs.Add(await intake.ClosedLoopAsync(settings.Clients, settings.RunLength, saturation, record: true, cancel));
    claims = await ClaimRace.RunAsync(client, settings.ClaimRounds, settings.Claimants, settings.RunLength, claimTask, cancel);
    wall = await WallFanout.RunAsync(client, settings.BaseUrl, settings.WallConnections, settings.WallRate, settings.WallDuration,
        settings.LiveSettle, wallTask, cancel);
    foreach (var (rate, task) in open.Skip(1))
    {
        runs.Add(await intake.OpenLoopAsync(rate, settings.RunLength, task, cancel));
    }
});

var results = new BenchResults(began, Math.Round(clock.Elapsed.TotalSeconds, 1), settings.Quick, machine, pgSettings,
    client.GridPoints, runs, rawBaseline, claims!, grainBaseline, wall!);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.ResultsPath))!);
await File.WriteAllTextAsync(settings.ResultsPath, JsonSerializer.Serialize(results, Report.Json), cancel);
await File.WriteAllTextAsync(settings.DocPath, Report.Markdown(results), cancel);
AnsiConsole.MarkupLine($"[green]wrote[/] {Markup.Escape(settings.ResultsPath)} and {Markup.Escape(settings.DocPath)}");
return 0;
