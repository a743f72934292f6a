namespace Hanan.Ops.Domain.Appeals;

/// <summary>
/// One thing a case waits for time to do (a deadline of one kind), and when it falls due. The kind names what
/// (<c>escalation:Overdue</c>, <c>claim:housing</c>, <c>act:housing</c>, <c>rating</c>), so a case has at most one
/// pending deadline per kind.
/// </summary>
public sealed record PendingDeadline(string Kind, DateTimeOffset Due);
