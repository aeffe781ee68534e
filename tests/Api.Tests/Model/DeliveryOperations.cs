using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Runtype.Grains;
using Runtype.Grains.Wire;

namespace Runtype.Api.Tests.Model;

/// <summary>
/// The email sender's write: <see cref="IConversationGrain.RecordDelivery"/> on the message at a position (found by
/// listing). No endpoint writes a delivery, so it calls the grain through the host's grain factory, as the sender does
/// inside the cluster; it is ordered with the HTTP writes by the same grain. A change records one event; the same
/// delivery again writes nothing.
/// </summary>
internal sealed class RecordDelivery(int position, int kind) : SingleOperation<ConversationUnderTest, ConversationModel>
{
    private static readonly MessageDelivery[] Kinds =
    [
        new() { Status = DeliveryStatus.Pending, Attempts = 1, LastError = "451 4.7.1 try again later" },
        new() { Status = DeliveryStatus.Sent, Attempts = 2, SentAt = new DateTime(2026, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc) },
        new() { Status = DeliveryStatus.Failed, Attempts = 3, LastError = "550 5.1.1 \"nobody\" 😀" },
    ];

    public static int KindCount => Kinds.Length;

    /// <summary>A delivery as the model keeps it: every field, in one line.</summary>
    public static string Describe(MessageDelivery delivery) =>
        $"{EnumNames.Name(delivery.Status)}/{delivery.Attempts}/{delivery.LastError ?? "-"}/{Timestamps.Format(delivery.SentAt) ?? "-"}";

    /// <summary>A message's <c>delivery</c> as the API answered it, described as <see cref="Describe(MessageDelivery)"/> does; null for none.</summary>
    public static string? Describe(JsonElement delivery) => delivery.ValueKind == JsonValueKind.Null
        ? null
        : $"{delivery.GetProperty("status").GetString()}/{delivery.GetProperty("attempts").GetInt32()}/{delivery.GetProperty("lastError").GetString() ?? "-"}/{delivery.GetProperty("sentAt").GetString() ?? "-"}";

    protected override async Task<string> SendAsync(ConversationUnderTest actual)
    {
        if (await actual.PageAsync(descending: false, limit: 100) is not { } page)
        {
            return "404";
        }

        if (position > page.Messages.Count)
        {
            return "none";
        }

        var id = page.Messages[position - 1].GetProperty("id").GetString()!;
        var grain = actual.Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IConversationGrain>(GrainKeys.Compose(actual.Owner, actual.ConversationId));
        var result = await grain.RecordDelivery(id, Kinds[kind]);
        return result.Outcome switch
        {
            MessageOutcome.DeliveryRecorded => $"200 {Describe(result.Message!.Delivery!)}",
            MessageOutcome.NotFound => "404",
            var other => other.ToString(),
        };
    }

    protected override string Decide(ConversationModel model, string actual)
    {
        if (!model.Exists)
        {
            return "404";
        }

        if (position > model.Messages.Count)
        {
            return "none";
        }

        var delivery = Describe(Kinds[kind]);
        var message = model.Messages[position - 1];
        if (message.Delivery != delivery)
        {
            model.Messages[position - 1] = message with { Delivery = delivery };
            model.Events.Add("message.delivery_updated");
        }

        return $"200 {delivery}";
    }

    public override string ToString() => $"RecordDelivery(#{position}, {Describe(Kinds[kind])})";
}
