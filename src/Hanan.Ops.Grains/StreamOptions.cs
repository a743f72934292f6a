namespace Hanan.Ops.Grains;

/// <summary>The <c>Hanan:Streams</c> section: which Orleans stream provider carries live activity.</summary>
public sealed class LiveStreamOptions
{
    public const string Section = "Hanan:Streams";

    /// <summary>
    /// The provider's name. The host registers Orleans memory streams under it; a persistent provider registered under the
    /// same name replaces them without a code change.
    /// </summary>
    public string Provider { get; set; } = "live";
}
