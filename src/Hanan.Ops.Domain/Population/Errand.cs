namespace Hanan.Ops.Domain.Population;

/// <summary>Where an errand a grid worker runs for a resident stands (代办事项).</summary>
public enum ErrandStatus
{
    /// <summary>受理: taken on.</summary>
    Accepted,

    /// <summary>办理中: the worker reported progress.</summary>
    InProgress,

    /// <summary>办结: done, with its result.</summary>
    Done,

    /// <summary>撤销: withdrawn.</summary>
    Cancelled,
}

/// <summary>One line of an errand's trace (留痕): when, who, what, a note.</summary>
public sealed record ErrandTraceEntry(DateTimeOffset At, string By, string Action, string Note);

/// <summary>
/// An errand (代办) a grid worker runs on a resident's behalf: every step is traced. Progress and completion are open
/// while the errand is accepted or in progress; completion needs the result; a finished errand takes no more steps.
/// </summary>
public sealed class Errand
{
    public const int MaxTextLength = 2000;

    private readonly List<ErrandTraceEntry> _trace;

    private Errand(ErrandStatus status, List<ErrandTraceEntry> trace)
    {
        Status = status;
        _trace = trace;
    }

    public ErrandStatus Status { get; private set; }

    public IReadOnlyList<ErrandTraceEntry> Trace => _trace;

    public bool IsOpen => Status is ErrandStatus.Accepted or ErrandStatus.InProgress;

    public static Errand Accept(string agent, string description, DateTimeOffset at) =>
        new(ErrandStatus.Accepted, [new ErrandTraceEntry(at, agent, "accepted", description)]);

    /// <summary>Rebuilds an errand from its stored status and trace.</summary>
    public static Errand Restore(ErrandStatus status, IEnumerable<ErrandTraceEntry> trace) => new(status, [.. trace]);

    /// <summary>Applies a step (<c>progress</c>, <c>complete</c>, <c>cancel</c>); returns why it is refused, or null when applied.</summary>
    public string? Step(string action, string by, string? note, DateTimeOffset at)
    {
        if (!IsOpen)
        {
            return $"The errand is {Status.ToString().ToLowerInvariant()}; it takes no more steps.";
        }

        if (note is { Length: > MaxTextLength })
        {
            return $"The note has more than {MaxTextLength} characters.";
        }

        ErrandStatus next;
        switch (action)
        {
            case "progress":
                next = ErrandStatus.InProgress;
                break;
            case "complete" when string.IsNullOrWhiteSpace(note):
                return "Completing an errand needs its result in the note.";
            case "complete":
                next = ErrandStatus.Done;
                break;
            case "cancel":
                next = ErrandStatus.Cancelled;
                break;
            default:
                return $"'{action}' is not a step; the steps are progress, complete and cancel.";
        }

        Status = next;
        _trace.Add(new ErrandTraceEntry(at, by, action, note?.Trim() ?? ""));
        return null;
    }
}
