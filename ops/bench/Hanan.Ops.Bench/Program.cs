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

if (settings.RenderOnly)
{
    var measured = JsonSerializer.Deserialize<BenchResults>(await File.ReadAllTextAsync(settings.ResultsPath), Report.Json)
        ?? throw new InvalidOperationException($"{settings.ResultsPath} holds no results.");
    await File.WriteAllTextAsync(settings.DocPath, Report.Markdown(measured));
    AnsiConsole.MarkupLine($"[green]rendered[/] {Markup.Escape(settings.ResultsPath)} as {Markup.Escape(settings.DocPath)}");
    return 0;
}

using var budget = new CancellationTokenSource(settings.Budget);
var cancel = budget.Token;
var progress = AnsiConsole.Progress()
    .AutoClear(false)
    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn());

// The raw PostgreSQL baseline runs first, in its own invocation before the host starts, so that the host's idle pooled
// connections neither compete for max_connections nor share the server with it. It runs on a throw-away database of its
// own (the host's name + "_raw"), which it creates, migrates and drops: the host starts on an empty database.
if (settings.RawOnly)
{
    RawResult? raw = null;
    await progress.StartAsync(async ctx =>
    {
        var store = ctx.AddTask($"raw PostgreSQL: case store with group commit, {settings.Clients} callers");
        var unbatched = ctx.AddTask($"raw PostgreSQL: two single-row commits per appeal, {settings.Clients} connections");
        raw = await RawPostgres.RunAsync(settings.Postgres, settings.Clients, settings.RunLength, store, unbatched, cancel);
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
await using var watch = await LiveWatch.ConnectAsync(client, settings.BaseUrl, "urban-management",
    await client.TokenAsync("officer", "bench-watch", "urban-management", cancel), cancel);
var intake = new IntakeRuns(client, watch, settings);
var runs = new List<IntakeResult>();
ClaimResult? claims = null;
WallResult? wall = null;
CameraResults? cameras = null;
MqttResults? mqtt = null;
MemoryResult? memoryResult = null;

// Memory is sampled from outside the host (its /proc entry, its diagnostics port and /metrics): only with its pid.
var host = settings.HostPid is { } pid ? new HostProcess(pid) : null;
if (settings.Memory && host is null)
{
    AnsiConsole.MarkupLine("[yellow]no --host-pid: the memory measurement is skipped[/]");
}

var memory = settings.Memory && host is not null ? new HostMemory(client, host) : null;
var phases = new List<MemorySample>();
var residentIds = memory is not null ? await MemoryRun.ResidentIdsAsync(settings.Postgres, settings.MemoryResidents, cancel) : default;
if (memory is not null)
{
    phases.Add(await memory.SampleAsync("idle, after start-up", 0, cancel));
}

await progress.StartAsync(async ctx =>
{
    var warm = ctx.AddTask("warm-up (closed loop, 4 clients)");
    var open = settings.OpenLoopRates.Order().Select(r => (Rate: r, Task: ctx.AddTask($"intake open loop {r}/s"))).ToList();
    var saturation = ctx.AddTask($"intake closed loop, {settings.Clients} clients");
    var claimTask = ctx.AddTask($"claim race, {settings.Claimants} claimants per case, {settings.OfficerConsoles} consoles watching");
    var wallTask = ctx.AddTask($"wall display, {settings.WallConnections:N0} connections at {settings.WallRate}/s");
    var alertTask = settings.Cameras ? ctx.AddTask($"camera alerts, {settings.CameraAlertRate:N0} reads/s offered") : null;
    var cameraTask = settings.Cameras ? ctx.AddTask($"camera ingest closed loop, {settings.CameraClients} clients × {settings.CameraBatch} reads") : null;
    var mqttTasks = settings.Cameras && settings.Broker is not null
        ? (Baseline: ctx.AddTask($"MQTT broker alone, {settings.MqttPoolReads:N0} messages"),
            Alerts: ctx.AddTask($"MQTT camera alerts, {settings.CameraAlertRate:N0} reads/s offered"),
            Saturation: ctx.AddTask($"MQTT camera ingest, {settings.MqttPoolReads:N0} reads published ahead"))
        : default;
    var caseTask = memory is not null ? ctx.AddTask($"memory: filing 4 × {settings.MemoryCasesPerStep:N0} cases") : null;
    var vehicleTask = memory is not null ? ctx.AddTask($"memory: sending a day's reads of 4 × {settings.MemoryVehiclesPerStep:N0} vehicles") : null;
    var residentTask = memory is not null ? ctx.AddTask($"memory: reading {settings.MemoryResidents:N0} residents in {settings.MemorySteps} steps") : null;

    // Lowest load first; the highest offered rate runs last, so that a backlog it leaves cannot distort the others.
    var warmed = await intake.ClosedLoopAsync(4, settings.Warmup, warm, record: false, cancel);
    runs.Add(await intake.OpenLoopAsync(open[0].Rate, settings.RunLength, open[0].Task, cancel));
    runs.Add(await intake.ClosedLoopAsync(settings.Clients, settings.RunLength, saturation, record: true, cancel));
    await using (var consoles = await OfficerConsoles.ConnectAsync(client, settings.BaseUrl, "urban-management", settings.OfficerConsoles, cancel))
    {
        claims = await ClaimRace.RunAsync(client, consoles, settings.ClaimRounds, settings.Claimants, settings.RunLength, settings.LiveSettle,
            claimTask, cancel);
    }

    wall = await WallFanout.RunAsync(client, settings.BaseUrl, settings.WallConnections, settings.WallRate, settings.WallDuration,
        settings.LiveSettle, wallTask, cancel);
    foreach (var (rate, task) in open.Skip(1))
    {
        runs.Add(await intake.OpenLoopAsync(rate, settings.RunLength, task, cancel));
    }

    // Every appeal filed so far made one case grain, which stays active for the rest of the run.
    var cases = warmed.Created + runs.Sum(x => x.Created) + claims.Rounds + wall.Filed;
    if (memory is not null)
    {
        phases.Add(await memory.SampleAsync("after the intake phases", cases, cancel));
    }

    var traffic = settings.Cameras || memory is not null ? CameraTraffic.Create() : null;
    var cameraRuns = traffic is not null ? new CameraRuns(client, traffic, settings, host) : null;
    if (traffic is not null && memory is not null)
    {
        // The first camera read builds the camera network (a singleton of the host) besides activating one camera grain;
        // GET /api/cameras then asks every camera grain for its status, so the other 151 activate.
        var first = await client.GetAsync($"/api/cameras/{traffic.Network.Cameras[0].Id.Value}", "dispatcher", "bench-cameras", cancel);
        phases.Add(await memory.SampleAsync(first == 200 ? "after the first camera (the camera network built)" : $"GET /api/cameras/{{id}} answered {first}", 1, cancel));
        var status = await client.GetAsync("/api/cameras", "dispatcher", "bench-cameras", cancel);
        phases.Add(await memory.SampleAsync(status == 200 ? "after activating all camera grains" : $"GET /api/cameras answered {status}",
            traffic.Network.Cameras.Count, cancel));
    }

    if (settings.Cameras)
    {
        var fences = await cameraRuns!.PutFencesAsync(cancel);
        await using var police = await AlertWatch.ConnectAsync(settings.BaseUrl, await client.TokenAsync("police", "bench-police", null, cancel), cancel);
        var alerts = await cameraRuns.AlertLatencyAsync(police, alertTask!, cancel);
        var saturated = await cameraRuns.SaturationAsync(cameraTask!, cancel);
        cameras = new CameraResults(traffic!.Network.Cameras.Count, fences, alerts, saturated, traffic.Cost);
        if (settings.Broker is { } broker)
        {
            // The same traffic, as Frigate delivers it: over the broker the host subscribes to. Each run has its own police
            // screen, so that no run's latencies mix with another's.
            var mqttRuns = new MqttRuns(client, traffic, settings, host, broker);
            var baseline = await mqttRuns.BaselineAsync(settings.MqttPoolReads, mqttTasks.Baseline!, cancel);
            await using var mqttPolice = await AlertWatch.ConnectAsync(settings.BaseUrl, await client.TokenAsync("police", "bench-police-mqtt", null, cancel), cancel);
            var mqttAlerts = await mqttRuns.AlertLatencyAsync(mqttPolice, mqttTasks.Alerts!, cancel);
            await using var sentinels = await AlertWatch.ConnectAsync(settings.BaseUrl, await client.TokenAsync("police", "bench-police-sentinel", null, cancel), cancel);
            var mqttSaturated = await mqttRuns.SaturationAsync(sentinels, mqttTasks.Saturation!, cancel);
            mqtt = new MqttResults(baseline, mqttAlerts, mqttSaturated);
        }
        if (memory is not null)
        {
            phases.Add(await memory.SampleAsync("after the camera runs", cameraRuns.Vehicles, cancel));
        }
    }

    if (memory is not null)
    {
        var share = settings.MemoryBudget / 4;
        var caseSlope = await MemoryRun.SlopeAsync("case", 0, memory, MemoryRun.CaseSteps(client, 4, settings.MemoryCasesPerStep, cancel), share, caseTask!, cancel);
        var (vehicleSteps, readsPerVehicle) = cameraRuns!.VehicleSteps(4, settings.MemoryVehiclesPerStep, cancel);
        var vehicleSlope = await MemoryRun.SlopeAsync("vehicle", 0, memory, vehicleSteps, share, vehicleTask!, cancel);
        var residents = await MemoryRun.SlopeAsync("resident", residentIds.Population, memory,
            MemoryRun.ResidentSteps(client, residentIds.Ids, settings.MemorySteps, cancel), share * 2, residentTask!, cancel);
        var last = residents.Samples[^1];

        // Bytes per camera grain: the heap growth across GET /api/cameras over the camera grains it activated.
        var before = phases.Find(p => p.Label.StartsWith("after the first camera", StringComparison.Ordinal));
        var after = phases.Find(p => p.Label == "after activating all camera grains");
        var cameraGrains = after is null || before is null ? 0 : after.ActivationsOf("camera") - before.ActivationsOf("camera");
        var perCamera = cameraGrains > 0 ? Math.Round((after!.HeapBytes - before!.HeapBytes) / cameraGrains) : 0;

        var missing = Math.Max(0, residents.Population - (long)last.ActivationsOf("resident"));
        // The resident set is extrapolated with the larger of the two slopes: the heap's is the cleaner signal, but a heap
        // that a collection shrank between samples can make it far smaller than what the process really grew by.
        var perResidentHeap = Math.Max(0, residents.HeapBytesPerGrain);
        var perResidentRss = Math.Max(perResidentHeap, residents.RssBytesPerGrain);
        memoryResult = new MemoryResult(host!.Pid, phases, (int)cameraGrains, perCamera, caseSlope, vehicleSlope, readsPerVehicle, residents,
            last.RssBytes, last.PeakRssBytes, last.RssBytes + (missing * perResidentRss), last.HeapBytes + (missing * perResidentHeap));
    }
});

var results = new BenchResults(began, Math.Round(clock.Elapsed.TotalSeconds, 1), settings.Quick, machine, pgSettings,
    client.GridPoints, runs, rawBaseline, claims!, grainBaseline, wall!, cameras, memoryResult, mqtt);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(settings.ResultsPath))!);
await File.WriteAllTextAsync(settings.ResultsPath, JsonSerializer.Serialize(results, Report.Json), cancel);
await File.WriteAllTextAsync(settings.DocPath, Report.Markdown(results), cancel);
AnsiConsole.MarkupLine($"[green]wrote[/] {Markup.Escape(settings.ResultsPath)} and {Markup.Escape(settings.DocPath)}");
return 0;
