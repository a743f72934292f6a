using Hanan.Ops.Domain.Audit;

namespace Hanan.Ops.Domain.Tests.Audit;

public sealed class AuditChainTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));

    private static List<AuditRecord> Log(int count)
    {
        var records = new List<AuditRecord>();
        var head = ChainHead.Empty;
        for (var i = 1; i <= count; i++)
        {
            var record = AuditChain.Append(head, new AuditEntry(Start.AddMinutes(i), $"officer-{i}", "officer", "case.view", $"case-{i}", "10.0.0.1", AuditOutcome.Success));
            records.Add(record);
            head = ChainHead.Of(record);
        }

        return records;
    }

    [Fact]
    public void An_untouched_log_verifies_and_reports_its_head()
    {
        var log = Log(5);

        var result = AuditChain.Verify(log);

        result.IsIntact.Should().BeTrue();
        result.RecordsChecked.Should().Be(5);
        result.LastSequence.Should().Be(5);
        result.HeadHash.Should().Be(log[^1].Hash);
    }

    [Fact]
    public void Each_record_links_to_the_hash_of_the_one_before_and_the_first_to_the_genesis()
    {
        var log = Log(3);

        log[0].PreviousHash.Should().Be(AuditChain.Genesis);
        log[1].PreviousHash.Should().Be(log[0].Hash);
        log[2].PreviousHash.Should().Be(log[1].Hash);
        log.Select(r => r.Sequence).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void The_hash_covers_every_field_of_the_entry()
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

        variants.Select(AuditChain.HashOf).Should().OnlyContain(h => h != record.Hash).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public void Absent_and_empty_text_hash_differently()
    {
        var record = Log(1)[0];

        AuditChain.HashOf(record with { Entry = record.Entry with { Detail = null } })
            .Should().NotBe(AuditChain.HashOf(record with { Entry = record.Entry with { Detail = "" } }));
    }

    [Fact]
    public void An_altered_record_is_named()
    {
        var log = Log(6);
        log[2] = log[2] with { Entry = log[2].Entry with { Actor = "someone-else" } };

        var result = AuditChain.Verify(log);

        result.IsIntact.Should().BeFalse();
        result.BrokenAt.Should().Be(3);
        result.Break.Should().Be(AuditBreak.Altered);
    }

    [Fact]
    public void An_altered_and_rehashed_record_is_named_by_the_broken_link_after_it()
    {
        var log = Log(6);
        var forged = log[2] with { Entry = log[2].Entry with { Outcome = AuditOutcome.Success, Detail = "forged" } };
        log[2] = forged with { Hash = AuditChain.HashOf(forged) };

        var result = AuditChain.Verify(log);

        result.BrokenAt.Should().Be(3);
        result.Break.Should().Be(AuditBreak.Altered);
    }

    [Fact]
    public void A_deleted_record_is_named()
    {
        var log = Log(6);
        log.RemoveAt(3);

        var result = AuditChain.Verify(log);

        result.BrokenAt.Should().Be(4);
        result.Break.Should().Be(AuditBreak.Missing);
    }

    [Fact]
    public void Swapped_records_are_named_as_reordered()
    {
        var log = Log(6);
        (log[3], log[4]) = (log[4] with { Sequence = 4 }, log[3] with { Sequence = 5 });

        var result = AuditChain.Verify(log);

        result.BrokenAt.Should().Be(4);
        result.Break.Should().Be(AuditBreak.Reordered);
    }

    [Fact]
    public void A_renumbered_record_is_named()
    {
        var log = Log(4);
        log[3] = log[3] with { Sequence = 9 };

        var result = AuditChain.Verify(log);

        result.BrokenAt.Should().Be(9);
        result.Break.Should().Be(AuditBreak.Renumbered);
    }

    [Fact]
    public void A_deleted_beginning_without_a_checkpoint_is_named()
    {
        var log = Log(5);
        log.RemoveRange(0, 2);

        var result = AuditChain.Verify(log);

        result.BrokenAt.Should().Be(1);
        result.Break.Should().Be(AuditBreak.Missing);
    }

    [Fact]
    public void A_beginning_purged_behind_a_checkpoint_still_verifies()
    {
        var log = Log(5);
        var checkpoint = AuditChain.Append(ChainHead.Of(log[^1]), AuditChain.Checkpoint(ChainHead.Of(log[2]), Start.AddDays(200), "retention"));
        log.Add(checkpoint);
        log.RemoveRange(0, 3);

        var result = AuditChain.Verify(log);

        result.IsIntact.Should().BeTrue(result.Problem);
        result.FirstSequence.Should().Be(4);
        result.LastSequence.Should().Be(6);
    }

    [Fact]
    public void A_checkpoint_does_not_excuse_records_deleted_beyond_it()
    {
        var log = Log(5);
        log.Add(AuditChain.Append(ChainHead.Of(log[^1]), AuditChain.Checkpoint(ChainHead.Of(log[1]), Start.AddDays(200), "retention")));
        log.RemoveRange(0, 3);

        var result = AuditChain.Verify(log);

        result.IsIntact.Should().BeFalse();
        result.BrokenAt.Should().Be(3);
    }

    [Fact]
    public void An_empty_log_is_intact()
    {
        AuditChain.Verify([]).IsIntact.Should().BeTrue();
    }

    [Fact]
    public void Times_are_kept_to_the_microsecond_so_a_stored_record_hashes_the_same()
    {
        var record = AuditChain.Append(ChainHead.Empty,
            new AuditEntry(Start.AddTicks(7), "a", "auditor", "audit.verify", null, null, AuditOutcome.Success));

        record.Entry.At.UtcTicks.Should().Be(Start.UtcTicks);
        record.Entry.At.Offset.Should().Be(TimeSpan.Zero);
    }
}
