namespace Runtype.Grains.Email;

/// <summary>A part of a mail that is not its text, as <c>metadata.attachments</c> lists it; its body is not kept.</summary>
/// <param name="Size">Decoded bytes (what the file holds), not the size of its base64 in the mail.</param>
public sealed record MailAttachment(string? FileName, string ContentType, long Size);
