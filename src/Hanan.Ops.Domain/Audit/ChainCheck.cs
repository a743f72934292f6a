using System.Globalization;

namespace Hanan.Ops.Domain.Audit;

/// <summary>
/// One verification of the audit log (<see cref="AuditChain.Verify"/>): where the log may start, every record's
/// link and place, and every anchor. It walks the records once, keeping the link the next record must continue
/// from, and reports each deviation instead of stopping at the first.
/// </summary>
internal sealed class ChainCheck(IReadOnlyList<AuditRecord> records, AuditKeyRing? keys, IReadOnlyList<AnchorLine> anchors)
{
    private enum Seal
    {
        Valid,
        Broken,
        Unkeyed,
        UnknownKey,
    }

    private readonly List<AuditFinding> _findings = [];
    private readonly HashSet<(AuditBreak, long?, string?)> _seen = [];
    private Seal[] _seals = [];
    private bool _startsAtCheckpoint;

    public AuditVerification Run()
    {
        _seals = SealAll(out var unkeyed);
        if (records.Count > 0)
        {
            CheckRecords(StartLink());
        }

        var anchorsChecked = CheckAnchors();
        var findings = _findings.OrderBy(f => f.Sequence ?? long.MaxValue).ToList();
        return new AuditVerification(
            findings.Count == 0,
            records.Count,
            records.Count == 0 ? 0 : records[0].Sequence,
            records.Count == 0 ? 0 : records[^1].Sequence,
            records.Count == 0 ? AuditChain.Genesis : records[^1].Hash,
            unkeyed,
            anchorsChecked,
            findings.Count,
            [.. findings.Take(AuditChain.MaxFindings)]);
    }

    private void Add(AuditBreak kind, long? sequence, string problem, string? anchor = null)
    {
        if (_seen.Add((kind, sequence, anchor)))
        {
            _findings.Add(new AuditFinding(kind, sequence, anchor, problem));
        }
    }

    /// <summary>Each record's own link: keyed and verifying, broken, unkeyed after keyed records (a downgrade), or keyed with an unknown key.</summary>
    private Seal[] SealAll(out long unkeyed)
    {
        var seals = new Seal[records.Count];
        var keyedSeen = false;
        unkeyed = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (r.KeyId is null)
            {
                unkeyed++;
                seals[i] = keyedSeen ? Seal.Unkeyed : AuditChain.HashOf(r) == r.Hash ? Seal.Valid : Seal.Broken;
                continue;
            }

            keyedSeen = true;
            seals[i] = keys is null || !keys.TryGet(r.KeyId, out var key) ? Seal.UnknownKey
                : key.Mac(AuditChain.CanonicalEncoding(r)) == r.Hash ? Seal.Valid : Seal.Broken;
        }

        return seals;
    }

    /// <summary>
    /// The link the first record must continue from: the genesis for record 1, or what a checkpoint whose link
    /// verifies names. Null (after a finding) when the beginning is not accounted for; checking resumes from the
    /// first record.
    /// </summary>
    private string? StartLink()
    {
        var starts = new List<(long Sequence, string Hash)> { (1L, AuditChain.Genesis) };
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i].Entry.Action == AuditChain.CheckpointAction && _seals[i] == Seal.Valid
                && AuditChain.TryParseCheckpoint(records[i].Entry.Target, out var s, out var h))
            {
                starts.Add((s, h));
            }
        }

        var first = records[0];
        var named = starts.Where(p => p.Sequence == first.Sequence).Select(p => p.Hash).ToList();
        if (named.Count == 0)
        {
            var expected = starts.Where(p => p.Sequence < first.Sequence).Select(p => p.Sequence).DefaultIfEmpty(1).Max();
            Add(AuditBreak.Missing, expected, Text(
                $"The log starts at record {first.Sequence}, but records {expected}..{first.Sequence - 1} are missing: no checkpoint with a valid link names record {first.Sequence} as the start."));
            return null;
        }

        if (!named.Contains(first.PreviousHash, StringComparer.Ordinal))
        {
            Add(AuditBreak.Missing, first.Sequence, Text(
                $"Record {first.Sequence} does not link to where the log starts: a record before it was deleted, or it was replaced."));
            return null;
        }

        _startsAtCheckpoint = first.Sequence != 1;
        return first.PreviousHash;
    }

    private void CheckRecords(string? link)
    {
        var byHash = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            byHash.TryAdd(records[i].Hash, i);
        }

        // Records reported as reordered: the record stored after them may still link to them.
        var displaced = new HashSet<string>(StringComparer.Ordinal);
        long? before = null;
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var continues = link is not null && r.PreviousHash == link;
            var linked = link is null || continues || displaced.Remove(r.PreviousHash);
            var next = i + 1 < records.Count ? records[i + 1] : null;
            var skipped = link is not null && next is not null && next.PreviousHash == link;
            var seal = _seals[i];
            if (seal == Seal.UnknownKey)
            {
                Add(AuditBreak.UnknownKey, r.Sequence, Text(
                    $"Record {r.Sequence} is keyed with key id '{r.KeyId}', which the verifier does not have: its link cannot be checked."));
            }
            else if (seal is Seal.Broken or Seal.Unkeyed)
            {
                var why = seal == Seal.Unkeyed
                    ? "it carries a plain hash and no key id, although keyed records come before it"
                    : "its link does not verify with its key";
                if (r.Entry.Action == AuditChain.CheckpointAction)
                {
                    Add(AuditBreak.ForgedCheckpoint, r.Sequence, Text(
                        $"Checkpoint record {r.Sequence} is forged: {why}; the starting point it names is not accepted."));
                }
                else if (skipped)
                {
                    Add(AuditBreak.Inserted, r.Sequence, Text($"Record {r.Sequence} was inserted: {why}, and record {next!.Sequence} links past it."));
                }
                else
                {
                    Add(AuditBreak.Altered, r.Sequence, Text($"Record {r.Sequence} was altered: {why}."));
                }

                if (skipped)
                {
                    before = r.Sequence;
                    continue;
                }
            }
            else if (linked)
            {
                if (continues && before is { } b && r.Sequence != b + 1)
                {
                    Add(AuditBreak.Renumbered, r.Sequence, Text($"Record {r.Sequence} follows record {b} in the chain, but its number was changed."));
                }
            }
            else if (byHash.TryGetValue(r.PreviousHash, out var j) && j > i)
            {
                Add(AuditBreak.Reordered, r.Sequence, Text(
                    $"Record {r.Sequence} belongs after record {records[j].Sequence}, which is stored after it: records were reordered."));
                displaced.Add(r.Hash);
                before = r.Sequence;
                continue;
            }
            else if (skipped)
            {
                Add(AuditBreak.Inserted, r.Sequence, Text(
                    $"Record {r.Sequence} does not belong here (a copy of another record, or forged): record {next!.Sequence} links past it."));
                before = r.Sequence;
                continue;
            }
            else
            {
                Unlinked(i, byHash.TryGetValue(r.PreviousHash, out var earlier) ? earlier : null, before);
            }

            link = r.Hash;
            before = r.Sequence;
        }
    }

    /// <summary>A record whose own link verifies but that does not continue the chain and is not out of place: what is gone before it.</summary>
    private void Unlinked(int i, int? linkedIndex, long? before)
    {
        var r = records[i];
        if (linkedIndex is { } k)
        {
            Add(AuditBreak.Reordered, r.Sequence, Text(
                $"Record {r.Sequence} belongs after record {records[k].Sequence}, not after record {before}: records were reordered."));
        }
        else if (before is { } b && r.Sequence > b + 1)
        {
            Add(AuditBreak.Missing, b + 1, b + 1 == r.Sequence - 1
                ? Text($"Record {b + 1} is missing: record {r.Sequence} links to a record that is no longer in the log.")
                : Text($"Records {b + 1}..{r.Sequence - 1} are missing: record {r.Sequence} links to a record that is no longer in the log."));
        }
        else if (i > 0 && records[i - 1].KeyId is null)
        {
            Add(AuditBreak.Altered, records[i - 1].Sequence, Text(
                $"Record {records[i - 1].Sequence} was altered and re-hashed: record {r.Sequence} no longer links to it."));
        }
        else
        {
            Add(AuditBreak.Missing, r.Sequence, Text(
                $"Record {r.Sequence} links to a record that is no longer in the log: a record before it was deleted or replaced, and the later ones renumbered."));
        }
    }

    /// <summary>Every anchor line: its MAC, and the record it names still there with the hash it recorded.</summary>
    private int CheckAnchors()
    {
        var bySequence = new Dictionary<long, AuditRecord>();
        foreach (var r in records)
        {
            bySequence.TryAdd(r.Sequence, r);
        }

        var last = records.Count == 0 ? 0 : records[^1].Sequence;
        var checkedCount = 0;
        var beyond = 0;
        (AuditAnchor Anchor, string Name)? newest = null;
        foreach (var line in anchors)
        {
            var name = line.Name;
            if (!AuditAnchors.TryParse(line.Text, out var anchor))
            {
                Add(AuditBreak.AnchorForged, null, Text($"Anchor {name} is malformed: it is not a line this system writes."), name);
                continue;
            }

            switch (AuditAnchors.Check(anchor, keys))
            {
                case null:
                    Add(AuditBreak.UnknownKey, anchor.Sequence, Text(
                        $"Anchor {name} is keyed with key id '{anchor.KeyId}', which the verifier does not have: it cannot be checked."), name);
                    continue;
                case false:
                    Add(AuditBreak.AnchorForged, anchor.Sequence, Text(
                        $"Anchor {name} (record {anchor.Sequence}) is forged or altered: its MAC does not verify."), name);
                    continue;
            }

            checkedCount++;
            if (anchor.Sequence > last)
            {
                beyond++;
                if (newest is null || anchor.Sequence > newest.Value.Anchor.Sequence)
                {
                    newest = (anchor, name);
                }
            }
            else if (bySequence.TryGetValue(anchor.Sequence, out var record))
            {
                if (record.Hash != anchor.HeadHash)
                {
                    Add(AuditBreak.Altered, anchor.Sequence, Text(
                        $"Record {anchor.Sequence} is not the record anchor {name} recorded at {anchor.At:O}: it was rewritten after the anchor."), name);
                }
            }
            else if (!(_startsAtCheckpoint && anchor.Sequence < records[0].Sequence))
            {
                Add(AuditBreak.Missing, anchor.Sequence, Text(
                    $"Record {anchor.Sequence}, anchored by {name} at {anchor.At:O}, is no longer in the log."), name);
            }
        }

        if (newest is { } n)
        {
            Add(AuditBreak.Truncated, n.Anchor.Sequence, Text(
                $"The log ends at record {last}, but anchor {n.Name} recorded record {n.Anchor.Sequence} at {n.Anchor.At:O}: records {last + 1}..{n.Anchor.Sequence} at least were cut off ({beyond} anchor(s) lie beyond the end)."), n.Name);
        }

        return checkedCount;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
