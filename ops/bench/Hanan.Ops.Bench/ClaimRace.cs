using System.Diagnostics;
using Spectre.Console;

namespace Hanan.Ops.Bench;

/// <summary>
/// The claim race: per round, one fresh case and <c>claimants</c> officers claiming it at the same moment, while the
/// bureau's officer consoles watch for the claim.
/// </summary>
public static class ClaimRace
{
    private const string Bureau = "urban-management";

    public static async Task<ClaimResult> RunAsync(DistrictClient client, OfficerConsoles consoles, int rounds, int claimants, TimeSpan limit,
        TimeSpan settle, ProgressTask progress, CancellationToken cancel)
    {
        progress.MaxValue = rounds;
        var latency = new Latency();
        var fanout = new Latency();
        var reread = new Latency();
        long missedAtConsoles = 0, notReread = 0;
        consoles.TakeRereads();
        var errors = new Errors();
        int completed = 0, roundsWithOneWinner = 0;
        long won = 0, lost = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        for (var round = 0; round < rounds && Stopwatch.GetTimestamp() < deadline; round++)
        {
            var filed = await client.FileAsync(cancel);
            if (filed.CaseId is null)
            {
                errors.Add($"filing the case: http {filed.Status}");
                continue;
            }

            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            long start = 0;
            var claims = Enumerable.Range(0, claimants).Select(k => Task.Run(async () =>
            {
                await go.Task;
                try
                {
                    var status = await client.ClaimAsync(filed.CaseId, Bureau, $"bench-officer-{k:00}", cancel);
                    latency.RecordSince(Interlocked.Read(ref start), Stopwatch.GetTimestamp());
                    return status;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    errors.Add(Errors.Kind(e));
                    return 0;
                }
            }, cancel)).ToList();

            await Task.Delay(20, cancel);
            Interlocked.Exchange(ref start, Stopwatch.GetTimestamp());
            consoles.Await(filed.CaseNumber!, Interlocked.Read(ref start), fanout, reread);
            go.SetResult();
            var statuses = await Task.WhenAll(claims);
            if (statuses.Contains(200))
            {
                var (missed, unread) = await consoles.SettleAsync(settle);
                missedAtConsoles += missed;
                notReread += unread;
            }

            var winners = statuses.Count(s => s == 200);
            won += winners;
            lost += statuses.Count(s => s == 409);
            foreach (var s in statuses.Where(s => s is not (200 or 409 or 0)))
            {
                errors.Add($"http {s}");
            }

            roundsWithOneWinner += winners == 1 ? 1 : 0;
            completed++;
            progress.Value = completed;
        }

        progress.Value = progress.MaxValue;
        return new ClaimResult(completed, claimants, roundsWithOneWinner, won, lost, latency.Summary(), errors.Snapshot(),
            consoles.Count, fanout.Summary(), missedAtConsoles, reread.Summary(), notReread, consoles.TakeRereads());
    }
}

/// <summary>
/// Claim race figures: latency of every claim answer, of the claim reaching every officer console, and of the re-read
/// that message caused at each console being answered, all measured from the moment all claims were released.
/// ConsoleRereads tallies every re-read the consoles made during the race (of every activity message).
/// </summary>
public sealed record ClaimResult(
    int Rounds,
    int ClaimantsPerRound,
    int RoundsWithExactlyOneWinner,
    long Won,
    long Lost,
    Percentiles AnswerMs,
    IReadOnlyDictionary<string, long> Errors,
    int Consoles,
    Percentiles ConsoleMs,
    long MissedAtConsoles,
    Percentiles ConsoleRereadMs,
    long NotRereadAtConsoles,
    RereadTally ConsoleRereads);
