using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Grains.Calendar;

/// <summary>
/// The working-day calendar this silo computes deadlines with, replaced whole when the district loads a year's
/// official notice (on any host: each silo reads the stored years again, <c>CalendarSync</c> in the host) or when the
/// clock reaches a year that needs its provisional successor. A decision reads <see cref="Current"/> once and computes
/// all its deadlines with that immutable calendar, so none is computed half with the old and half with the new data.
/// Deadlines already computed stay as stored: a new calendar moves none of them by itself.
/// </summary>
public sealed class LiveCalendar(WorkingCalendar initial)
{
    private volatile Snapshot _snapshot = new(initial, 0);

    /// <summary>The calendar to compute with now.</summary>
    public WorkingCalendar Current => _snapshot.Calendar;

    /// <summary>The revision of the stored calendar data <see cref="Current"/> was built from (0: the shipped years only).</summary>
    public long Revision => _snapshot.Revision;

    /// <summary>Makes <paramref name="calendar"/> current unless a calendar of a later revision already is.</summary>
    public bool Apply(WorkingCalendar calendar, long revision)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        while (true)
        {
            var seen = _snapshot;
            if (revision < seen.Revision)
            {
                return false;
            }

#pragma warning disable CS0420 // A volatile field passed by reference: Interlocked gives it the same guarantees.
            if (Interlocked.CompareExchange(ref _snapshot, new Snapshot(calendar, revision), seen) == seen)
#pragma warning restore CS0420
            {
                return true;
            }
        }
    }

    private sealed record Snapshot(WorkingCalendar Calendar, long Revision);
}
