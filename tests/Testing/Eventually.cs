namespace Runtype.Testing;

/// <summary>
/// Waits on something observable: reads it again and again (20 ms apart, growing to 250 ms) until it holds, and fails
/// with the last value read once <paramref name="patience"/> has passed. No test waits a fixed time instead.
/// </summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan patience)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTime.UtcNow + patience;
        var wait = 20;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"Waited {patience.TotalSeconds:0} s for {what}; last: {value}");
            }

            await Task.Delay(wait);
            wait = Math.Min(wait * 2, 250);
        }
    }
}
