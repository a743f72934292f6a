using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Calendar;

namespace Hanan.Ops.Grains.Appeals;

/// <summary>The <c>Hanan:Appeals</c> section: rules of handling that the district sets, not the code.</summary>
public sealed class AppealsOptions
{
    public const string Section = "Hanan:Appeals";

    /// <summary>The time a bureau gets to rectify a case reopened by a bad rating (Chengdu practice: 15 working days).</summary>
    public string RectificationLimit { get; set; } = "15wd";

    /// <summary>After this many reopenings a bad rating sends the case to the supervision bureau for review.</summary>
    public int MaxReopenings { get; set; } = 2;

    /// <summary>Weights of the bureau ranking (三率 and on-time closure); their proportions matter, not their sum.</summary>
    public WeightsSection RankingWeights { get; set; } = new();

    public ReopenPolicy ReopenPolicy() => new(TimeLimit.Parse(RectificationLimit), MaxReopenings);

    public Hanan.Ops.Domain.Appeals.RankingWeights Weights() =>
        new(RankingWeights.Response, RankingWeights.Resolution, RankingWeights.Satisfaction, RankingWeights.OnTime);

    public sealed class WeightsSection
    {
        public double Response { get; set; } = 1;

        public double Resolution { get; set; } = 1;

        public double Satisfaction { get; set; } = 1;

        public double OnTime { get; set; }
    }
}
