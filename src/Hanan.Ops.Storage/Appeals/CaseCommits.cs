using Hanan.Ops.Contracts.Appeals;

namespace Hanan.Ops.Storage.Appeals;

/// <summary>What every case store checks of a change before it takes it: the rules both stores share.</summary>
internal static class CaseCommits
{
    /// <exception cref="ArgumentException">The change is malformed: nothing is stored.</exception>
    public static void Check(CaseCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.Version < 1)
        {
            throw new ArgumentException($"A case is stored at version 1 or above (is {commit.Version}).", nameof(commit));
        }

        if (commit.State is null || commit.State.Length == 0)
        {
            throw new ArgumentException("A case is stored with its state.", nameof(commit));
        }

        if (commit.Summary is { } summary && summary.Id != commit.CaseId)
        {
            throw new ArgumentException($"The summary of case {summary.Id} was given with case {commit.CaseId}.", nameof(commit));
        }

        if (commit.Activities.FirstOrDefault(a => a.CaseId != commit.CaseId) is { } stray)
        {
            throw new ArgumentException($"An activity of case {stray.CaseId} was given with case {commit.CaseId}.", nameof(commit));
        }

        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in commit.Deadlines)
        {
            if (string.IsNullOrWhiteSpace(d.Kind) || !kinds.Add(d.Kind))
            {
                throw new ArgumentException($"A case has at most one pending deadline of each kind ('{d.Kind}').", nameof(commit));
            }
        }
    }
}
