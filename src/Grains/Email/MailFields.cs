namespace Runtype.Grains.Email;

/// <summary>What <c>metadata</c> tells of a mail, as read, before <see cref="MailMetadata"/> cleans and bounds it.</summary>
internal sealed record MailFields(
    string? From, IReadOnlyList<string> To, IReadOnlyList<string> Cc, string? Subject, DateTimeOffset? Date,
    IReadOnlyList<MailAttachment> Attachments)
{
    public static readonly MailFields None = new(null, [], [], null, null, []);
}
