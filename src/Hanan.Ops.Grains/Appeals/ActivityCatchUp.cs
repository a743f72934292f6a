using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Grains.Appeals;

/// <summary>
/// What one consumer of one partition of case activity has seen, and what it missed: the stream is the fast path, the
/// activity log (<see cref="ICaseStore.ActivityAfterAsync"/>) the truth. The consumer reports each position the stream
/// delivers (<see cref="Saw"/>); <see cref="MissedAsync"/> reads the log after the consumer's durable cursor, returns
/// the settled entries the stream did not deliver, and moves the cursor over them.
/// </summary>
/// <remarks>
/// Memory stays bounded: only positions above the cursor are remembered, and the cursor moves with every look. A
/// consumer seen for the first time starts at the end of the log: it was not there to miss anything.
/// </remarks>
public sealed class ActivityCatchUp(ICaseStore store, string consumer, int partition)
{
    private const int Page = 500;
    private readonly HashSet<long> _seen = [];
    private long? _cursor;

    /// <summary>The stream delivered the entry at <paramref name="position"/> (0: a re-announcement, not logged).</summary>
    public void Saw(long position)
    {
        if (position > 0 && (_cursor is null || position > _cursor))
        {
            _seen.Add(position);
        }
    }

    /// <summary>The settled entries after the cursor that the stream did not deliver, in log order; the cursor moves past them.</summary>
    public async Task<IReadOnlyList<CaseActivity>> MissedAsync(TimeSpan settled)
    {
        if (_cursor is null)
        {
            var stored = await store.CursorAsync(consumer, partition);
            if (stored is null)
            {
                stored = await store.LogEndAsync(partition);
                await store.SaveCursorAsync(consumer, partition, stored.Value);
            }

            _cursor = stored;
        }

        var start = _cursor.Value;
        var missed = new List<CaseActivity>();
        while (true)
        {
            var page = await store.ActivityAfterAsync(partition, _cursor.Value, Page, settled);
            foreach (var entry in page)
            {
                if (!_seen.Remove(entry.Position))
                {
                    missed.Add(entry.Activity);
                }
            }

            if (page.Count > 0)
            {
                _cursor = page[^1].Position;
            }

            if (page.Count < Page)
            {
                break;
            }
        }

        var cursor = _cursor.Value;
        _seen.RemoveWhere(p => p <= cursor);
        if (cursor != start)
        {
            await store.SaveCursorAsync(consumer, partition, cursor);
        }

        return missed;
    }
}
