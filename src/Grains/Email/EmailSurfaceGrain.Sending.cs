using Microsoft.Extensions.Logging;
using Runtype.Grains.Webhooks;

namespace Runtype.Grains.Email;

/// <summary>The sending half: rounds of <see cref="DeliveryRound"/> over <see cref="EmailChannel"/>, one loop at a time.</summary>
public sealed partial class EmailSurfaceGrain
{
    private void RequestSend()
    {
        if (_sending is { IsCompleted: false })
        {
            _sendAgain = true;
            return;
        }

        _sending = SendLoopAsync();
    }

    private async Task SendLoopAsync()
    {
        var (owner, surfaceId) = GrainKeys.Parse(Key);
        var rules = new RetryRules(Options.Concurrency, Options.RetryFor, Options.FirstRetryDelay);
        var outbound = state.State.Outbound;
        var failures = 0;
        var quiet = 0;
        await using var pool = new SmtpPool(connector);
        while (_settings?.Smtp is not null && outbound.Started)
        {
            _sendAgain = false;
            bool more;
            try
            {
                var channel = new EmailChannel(GrainFactory, pool, time, logger, owner, surfaceId, () => _settings);
                var round = new DeliveryRound(outbound, log, channel, rules, time, owner);
                more = await round.RunAsync();
                if (round.Changed)
                {
                    await WriteAsync(() => state.WriteStateAsync());
                }

                failures = 0;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failures++;
                logger.LogWarning(ex, "Outbound mail of surface {Surface} could not run a round; trying again.", surfaceId);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 250 * failures)), time);
                continue;
            }

            quiet = more ? 0 : quiet + 1;
            var now = time.GetUtcNow();
            if (more || _sendAgain)
            {
                continue;
            }

            // Retries due later are left to the timer and the reminder (every poll interval, every minute).
            var dueSoon = outbound.Lanes.Values.Any(l => l.NextAttemptAt <= now.UtcDateTime + TimeSpan.FromSeconds(1));
            if (!dueSoon && now >= _lookUntil)
            {
                return;
            }

            // Soon after a wake-up the log may not show the commit yet: look again soon, then less often.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 25 << Math.Min(quiet, 6))), time);
        }
    }
}
