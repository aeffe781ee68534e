using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Runtype.Grains.Storage;

/// <summary>
/// The memory store's Data Protection key ring: one list for every silo of the process, as the SQL store's table is
/// one for a cluster, so a test cluster's silos open each other's secrets. Gone when the process stops, and with it
/// every secret protected under it. Elements are kept by friendly name, first one wins: keys are immutable.
/// </summary>
public sealed class InMemoryXmlRepository : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly Lock _creation = new();
    private readonly List<(string Name, XElement Element)> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            // Copies: an XElement is mutable, and the list is the only copy of the keys.
            return [.. _elements.Select(e => new XElement(e.Element))];
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentException.ThrowIfNullOrWhiteSpace(friendlyName);
        lock (_gate)
        {
            if (!_elements.Exists(e => e.Name == friendlyName))
            {
                _elements.Add((friendlyName, new XElement(element)));
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="load"/> while no other caller of this method runs: silos that load the key ring through it
    /// at start-up make one first key between them instead of one each.
    /// </summary>
    public void Exclusively(Action load)
    {
        ArgumentNullException.ThrowIfNull(load);
        lock (_creation)
        {
            load();
        }
    }
}
