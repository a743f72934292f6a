using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Hanan.Ops.Domain.Appeals;

/// <summary>
/// The outcome of an operation on a <see cref="CaseFile"/>: accepted with the case after it and the events that
/// happened, or refused. An accepted operation that changes nothing has no events and the same case (same
/// <see cref="CaseFile.Version"/>); one that changes something has at least one event and version + 1.
/// </summary>
public sealed class Decision
{
    private Decision(CaseFile @case, ImmutableArray<CaseEvent> events, Refusal? refusal)
    {
        Case = @case;
        Events = events;
        Refusal = refusal;
    }

    /// <summary>The case after the operation: the new one when accepted, the unchanged one when refused.</summary>
    public CaseFile Case { get; }

    /// <summary>What happened, in order; empty when refused or when nothing changed.</summary>
    public ImmutableArray<CaseEvent> Events { get; }

    /// <summary>Why the operation was refused; null when accepted.</summary>
    public Refusal? Refusal { get; }

    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsAccepted => Refusal is null;

    /// <summary>Accepted and something changed: persist <see cref="Case"/> and publish <see cref="Events"/>.</summary>
    public bool HasChanges => !Events.IsEmpty;

    internal static Decision Accepted(CaseFile @case, ImmutableArray<CaseEvent> events) => new(@case, events, null);

    internal static Decision Unchanged(CaseFile @case) => new(@case, [], null);

    internal static Decision Refused(CaseFile @case, Refusal refusal) => new(@case, [], refusal);
}
