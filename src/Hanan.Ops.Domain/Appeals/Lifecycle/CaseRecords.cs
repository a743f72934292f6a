using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Domain.Appeals;

/// <summary>Why a case is hot (热点): handled with priority and watched by the command centre.</summary>
public enum HotReason
{
    /// <summary>Its category is an emergency category.</summary>
    Emergency,

    /// <summary>Many appeals of the same kind came from the same place in a short time.</summary>
    Cluster,

    /// <summary>A dispatcher flagged it.</summary>
    Dispatcher,
}

/// <summary>How a closed case was closed.</summary>
public enum CaseClosure
{
    /// <summary>The citizen rated it 3 (基本满意) or better.</summary>
    Rated,

    /// <summary>The rating period ran out without a rating; never counted as satisfied.</summary>
    NotRated,

    /// <summary>The supervision bureau closed it after a review.</summary>
    Reviewed,
}

/// <summary>How a bad rating reopens a case: the time limit for rectification (整改, e.g. 15wd) and how many reopenings are allowed before the supervision bureau reviews the case instead.</summary>
public sealed record ReopenPolicy
{
    public ReopenPolicy(TimeLimit rectificationLimit, int maxReopenings)
    {
        ArgumentNullException.ThrowIfNull(rectificationLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(maxReopenings);
        RectificationLimit = rectificationLimit;
        MaxReopenings = maxReopenings;
    }

    public TimeLimit RectificationLimit { get; }

    /// <summary>K: a bad rating on a case already reopened K times sends it to review instead of reopening it.</summary>
    public int MaxReopenings { get; }
}

/// <summary>An extension (延期) the lead officer asked for, waiting for a supervisor.</summary>
public sealed record ExtensionRequest(string BureauId, string OfficerId, string Reason, TimeLimit Extra, DateTimeOffset RequestedAt);

/// <summary>A decided extension request: who decided, when, why, and the new due instant when approved.</summary>
public sealed record ExtensionDecision(
    ExtensionRequest Request,
    bool Approved,
    string SupervisorId,
    string? Reason,
    DateTimeOffset DecidedAt,
    DateTimeOffset? NewDue);

/// <summary>A citizen's rating (好差评) of one round of handling, against the lead bureau of that round.</summary>
public sealed record RatingRecord(int Level, string? Comment, string CitizenId, string BureauId, DateTimeOffset At);

/// <summary>A return (退单) by a bureau.</summary>
public sealed record ReturnRecord(string BureauId, AssignmentRole Role, string OfficerId, string Reason, DateTimeOffset At);
