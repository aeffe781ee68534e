using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Runtype.Hosting;

namespace Runtype.Static.Tests;

/// <summary>Which reminder table a silo on the memory store gets, read from its service registrations without starting it.</summary>
public sealed class ReminderWiringTests
{
    [Fact]
    public void The_memory_store_adds_Orleans_in_memory_reminder_table_unless_one_was_registered_first()
    {
        static List<ServiceDescriptor> Tables(Action<ISiloBuilder> before)
        {
            var host = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            host.UseOrleans(silo =>
            {
                before(silo);
                silo.AddRuntypeMemoryStorage();
            });
            return [.. host.Services.Where(d => d.ServiceType == typeof(IReminderTable))];
        }

        var shared = new SharedReminderTable();

        Assert.Single(Tables(_ => { }));
        Assert.Same(shared, Assert.Single(Tables(silo => silo.Services.AddSingleton<IReminderTable>(shared))).ImplementationInstance);
    }

    /// <summary>Stands for a table a test cluster gives all its silos; never called.</summary>
    private sealed class SharedReminderTable : IReminderTable
    {
        public Task<ReminderTableData> ReadRows(GrainId grainId) => throw new NotSupportedException();

        public Task<ReminderTableData> ReadRows(uint begin, uint end) => throw new NotSupportedException();

        public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => throw new NotSupportedException();

        public Task<string?> UpsertRow(ReminderEntry entry) => throw new NotSupportedException();

        public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => throw new NotSupportedException();

        public Task TestOnlyClearTable() => throw new NotSupportedException();
    }
}
