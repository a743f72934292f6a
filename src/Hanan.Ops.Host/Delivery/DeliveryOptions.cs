using Hanan.Ops.Domain.Appeals;
using Hanan.Ops.Domain.Delivery;

namespace Hanan.Ops.Host.Delivery;

/// <summary>
/// The <c>Hanan:Delivery</c> section: which bureaus receive their cases in their own systems as well as on their
/// screens, and how. A bureau not listed works on the screens only. Keys and secrets come from the environment
/// (<c>Hanan__Delivery__Bureaus__water__ApiKey</c>), never from files in the repository.
/// </summary>
public sealed class DeliveryOptions
{
    public const string Section = "Hanan:Delivery";

    /// <summary>Bureau id → its system.</summary>
    public Dictionary<string, DeliveryTarget> Bureaus { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often a host looks for new cases to deliver and for deliveries due.</summary>
    public TimeSpan Poll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a host holds a delivery it is sending before another host may take it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The wait after the first failure; it doubles with each failure up to <see cref="MaxRetry"/>.</summary>
    public TimeSpan FirstRetry { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetry { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Deliveries a host sends per pass.</summary>
    public int Batch { get; set; } = 20;

    /// <summary>Every problem of the section, each named by its configuration path.</summary>
    public IReadOnlyList<string> Problems(RoutingTable routing)
    {
        ArgumentNullException.ThrowIfNull(routing);
        var problems = new List<string>();
        foreach (var (bureau, target) in Bureaus)
        {
            var at = $"{Section}:Bureaus:{bureau}";
            if (routing.FindBureau(bureau) is not { Kind: BureauKind.Bureau })
            {
                problems.Add($"{at}: '{bureau}' is not a handling bureau of the routing table.");
            }

            if (target.ModeOf() is not { } mode)
            {
                problems.Add($"{at}:Mode: '{target.Mode}' is not open311 or webhook.");
                continue;
            }

            if (!Uri.TryCreate(target.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                problems.Add($"{at}:Url: an absolute http or https URL is required.");
            }

            if (mode == DeliveryMode.Open311 && string.IsNullOrWhiteSpace(target.ApiKey))
            {
                problems.Add($"{at}:ApiKey: the api_key the bureau's Open311 system issued to the district is required.");
            }

            if (mode == DeliveryMode.Webhook && (target.Secret is null || target.Secret.Length < 32))
            {
                problems.Add($"{at}:Secret: a signing secret of at least 32 characters, shared with the bureau's system, is required.");
            }

            foreach (var category in target.ServiceCodes.Keys.Where(c => routing.FindCategory(c) is null))
            {
                problems.Add($"{at}:ServiceCodes:{category}: not a category of the routing table.");
            }
        }

        if (Poll <= TimeSpan.Zero || Timeout <= TimeSpan.Zero || Lease <= Timeout || FirstRetry <= TimeSpan.Zero || MaxRetry < FirstRetry || Batch < 1)
        {
            problems.Add($"{Section}: Poll, Timeout, FirstRetry and Batch must be positive, Lease longer than Timeout, MaxRetry at least FirstRetry.");
        }

        return problems;
    }
}

/// <summary>One bureau's own system.</summary>
public sealed class DeliveryTarget
{
    /// <summary>open311 or webhook.</summary>
    public string? Mode { get; set; }

    /// <summary>Open311: the endpoint's base (…/open311/v2); webhook: the URL messages are posted to.</summary>
    public string? Url { get; set; }

    /// <summary>Open311: the key the bureau's system issued to the district.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Webhook: the secret messages are signed with.</summary>
    public string? Secret { get; set; }

    /// <summary>Open311: the bureau system's service code per category, where it differs from the district's.</summary>
    public Dictionary<string, string> ServiceCodes { get; set; } = new(StringComparer.Ordinal);

    public DeliveryMode? ModeOf() => Mode switch
    {
        "open311" => DeliveryMode.Open311,
        "webhook" => DeliveryMode.Webhook,
        _ => null,
    };
}
