namespace Hanan.Ops.Host.Tests;

/// <summary>One embedded-mode host shared by a test class (xUnit class fixture).</summary>
public sealed class EmbeddedHost : IAsyncLifetime
{
    public DistrictHostFactory Factory { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Client = Factory.CreateRealClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
