namespace Runtype.Grains.Tests;

public sealed class IdentifierTests
{
    [Fact]
    public void Ids_are_prefixed_ulids_that_sort_in_creation_order()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => Identifiers.NewMessageId()).ToList();

        Assert.All(ids, id => Assert.Matches("^msg_[0-7][0-9A-HJKMNP-TV-Z]{25}$", id));
        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(Identifiers.IsMessageId(ids[0]));
        Assert.True(Identifiers.IsConversationId(Identifiers.NewConversationId()));
    }

    [Fact]
    public void A_reserved_ulid_names_a_batch_of_message_ids_the_same_way_every_time()
    {
        Assert.Equal("msg_01ARZ3NDEKTSV4RRFFQ69G5FAV", Identifiers.MessageIdAt("01ARZ3NDEKTSV4RRFFQ69G5FAV", 0));
        Assert.Equal("msg_01ARZ3NDEKTSV4RRFFQ69G5FAW", Identifiers.MessageIdAt("01ARZ3NDEKTSV4RRFFQ69G5FAV", 1));
        Assert.Equal("msg_01ARZ3NDEKTSV4RRFFQ69G5FB0", Identifiers.MessageIdAt("01ARZ3NDEKTSV4RRFFQ69G5FAZ", 1));

        var reserved = Identifiers.NewUlid();
        var batch = Enumerable.Range(0, 1000).Select(i => Identifiers.MessageIdAt(reserved, i)).ToList();
        Assert.Equal(batch, Enumerable.Range(0, 1000).Select(i => Identifiers.MessageIdAt(reserved, i)));
        Assert.All(batch, id => Assert.True(Identifiers.IsMessageId(id)));
        Assert.Equal(batch, batch.Order(StringComparer.Ordinal));
        Assert.Equal(1000, batch.Distinct().Count());
    }

    [Fact]
    public void Reservations_made_in_the_same_millisecond_name_batches_that_never_share_an_id()
    {
        // ULIDs made within one millisecond are consecutive: a reservation must hold its whole block, or the batch of
        // the first would take the second's ids (and an import's retry check would take another request's messages for its own).
        var reservations = Enumerable.Range(0, 50).Select(_ => Identifiers.ReserveUlids()).ToList();
        var ids = reservations.SelectMany(r => Enumerable.Range(0, Identifiers.ReservedBlock).Select(i => Identifiers.MessageIdAt(r, i))).ToList();
        ids.Add(Identifiers.NewMessageId());

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Throws<ArgumentOutOfRangeException>(() => Identifiers.MessageIdAt(reservations[0], Identifiers.ReservedBlock));
    }

    [Theory]
    [InlineData("")]
    [InlineData("conv_")]
    [InlineData("conv_01ARZ3NDEKTSV4RRFFQ69G5FA")]
    [InlineData("conv_01ARZ3NDEKTSV4RRFFQ69G5FAVX")]
    [InlineData("conv_01arz3ndektsv4rrffq69g5fav")]
    [InlineData("conv_01ARZ3NDEKTSV4RRFFQ69G5FAU")]
    [InlineData("conv_81ARZ3NDEKTSV4RRFFQ69G5FAV")]
    [InlineData("msg_01ARZ3NDEKTSV4RRFFQ69G5FAV")]
    [InlineData("conv_01ARZ3NDEKTSV4RRFFQ69G5F/V")]
    public void Malformed_conversation_ids_are_recognised(string value) =>
        Assert.False(Identifiers.IsConversationId(value));

    [Theory]
    [InlineData("owner", "conv_1")]
    [InlineData("a/b", "c")]
    [InlineData("a", "b/c")]
    [InlineData("", "x")]
    [InlineData("12:34/", "/")]
    public void Grain_keys_round_trip_any_owner_and_id(string owner, string id)
    {
        Assert.Equal((owner, id), GrainKeys.Parse(GrainKeys.Compose(owner, id)));
        Assert.NotEqual(GrainKeys.Compose(owner + "/", id), GrainKeys.Compose(owner, "/" + id));
    }
}
