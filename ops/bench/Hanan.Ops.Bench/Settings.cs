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
    public const string Usage =
        "Hanan.Ops.Bench --url http://127.0.0.1:PORT --pg \"Host=127.0.0.1;...;Database=...\" [--quick] [--clients N] "
        + "[--results ops/bench/out/results.json] [--raw ops/bench/out/raw.json] [--grain ops/bench/out/grain.json] [--doc docs/performance.md] [--wall-connections N]"
        + " | --raw-only | --grain-only";

    public static Settings Parse(string[] args)
    {
        string? url = null, pg = null;
        string results = "ops/bench/out/results.json", doc = "docs/performance.md";
        string raw = "ops/bench/out/raw.json";
        string grain = "ops/bench/out/grain.json";
        bool quick = false, rawOnly = false, grainOnly = false;
        var clients = 32;
        int? wallConnections = null;
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
                case "--grain": grain = Next(); break;
                case "--wall-connections": wallConnections = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--clients": clients = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        if (grainOnly)
        {
            pg ??= "Host=127.0.0.1";
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

        return quick
            ? new Settings(baseUrl, pg, results, doc, true, rawOnly, raw, clients, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), [100, 500],
                5, 50, 5_000, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(70),
                grainOnly, grain, wallConnections ?? 200, 10, TimeSpan.FromSeconds(5), 64, TimeSpan.FromSeconds(3))
            : new Settings(baseUrl, pg, results, doc, false, rawOnly, raw, clients, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), [100, 500],
                20, 50, 20_000, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(250),
                grainOnly, grain, wallConnections ?? 1000, 20, TimeSpan.FromSeconds(15), 64, TimeSpan.FromSeconds(10));
    }

    private static bool IsLoopback(string host) => host is "127.0.0.1" or "localhost" or "::1" or "[::1]";
}
