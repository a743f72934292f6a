using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hanan.Ops.Bench;

/// <summary>
/// An officer console of one bureau: a real SignalR client joined to the bureau's group that, like officer.js,
/// re-reads the case with its own token on every <c>caseActivity</c> message (<see cref="CaseRereads"/>). It pairs each
/// filed case (by its case number) with the first <c>caseActivity</c> message for it, whichever of the two arrives
/// first, and records send → screen latency (the message arrived), and send → the re-read that message caused answered.
/// </summary>
public sealed class LiveWatch : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly CaseRereads _rereads;
    private readonly CancellationToken _cancel;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<Entry> _open = [];

    private LiveWatch(HubConnection connection, CaseRereads rereads, CancellationToken cancel)
    {
        _connection = connection;
        _rereads = rereads;
        _cancel = cancel;
    }

    public static async Task<LiveWatch> ConnectAsync(DistrictClient client, Uri host, string bureauId, string token, CancellationToken cancel)
    {
        var connection = Waiting.DistrictHub(host, token);
        var watch = new LiveWatch(connection, new CaseRereads(client, token), cancel);
        connection.On<JsonElement>("caseActivity", watch.OnMessage);
        await connection.StartAsync(cancel);
        await connection.InvokeAsync("JoinBureau", bureauId, cancel);
        return watch;
    }

    /// <summary>Cases filed whose first live message has not arrived yet, or whose re-read has not been answered yet.</summary>
    public int Awaiting
    {
        get
        {
            lock (_gate)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>
    /// The case <paramref name="caseNumber"/> was filed at <paramref name="startTimestamp"/>: its first message's arrival
    /// goes to <paramref name="live"/>, the answer of the re-read that message caused to <paramref name="reread"/>.
    /// </summary>
    public void Expect(string caseNumber, long startTimestamp, Latency live, Latency reread)
    {
        lock (_gate)
        {
            var entry = EntryOf(caseNumber);
            if (entry.Closed)
            {
                return;
            }

            entry.Start = startTimestamp;
            entry.Live = live;
            entry.Reread = reread;
            _open.Add(entry);
            Record(entry);
        }
    }

    /// <summary>
    /// Waits (bounded) for outstanding messages and their re-reads; returns how many cases never showed and how many
    /// re-reads of a shown case were not answered by then (failed re-reads count in <see cref="TakeRereads"/>), and
    /// forgets them.
    /// </summary>
    public async Task<(int NeverShown, int NotReread)> SettleAsync(TimeSpan limit)
    {
        // Also the re-reads of untimed messages (follow-up activity): the next run starts without this run's backlog if it can.
        await Waiting.UntilAsync(() => Awaiting == 0 && _rereads.InFlight == 0, limit);

        lock (_gate)
        {
            var neverShown = _open.Count(e => e.ArrivedAt is null);
            var notReread = _open.Count(e => e.ArrivedAt is not null && !e.ReadSettled);
            foreach (var entry in _open)
            {
                entry.Closed = true;
            }

            _open.Clear();
            return (neverShown, notReread);
        }
    }

    /// <summary>This console's re-reads since the last call (of every message, not only the timed ones).</summary>
    public RereadTally TakeRereads() => _rereads.Take();

    private void OnMessage(JsonElement message)
    {
        var at = Stopwatch.GetTimestamp();
        Entry? timed = null;
        if (message.TryGetProperty("number", out var n) && n.GetString() is { } number)
        {
            lock (_gate)
            {
                var entry = EntryOf(number);
                if (entry.ArrivedAt is null && !entry.Closed)
                {
                    entry.ArrivedAt = at;
                    timed = entry;
                    Record(entry);
                }
            }
        }

        // Every message causes its re-read, as in the browser; only the first message of a case is timed.
        _rereads.OnActivity(message, at, timed is null ? null : readAt => ReadDone(timed, readAt), _cancel);
    }

    private void ReadDone(Entry entry, long? at)
    {
        lock (_gate)
        {
            entry.ReadAt = at;
            entry.ReadSettled = true;
            Record(entry);
        }
    }

    /// <summary>Records what the entry can give (under the lock) and closes it once both latencies are settled.</summary>
    private void Record(Entry entry)
    {
        if (entry.Start is not { } start || entry.Closed)
        {
            return;
        }

        if (entry.ArrivedAt is { } arrived && !entry.LiveRecorded)
        {
            entry.Live!.RecordSince(start, arrived);
            entry.LiveRecorded = true;
        }

        if (entry.ReadSettled && !entry.ReadRecorded)
        {
            if (entry.ReadAt is { } read)
            {
                entry.Reread!.RecordSince(start, read);
            }

            entry.ReadRecorded = true;
        }

        if (entry.LiveRecorded && entry.ReadRecorded)
        {
            entry.Closed = true;
            _open.Remove(entry);
        }
    }

    private Entry EntryOf(string number)
    {
        if (!_entries.TryGetValue(number, out var entry))
        {
            entry = new Entry();
            _entries[number] = entry;
        }

        return entry;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _rereads.Dispose();
    }

    /// <summary>One case as this console sees it: when it was filed, when its first message came, when that re-read was answered.</summary>
    private sealed class Entry
    {
        public long? Start;
        public Latency? Live;
        public Latency? Reread;
        public long? ArrivedAt;
        public long? ReadAt;
        public bool ReadSettled;
        public bool LiveRecorded;
        public bool ReadRecorded;
        public bool Closed;
    }
}
