using System.Text;
using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Domain.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));

    internal static readonly AuditKey Key = new("k1", Encoding.UTF8.GetBytes("audit-key-one-for-the-domain-tests!!"));
    private static readonly AuditKeyRing Keys = new(Key);

    private static AuditEntry Entry(int i) =>
        new(Start.AddMinutes(i), $"officer-{i}", "officer", "case.view", $"case-{i}", "10.0.0.1", AuditOutcome.Success);

    private static List<AuditRecord> Log(int count, AuditKey? key = null, List<AuditRecord>? after = null)
    {
        var records = after ?? [];
        for (var n = 0; n < count; n++)
        {
            var head = records.Count == 0 ? ChainHead.Empty : ChainHead.Of(records[^1]);
            records.Add(AuditChain.Append(head, Entry(records.Count + 1), key ?? Key));
        }

        return records;
    }

    private static List<AuditRecord> UnkeyedLog(int count)
    {
        var records = new List<AuditRecord>();
        var head = ChainHead.Empty;
        for (var i = 1; i <= count; i++)
        {
            records.Add(AuditChain.AppendUnkeyed(head, Entry(i)));
            head = ChainHead.Of(records[^1]);
        }

        return records;
    }

    private static AuditVerification Verify(IReadOnlyList<AuditRecord> log, params string[] anchorLines) =>
        AuditChain.Verify(log, Keys, [.. anchorLines.Select((text, i) => new AnchorLine("anchors", i + 1, text))]);

    [Fact]
    public void An_untouched_log_verifies_and_reports_its_head()
    {
        var log = Log(5);

        var result = Verify(log);

        result.IsIntact.Should().BeTrue();
        result.RecordsChecked.Should().Be(5);
        result.LastSequence.Should().Be(5);
        result.HeadHash.Should().Be(log[^1].Hash);
        result.UnkeyedRecords.Should().Be(0);
    }

    [Fact]
    public void Each_record_links_to_the_one_before_and_carries_the_key_id()
    {
        var log = Log(3);

        log[0].PreviousHash.Should().Be(AuditChain.Genesis);
        log[1].PreviousHash.Should().Be(log[0].Hash);
        log[2].PreviousHash.Should().Be(log[1].Hash);
        log.Select(r => r.Sequence).Should().Equal(1, 2, 3);
        log.Should().OnlyContain(r => r.KeyId == "k1");
    }

    [Fact]
    public void The_link_covers_every_field_and_the_key_id()
    {
        var record = Log(1)[0];
        var variants = new[]
        {
            record with { Entry = record.Entry with { At = record.Entry.At.AddTicks(10) } },
            record with { Entry = record.Entry with { Actor = "officer-x" } },
            record with { Entry = record.Entry with { Role = "leader" } },
            record with { Entry = record.Entry with { Action = "case.contact-reveal" } },
            record with { Entry = record.Entry with { Target = null } },
            record with { Entry = record.Entry with { Source = "10.0.0.2" } },
            record with { Entry = record.Entry with { Outcome = AuditOutcome.Denied } },
            record with { Entry = record.Entry with { Detail = "" } },
            record with { PreviousHash = new string('1', 64) },
        };

        variants.Select(v => Key.Mac(AuditChain.CanonicalEncoding(v))).Should().OnlyContain(h => h != record.Hash).And.OnlyHaveUniqueItems();
        var other = new AuditKey("k2", Encoding.UTF8.GetBytes("audit-key-one-for-the-domain-tests!!"));
        other.Mac(AuditChain.CanonicalEncoding(record with { KeyId = "k2" })).Should().NotBe(record.Hash, "the key id is part of what is keyed");
    }

    [Fact]
    public void The_link_is_keyed_so_a_plain_hash_of_the_record_is_not_its_link()
    {
        var record = Log(1)[0];

        AuditChain.HashOf(record).Should().NotBe(record.Hash);
        AuditChain.Verify([record], new AuditKeyRing(new AuditKey("k1", new byte[32]))).Break.Should().Be(AuditBreak.Altered, "another secret under the same id does not verify");
    }

    [Fact]
    public void Absent_and_empty_text_link_differently()
    {
        var record = Log(1)[0];

        Key.Mac(AuditChain.CanonicalEncoding(record with { Entry = record.Entry with { Detail = null } }))
            .Should().NotBe(Key.Mac(AuditChain.CanonicalEncoding(record with { Entry = record.Entry with { Detail = "" } })));
    }

    [Fact]
    public void An_altered_record_is_named()
    {
        var log = Log(6);
        log[2] = log[2] with { Entry = log[2].Entry with { Actor = "someone-else" } };

        var result = Verify(log);

        result.IsIntact.Should().BeFalse();
        result.Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = AuditBreak.Altered, Sequence = 3L });
        result.BrokenAt.Should().Be(3);
    }

    [Fact]
    public void A_record_rewritten_with_a_plain_hash_and_the_rest_rehashed_is_named_with_every_record_after_it()
    {
        var log = Log(6);
        var head = ChainHead.Of(log[1]);
        for (var i = 2; i < 6; i++)
        {
            // The insider's rewrite: unkeyed v1 links, recomputed for every record from the edit on.
            var forged = AuditChain.AppendUnkeyed(head, i == 2 ? log[i].Entry with { Outcome = AuditOutcome.Denied } : log[i].Entry);
            log[i] = forged;
            head = ChainHead.Of(forged);
        }

        var result = Verify(log);

        result.Findings.Select(f => (f.Kind, f.Sequence)).Should().Equal(
            (AuditBreak.Altered, 3L), (AuditBreak.Altered, 4L), (AuditBreak.Altered, 5L), (AuditBreak.Altered, 6L));
    }

    [Fact]
    public void A_deleted_record_is_named()
    {
        var log = Log(6);
        log.RemoveAt(3);

        var result = Verify(log);

        result.Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = AuditBreak.Missing, Sequence = 4L });
    }

    [Fact]
    public void Swapped_records_are_named_as_reordered_once()
    {
        var log = Log(6);
        (log[3], log[4]) = (log[4] with { Sequence = 4 }, log[3] with { Sequence = 5 });

        var result = Verify(log);

        result.Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = AuditBreak.Reordered, Sequence = 4L });
    }

    [Fact]
    public void A_renumbered_record_is_named()
    {
        var log = Log(4);
        log[3] = log[3] with { Sequence = 9 };

        var result = Verify(log);

        result.BrokenAt.Should().Be(9);
        result.Break.Should().Be(AuditBreak.Renumbered);
    }

    [Fact]
    public void A_forged_record_inserted_in_the_middle_is_named_and_the_renumbering_it_needed_is_not_blamed_on_others()
    {
        var log = Log(6);
        var forged = AuditChain.AppendUnkeyed(ChainHead.Of(log[2]), Entry(99));
        log.Insert(3, forged with { KeyId = "k1" });
        for (var i = 4; i < log.Count; i++)
        {
            log[i] = log[i] with { Sequence = i + 1 };
        }

        var result = Verify(log);

        result.Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = AuditBreak.Inserted, Sequence = 4L });
    }

    [Fact]
    public void A_genuine_record_copied_elsewhere_is_named_as_inserted()
    {
        var log = Log(6);
        log.Insert(4, log[1] with { Sequence = 5 });
        for (var i = 5; i < log.Count; i++)
        {
            log[i] = log[i] with { Sequence = i + 1 };
        }

        var result = Verify(log);

        result.Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = AuditBreak.Inserted, Sequence = 5L });
    }

    [Fact]
    public void Every_finding_is_reported_not_only_the_first()
    {
        var log = Log(10);
        log[1] = log[1] with { Entry = log[1].Entry with { Actor = "x" } };
        log.RemoveAt(5);
        log[^1] = log[^1] with { Entry = log[^1].Entry with { Detail = "y" } };

        var result = Verify(log);

        result.Findings.Select(f => (f.Kind, f.Sequence)).Should().Equal((AuditBreak.Altered, 2L), (AuditBreak.Missing, 6L), (AuditBreak.Altered, 10L));
        result.FindingCount.Should().Be(3);
    }

    [Fact]
    public void Findings_are_bounded_but_all_are_counted()
    {
        var log = Log(150);
        for (var i = 0; i < log.Count; i++)
        {
            log[i] = log[i] with { Entry = log[i].Entry with { Detail = "rewritten" } };
        }

        var result = Verify(log);

        result.Findings.Should().HaveCount(AuditChain.MaxFindings);
        result.FindingCount.Should().Be(150);
    }

    [Fact]
    public void A_deleted_beginning_without_a_checkpoint_is_named()
    {
        var log = Log(5);
        log.RemoveRange(0, 2);

        var result = Verify(log);

        result.BrokenAt.Should().Be(1);
        result.Break.Should().Be(AuditBreak.Missing);
    }

    [Fact]
    public void A_beginning_purged_behind_a_keyed_checkpoint_still_verifies()
    {
        var log = Log(5);
        log.Add(AuditChain.Append(ChainHead.Of(log[^1]), AuditChain.Checkpoint(ChainHead.Of(log[2]), Start.AddDays(200), "retention"), Key));
        log.RemoveRange(0, 3);

        var result = Verify(log);

        result.IsIntact.Should().BeTrue(result.Problem);
        result.FirstSequence.Should().Be(4);
        result.LastSequence.Should().Be(6);
    }

    [Fact]
    public void A_checkpoint_does_not_excuse_records_deleted_beyond_it()
    {
        var log = Log(5);
        log.Add(AuditChain.Append(ChainHead.Of(log[^1]), AuditChain.Checkpoint(ChainHead.Of(log[1]), Start.AddDays(200), "retention"), Key));
        log.RemoveRange(0, 3);

        var result = Verify(log);

        result.IsIntact.Should().BeFalse();
        result.BrokenAt.Should().Be(3);
    }

    [Fact]
    public void A_forged_checkpoint_is_named_and_the_start_it_names_is_not_accepted()
    {
        var log = Log(6);
        var forged = AuditChain.AppendUnkeyed(ChainHead.Of(log[^1]), AuditChain.Checkpoint(ChainHead.Of(log[2]), Start.AddDays(200), "retention"));
        log.Add(forged with { KeyId = "k1" });
        log.RemoveRange(0, 3);

        var result = Verify(log);

        result.Findings.Select(f => (f.Kind, f.Sequence)).Should().Equal((AuditBreak.Missing, 1L), (AuditBreak.ForgedCheckpoint, 7L));
    }

    [Fact]
    public void A_record_with_an_unknown_key_id_is_named()
    {
        var log = Log(3);
        var other = new AuditKey("k-old", Encoding.UTF8.GetBytes("another-audit-key-nobody-configured!"));
        Log(2, other, log);

        var result = Verify(log);

        result.Findings.Select(f => (f.Kind, f.Sequence)).Should().Equal((AuditBreak.UnknownKey, 4L), (AuditBreak.UnknownKey, 5L));
        result.Findings[0].Problem.Should().Contain("k-old");
    }

    [Fact]
    public void After_a_rotation_records_of_both_keys_verify_when_both_are_known()
    {
        var newer = new AuditKey("k2", Encoding.UTF8.GetBytes("the-second-audit-key-after-rotation"));
        var log = Log(3);
        Log(3, newer, log);

        AuditChain.Verify(log, new AuditKeyRing(newer, [Key])).IsIntact.Should().BeTrue();
        log.Select(r => r.KeyId).Should().Equal("k1", "k1", "k1", "k2", "k2", "k2");
    }

    [Fact]
    public void An_unkeyed_log_of_an_earlier_version_still_verifies_and_the_keyed_part_continues_from_it()
    {
        var log = UnkeyedLog(3);
        Log(2, Key, log);

        var result = Verify(log);

        result.IsIntact.Should().BeTrue(result.Problem);
        result.UnkeyedRecords.Should().Be(3);
        log[3].PreviousHash.Should().Be(log[2].Hash);
    }

    [Fact]
    public void An_unkeyed_record_altered_and_rehashed_is_named_by_the_broken_link_after_it()
    {
        var log = UnkeyedLog(6);
        var forged = log[2] with { Entry = log[2].Entry with { Outcome = AuditOutcome.Success, Detail = "forged" } };
        log[2] = forged with { Hash = AuditChain.HashOf(forged) };

        var result = Verify(log);

        result.BrokenAt.Should().Be(3);
        result.Break.Should().Be(AuditBreak.Altered);
    }

    [Fact]
    public void Truncation_after_an_anchor_is_named()
    {
        var log = Log(8);
        var anchor = AuditAnchors.Line(ChainHead.Of(log[6]), Start.AddMinutes(10), "ops-1", Key);
        log.RemoveRange(5, 3);

        var result = Verify(log, anchor);

        result.Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = AuditBreak.Truncated, Sequence = 7L, Anchor = "anchors:1" });
    }

    [Fact]
    public void A_record_rewritten_after_its_anchor_is_named_with_the_anchor_even_when_rewritten_as_a_whole_unkeyed_log()
    {
        var log = Log(4);
        var anchor = AuditAnchors.Line(ChainHead.Of(log[3]), Start.AddMinutes(10), "ops-1", Key);
        var rewritten = new List<AuditRecord>();
        var head = ChainHead.Empty;
        foreach (var r in log)
        {
            rewritten.Add(AuditChain.AppendUnkeyed(head, r.Entry with { Actor = "nobody" }));
            head = ChainHead.Of(rewritten[^1]);
        }

        var result = Verify(rewritten, anchor);

        result.Findings.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Kind = AuditBreak.Altered, Sequence = 4L, Anchor = "anchors:1" });
    }

    [Fact]
    public void An_edited_or_malformed_anchor_line_is_named()
    {
        var log = Log(4);
        var good = AuditAnchors.Line(ChainHead.Of(log[1]), Start, "ops-1", Key);
        var edited = AuditAnchors.Line(ChainHead.Of(log[3]), Start, "ops-1", Key).Replace("seq=4", "seq=3", StringComparison.Ordinal);

        var result = Verify(log, good, edited, "not an anchor");

        result.AnchorsChecked.Should().Be(1);
        result.Findings.Select(f => (f.Kind, f.Sequence, f.Anchor)).Should().BeEquivalentTo(
            [(AuditBreak.AnchorForged, (long?)3L, "anchors:2"), (AuditBreak.AnchorForged, (long?)null, "anchors:3")]);
    }

    [Fact]
    public void Anchored_records_purged_behind_a_valid_checkpoint_are_not_missing()
    {
        var log = Log(5);
        var anchor = AuditAnchors.Line(ChainHead.Of(log[1]), Start, "ops-1", Key);
        log.Add(AuditChain.Append(ChainHead.Of(log[^1]), AuditChain.Checkpoint(ChainHead.Of(log[2]), Start.AddDays(200), "retention"), Key));
        log.RemoveRange(0, 3);

        Verify(log, anchor).IsIntact.Should().BeTrue();
    }

    [Fact]
    public void An_anchored_record_deleted_from_the_middle_is_named_with_its_anchor()
    {
        var log = Log(5);
        var anchor = AuditAnchors.Line(ChainHead.Of(log[2]), Start, "ops-1", Key);
        log.RemoveAt(2);

        var result = Verify(log, anchor);

        result.Findings.Should().Contain(f => f.Kind == AuditBreak.Missing && f.Sequence == 3 && f.Anchor == "anchors:1");
    }

    [Fact]
    public void An_anchor_line_carries_no_secret_and_parses_back()
    {
        var line = AuditAnchors.Line(new ChainHead(42, new string('a', 64)), Start, "ops host/1", Key);

        AuditAnchors.TryParse(line, out var anchor).Should().BeTrue();
        anchor.Should().BeEquivalentTo(new { Sequence = 42L, HeadHash = new string('a', 64), Host = "ops_host_1", KeyId = "k1" });
        anchor.At.Should().Be(Start);
        AuditAnchors.Check(anchor, Keys).Should().BeTrue();
        line.Should().NotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("audit-key-one-for-the-domain-tests!!")));
    }

    [Fact]
    public void An_empty_log_is_intact()
    {
        AuditChain.Verify([], Keys).IsIntact.Should().BeTrue();
    }

    [Fact]
    public void A_key_is_refused_when_short_or_badly_named_and_never_printed()
    {
        var shortKey = () => new AuditKey("k", new byte[16]);
        var badId = () => new AuditKey("k 1", new byte[32]);

        shortKey.Should().Throw<ArgumentException>();
        badId.Should().Throw<ArgumentException>();
        Key.ToString().Should().Be("audit key k1");
    }

    [Fact]
    public void Times_are_kept_to_the_microsecond_so_a_stored_record_hashes_the_same()
    {
        var record = AuditChain.Append(ChainHead.Empty,
            new AuditEntry(Start.AddTicks(7), "a", "auditor", "audit.verify", null, null, AuditOutcome.Success), Key);

        record.Entry.At.UtcTicks.Should().Be(Start.UtcTicks);
        record.Entry.At.Offset.Should().Be(TimeSpan.Zero);
    }
}
