using System.Diagnostics;

namespace Hanan.Ops.Storage.Tests;

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Still not true after {timeout.TotalSeconds:0.#} s: {what}.");
            }

            await Task.Delay(100);
        }
    }
}
