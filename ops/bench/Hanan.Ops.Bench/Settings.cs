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
    TimeSpan Budget)
{
    public const string Usage =
        "Hanan.Ops.Bench --url http://127.0.0.1:PORT --pg \"Host=127.0.0.1;...;Database=...\" [--quick] [--clients N] "
        + "[--results ops/bench/out/results.json] [--raw ops/bench/out/raw.json] [--doc docs/performance.md]";

    public static Settings Parse(string[] args)
    {
        string? url = null, pg = null;
        string results = "ops/bench/out/results.json", doc = "docs/performance.md";
        string raw = "ops/bench/out/raw.json";
        bool quick = false, rawOnly = false;
        var clients = 32;
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
                case "--clients": clients = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        if ((url is null && !rawOnly) || pg is null)
        {
            throw new ArgumentException("--pg is required, and --url unless --raw-only.");
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
                5, 50, 5_000, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(42))
            : new Settings(baseUrl, pg, results, doc, false, rawOnly, raw, clients, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), [100, 500],
                20, 50, 20_000, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(190));
    }

    private static bool IsLoopback(string host) => host is "127.0.0.1" or "localhost" or "::1" or "[::1]";
}
