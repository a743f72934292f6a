using Hanan.Ops.Domain.Population;

namespace Hanan.Ops.Contracts.Residents;

/// <summary>An errand (代办) a grid worker takes on for a resident.</summary>
[GenerateSerializer, Immutable, Alias("hanan.residents.ErrandDraft")]
public sealed record ErrandDraft(
    [property: Id(0)] Guid ResidentId,
    [property: Id(1)] string GridCode,
    [property: Id(2)] string Kind,
    [property: Id(3)] string Description,
    [property: Id(4)] string Agent,
    [property: Id(5)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("hanan.residents.ErrandTraceView")]
public sealed record ErrandTraceView(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string By,
    [property: Id(2)] string Action,
    [property: Id(3)] string Note);

/// <summary>An errand with its trace (留痕).</summary>
[GenerateSerializer, Immutable, Alias("hanan.residents.ErrandView")]
public sealed record ErrandView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] Guid ResidentId,
    [property: Id(2)] string GridCode,
    [property: Id(3)] string Kind,
    [property: Id(4)] string Description,
    [property: Id(5)] string Agent,
    [property: Id(6)] ErrandStatus Status,
    [property: Id(7)] IReadOnlyList<ErrandTraceView> Trace);

/// <summary>The outcome of a step: the errand afterwards, or why not (null errand: no such errand).</summary>
[GenerateSerializer, Immutable, Alias("hanan.residents.ErrandOutcome")]
public sealed record ErrandOutcome(
    [property: Id(0)] ErrandView? Errand,
    [property: Id(1)] string? Refusal);

/// <summary>One errand, keyed by its id (state <c>errand</c>).</summary>
[Alias("hanan.residents.IErrandGrain")]
public interface IErrandGrain : IGrainWithGuidKey
{
    /// <summary>Takes the errand on once (stored before answering); a repeat answers the stored errand.</summary>
    [Alias("Accept")]
    Task<ErrandView> Accept(ErrandDraft draft);

    /// <summary>A step: <c>progress</c>, <c>complete</c> (with the result) or <c>cancel</c>; traced and stored before answering.</summary>
    [Alias("Step")]
    Task<ErrandOutcome> Step(string action, string by, string? note);

    [Alias("Get")]
    Task<ErrandView?> Get();
}
