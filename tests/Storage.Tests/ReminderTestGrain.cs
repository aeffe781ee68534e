namespace Runtype.Storage.Tests;

/// <summary>A grain that registers, finds and unregisters reminders by name, for <see cref="ReminderTests"/>.</summary>
public interface IReminderTestGrain : IGrainWithStringKey
{
    Task Register(string name, TimeSpan dueTime, TimeSpan period);

    Task<bool> Has(string name);

    Task Unregister(string name);
}

public sealed class ReminderTestGrain : Grain, IReminderTestGrain, IRemindable
{
    public Task Register(string name, TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(name, dueTime, period);

    public async Task<bool> Has(string name) => await this.GetReminder(name) is not null;

    public async Task Unregister(string name) =>
        await this.UnregisterReminder(await this.GetReminder(name) ?? throw new InvalidOperationException($"No reminder {name}."));

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
