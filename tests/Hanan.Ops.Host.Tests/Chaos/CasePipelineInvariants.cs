using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hanan.Ops.Domain.Appeals;
using Npgsql;
using Xunit.Abstractions;

namespace Hanan.Ops.Host.Tests.Chaos;

/// <summary>
/// The crash-safe case pipeline's invariants after a chaos run, checked through a surviving host's API and in the
/// database. Every invariant is checked and reported with its figures before the test fails, so one run tells all
/// that is wrong:
/// <list type="bullet">
/// <item>0 acknowledged appeals lost: each reads back (GET /api/cases/{id}) with the acknowledged number, and a
/// replay of its key answers 200 with the same case (never 201);</item>
/// <item>0 duplicates: acknowledged numbers are distinct, the read model holds no number twice;</item>
/// <item>every acknowledged case is in the case list, and in its lead bureau's queue while it waits there;</item>
/// <item>every case waiting on time (being handled: a claim, act-by or escalation deadline; resolved: the end of the
/// rating period) has a pending deadline in <c>case_deadline</c>;</item>
/// <item>0 answers of 500 from any host, during the load and the checks.</item>
/// </list>
/// Lists, queues and deadlines are eventually consistent: they are polled until they hold, for at most
/// <see cref="SettleTimeout"/>.
/// </summary>
internal sealed class CasePipelineInvariants : IDisposable
{
    private readonly ChaosCluster _cluster;
    private readonly HostProcess _reader;
    private readonly AppealLoad _load;
    private readonly ITestOutputHelper _output;
    private readonly HttpClient _http;
    private readonly ConcurrentQueue<string> _serverErrors = new();
    private readonly List<string> _failures = [];
    private readonly StringBuilder _figures = new();

    public CasePipelineInvariants(ChaosCluster cluster, HostProcess reader, string dispatcherToken, AppealLoad load, ITestOutputHelper output)
    {
        _cluster = cluster;
        _reader = reader;
        _load = load;
        _output = output;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) })
        {
            BaseAddress = reader.BaseAddress,
            Timeout = TimeSpan.FromSeconds(10),
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", dispatcherToken);
    }

    public TimeSpan SettleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The statuses in which a case waits on time, so the domain keeps deadlines for it (<c>CaseFile.PendingDeadlines</c>):
    /// being handled, and resolved (the rating period). Returned and under review wait on a person, not a clock.
    /// </summary>
    public static IReadOnlyList<string> WaitingStatuses { get; } =
        [nameof(CaseStatus.Dispatched), nameof(CaseStatus.InProgress), nameof(CaseStatus.AwaitingCitizen), nameof(CaseStatus.Resolved)];

    /// <summary>Checks everything, writes the figures to the test output, and fails with all the failures and the hosts' log tails.</summary>
    public async Task AssertAllAsync(string scenario)
    {
        var acks = _load.Acknowledged.Values.OrderBy(a => a.Index).ToList();
        Figure($"scenario: {scenario}");
        Figure($"offered {_load.Offered.Count}, acknowledged {acks.Count} (201: {acks.Count(a => a.StatusCode == 201)}, 200: {acks.Count(a => a.StatusCode == 200)}), "
            + $"given up {_load.GivenUp.Count}, unexpected answers {_load.Unexpected.Count}, max attempts for one appeal {(acks.Count == 0 ? 0 : acks.Max(a => a.Attempts))}");
        Figure("answers per host during the load:\n" + _load.OutcomeTable());
        foreach (var (key, last) in _load.GivenUp.Take(5))
        {
            Figure($"  given up: {key} (last: {last})");
        }

        foreach (var unexpected in _load.Unexpected.Take(5))
        {
            Figure($"  unexpected: {unexpected}");
        }

        var clock = Stopwatch.StartNew();
        var views = await ReadBackAsync(acks);
        await SettledViewsAsync(acks, views);
        await DuplicatesAsync(acks);
        await ReplayAsync(acks);

        var errors = _load.ServerErrors.Concat(_serverErrors).ToList();
        Figure($"answers of 500: {_load.ServerErrors.Count} during the load, {_serverErrors.Count} during the checks");
        foreach (var error in _load.ServerErrors.Take(3).Concat(_serverErrors.Take(3)))
        {
            Figure($"  500: {error}");
        }

        if (errors.Count > 0)
        {
            Figure("unhandled exceptions in the hosts' logs (ExceptionHandlerMiddleware): " + _cluster.UnhandledExceptions());
        }

        if (errors.Count > 0)
        {
            Fail($"{errors.Count} answers of 500 (expected 0; 503 is the answer while a silo or the database is away)");
        }

        Figure($"checks took {clock.Elapsed.TotalSeconds:0.0} s");
        _output.WriteLine(_figures.ToString());
        await File.WriteAllTextAsync(Path.Combine(_cluster.LogDirectory, "figures.txt"), _figures.ToString());
        _cluster.Passed = _failures.Count == 0;
        if (_failures.Count > 0)
        {
            var message = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"{_failures.Count} invariant(s) of the case pipeline broken in '{scenario}':")
                .AppendJoin('\n', _failures.Select(f => " - " + f)).AppendLine().AppendLine()
                .AppendLine("Figures:").AppendLine(_figures.ToString())
                .AppendLine(_cluster.Tails(25))
                .ToString();
            _failures.Should().BeEmpty(message);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>0 lost: every acknowledged case reads back with its number. Returns the case views (status, lead bureau).</summary>
    private async Task<Dictionary<Guid, JsonObject>> ReadBackAsync(List<Acknowledgement> acks)
    {
        var views = new ConcurrentDictionary<Guid, JsonObject>();
        var missing = new ConcurrentQueue<string>();
        var wrongNumber = new ConcurrentQueue<string>();
        var unreadable = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(acks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (ack, _) =>
        {
            var (code, body) = await GetWithRetriesAsync($"/api/cases/{ack.CaseId}");
            if (code == HttpStatusCode.NotFound)
            {
                missing.Enqueue($"{ack.Key} → {ack.CaseNumber} ({ack.CaseId}), acknowledged {ack.StatusCode} by {ack.Host} at {ack.At.TotalSeconds:0.0} s");
            }
            else if (code != HttpStatusCode.OK || body is null)
            {
                unreadable.Enqueue($"{ack.Key} ({ack.CaseId}): {(int)code}");
            }
            else
            {
                views[ack.CaseId] = body;
                if (body["number"]?.GetValue<string>() != ack.CaseNumber)
                {
                    wrongNumber.Enqueue($"{ack.Key}: acknowledged {ack.CaseNumber}, reads {body["number"]}");
                }
            }
        });

        Figure($"read back: {views.Count} of {acks.Count} acknowledged cases; not found (lost) {missing.Count}; other number {wrongNumber.Count}; unreadable {unreadable.Count}");
        Sample("not found", missing);
        Sample("other number", wrongNumber);
        Sample("unreadable", unreadable);
        if (!missing.IsEmpty)
        {
            Fail($"{missing.Count} of {acks.Count} acknowledged appeals are lost (GET /api/cases/{{id}} is 404)");
        }

        if (!wrongNumber.IsEmpty)
        {
            Fail($"{wrongNumber.Count} acknowledged appeals read back with another case number");
        }

        if (!unreadable.IsEmpty)
        {
            Fail($"{unreadable.Count} acknowledged cases could not be read (neither 200 nor 404 within the retries)");
        }

        return new Dictionary<Guid, JsonObject>(views);
    }

    /// <summary>0 duplicates: one case id and one number per key, no number twice in what is stored.</summary>
    private async Task DuplicatesAsync(List<Acknowledgement> acks)
    {
        var distinctIds = acks.Select(a => a.CaseId).Distinct().Count();
        var distinctNumbers = acks.Select(a => a.CaseNumber).Distinct(StringComparer.Ordinal).Count();
        Figure($"acknowledged keys {acks.Count}: distinct case ids {distinctIds}, distinct case numbers {distinctNumbers}");
        if (distinctIds != acks.Count || distinctNumbers != acks.Count)
        {
            Fail($"acknowledged keys {acks.Count} but {distinctIds} distinct case ids and {distinctNumbers} distinct case numbers");
        }

        await using var connection = await OpenAsync();
        var (rows, numbers) = await ScalarPairAsync(connection, "SELECT count(*), count(DISTINCT number) FROM case_summary");
        var caseStates = await ScalarAsync(connection, "SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'case'");
        var records = await TableExistsAsync(connection, "case_record") ? await ScalarAsync(connection, "SELECT count(*) FROM case_record") : (long?)null;
        Figure($"stored: case grain states {caseStates}, case_record rows {(records is null ? "(no table)" : records.Value.ToString(CultureInfo.InvariantCulture))}, "
            + $"case_summary rows {rows} with {numbers} distinct numbers; offered keys {_load.Offered.Count}");
        if (rows != numbers)
        {
            Fail($"case_summary holds {rows} cases but only {numbers} distinct case numbers: a number was given twice");
        }

        var stored = records ?? caseStates;
        if (stored > _load.Offered.Count)
        {
            Fail($"{stored} cases stored for {_load.Offered.Count} offered keys: a key was stored twice");
        }
    }

    /// <summary>Lists, queues and deadlines, polled until they hold or <see cref="SettleTimeout"/> passes.</summary>
    private async Task SettledViewsAsync(List<Acknowledgement> acks, Dictionary<Guid, JsonObject> views)
    {
        // Nobody claims in these runs: a case still Dispatched waits, unclaimed, in its lead bureau's queue.
        var queued = acks.Where(a => views.TryGetValue(a.CaseId, out var v) && v["status"]?.GetValue<string>() == nameof(CaseStatus.Dispatched))
            .GroupBy(a => a.LeadBureau).ToDictionary(g => g.Key, g => g.Select(a => a.CaseId).ToHashSet());
        var open = acks.Where(a => views.TryGetValue(a.CaseId, out var v)
            && WaitingStatuses.Contains(v["status"]?.GetValue<string>())).Select(a => a.CaseId).ToArray();
        Figure($"statuses read back: {string.Join(", ", views.Values.GroupBy(v => v["status"]?.GetValue<string>()).Select(g => $"{g.Key}×{g.Count()}"))}; "
            + $"waiting on time {open.Length} ({string.Join(", ", WaitingStatuses)})");

        var clock = Stopwatch.StartNew();
        var round = 0;
        while (true)
        {
            round++;
            var listed = await PageAsync("/api/cases?limit=500");
            var missingFromList = acks.Where(a => !listed.Ids.Contains(a.CaseId)).ToList();
            var missingFromQueues = new List<(string Bureau, Guid Id)>();
            foreach (var (bureau, ids) in queued)
            {
                var queue = await PageAsync($"/api/bureaus/{bureau}/queue?limit=500");
                missingFromQueues.AddRange(ids.Where(id => !queue.Ids.Contains(id)).Select(id => (bureau, id)));
            }

            var deadlines = await DeadlinesAsync(open);
            // A missing case_deadline table will not appear while we wait: only the lists and queues are waited for then.
            var settled = missingFromList.Count == 0 && missingFromQueues.Count == 0 && (deadlines.Problem is null || deadlines.TableMissing);
            if (settled || clock.Elapsed > SettleTimeout)
            {
                Figure($"after {clock.Elapsed.TotalSeconds:0.0} s ({round} rounds): case list has {listed.Ids.Count} cases "
                    + $"({listed.Numbers.Count - listed.Numbers.Distinct(StringComparer.Ordinal).Count()} numbers listed twice); "
                    + $"acknowledged missing from the list {missingFromList.Count} of {acks.Count}; "
                    + $"Dispatched missing from their lead bureau's queue {missingFromQueues.Count} of {queued.Values.Sum(q => q.Count)} "
                    + $"({string.Join(", ", missingFromQueues.GroupBy(m => m.Bureau).Select(g => $"{g.Key} {g.Count()}"))})");
                Figure("deadlines: " + deadlines.Figure);
                if (listed.Numbers.Count != listed.Numbers.Distinct(StringComparer.Ordinal).Count())
                {
                    Fail("the case list shows a case number twice");
                }

                if (missingFromList.Count > 0)
                {
                    Sample("missing from the list", missingFromList.Select(a => $"{a.CaseNumber} ({a.CaseId}) acknowledged by {a.Host} at {a.At.TotalSeconds:0.0} s"));
                    Fail($"{missingFromList.Count} of {acks.Count} acknowledged cases are not in the case list (GET /api/cases) after {SettleTimeout.TotalSeconds:0} s");
                }

                if (missingFromQueues.Count > 0)
                {
                    Fail($"{missingFromQueues.Count} of {queued.Values.Sum(q => q.Count)} open, unclaimed acknowledged cases are not in their lead bureau's queue "
                        + $"(GET /api/bureaus/{{bureau}}/queue) after {SettleTimeout.TotalSeconds:0} s");
                }

                if (deadlines.Problem is not null)
                {
                    Fail(deadlines.Problem);
                }

                return;
            }

            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Every open case has a pending deadline in <c>case_deadline</c> (schema 0050_case_pipeline.sql): no open case of
    /// the read model without one, and no open acknowledged case without one (whether or not the read model has it).
    /// </summary>
    private async Task<(string? Problem, string Figure, bool TableMissing)> DeadlinesAsync(Guid[] openAcknowledged)
    {
        await using var connection = await OpenAsync();
        if (!await TableExistsAsync(connection, "case_deadline"))
        {
            return ("table case_deadline does not exist in the test database (to_regclass('case_deadline') is null): "
                + "the durable deadlines of schema 0050_case_pipeline.sql are missing, so no open case has a pending deadline",
                "table case_deadline missing", true);
        }

        await using var summary = new NpgsqlCommand(
            "SELECT s.id FROM case_summary s WHERE s.status = ANY(@waiting) AND NOT EXISTS (SELECT 1 FROM case_deadline d WHERE d.case_id = s.id)",
            connection);
        summary.Parameters.AddWithValue("waiting", WaitingStatuses.ToArray());
        var listedWithout = new List<Guid>();
        await using (var reader = await summary.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                listedWithout.Add(reader.GetGuid(0));
            }
        }

        await using var acked = new NpgsqlCommand(
            "SELECT count(*) FROM unnest(@ids) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM case_deadline d WHERE d.case_id = a.id)", connection);
        acked.Parameters.AddWithValue("ids", openAcknowledged);
        var ackedWithout = (long)(await acked.ExecuteScalarAsync())!;
        var figure = $"open cases of case_summary without a deadline {listedWithout.Count}; open acknowledged cases without a deadline {ackedWithout} of {openAcknowledged.Length}";
        return listedWithout.Count == 0 && ackedWithout == 0
            ? (null, figure, false)
            : ($"open cases without a pending deadline in case_deadline: {listedWithout.Count} in case_summary, {ackedWithout} of {openAcknowledged.Length} acknowledged", figure, false);
    }

    /// <summary>A retry with the same key answers 200 with the same case: never 201 (it was not stored) nor another number.</summary>
    private async Task ReplayAsync(List<Acknowledgement> acks)
    {
        var created = new ConcurrentQueue<string>();
        var other = new ConcurrentQueue<string>();
        var failed = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(acks, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (ack, ct) =>
        {
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                HttpStatusCode? code = null;
                try
                {
                    using var response = await _http.PostAsJsonAsync(new Uri("/api/appeals", UriKind.Relative), _load.Body(ack.Index), ct);
                    code = response.StatusCode;
                    if (code is HttpStatusCode.OK or HttpStatusCode.Created)
                    {
                        var receipt = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
                        if (code == HttpStatusCode.Created)
                        {
                            created.Enqueue($"{ack.Key}: 201 {receipt!["caseNumber"]} (acknowledged {ack.CaseNumber})");
                        }

                        if (receipt!["caseNumber"]!.GetValue<string>() != ack.CaseNumber || receipt["caseId"]!.GetValue<Guid>() != ack.CaseId)
                        {
                            other.Enqueue($"{ack.Key}: acknowledged {ack.CaseNumber}, replay {receipt["caseNumber"]}");
                        }

                        return;
                    }

                    if (code == HttpStatusCode.InternalServerError)
                    {
                        _serverErrors.Enqueue($"{_reader.Name} replay of {ack.Key}: {AppealLoad.Cut(await response.Content.ReadAsStringAsync(ct))}");
                    }
                    else if (code != HttpStatusCode.ServiceUnavailable)
                    {
                        failed.Enqueue($"{ack.Key}: {(int)code} {AppealLoad.Cut(await response.Content.ReadAsStringAsync(ct))}");
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }

                if (deadline.Elapsed > TimeSpan.FromSeconds(20))
                {
                    failed.Enqueue($"{ack.Key}: no answer within 20 s (last {code})");
                    return;
                }

                await Task.Delay(200, ct);
            }
        });

        Figure($"replay of every acknowledged key on {_reader.Name}: 201 (was not stored) {created.Count}, another case {other.Count}, failed {failed.Count}");
        Sample("replay 201", created);
        Sample("replay other case", other);
        Sample("replay failed", failed);
        if (!created.IsEmpty)
        {
            Fail($"{created.Count} acknowledged keys were filed anew on replay (201): they had been lost");
        }

        if (!other.IsEmpty)
        {
            Fail($"{other.Count} acknowledged keys gave another case on replay: duplicates");
        }

        if (!failed.IsEmpty)
        {
            Fail($"{failed.Count} replays got no 200/201");
        }
    }

    private async Task<(HttpStatusCode Code, JsonObject? Body)> GetWithRetriesAsync(string path)
    {
        var clock = Stopwatch.StartNew();
        var last = (HttpStatusCode)0;
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            try
            {
                using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
                last = response.StatusCode;
                if (response.StatusCode is HttpStatusCode.OK)
                {
                    return (last, await response.Content.ReadFromJsonAsync<JsonObject>());
                }

                if (response.StatusCode == HttpStatusCode.InternalServerError)
                {
                    _serverErrors.Enqueue($"{_reader.Name} GET {path}: {AppealLoad.Cut(await response.Content.ReadAsStringAsync())}");
                }
                else if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    return (last, null);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        return (last, null);
    }

    private async Task<(HashSet<Guid> Ids, List<string> Numbers)> PageAsync(string path)
    {
        var ids = new HashSet<Guid>();
        var numbers = new List<string>();
        string? cursor = null;
        do
        {
            var (code, page) = await GetWithRetriesAsync(cursor is null ? path : $"{path}&after={Uri.EscapeDataString(cursor)}");
            if (code != HttpStatusCode.OK || page is null)
            {
                throw new InvalidOperationException($"GET {path} answered {(int)code}.\n{_reader.Tail()}");
            }

            foreach (var item in page["items"]!.AsArray())
            {
                ids.Add(item!["id"]!.GetValue<Guid>());
                numbers.Add(item["number"]!.GetValue<string>());
            }

            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        return (ids, numbers);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_cluster.Database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<bool> TableExistsAsync(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@t) IS NOT NULL", connection);
        command.Parameters.AddWithValue("t", table);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<(long, long)> ScalarPairAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>A line of figures for the report (scenario events, timings).</summary>
    public void Figure(string line) => _figures.AppendLine(line);

    /// <summary>A broken invariant, reported with the others.</summary>
    public void Fail(string failure) => _failures.Add(failure);

    private void Sample(string what, IEnumerable<string> items)
    {
        foreach (var item in items.Take(3))
        {
            Figure($"  {what}: {item}");
        }
    }
}
