namespace Hanan.Ops.Domain.Population;

/// <summary>Rules of the grid workers' duties: visits (走访入户), notices (传达) and ratings of the bureaus (监督).</summary>
public static class DutyRules
{
    public const int MaxNotesLength = 2000;

    public const int MaxTitleLength = 100;

    public const int MaxNoticeGrids = 20;

    /// <summary>Why a visit's record changes are refused, or null: notes within bounds, tags defined, fitting the age, not added and removed at once.</summary>
    public static string? CheckVisit(string? notes, ResidentTags add, ResidentTags remove, int age)
    {
        if (notes is { Length: > MaxNotesLength })
        {
            return $"The notes have more than {MaxNotesLength} characters.";
        }

        if ((add & remove) != 0)
        {
            return "A tag cannot be added and removed in the same visit.";
        }

        return ResidentTagRules.CheckAge(add, age) ?? ((remove & ~ResidentTagRules.All) != 0 ? "The tags include an undefined value." : null);
    }

    /// <summary>The tags after a visit.</summary>
    public static ResidentTags AfterVisit(ResidentTags tags, ResidentTags add, ResidentTags remove) => (tags | add) & ~remove;

    /// <summary>A supervisor's rating of a bureau's service in the grid: the five 好差评 levels, 1 to 5.</summary>
    public static string? CheckRating(int score) => score is >= 1 and <= 5 ? null : "The score is one of the five levels, 1 (非常不满意) to 5 (非常满意).";
}

/// <summary>
/// Who a notice (传达) reached: the recipients fixed when it is sent, who received it and who read it. Reading implies
/// receiving; acknowledging twice changes nothing; only recipients can acknowledge.
/// </summary>
public sealed class NoticeDelivery
{
    private readonly HashSet<Guid> _recipients;
    private readonly HashSet<Guid> _received = [];
    private readonly HashSet<Guid> _read = [];

    public NoticeDelivery(IEnumerable<Guid> recipients, IEnumerable<Guid>? received = null, IEnumerable<Guid>? read = null)
    {
        _recipients = [.. recipients];
        foreach (var id in read ?? [])
        {
            Acknowledge(id, read: true);
        }

        foreach (var id in received ?? [])
        {
            Acknowledge(id, read: false);
        }
    }

    public int Recipients => _recipients.Count;

    public int Received => _received.Count;

    public int Read => _read.Count;

    public IReadOnlyCollection<Guid> ReceivedBy => _received;

    public IReadOnlyCollection<Guid> ReadBy => _read;

    public bool IsRecipient(Guid residentId) => _recipients.Contains(residentId);

    /// <summary>Records that a recipient received (and perhaps read) the notice.</summary>
    /// <returns>True when anything changed; false for a repeat or someone who is not a recipient.</returns>
    public bool Acknowledge(Guid residentId, bool read)
    {
        if (!_recipients.Contains(residentId))
        {
            return false;
        }

        var changed = _received.Add(residentId);
        return (read && _read.Add(residentId)) || changed;
    }

    public IEnumerable<Guid> NotYetRead => _recipients.Where(r => !_read.Contains(r));
}
