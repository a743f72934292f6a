using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hanan.Ops.Storage.Tests;
using Npgsql;

namespace Hanan.Ops.Host.Tests.Chaos;

/// <summary>
/// A throw-away PostgreSQL database and real host processes on it that form one Orleans cluster (ADO.NET clustering on
/// that database, distinct silo and gateway ports). Disposing kills every process and drops the database, whatever
/// happened in the test.
/// </summary>
internal sealed class ChaosCluster : IAsyncDisposable
{
    private readonly List<HostProcess> _hosts;

    private ChaosCluster(TestDatabase database, string clusterId, string logDirectory, List<HostProcess> hosts)
    {
        Database = database;
        ClusterId = clusterId;
        LogDirectory = logDirectory;
        _hosts = hosts;
    }

    public TestDatabase Database { get; }

    public string ClusterId { get; }

    public string LogDirectory { get; }

    public IReadOnlyList<HostProcess> Hosts => _hosts;

    /// <summary>Set when every invariant held: the hosts' logs are then deleted with the cluster; otherwise they stay in <see cref="LogDirectory"/>.</summary>
    public bool Passed { get; set; }

    /// <summary>
    /// Creates the database and starts <paramref name="count"/> hosts in parallel; returns when all are ready and members
    /// of one cluster. <paramref name="settings"/> adds to or overrides each host's settings (by the host's index).
    /// </summary>
    public static async Task<ChaosCluster> StartAsync(int count, string name, Func<int, IReadOnlyDictionary<string, string>>? settings = null)
    {
        var database = await TestDatabase.CreateAsync();
        var clusterId = $"chaos-{name}-{Guid.NewGuid().ToString("N")[..8]}";
        var logDirectory = Path.Combine(Path.GetTempPath(), "hanan-chaos", clusterId);
        var hosts = new List<HostProcess>();
        var cluster = new ChaosCluster(database, clusterId, logDirectory, hosts);
        try
        {
            for (var i = 0; i < count; i++)
            {
                hosts.Add(HostProcess.Start($"host-{(char)('a' + i)}", logDirectory, With(Settings(database.ConnectionString, clusterId), settings?.Invoke(i))));
            }

            await Task.WhenAll(hosts.Select(h => h.WaitReadyAsync(TimeSpan.FromSeconds(120))));
            var clock = Stopwatch.StartNew();
            while (await cluster.ActiveSilosAsync() < count)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException($"The {count} hosts did not become active members of cluster {clusterId} within 60 s.\n{cluster.Tails()}");
                }

                await Task.Delay(200);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more host of this cluster (its own ports) with <paramref name="settings"/> added; it is not waited for.</summary>
    public HostProcess StartHost(string name, IReadOnlyDictionary<string, string> settings)
    {
        var host = HostProcess.Start(name, LogDirectory, With(Settings(Database.ConnectionString, ClusterId), settings));
        _hosts.Add(host);
        return host;
    }

    /// <summary>Silos of this cluster by status (Orleans' numbers: 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead) and silo port.</summary>
    public async Task<IReadOnlyList<(int Port, int Status)>> MembersAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT port, status FROM orleans_membership WHERE deployment_id = @cluster ORDER BY port, generation", connection);
        command.Parameters.AddWithValue("cluster", ClusterId);
        var members = new List<(int, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            members.Add((reader.GetInt32(0), reader.GetInt32(1)));
        }

        return members;
    }

    private static Dictionary<string, string> With(Dictionary<string, string> settings, IReadOnlyDictionary<string, string>? overrides)
    {
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>
    /// The host's configuration, as environment variables. The pools are shrunk so that two hosts (2 × 23 connections)
    /// stay well inside max_connections = 100 of the shared test server.
    /// </summary>
    private static Dictionary<string, string> Settings(string connectionString, string clusterId) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Orleans"] = "Warning",
        ["Logging__LogLevel__Orleans.Hosting.SiloHostedService"] = "Information",
        ["Hanan__Storage__Mode"] = "PostgreSql",
        ["Hanan__Storage__ConnectionString"] = connectionString,
        ["Hanan__Storage__MigrateOnStartup"] = "true",
        ["Hanan__Storage__GrainPoolSize"] = "12",
        ["Hanan__Storage__ReadModelPoolSize"] = "6",
        ["Hanan__Storage__AuditPoolSize"] = "3",
        ["Hanan__Cluster__ClusterId"] = clusterId,
        ["Hanan__Cluster__SiloPort"] = DistrictHostFactory.FreePort().ToString(CultureInfo.InvariantCulture),
        ["Hanan__Cluster__GatewayPort"] = DistrictHostFactory.FreePort().ToString(CultureInfo.InvariantCulture),
        ["Hanan__Cluster__AdvertisedIPAddress"] = "127.0.0.1",
        ["Hanan__Security__SigningKey"] = DistrictHostFactory.TestSigningKey,
        ["Hanan__Audit__Keys__" + Storage.Tests.Audit.TestAuditKeys.KeyId] = Storage.Tests.Audit.TestAuditKeys.Secret,
        ["Hanan__Audit__CurrentKeyId"] = Storage.Tests.Audit.TestAuditKeys.KeyId,
        ["Hanan__Security__Limits__IntakePerAddressPerMinute"] = "100000000",
        ["Hanan__Security__Limits__IntakePerPhonePerHour"] = "100000000",
        ["Hanan__Residents__SeedDemoPopulation"] = "false",
    };

    /// <summary>Silos of this cluster with status Active (3) in the membership table.</summary>
    public async Task<long> ActiveSilosAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_membership WHERE deployment_id = @cluster AND status = 3", connection);
        command.Parameters.AddWithValue("cluster", ClusterId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls the membership table until only <paramref name="count"/> silos are active; the time it took, or null after <paramref name="timeout"/>.</summary>
    public async Task<TimeSpan?> WaitActiveSilosAsync(long count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await ActiveSilosAsync() == count)
                {
                    return clock.Elapsed;
                }
            }
            catch (NpgsqlException)
            {
            }

            await Task.Delay(250);
        }

        return null;
    }

    /// <summary>Terminates every backend of the test database but the caller's own, from an admin connection to the postgres database.</summary>
    public async Task<int> TerminateDatabaseConnectionsAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", connection);
        command.Parameters.AddWithValue("db", Database.Name);
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The district's grid codes, as a host serves them.</summary>
    public async Task<IReadOnlyList<string>> GridCodesAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var layer = await http.GetFromJsonAsync<JsonObject>(new Uri(Hosts[0].BaseAddress, "/api/district/grids"));
        return layer!["features"]!.AsArray().Select(f => f!["properties"]!["code"]!.GetValue<string>()).ToList();
    }

    /// <summary>A dispatcher's bearer token from the development sign-in (the hosts share the signing key).</summary>
    public static async Task<string> DispatcherTokenAsync(HostProcess host)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var response = await http.PostAsJsonAsync(new Uri(host.BaseAddress, "/api/auth/dev-sign-in"),
            new { user = "chaos-dispatcher", role = "dispatcher", password = "pingfang-demo" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["accessToken"]!.GetValue<string>();
    }

    /// <summary>The exception types of the requests the hosts answered with 500 (their ExceptionHandlerMiddleware log lines), counted.</summary>
    public string UnhandledExceptions()
    {
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var host in Hosts)
        {
            try
            {
                using var stream = new FileStream(host.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                while (reader.ReadLine() is { } line)
                {
                    if (!line.Contains("ExceptionHandlerMiddleware", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var match = System.Text.RegularExpressions.Regex.Match(line, "\"Exception\":\"([^:\"]+)(?::\\s*|: )?([^\"\\\\]{0,120})");
                    var type = match.Success ? $"{host.Name} {match.Groups[1].Value}: {match.Groups[2].Value}" : $"{host.Name} (no exception logged)";
                    types[type] = types.GetValueOrDefault(type) + 1;
                }
            }
            catch (IOException)
            {
            }
        }

        return types.Count == 0 ? "none logged" : string.Join("; ", types.OrderByDescending(t => t.Value).Select(t => $"{t.Value}× {t.Key}"));
    }

    /// <summary>The tails of every host's log.</summary>
    public string Tails(int lines = 30) => string.Join("\n", Hosts.Select(h => h.Tail(lines)));

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts)
        {
            host.Dispose();
        }

        await Database.DisposeAsync();
        if (Passed)
        {
            try
            {
                Directory.Delete(LogDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
