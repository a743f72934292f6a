using Hanan.Ops.Domain.Appeals;
using static Hanan.Ops.Domain.Tests.Appeals.Statistics.HandBuiltCases;

namespace Hanan.Ops.Domain.Tests.Appeals.Statistics;

public sealed class CaseRankingTests
{
    private static GroupFigures Group(string code, int cases, int resolved, int rated, int satisfied, int assignments, int claimed, int onTime = 0) =>
        new(code, cases, resolved, onTime, rated, satisfied, ClosedNotRated: 0, OverdueOpen: 0, Reopened: 0, assignments, claimed,
            AwaitingClaim: 0, Returns: 0, MeanHandlingHours: null, P90HandlingHours: null);

    [Fact]
    public void The_hand_built_bureaus_rank_on_the_three_rates_with_equal_default_weights()
    {
        var figures = CaseFigures.Compute(All, March1To20, FigureGrouping.Bureau, AsOf, groups: ["public-security", "education"]);

        var ranking = CaseRanking.Rank(figures, RankingWeights.Default);

        // Heating: (3/3 + 3/3 + 2/2) / 3 = 1.
        // Transport: no rating, so satisfaction drops out: (2/2 + 1/2) / 2 = 0.75.
        // Urban management: (2/6 + 2/3 + 1/2) / 3 = 1.5 / 3 = 0.5.
        // Education and public security have no cases: last, by code.
        ranking.Select(r => (r.Rank, r.Figures.Code)).Should().Equal(
            (1, Heating), (2, Transport), (3, UrbanManagement), (4, "education"), (5, "public-security"));
        ranking[0].Score.Should().Be(1.0);
        ranking[1].Score.Should().Be(0.75);
        ranking[2].Score.Should().BeApproximately(0.5, 1e-12);
        ranking[3].Score.Should().BeNull();
        ranking[4].Score.Should().BeNull();
    }

    [Fact]
    public void Weights_change_the_order()
    {
        // a: response 1, resolution 1/2, satisfaction 1/2. b: response 1/2, resolution 1, satisfaction 1.
        GroupFigures[] groups = [Group("a", 2, 1, 2, 1, 2, 2), Group("b", 2, 2, 2, 2, 2, 1)];

        CaseRanking.Rank(groups, RankingWeights.Default).Select(r => r.Figures.Code).Should().Equal("b", "a");

        // Response only: a (1) before b (1/2).
        var responseOnly = CaseRanking.Rank(groups, new RankingWeights(1, 0, 0, 0));
        responseOnly.Select(r => (r.Figures.Code, r.Score)).Should().Equal(("a", 1.0), ("b", 0.5));

        // Response 4, resolution 1: a = (4 + 0.5) / 5 = 0.9; b = (2 + 1) / 5 = 0.6.
        var heavy = CaseRanking.Rank(groups, new RankingWeights(4, 1, 0, 0));
        heavy.Select(r => (r.Figures.Code, r.Score)).Should().Equal(("a", 0.9), ("b", 0.6));
    }

    [Fact]
    public void Only_the_proportions_of_the_weights_matter()
    {
        GroupFigures[] groups = [Group("a", 3, 1, 3, 2, 3, 3), Group("b", 3, 3, 3, 1, 3, 2), Group("c", 3, 2, 3, 3, 3, 1)];

        var once = CaseRanking.Rank(groups, new RankingWeights(1, 2, 3, 0));
        var twice = CaseRanking.Rank(groups, new RankingWeights(2, 4, 6, 0));

        twice.Select(r => r.Figures.Code).Should().Equal(once.Select(r => r.Figures.Code));
        for (var i = 0; i < once.Count; i++)
        {
            twice[i].Score!.Value.Should().BeApproximately(once[i].Score!.Value, 1e-12);
        }
    }

    [Fact]
    public void The_on_time_rate_counts_only_when_weighted()
    {
        // Same 三率; a closed everything on time, b nothing.
        GroupFigures[] groups = [Group("b", 2, 2, 2, 2, 2, 2, onTime: 0), Group("a", 2, 2, 2, 2, 2, 2, onTime: 2)];

        // Default: on-time weight 0, both score 1 and the tie goes by code.
        CaseRanking.Rank(groups, RankingWeights.Default).Select(r => (r.Figures.Code, r.Score)).Should().Equal(("a", 1.0), ("b", 1.0));

        // Weighted: b = (1 + 1 + 1 + 0) / 4.
        CaseRanking.Rank(groups, new RankingWeights(1, 1, 1, 1)).Select(r => (r.Figures.Code, r.Score))
            .Should().Equal(("a", 1.0), ("b", 0.75));
    }

    [Fact]
    public void Equal_scores_are_ordered_by_code_whatever_the_input_order()
    {
        GroupFigures[] groups =
        [
            Group("230108005", 4, 2, 2, 1, 4, 2),
            Group("230108001", 4, 2, 2, 1, 4, 2),
            Group("230108003", 4, 2, 2, 1, 4, 2),
        ];

        foreach (var input in new[] { groups, groups.Reverse().ToArray() })
        {
            var ranking = CaseRanking.Rank(input, RankingWeights.Default);

            ranking.Select(r => (r.Rank, r.Figures.Code)).Should().Equal((1, "230108001"), (2, "230108003"), (3, "230108005"));
            ranking.Select(r => r.Score).Should().AllBeEquivalentTo(0.5);
        }
    }

    [Fact]
    public void Groups_with_cases_but_no_weighted_rate_come_after_the_scored_and_before_those_without_cases()
    {
        // Satisfaction only: "unrated" has cases but no rating, "empty" has no case, though a perfect response.
        GroupFigures[] groups =
        [
            Group("empty", 0, 0, 0, 0, 5, 5),
            Group("unrated", 3, 3, 0, 0, 3, 3),
            Group("poor", 3, 1, 3, 0, 3, 0),
        ];

        var ranking = CaseRanking.Rank(groups, new RankingWeights(0, 0, 1, 0));

        ranking.Select(r => (r.Rank, r.Figures.Code, r.Score)).Should().Equal(
            (1, "poor", (double?)0.0), (2, "unrated", null), (3, "empty", null));
    }

    [Theory]
    [InlineData(-0.1, 1, 1, 0)]
    [InlineData(1, -1, 1, 0)]
    [InlineData(1, 1, -1, 0)]
    [InlineData(1, 1, 1, -1)]
    [InlineData(double.NaN, 1, 1, 0)]
    [InlineData(1, double.PositiveInfinity, 1, 0)]
    [InlineData(0, 0, 0, 0)]
    public void Unusable_weights_are_refused(double response, double resolution, double satisfaction, double onTime)
    {
        var weights = new RankingWeights(response, resolution, satisfaction, onTime);

        weights.Check().Should().NotBeNull();
        var rank = () => CaseRanking.Rank([Group("a", 1, 1, 1, 1, 1, 1)], weights);
        rank.Should().Throw<ArgumentException>();
        var score = () => CaseRanking.Score(Group("a", 1, 1, 1, 1, 1, 1), weights);
        score.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_single_positive_weight_is_usable_and_the_default_is_equal_three_rates()
    {
        new RankingWeights(0, 0, 0.5, 0).Check().Should().BeNull();
        RankingWeights.Default.Should().Be(new RankingWeights(1, 1, 1, 0));
        RankingWeights.Default.Check().Should().BeNull();
    }
}
