using System.Buffers.Binary;
using Hanan.Ops.Contracts.Appeals;
using Hanan.Ops.Domain.Appeals;

namespace Hanan.Ops.Storage.Tests.ReadModels;

/// <summary>
/// The behaviour every <see cref="ICaseReadModel"/> must show. Each implementation runs it through a small derived
/// class that supplies an empty read model for every test.
/// </summary>
public abstract class CaseReadModelContract : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    // Hours of the filter fixture: case "a" is filed at Hour(0), "f" at Hour(5).
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, Beijing);

    private ICaseReadModel? model;

    protected ICaseReadModel Model => model ?? throw new InvalidOperationException("The test is not initialised.");

    /// <summary>A read model holding no case, for one test.</summary>
    protected abstract Task<ICaseReadModel> CreateEmptyAsync();

    public async Task InitializeAsync() => model = await CreateEmptyAsync();

    public async Task DisposeAsync()
    {
        if (model is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_upserted_summary_comes_back_with_every_field_and_its_instants_in_UTC_to_the_microsecond()
    {
        var filed = new DateTimeOffset(2026, 3, 2, 9, 15, 30, Beijing).AddTicks(1_234_567);
        var rich = NewCase(7, filed) with
        {
            Version = 12,
            Status = CaseStatus.Closed,
            Assignments =
            [
                new AssignmentSummary("B-URBAN", AssignmentRole.Lead, AssignmentStatus.Resolved, "officer-17", filed.AddMinutes(20).AddTicks(3), filed.AddHours(2), filed.AddDays(1).AddTicks(9), filed.AddMinutes(10).AddTicks(7)),
                new AssignmentSummary("B-WATER", AssignmentRole.CoHandler, AssignmentStatus.Reported, "officer-4", filed.AddMinutes(40), filed.AddHours(2), filed.AddHours(20)),
                new AssignmentSummary("B-ROADS", AssignmentRole.CoHandler, AssignmentStatus.Returned, null, null, filed.AddHours(2), null),
            ],
            Latitude = 45.773_225_112_9,
            Longitude = 126.617_843_301_7,
            Hot = true,
            Overdue = true,
            Description = "南岗区 西大直街 路灯不亮, Street LAMP dark since 19:00",
            ResolveDue = filed.AddDays(5).AddTicks(-1),
            ResolvedAt = filed.AddDays(1).ToOffset(TimeSpan.FromHours(-5)),
            ClosedAt = filed.AddDays(2).AddTicks(15),
            Rating = 4,
            Returns = 1,
            Reopenings = 2,
            AffectedCitizens = 35,
            MergedInto = Guid.NewGuid(),
            UpdatedAt = filed.AddDays(2).AddTicks(15),
            ResolveWarningAt = filed.AddDays(4).AddTicks(33).ToOffset(TimeSpan.FromHours(3)),
            ExtensionPending = true,
        };
        var plain = NewCase(8, filed.AddMinutes(1));

        await Model.UpsertAsync([rich, plain]);

        ShouldEqual([await Model.GetAsync(rich.Id), await Model.GetAsync(plain.Id)], [Stored(rich), Stored(plain)]);
    }

    [Fact]
    public async Task Get_answers_null_for_an_unknown_case_and_an_empty_batch_changes_nothing()
    {
        await Model.UpsertAsync([]);

        (await Model.GetAsync(Guid.NewGuid())).Should().BeNull();
        (await Model.QueryAsync(new CaseQuery())).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task A_lower_or_equal_version_does_not_overwrite_and_a_higher_one_does()
    {
        var v5 = NewCase(1, Start) with { Version = 5, Description = "version five" };
        await Model.UpsertAsync([v5]);

        await Model.UpsertAsync([v5 with { Version = 4, Description = "older" }]);
        await Model.UpsertAsync([v5 with { Version = 5, Description = "same version, other text" }]);
        ShouldEqual([await Model.GetAsync(v5.Id)], [Stored(v5)]);

        var v6 = v5 with { Version = 6, Description = "version six", Status = CaseStatus.InProgress };
        await Model.UpsertAsync([v6]);
        ShouldEqual([await Model.GetAsync(v5.Id)], [Stored(v6)]);
    }

    [Fact]
    public async Task Within_one_batch_the_first_summary_of_the_highest_version_wins()
    {
        var first = NewCase(1, Start);
        var second = NewCase(2, Start);

        await Model.UpsertAsync(
        [
            first with { Version = 2, Description = "2" },
            second with { Version = 7, Description = "7 first" },
            first with { Version = 3, Description = "3" },
            second with { Version = 7, Description = "7 second" },
            first with { Version = 1, Description = "1" },
        ]);

        (await Model.GetAsync(first.Id))!.Description.Should().Be("3");
        (await Model.GetAsync(second.Id))!.Description.Should().Be("7 first");
    }

    [Fact]
    public async Task A_newer_version_with_another_filing_time_moves_the_case_in_the_list()
    {
        var moving = NewCase(1, Start);
        var still = NewCase(2, Start.AddHours(1));
        await Model.UpsertAsync([moving, still]);

        await Model.UpsertAsync([moving with { Version = 2, FiledAt = Start.AddHours(2) }]);

        (await Model.QueryAsync(new CaseQuery())).Items.Select(s => s.Id).Should().Equal(moving.Id, still.Id);
        (await Model.QueryAsync(new CaseQuery(FiledTo: Start.AddHours(2)))).Items.Select(s => s.Id).Should().Equal(still.Id);
    }

    [Theory]
    [MemberData(nameof(InvalidSummaries))]
    public async Task A_batch_with_a_summary_that_cannot_be_stored_is_rejected_whole(string problem)
    {
        var valid = NewCase(1, Start);
        var invalid = Invalid[problem](NewCase(2, Start));

        var upsert = () => Model.UpsertAsync([valid, invalid]);

        await upsert.Should().ThrowAsync<ArgumentException>().WithMessage($"*{invalid.Id}*");
        (await Model.GetAsync(valid.Id)).Should().BeNull();
    }

    public static TheoryData<string> InvalidSummaries => [.. Invalid.Keys];

    private static readonly Dictionary<string, Func<CaseSummary, CaseSummary>> Invalid = new()
    {
        ["latitude above 90"] = s => s with { Latitude = 90.5 },
        ["longitude not a number"] = s => s with { Longitude = double.NaN },
        ["null description"] = s => s with { Description = null! },
        ["NUL in the number"] = s => s with { Number = "HN-2026-\0" },
        ["undefined status"] = s => s with { Status = (CaseStatus)42 },
        ["null assignment list"] = s => s with { Assignments = null! },
        ["null assignment"] = s => s with { Assignments = [null!] },
        ["undefined assignment role"] = s => s with { Assignments = [s.Assignments[0] with { Role = (AssignmentRole)9 }] },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Filters_alone_and_combined_select_exactly_the_matching_cases_newest_first(string filter)
    {
        var cases = await StoreFilterFixtureAsync();
        var (query, expected) = FilterCases[filter];

        var page = await Model.QueryAsync(query);

        page.Items.Select(s => Key(cases, s)).Should().Equal(expected);
        page.NextCursor.Should().BeNull();
    }

    public static TheoryData<string> Filters => [.. FilterCases.Keys];

    // Expected keys newest first; the fixture is described in StoreFilterFixtureAsync.
    private static readonly Dictionary<string, (CaseQuery Query, string[] Expected)> FilterCases = new()
    {
        ["none"] = (new CaseQuery(), ["f", "e", "d", "c", "b", "a"]),
        ["statuses"] = (new CaseQuery(Statuses: [CaseStatus.Dispatched, CaseStatus.Closed]), ["d", "a"]),
        ["one status"] = (new CaseQuery(Statuses: [CaseStatus.Merged]), ["f"]),
        ["empty status list"] = (new CaseQuery(Statuses: []), ["f", "e", "d", "c", "b", "a"]),
        ["bureau as lead or co-handler"] = (new CaseQuery(Bureau: "B-URBAN"), ["d", "b", "a"]),
        ["bureau, other"] = (new CaseQuery(Bureau: "B-ROADS"), ["d", "c"]),
        ["bureau, only whole ids"] = (new CaseQuery(Bureau: "B-URB"), []),
        ["bureau, case-sensitive"] = (new CaseQuery(Bureau: "b-urban"), []),
        ["grid"] = (new CaseQuery(GridCode: "G-001"), ["c", "a"]),
        ["street"] = (new CaseQuery(StreetCode: "ST-03"), ["f", "e"]),
        ["category"] = (new CaseQuery(CategoryCode: "C-WATER"), ["f", "b"]),
        ["hot"] = (new CaseQuery(Hot: true), ["d", "b"]),
        ["not hot"] = (new CaseQuery(Hot: false), ["f", "e", "c", "a"]),
        ["overdue"] = (new CaseQuery(Overdue: true), ["d", "c"]),
        ["not overdue"] = (new CaseQuery(Overdue: false), ["f", "e", "b", "a"]),
        ["filed in [from, to)"] = (new CaseQuery(FiledFrom: Hour(2).ToUniversalTime(), FiledTo: Hour(4)), ["d", "c"]),
        ["filed from"] = (new CaseQuery(FiledFrom: Hour(4).ToOffset(TimeSpan.FromHours(-3))), ["f", "e"]),
        ["filed before"] = (new CaseQuery(FiledTo: Hour(1)), ["a"]),
        ["filed from one microsecond after"] = (new CaseQuery(FiledFrom: Hour(4).AddTicks(10)), ["f"]),
        ["text in Chinese"] = (new CaseQuery(Text: "路灯"), ["d", "a"]),
        ["text, Latin, any case"] = (new CaseQuery(Text: "lamp"), ["d"]),
        ["text, upper case query"] = (new CaseQuery(Text: "LEAK NEAR"), ["b"]),
        ["text, accented Latin, any case"] = (new CaseQuery(Text: "éCOLE"), ["e"]),
        ["text in the number"] = (new CaseQuery(Text: "000104"), ["d"]),
        ["text in every number, any case"] = (new CaseQuery(Text: "hn-2026-0001"), ["f", "e", "d", "c", "b", "a"]),
        ["text nowhere"] = (new CaseQuery(Text: "桥梁"), []),
        ["empty text"] = (new CaseQuery(Text: ""), ["f", "e", "d", "c", "b", "a"]),
        ["bureau and hot"] = (new CaseQuery(Bureau: "B-URBAN", Hot: true), ["d", "b"]),
        ["bureau, hot and status"] = (new CaseQuery(Statuses: [CaseStatus.InProgress], Bureau: "B-URBAN", Hot: true), ["b"]),
        ["grid, overdue and text"] = (new CaseQuery(GridCode: "G-001", Overdue: true, Text: "POTHOLE"), ["c"]),
        ["street, category and range"] = (new CaseQuery(StreetCode: "ST-01", CategoryCode: "C-LIGHT", FiledFrom: Hour(0), FiledTo: Hour(1)), ["a"]),
        ["everything, one match"] = (new CaseQuery([CaseStatus.Closed], "B-ROADS", "G-003", "ST-02", "C-LIGHT", true, true, Hour(3), Hour(4), "闪烁"), ["d"]),
        ["extension pending"] = (new CaseQuery(ExtensionPending: true), ["e", "b"]),
        ["no extension pending"] = (new CaseQuery(ExtensionPending: false), ["f", "d", "c", "a"]),
        ["extension pending and bureau"] = (new CaseQuery(Bureau: "B-URBAN", ExtensionPending: true), ["b"]),
        ["resolved from"] = (new CaseQuery(ResolvedFrom: Hour(4)), ["d"]),
        ["resolved from, earlier"] = (new CaseQuery(ResolvedFrom: Hour(3).ToOffset(TimeSpan.FromHours(-7))), ["d", "c"]),
        ["resolved from and status"] = (new CaseQuery(Statuses: [CaseStatus.Closed], ResolvedFrom: Hour(2)), ["d"]),
        ["any of several categories"] = (new CaseQuery(CategoryCodes: ["C-WATER", "C-ROAD"]), ["f", "c", "b"]),
        ["several categories and one"] = (new CaseQuery(CategoryCode: "C-ROAD", CategoryCodes: ["C-WATER", "C-ROAD"]), ["c"]),
        ["updated in [from, to)"] = (new CaseQuery(UpdatedFrom: Hour(1), UpdatedTo: Hour(3).ToOffset(TimeSpan.FromHours(5))), ["c", "b"]),
        ["updated from"] = (new CaseQuery(UpdatedFrom: Hour(5)), ["f"]),
        ["combined, no match"] = (new CaseQuery(GridCode: "G-002", Hot: false, Text: "路灯"), []),
    };

    [Fact]
    public async Task Cases_come_newest_first_and_equal_filing_times_by_descending_id()
    {
        Guid[] ids =
        [
            Guid.Parse("00000000-0000-0000-0000-000000000001"),
            Guid.Parse("7fffffff-0000-0000-0000-000000000000"),
            Guid.Parse("80000000-0000-0000-0000-000000000000"),
            Guid.Parse("ffffffff-0000-0000-0000-000000000000"),
            Guid.Parse("00000000-8000-0000-0000-000000000000"),
            Guid.Parse("00000000-0000-8000-0000-000000000000"),
            Guid.Parse("00000000-0000-0000-8000-000000000000"),
            Guid.Parse("00000000-0000-0000-0080-000000000000"),
            Guid.Parse("00000000-0000-0000-0000-800000000000"),
        ];
        var tied = ids.Select((id, i) => NewCase(i, Start) with { Id = id }).ToList();
        var older = NewCase(100, Start.AddTicks(-10));
        var newer = NewCase(101, Start.AddTicks(10));
        await Model.UpsertAsync([.. tied, older, newer]);

        var page = await Model.QueryAsync(new CaseQuery());

        var expectedTies = ids.Select(id => id.ToString("D")).OrderDescending(StringComparer.Ordinal).Select(Guid.Parse);
        page.Items.Select(s => s.Id).Should().Equal([newer.Id, .. expectedTies, older.Id]);
    }

    [Fact]
    public async Task Paging_through_120_cases_fifty_at_a_time_yields_every_case_once_in_order()
    {
        // Filing times repeat in runs of seven, so ties straddle page boundaries.
        var cases = Enumerable.Range(0, 120).Select(i => NewCase(i, Start.AddMinutes(i / 7))).ToList();
        foreach (var batch in cases.Chunk(33))
        {
            await Model.UpsertAsync(batch);
        }

        var pages = await ReadAllPagesAsync(new CaseQuery(Limit: 50));

        pages.Select(p => p.Count).Should().Equal(50, 50, 20);
        ShouldEqual(pages.SelectMany(p => p), NewestFirst(cases).Select(Stored));
    }

    [Fact]
    public async Task Paging_keeps_the_filters_and_a_full_last_page_has_no_cursor()
    {
        var cases = Enumerable.Range(0, 120).Select(i => NewCase(i, Start.AddMinutes(i / 3)) with { Hot = i % 6 < 5 }).ToList();
        await Model.UpsertAsync(cases);

        var pages = await ReadAllPagesAsync(new CaseQuery(Hot: true, Limit: 50));

        pages.Select(p => p.Count).Should().Equal(50, 50);
        pages.SelectMany(p => p).Select(s => s.Id).Should().Equal(NewestFirst(cases.Where(c => c.Hot)).Select(c => c.Id));
    }

    [Fact]
    public async Task Paging_within_a_filed_range_stays_inside_it()
    {
        // Three cases a minute; the range [minute 5, minute 35) holds cases 15 to 104, 75 of them hot.
        var cases = Enumerable.Range(0, 120).Select(i => NewCase(i, Start.AddMinutes(i / 3)) with { Hot = i % 6 < 5 }).ToList();
        await Model.UpsertAsync(cases);

        var pages = await ReadAllPagesAsync(new CaseQuery(Hot: true, FiledFrom: Start.AddMinutes(5), FiledTo: Start.AddMinutes(35), Limit: 20));

        var expected = NewestFirst(cases.Where(c => c.Hot && c.FiledAt >= Start.AddMinutes(5) && c.FiledAt < Start.AddMinutes(35))).ToList();
        expected.Should().HaveCount(75);
        pages.Select(p => p.Count).Should().Equal(20, 20, 20, 15);
        pages.SelectMany(p => p).Select(s => s.Id).Should().Equal(expected.Select(c => c.Id));
    }

    [Fact]
    public async Task A_cursor_keeps_its_place_when_cases_arrive_before_and_after_it()
    {
        var cases = Enumerable.Range(0, 5).Select(i => NewCase(i, Start.AddMinutes(i))).ToList();
        await Model.UpsertAsync(cases);
        var first = await Model.QueryAsync(new CaseQuery(Limit: 2));

        var newest = NewCase(10, Start.AddHours(1));
        var betweenThirdAndSecond = NewCase(11, Start.AddMinutes(2).AddSeconds(30));
        await Model.UpsertAsync([newest, betweenThirdAndSecond]);
        var second = await Model.QueryAsync(new CaseQuery(Limit: 2, After: first.NextCursor));

        first.Items.Select(s => s.Id).Should().Equal(cases[4].Id, cases[3].Id);
        second.Items.Select(s => s.Id).Should().Equal(betweenThirdAndSecond.Id, cases[2].Id);
        second.NextCursor.Should().NotBeNull();
    }

    [Fact]
    public async Task The_limit_may_be_anything_from_one_to_the_maximum()
    {
        var cases = Enumerable.Range(0, 3).Select(i => NewCase(i, Start.AddMinutes(i))).ToList();
        await Model.UpsertAsync(cases);

        var one = await Model.QueryAsync(new CaseQuery(Limit: 1));
        var most = await Model.QueryAsync(new CaseQuery(Limit: CaseQuery.MaxLimit));

        one.Items.Select(s => s.Id).Should().Equal(cases[2].Id);
        one.NextCursor.Should().NotBeNull();
        most.Items.Should().HaveCount(3);
        most.NextCursor.Should().BeNull();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(CaseQuery.MaxLimit + 1)]
    [InlineData(int.MinValue)]
    public async Task A_limit_outside_one_to_the_maximum_is_rejected(int limit)
    {
        var query = () => Model.QueryAsync(new CaseQuery(Limit: limit));

        await query.Should().ThrowAsync<ArgumentException>().WithMessage($"*Limit*1*{CaseQuery.MaxLimit}*");
    }

    [Theory]
    [MemberData(nameof(MalformedCursors))]
    public async Task A_malformed_cursor_is_rejected(string description, string cursor)
    {
        await Model.UpsertAsync([NewCase(1, Start)]);

        var query = () => Model.QueryAsync(new CaseQuery(After: cursor));

        (await query.Should().ThrowAsync<ArgumentException>(description)).WithMessage("*cursor*malformed*");
    }

    public static TheoryData<string, string> MalformedCursors()
    {
        var valid = CursorText(1, Start.UtcTicks, Guid.NewGuid());
        var last = valid[^1];
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var sameBytesOtherSpelling = valid[..^1] + alphabet[alphabet.IndexOf(last, StringComparison.Ordinal) ^ 1];
        return new TheoryData<string, string>
        {
            { "empty", "" },
            { "prose", "not a cursor" },
            { "too short", valid[..^2] },
            { "padded", valid + "==" },
            { "outside the alphabet", "*" + valid[1..] },
            { "standard base64 alphabet", CursorText(1, Start.UtcTicks, Guid.Parse("fbefbefb-efbe-fbef-befb-efbefbefbefb")).Replace('-', '+').Replace('_', '/') },
            { "unused trailing bits set", sameBytesOtherSpelling },
            { "unknown format", CursorText(2, Start.UtcTicks, Guid.NewGuid()) },
            { "negative ticks", CursorText(1, -10, Guid.NewGuid()) },
            { "ticks beyond the calendar", CursorText(1, DateTimeOffset.MaxValue.UtcTicks + 10, Guid.NewGuid()) },
            { "less than a microsecond", CursorText(1, Start.UtcTicks + 1, Guid.NewGuid()) },
        };
    }

    [Fact]
    public async Task FiledBetween_includes_the_start_and_excludes_the_end()
    {
        var from = new DateTimeOffset(2026, 3, 1, 0, 0, 0, Beijing);
        var to = new DateTimeOffset(2026, 4, 1, 0, 0, 0, Beijing);
        var justBefore = NewCase(1, from.AddTicks(-10).ToUniversalTime());
        var atStart = NewCase(2, from.ToUniversalTime());
        var inside = NewCase(3, from.AddDays(10));
        var lastMicrosecond = NewCase(4, to.AddTicks(-10).ToOffset(TimeSpan.FromHours(2)));
        var atEnd = NewCase(5, to);
        await Model.UpsertAsync([justBefore, atStart, inside, lastMicrosecond, atEnd]);

        var filed = await Model.FiledBetweenAsync(from, to);
        var empty = await Model.FiledBetweenAsync(to, to);

        ShouldEqual(filed, [Stored(lastMicrosecond), Stored(inside), Stored(atStart)]);
        empty.Should().BeEmpty();
    }

    [Fact]
    public async Task Text_that_looks_like_SQL_or_a_pattern_is_only_text()
    {
        var percent = NewCase(1, Start) with { Description = "discount 100% off" };
        var underscore = NewCase(2, Start) with { Description = "snake_case name" };
        var backslash = NewCase(3, Start) with { Description = @"path C:\temp" };
        var injection = NewCase(4, Start) with { Description = "'; DROP TABLE case_summary; --", GridCode = "G-1' OR '1'='1" };
        var plain = NewCase(5, Start) with { Description = "discount of a snakecase path" };
        await Model.UpsertAsync([percent, underscore, backslash, injection, plain]);

        async Task<Guid[]> Ids(CaseQuery query) => [.. (await Model.QueryAsync(query)).Items.Select(s => s.Id)];

        (await Ids(new CaseQuery(Text: "%"))).Should().Equal(percent.Id);
        (await Ids(new CaseQuery(Text: "d%f"))).Should().BeEmpty();
        (await Ids(new CaseQuery(Text: "_"))).Should().BeEquivalentTo([underscore.Id, injection.Id], "only they contain an underscore (case_summary)");
        (await Ids(new CaseQuery(Text: "e_c"))).Should().Equal(underscore.Id);
        (await Ids(new CaseQuery(Text: "\\"))).Should().Equal(backslash.Id);
        (await Ids(new CaseQuery(Text: @"C:\t"))).Should().Equal(backslash.Id);
        (await Ids(new CaseQuery(Text: "'; DROP TABLE case_summary; --"))).Should().Equal(injection.Id);
        (await Ids(new CaseQuery(Bureau: "' OR '1'='1"))).Should().BeEmpty();
        (await Ids(new CaseQuery(GridCode: "G-1' OR '1'='1"))).Should().Equal(injection.Id);
        (await Ids(new CaseQuery(CategoryCode: "x'); DELETE FROM case_summary; --"))).Should().BeEmpty();
        (await Model.QueryAsync(new CaseQuery())).Items.Should().HaveCount(5);
    }

    [Fact]
    public async Task A_text_criterion_with_a_NUL_character_is_rejected()
    {
        var query = () => Model.QueryAsync(new CaseQuery(Text: "路\0灯"));

        await query.Should().ThrowAsync<ArgumentException>().WithMessage("*Text*NUL*");
    }

    [Fact]
    public async Task Concurrent_upserts_leave_the_highest_version_of_every_case()
    {
        var cases = Enumerable.Range(0, 20).Select(i => NewCase(i, Start.AddMinutes(i))).ToList();
        var writers = Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            var random = new Random(writer);
            var versions = Enumerable.Range(1, 30).OrderBy(_ => random.Next()).ToList();
            foreach (var version in versions)
            {
                var batch = cases.Select(c => c with { Version = version, Description = $"v{version}" }).OrderBy(_ => random.Next()).ToList();
                await Model.UpsertAsync(batch);
            }
        }));

        await Task.WhenAll(writers);

        var stored = await Model.QueryAsync(new CaseQuery(Limit: 100));
        stored.Items.Should().HaveCount(20).And.OnlyContain(s => s.Version == 30 && s.Description == "v30");
    }

    /// <summary>A plain case, version 1, filed at <paramref name="filedAt"/>, with one open lead assignment.</summary>
    public static CaseSummary NewCase(int sequence, DateTimeOffset filedAt) => new(
        Id: Guid.NewGuid(),
        Number: $"HN-2026-{sequence:D6}",
        Version: 1,
        Status: CaseStatus.Dispatched,
        CategoryCode: "C-LIGHT",
        LeadBureau: "B-URBAN",
        Assignments: [new AssignmentSummary("B-URBAN", AssignmentRole.Lead, AssignmentStatus.Open, null, null, filedAt.AddHours(2), null)],
        GridCode: "G-001",
        CommunityCode: "CM-01",
        StreetCode: "ST-01",
        Latitude: 45.7567,
        Longitude: 126.6424,
        Hot: false,
        Overdue: false,
        Channel: "hotline-12345",
        Description: "路灯不亮",
        FiledAt: filedAt,
        ResolveDue: filedAt.AddDays(5),
        ResolvedAt: null,
        ClosedAt: null,
        Rating: null,
        Returns: 0,
        Reopenings: 0,
        AffectedCitizens: 1,
        MergedInto: null,
        UpdatedAt: filedAt);

    /// <summary>What the read model is expected to return for a stored summary: every instant in UTC, whole microseconds.</summary>
    protected static CaseSummary Stored(CaseSummary summary)
    {
        static DateTimeOffset Utc(DateTimeOffset t) => new(t.UtcDateTime.Ticks / 10 * 10, TimeSpan.Zero);
        static DateTimeOffset? UtcOrNull(DateTimeOffset? t) => t is { } value ? Utc(value) : null;
        return summary with
        {
            Assignments = [.. summary.Assignments.Select(a => a with { ClaimedAt = UtcOrNull(a.ClaimedAt), ClaimDue = Utc(a.ClaimDue), DoneAt = UtcOrNull(a.DoneAt), FirstClaimedAt = UtcOrNull(a.FirstClaimedAt) })],
            FiledAt = Utc(summary.FiledAt),
            ResolveDue = Utc(summary.ResolveDue),
            ResolvedAt = UtcOrNull(summary.ResolvedAt),
            ClosedAt = UtcOrNull(summary.ClosedAt),
            UpdatedAt = Utc(summary.UpdatedAt),
            ResolveWarningAt = UtcOrNull(summary.ResolveWarningAt),
        };
    }

    /// <summary>Member by member, in order, instants compared with their offsets.</summary>
    protected static void ShouldEqual(IEnumerable<CaseSummary?> actual, IEnumerable<CaseSummary> expected) =>
        actual.Should().BeEquivalentTo(expected, options => options
            .WithStrictOrdering()
            .ComparingRecordsByMembers()
            .Using<DateTimeOffset>(c => c.Subject.Should().BeExactly(c.Expectation))
            .WhenTypeIs<DateTimeOffset>());

    private static DateTimeOffset Hour(int hours) => Start.AddHours(hours);

    private static IEnumerable<CaseSummary> NewestFirst(IEnumerable<CaseSummary> cases) =>
        cases.OrderByDescending(c => c.FiledAt).ThenByDescending(c => c.Id.ToString("D"), StringComparer.Ordinal);

    private static string CursorText(byte format, long ticks, Guid id)
    {
        var bytes = new byte[25];
        bytes[0] = format;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), ticks);
        id.TryWriteBytes(bytes.AsSpan(9), bigEndian: true, out _);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static string Key(Dictionary<string, CaseSummary> cases, CaseSummary summary) =>
        cases.Single(pair => pair.Value.Id == summary.Id).Key;

    private async Task<List<IReadOnlyList<CaseSummary>>> ReadAllPagesAsync(CaseQuery query)
    {
        var pages = new List<IReadOnlyList<CaseSummary>>();
        string? cursor = null;
        do
        {
            var page = await Model.QueryAsync(query with { After = cursor });
            pages.Add(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 100);

        return pages;
    }

    /// <summary>
    /// Six cases "a" to "f", filed an hour apart from <see cref="Start"/> (Beijing time):
    /// <code>
    ///   status       lead     co-handler grid  street category hot overdue number           description
    /// a Dispatched   B-URBAN  -          G-001 ST-01  C-LIGHT  no  no      HN-2026-000101   东大直街路灯不亮
    /// b InProgress   B-WATER  B-URBAN    G-002 ST-01  C-WATER  yes no      HN-2026-000102   Water main LEAK near school
    /// c Resolved     B-ROADS  -          G-001 ST-02  C-ROAD   no  yes     HN-2026-000103   路面塌陷 pothole
    /// d Closed       B-URBAN  B-ROADS    G-003 ST-02  C-LIGHT  yes yes     HN-2026-000104   Street Lamp flickers; 路灯闪烁
    /// e Returned     B-GREEN  -          G-002 ST-03  C-TREE   no  no      HN-2026-000105   树木倒伏 at the École
    /// f Merged       B-WATER  -          G-003 ST-03  C-WATER  no  no      HN-2026-000106   重复：漏水
    /// </code>
    /// </summary>
    [Fact]
    public async Task A_bureau_queue_holds_only_the_cases_whose_assignment_for_that_bureau_is_still_open()
    {
        var filed = Hour(0);
        var claimedByLead = NewCase(901, filed) with
        {
            Assignments =
            [
                new AssignmentSummary("B-URBAN", AssignmentRole.Lead, AssignmentStatus.Claimed, "officer-1", filed.AddMinutes(5), filed.AddHours(2), null, filed.AddMinutes(5)),
                new AssignmentSummary("B-WATER", AssignmentRole.CoHandler, AssignmentStatus.Open, null, null, filed.AddHours(2), null),
            ],
        };
        await Model.UpsertAsync([claimedByLead]);

        (await Model.QueryAsync(new CaseQuery(OpenFor: "B-URBAN"))).Items.Should().BeEmpty("the lead's assignment is claimed");
        (await Model.QueryAsync(new CaseQuery(OpenFor: "B-WATER"))).Items.Select(i => i.Id).Should().Equal(claimedByLead.Id);
        (await Model.QueryAsync(new CaseQuery(OpenFor: "B-ROADS"))).Items.Should().BeEmpty("B-ROADS is not assigned");
        (await Model.QueryAsync(new CaseQuery(OpenFor: "B-URBAN\",\"status\":\"Claimed"))).Items.Should().BeEmpty("the bureau id is data, not JSON");
    }

    private async Task<Dictionary<string, CaseSummary>> StoreFilterFixtureAsync()
    {
        CaseSummary Make(int index, CaseStatus status, string lead, string? coHandler, string grid, string street, string category, bool hot, bool overdue, string description)
        {
            var filed = Hour(index);
            var basic = NewCase(101 + index, filed);
            AssignmentSummary[] assignments = coHandler is null
                ? [basic.Assignments[0] with { BureauId = lead }]
                : [basic.Assignments[0] with { BureauId = lead }, new AssignmentSummary(coHandler, AssignmentRole.CoHandler, AssignmentStatus.Open, null, null, filed.AddHours(2), null)];
            return basic with
            {
                Status = status,
                LeadBureau = lead,
                Assignments = assignments,
                GridCode = grid,
                StreetCode = street,
                CategoryCode = category,
                Hot = hot,
                Overdue = overdue,
                Description = description,
                ExtensionPending = status is CaseStatus.InProgress or CaseStatus.Returned,
                ResolvedAt = status is CaseStatus.Resolved or CaseStatus.Closed ? filed.AddHours(1) : null,
            };
        }

        var cases = new Dictionary<string, CaseSummary>
        {
            ["a"] = Make(0, CaseStatus.Dispatched, "B-URBAN", null, "G-001", "ST-01", "C-LIGHT", false, false, "东大直街路灯不亮"),
            ["b"] = Make(1, CaseStatus.InProgress, "B-WATER", "B-URBAN", "G-002", "ST-01", "C-WATER", true, false, "Water main LEAK near school"),
            ["c"] = Make(2, CaseStatus.Resolved, "B-ROADS", null, "G-001", "ST-02", "C-ROAD", false, true, "路面塌陷 pothole"),
            ["d"] = Make(3, CaseStatus.Closed, "B-URBAN", "B-ROADS", "G-003", "ST-02", "C-LIGHT", true, true, "Street Lamp flickers; 路灯闪烁"),
            ["e"] = Make(4, CaseStatus.Returned, "B-GREEN", null, "G-002", "ST-03", "C-TREE", false, false, "树木倒伏 at the École"),
            ["f"] = Make(5, CaseStatus.Merged, "B-WATER", null, "G-003", "ST-03", "C-WATER", false, false, "重复：漏水"),
        };
        await Model.UpsertAsync([.. cases.Values]);
        return cases;
    }
}
