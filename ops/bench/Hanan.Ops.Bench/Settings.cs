namespace Hanan.Ops.Bench;

/// <summary>What to run, from the command line. Every run is bounded by count and time.</summary>
public sealed record Settings(
    Uri BaseUrl,
    string Postgres,
    string ResultsPath,
    string DocPath,
    bool Quick,
    bool RawOnly,
    string RawPath,
    int Clients,
    TimeSpan Warmup,
    TimeSpan RunLength,
    int[] OpenLoopRates,
    int ClaimRounds,
    int Claimants,
    int MaxOutstanding,
    TimeSpan Drain,
    TimeSpan LiveSettle,
    TimeSpan Budget,
    bool GrainOnly = false,
    string GrainPath = "ops/bench/out/grain.json",
    int WallConnections = 1000,
    int WallRate = 20,
    TimeSpan WallDuration = default,
    int GrainCallers = 64,
    TimeSpan GrainDuration = default)
{
    /// <summary>The host's process id (from ops/bench.sh), for its resident set in /proc and its diagnostics port.</summary>
    public int? HostPid { get; init; }

    public bool Cameras { get; init; } = true;

    public bool Memory { get; init; } = true;

    /// <summary>Officer consoles of the racing bureau that watch the claim race over SignalR.</summary>
    public int OfficerConsoles { get; init; } = 100;

    /// <summary>Camera ingest: closed-loop clients, reads per batch, run length and the pool of prepared reads.</summary>
    public int CameraClients { get; init; } = 8;

    public int CameraBatch { get; init; } = 200;

    public TimeSpan CameraRunLength { get; init; } = TimeSpan.FromSeconds(15);

    public int CameraPoolReads { get; init; } = 500_000;

    /// <summary>Camera alerts: offered reads/s, run length, and one wanted-plate read in this many reads.</summary>
    public int CameraAlertRate { get; init; } = 2_000;

    public TimeSpan CameraAlertLength { get; init; } = TimeSpan.FromSeconds(15);

    public int ReadsPerHit { get; init; } = 400;

    /// <summary>The broker the host subscribes to for Frigate's messages (ops/bench.sh starts one); no MQTT runs without it.</summary>
    public BrokerAddress? Broker { get; init; }

    /// <summary>Only renders <see cref="ResultsPath"/> again as <see cref="DocPath"/> (after a change of the report's text).</summary>
    public bool RenderOnly { get; init; }

    /// <summary>MQTT runs: publishing clients, the saturation pool (also the broker baseline's count), and the wait for its last alerts.</summary>
    public int MqttPublishers { get; init; } = 4;

    public int MqttPoolReads { get; init; } = 200_000;

    public TimeSpan MqttSettle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Residents activated through the API for the memory slope, in this many equal steps.</summary>
    public int MemoryResidents { get; init; } = 30_000;

    public int MemorySteps { get; init; } = 6;

    /// <summary>Cases filed and fresh vehicles sent per step of their memory slopes (four steps each).</summary>
    public int MemoryCasesPerStep { get; init; } = 400;

    public int MemoryVehiclesPerStep { get; init; } = 1_500;

    public TimeSpan MemoryBudget { get; init; } = TimeSpan.FromSeconds(150);

    public const string Usage =
        "Hanan.Ops.Bench --url http://127.0.0.1:PORT --pg \"Host=127.0.0.1;...;Database=...\" [--quick] [--clients N] "
        + "[--results ops/bench/out/results.json] [--raw ops/bench/out/raw.json] [--grain ops/bench/out/grain.json] [--doc docs/performance.md] [--wall-connections N]"
        + " [--host-pid PID] [--no-cameras] [--no-memory] [--camera-clients N] [--camera-rate N] [--residents N]"
        + " [--mqtt 127.0.0.1:PORT --mqtt-user USER --mqtt-password PASSWORD]"
        + " | --raw-only | --grain-only | --render [--results ops/bench/out/results.json] [--doc docs/performance.md]";

    public static Settings Parse(string[] args)
    {
        string? url = null, pg = null;
        string results = "ops/bench/out/results.json", doc = "docs/performance.md";
        string raw = "ops/bench/out/raw.json";
        string grain = "ops/bench/out/grain.json";
        bool quick = false, rawOnly = false, grainOnly = false, renderOnly = false;
        var clients = 32;
        int? wallConnections = null, hostPid = null, cameraClients = null, cameraRate = null, residents = null;
        bool cameras = true, memory = true;
        string? mqtt = null, mqttUser = null, mqttPassword = null;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--url": url = Next(); break;
                case "--pg": pg = Next(); break;
                case "--results": results = Next(); break;
                case "--doc": doc = Next(); break;
                case "--quick": quick = true; break;
                case "--raw-only": rawOnly = true; break;
                case "--raw": raw = Next(); break;
                case "--grain-only": grainOnly = true; break;
                case "--render": renderOnly = true; break;
                case "--grain": grain = Next(); break;
                case "--wall-connections": wallConnections = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--clients": clients = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--host-pid": hostPid = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--no-cameras": cameras = false; break;
                case "--no-memory": memory = false; break;
                case "--camera-clients": cameraClients = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--camera-rate": cameraRate = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--residents": residents = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--mqtt": mqtt = Next(); break;
                case "--mqtt-user": mqttUser = Next(); break;
                case "--mqtt-password": mqttPassword = Next(); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        if (grainOnly || renderOnly)
        {
            pg ??= "Host=127.0.0.1";
        }

        if (renderOnly)
        {
            url ??= "http://127.0.0.1/";
        }

        if ((url is null && !rawOnly && !grainOnly) || pg is null)
        {
            throw new ArgumentException("--pg is required (unless --grain-only), and --url unless --raw-only or --grain-only.");
        }

        if (wallConnections is < 1 or > 5000)
        {
            throw new ArgumentException("--wall-connections is 1–5000.");
        }

        var baseUrl = new Uri(url ?? "http://127.0.0.1/");
        if (!IsLoopback(baseUrl.Host))
        {
            throw new ArgumentException($"Load goes to loopback only; {baseUrl.Host} is not 127.0.0.1.");
        }

        var pgHost = new Npgsql.NpgsqlConnectionStringBuilder(pg).Host ?? "";
        if (!IsLoopback(pgHost))
        {
            throw new ArgumentException($"The PostgreSQL baseline goes to loopback only; {pgHost} is not 127.0.0.1.");
        }

        if (clients is < 1 or > 512)
        {
            throw new ArgumentException("--clients is 1–512.");
        }

        if (cameraClients is < 1 or > 256 || cameraRate is < 10 or > 100_000 || residents is < 0 or > 250_000)
        {
            throw new ArgumentException("--camera-clients is 1–256, --camera-rate 10–100000, --residents 0–250000.");
        }

        BrokerAddress? broker = null;
        if (mqtt is not null)
        {
            var parts = mqtt.Split(':');
            if (parts.Length != 2 || !IsLoopback(parts[0]) || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var port)
                || mqttUser is null || mqttPassword is null)
            {
                throw new ArgumentException("--mqtt is 127.0.0.1:PORT (loopback only), with --mqtt-user and --mqtt-password.");
            }

            broker = new BrokerAddress(parts[0], port, mqttUser, mqttPassword);
        }

        var settings = quick
            ? new Settings(baseUrl, pg, results, doc, true, rawOnly, raw, clients, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), [100, 500],
                5, 50, 5_000, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(70),
                grainOnly, grain, wallConnections ?? 200, 10, TimeSpan.FromSeconds(5), 64, TimeSpan.FromSeconds(3))
            : new Settings(baseUrl, pg, results, doc, false, rawOnly, raw, clients, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), [100, 500, 1000],
                20, 50, 20_000, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(300),
                grainOnly, grain, wallConnections ?? 1000, 20, TimeSpan.FromSeconds(15), 64, TimeSpan.FromSeconds(10));
        settings = quick
            ? settings with
            {
                CameraRunLength = TimeSpan.FromSeconds(5), CameraPoolReads = 100_000, CameraAlertRate = cameraRate ?? 500,
                CameraAlertLength = TimeSpan.FromSeconds(5), ReadsPerHit = 100, MemoryResidents = residents ?? 5_000, MemorySteps = 4,
                MemoryCasesPerStep = 100, MemoryVehiclesPerStep = 300, MemoryBudget = TimeSpan.FromSeconds(60),
                MqttPoolReads = 30_000, MqttSettle = TimeSpan.FromSeconds(20),
            }
            : settings with { CameraAlertRate = cameraRate ?? 2_000, MemoryResidents = residents ?? 30_000 };
        if (residents is { } asked && asked > settings.MemoryResidents / 2)
        {
            // Residents get half the memory budget: enough for the count asked for at 500 reads/s or more.
            settings = settings with { MemoryBudget = TimeSpan.FromSeconds(Math.Max(settings.MemoryBudget.TotalSeconds, 40 + (2.0 * asked / 500))) };
        }

        return settings with
        {
            HostPid = hostPid, Cameras = cameras, Memory = memory, CameraClients = cameraClients ?? settings.CameraClients, Broker = broker, RenderOnly = renderOnly,
            Budget = settings.Budget + (cameras ? TimeSpan.FromSeconds(quick ? 40 : 90) : TimeSpan.Zero) + (memory ? settings.MemoryBudget : TimeSpan.Zero)
                + (cameras && broker is not null ? TimeSpan.FromSeconds(quick ? 50 : 120) : TimeSpan.Zero),
        };
    }

    private static bool IsLoopback(string host) => host is "127.0.0.1" or "localhost" or "::1" or "[::1]";
}
