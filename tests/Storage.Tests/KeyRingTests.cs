using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Runtype.Grains;
using Runtype.Grains.Secrets;
using Runtype.Storage.Sql;

namespace Runtype.Storage.Tests;

/// <summary>
/// Secrets kept in grain state are encrypted under a Data Protection key ring that lives in the store, so every silo of
/// a cluster opens what any silo protected: on each store (memory, PostgreSQL, SQL Server when configured), with silos
/// built as <c>AddRuntype</c> builds them (<see cref="KeyRingSilo"/>).
/// </summary>
public sealed class KeyRingTests
{
    public static TheoryData<string> Providers => StoreFixture.Providers;

    [Theory, MemberData(nameof(Providers))]
    public async Task What_one_silo_protects_another_silo_on_the_same_store_opens(string provider)
    {
        await using var store = await KeyRingStore.CreateAsync(provider);
        using var first = store.Silo();
        using var second = store.Silo();
        var secret = "p@ss wörd 🔑 " + Guid.NewGuid();

        var stored = first.Secrets.Protect(secret);

        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.Equal(secret, second.Secrets.Unprotect(stored));
        Assert.Equal(secret, first.Secrets.Unprotect(second.Secrets.Protect(secret)));
        Assert.Single(await store.ElementsAsync());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_key_ring_is_one_element_per_key_stored_under_the_keys_name(string provider)
    {
        await using var store = await KeyRingStore.CreateAsync(provider);
        using var silo = store.Silo();

        silo.Secrets.Protect("secret");
        var key = Assert.Single(silo.Keys);
        var (name, element) = Assert.Single(await store.ElementsAsync());

        Assert.Equal("key", element.Name.LocalName);
        Assert.Equal(key.KeyId.ToString("D"), (string?)element.Attribute("id"));
        Assert.True(provider == "memory" || name == "key-" + key.KeyId.ToString("D"), $"stored as {name}");
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_second_start_reads_the_key_the_first_made_instead_of_making_another(string provider)
    {
        await using var store = await KeyRingStore.CreateAsync(provider);
        string stored;
        using (var first = store.Silo())
        {
            first.Start();
            stored = first.Secrets.Protect("secret");
        }

        using var second = store.Silo();
        second.Start();

        Assert.Single(await store.ElementsAsync());
        Assert.Equal("secret", second.Secrets.Unprotect(stored));
    }

    /// <summary>
    /// A new cluster's silos start together on an empty ring. Each that found it empty would make a key of its own and
    /// cache the ring as it found it; start-up loads it under the key ring's lock, so the first makes the one key and the
    /// others read it.
    /// </summary>
    [Theory, MemberData(nameof(Providers))]
    public async Task Silos_starting_together_on_an_empty_ring_make_one_key_between_them(string provider)
    {
        await using var store = await KeyRingStore.CreateAsync(provider);
        var silos = Enumerable.Range(0, 4).Select(_ => store.Silo()).ToList();
        try
        {
            using var together = new Barrier(silos.Count);
            await Task.WhenAll(silos.Select(silo => Task.Run(() =>
            {
                together.SignalAndWait(TimeSpan.FromSeconds(30));
                silo.Start();
            })));

            Assert.Single(await store.ElementsAsync());
            var secret = "secret";
            Assert.All(silos, protecting => Assert.All(silos, opening =>
                Assert.Equal(secret, opening.Secrets.Unprotect(protecting.Secrets.Protect(secret)))));
        }
        finally
        {
            silos.ForEach(silo => silo.Dispose());
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Storing_an_element_under_a_name_already_stored_keeps_the_first_and_does_not_fail(string provider)
    {
        await using var store = await KeyRingStore.CreateAsync(provider);
        using var silo = store.Silo();
        var repository = silo.KeyRepository;

        repository.StoreElement(new XElement("key", new XAttribute("n", "1")), "key-twice");
        repository.StoreElement(new XElement("key", new XAttribute("n", "2")), "key-twice");

        var stored = Assert.Single(repository.GetAllElements());
        Assert.Equal("1", (string?)stored.Attribute("n"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_changed_or_foreign_value_throws_without_naming_the_value_or_the_secret(string provider)
    {
        await using var store = await KeyRingStore.CreateAsync(provider);
        using var silo = store.Silo();
        var secret = "hunter2-" + Guid.NewGuid();
        var stored = silo.Secrets.Protect(secret);
        var middle = stored.Length / 2;
        var changed = stored[..middle] + (stored[middle] == 'A' ? 'B' : 'A') + stored[(middle + 1)..];
        // Protected by another key ring (another cluster, another application), with the same purpose.
        var foreign = new EphemeralDataProtectionProvider().CreateProtector(DataProtectionSecretProtector.Purpose).Protect(secret);

        foreach (var value in new[] { changed, foreign, stored[..20], "not a protected value" })
        {
            var error = Assert.Throws<CryptographicException>(() => silo.Secrets.Unprotect(value));
            Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(secret, silo.Secrets.Unprotect(stored));
    }

    /// <summary>Data Protection wraps a failed key ring read in a CryptographicException; an outage is the store's, not a bad secret.</summary>
    [Fact]
    public void A_store_that_cannot_be_reached_is_unavailable_not_a_wrong_secret()
    {
        using var silo = new KeyRingSilo(KeyRingSilo.On(PostgresDialect.ProviderName, "Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=2"));

        Assert.Throws<StorageUnavailableException>(() => silo.Secrets.Protect("secret"));
        Assert.Throws<StorageUnavailableException>(() => silo.Secrets.Unprotect("CfDJ8AAAAAAAAAAAAAAAAAAAAAA"));
    }
}
