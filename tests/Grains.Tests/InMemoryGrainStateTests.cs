using Orleans.Storage;
using Runtype.Grains.Storage;

namespace Runtype.Grains.Tests;

/// <summary>
/// The memory store's grain state deletes expired records of one state name (Idempotency-Key records past their replay
/// window) and nothing else; an activation still holding a deleted record learns it on its next write.
/// </summary>
public sealed class InMemoryGrainStateTests
{
    [Fact]
    public async Task Records_of_one_state_last_written_before_a_time_are_deleted_and_nothing_else()
    {
        var clock = new SteppingClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var state = new InMemoryGrainState(clock);
        var (old, fresh, surface) = (GrainId.Create("idempotency", "old"), GrainId.Create("idempotency", "fresh"), GrainId.Create("surface", "s"));
        var oldETag = state.Write("idempotency", old, null, [1]);
        state.Write("surface", surface, null, [2]);
        clock.Now += TimeSpan.FromHours(25);
        state.Write("idempotency", fresh, null, [3]);

        var deleted = await state.DeleteWrittenBeforeAsync("idempotency", clock.Now.UtcDateTime - TimeSpan.FromHours(24), 100);

        Assert.Equal(1, deleted);
        Assert.False(state.TryRead("idempotency", old, out _, out _));
        Assert.True(state.TryRead("idempotency", fresh, out _, out _));
        Assert.True(state.TryRead("surface", surface, out _, out _));
        Assert.Throws<InconsistentStateException>(() => state.Write("idempotency", old, oldETag, [4]));
        Assert.Equal(0, await state.DeleteWrittenBeforeAsync("idempotency", clock.Now.UtcDateTime - TimeSpan.FromHours(24), 100));
    }

    [Fact]
    public async Task A_sweep_deletes_at_most_its_batch()
    {
        var clock = new SteppingClock(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var state = new InMemoryGrainState(clock);
        for (var i = 0; i < 5; i++)
        {
            state.Write("idempotency", GrainId.Create("idempotency", $"k{i}"), null, [1]);
        }

        clock.Now += TimeSpan.FromDays(2);

        Assert.Equal(2, await state.DeleteWrittenBeforeAsync("idempotency", clock.Now.UtcDateTime, 2));
        Assert.Equal(3, await state.DeleteWrittenBeforeAsync("idempotency", clock.Now.UtcDateTime, 10));
    }

    private sealed class SteppingClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
