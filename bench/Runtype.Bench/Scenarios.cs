namespace Runtype.Bench;

/// <summary>Every scenario docs/benchmarks.md reports, in report order; <c>--only</c> picks by name.</summary>
public sealed record Scenario(string Name, string Title, string Description, Func<int, Task<IReadOnlyList<Measurement>>> Run)
{
    public static readonly IReadOnlyList<Scenario> All =
    [
        new("memory", "Create message: memory store against the HTTP ceiling",
            "wrk (Debian), 64 connections, 2 threads, per side a discarded 10 s warm-up then 10 s measured, POSTing the seed page's create-message body. The product " +
            "runs as one process (API with co-hosted silo) with API-key auth and full validation, spread over 64 " +
            "conversations; the ceiling is bench/Runtype.Baselines in ceiling mode: bare Kestrel that parses the same " +
            "JSON and answers 201 without storing anything. Then each side answers GETs for 100 messages of one " +
            "conversation (the product from the grain's window of one the create phase filled, the ceiling a fixed " +
            "body of the same shape and size built at start): how close listing comes to moving its bytes.",
            ThroughputScenarios.CreateMessageMemoryAsync),
        new("postgres", "Create and list messages: PostgreSQL against a plain CRUD service",
            "Same load generator and body. The baseline is bench/Runtype.Baselines in crud mode: what a user would write " +
            "without actors, one Npgsql transaction per message (counter update + insert) and every read from the " +
            "database, with the same Npgsql settings as the product (automatic preparation on). Both on a fresh database " +
            "each round, on one PostgreSQL server with fsync on and autovacuum_naptime=1s. Listing asks for 100 messages " +
            "of one conversation that the create phase filled.",
            ThroughputScenarios.PostgresAsync),
        new("hot", "One hot conversation: 64 writers on one conversation (PostgreSQL)",
            "wrk, 64 connections, 10 s warm-up then 10 s, every connection POSTing the create-message body to the same " +
            "conversation, each 201 after its commit (fsync on). Against the plain CRUD service on its one conversation, whose " +
            "counter update serializes every insert on that row's lock until commit. The product's grain accepts the next " +
            "posts while a commit is in flight and commits them together in acceptance order (write batching). Paired " +
            "rounds, fresh database per side.",
            HotConversationScenario.RunAsync),
        new("append", "Append latency as a conversation grows (PostgreSQL)",
            "One client fills a conversation to 10,000 messages over HTTP (real API process, co-hosted silo, PostgreSQL on " +
            "loopback with fsync on, every 201 committed), then appends alternately to it and to a fresh conversation, so " +
            "messages 10,000-10,199 and 10-209 are timed side by side under the same conditions. The target is that an " +
            "append at message 10,000 costs no more than 1.2x one at message 10.",
            AppendLatencyScenario.RunAsync),
        new("cluster", "Two silos on one machine against one (PostgreSQL)",
            "Create message as above (wrk, 64 connections, 64 conversations, 10 s warm-up then 10 s) against one API process " +
            "with its co-hosted silo, then against the first of two such processes joined in one cluster (ADO.NET " +
            "membership, same database, same two cores). With two silos about half the grain calls cross processes over " +
            "loopback TCP: the ratio is the cost of that hop plus the second process's share of the cores. Each round also " +
            "runs one silo under localhost membership (no membership table) beside the one under ADO.NET membership, " +
            "alternating which goes first.",
            ClusterScenario.RunAsync),
        new("listing", "List conversations: 1,000,000 rows, filtered by status and surface, following cursors (PostgreSQL)",
            "1,000,000 conversations bulk-loaded once (20 surfaces, three statuses; about 16,667 match the filter), one fresh " +
            "API process per round. Cursor walkers in the bench process ask for 50 at a time with status=open and " +
            "surfaceId=surface-3 and follow nextCursor, restarting at the end; every request is timed from send to last " +
            "byte. 10 s warm-up, 15 s measured at 64 walkers, then 10 s with one walker. Each page includes the " +
            "contract's totalCount.",
            ListingScenario.RunAsync),
        new("footprint", "Memory: 100,000 active conversations with 10 messages each (PostgreSQL)",
            "100,000 conversations with 10 messages each bulk-loaded, then each activated by listing its messages over HTTP " +
            "(64 in flight): its grain holds the conversation and its recent-message window. Resident memory (VmRSS) of " +
            "the API process, which co-hosts the silo, read from /proc 5 s later; then a second pass over all of them " +
            "counts conversation rows read from PostgreSQL (0 means every grain stayed active).",
            MemoryScenario.RunAsync),
        new("churn", "Memory under churn: 1,000,000 conversations touched once each (PostgreSQL)",
            "1,000,000 conversations bulk-loaded (no messages), then 64 posters in the bench process POST one message to each, " +
            "every conversation once, so a million grains are activated one after another. The API process (co-hosted silo) " +
            "runs with DOTNET_GCHeapHardLimit=1.5 GiB, what .NET gives a process in a 2 GiB container; the silo sheds " +
            "activations under memory pressure. Resident memory (VmRSS) sampled every second; the figure is the peak. The " +
            "bulk load archives every third conversation: those 333,321 posts are answered 409 (the grain is activated all the same).",
            ChurnScenario.RunAsync),
        new("outbox", "Cost of the outbox: create message on PostgreSQL with events against the build before them",
            "The PostgreSQL scenario's create phase (wrk, 64 connections, 64 conversations, 10 s warm-up then 10 s) against " +
            "the API built from git revision " + OutboxScenario.Before + " (main before the events work, built once into a temporary " +
            "folder) and against this build, in paired rounds, each side on a fresh database that its own build migrates. " +
            "With events every message also writes its message.created event in the same transaction. The target is at " +
            "most 15% lower throughput: a ratio of at least 0.85.",
            OutboxScenario.RunAsync),
        new("stream-latency", "Commit-to-stream latency at 1,000 messages/s (PostgreSQL)",
            "One Server-Sent Events client on /v1/messaging/events/stream?types=message.created, then an open-loop load " +
            "generator in the bench process posting 1,000 messages a second by the clock (not one after another) round " +
            "robin over 100 conversations: 5 s warm-up, 10 s measured. Each measured message's latency runs from its " +
            "POST's 201 to its event's arrival on the stream, both read in the bench process (an event read before its " +
            "201 counts as 0 ms and is counted). Real API process with co-hosted silo, PostgreSQL with fsync on. Target: " +
            "p99 <= 100 ms, nothing lost.",
            StreamLatencyScenario.RunAsync),
        new("webhooks", "Webhook delivery: latency at 500 messages/s and a 100,000-event backlog (PostgreSQL)",
            "A Kestrel receiver in the bench process answering 200 at once; the real API process with its co-hosted silo on " +
            "PostgreSQL (fsync on) delivers message.created events to it. Latency: an open-loop poster sends 500 messages a " +
            "second by the clock round robin over 100 conversations, 5 s warm-up then 10 s measured; each measured message " +
            "runs from its POST's 201 to its event's arrival at the receiver. Backlog: on 100 new conversations the receiver " +
            "answers 503 while 100,000 messages are posted (64 at a time), then answers 200; timed from that moment until " +
            "every event arrived once (Webhooks:FirstRetryDelay 1 s, so the first retries after the recovery come within " +
            "the backoff's current step). Target: p99 <= 250 ms.",
            WebhookScenario.RunAsync),
        new("fanout", "Fan-out: 1,000 open streams of one owner (PostgreSQL)",
            "1,000 Server-Sent Events clients of one owner on /v1/messaging/events/stream?types=message.created (one " +
            "connection each), while 100 conversations each receive one message a second, open loop: 5 s warm-up, 20 s " +
            "measured. The node keeps one tail per owner that every stream reads from. Latency from each POST's 201 to the " +
            "event's arrival, over every stream and measured message; every stream must see every message. Resident " +
            "memory (VmRSS) of the API process before the streams open, 5 s after all are open, and at the end.",
            FanoutScenario.RunAsync),
        new("events", $"Event feed and redaction: {EventsScenario.EventsText} events of one owner (PostgreSQL)",
            $"{EventsScenario.EventsText} events of one owner bulk-loaded once by SQL (RUNTYPE_BENCH_EVENTS sets another count), as the " +
            "product writes them: conversations created evenly over 12 hours, each then given 19 messages 37 s apart (with " +
            "1,000,000 events about 800 conversations are active at any moment), so their events interleave in the feed; the " +
            "conversation and message rows with them. One fresh API " +
            "process (co-hosted silo, PostgreSQL with fsync on) per round. Each round first walks the feed to its end (500 a " +
            "page) and takes a caught-up cursor for each filter, then times GET /v1/messaging/events?after=<cursor>&limit=1, " +
            $"{EventsScenario.Polls} polls {EventsScenario.InFlight} at a time after one untimed batch, each finding nothing: filtered " +
            "by one conversationId, by types=conversation.deleted (the log has none), and unfiltered. Then " +
            $"{EventsScenario.Redactions} DELETEs of messages (one per conversation, each conversation's grain activated by an " +
            $"untimed GET first) one at a time, and {EventsScenario.Redactions} more {EventsScenario.InFlight} at a time; every " +
            "redaction must have rewritten its message.created event and added a message.redacted. Timed from send to last byte.",
            EventsScenario.RunAsync),
        new("import", "History import: batches of 1,000 messages, 4 writers (PostgreSQL)",
            "Real API process with co-hosted silo, PostgreSQL with fsync on, fresh database each round. Four writers in the " +
            "bench process, each on a conversation of its own, POST batches of 1,000 messages (content of ~90 characters, " +
            "an externalMessageId and a createdAt each) to /messages/import one after another; every batch is one store " +
            "round trip and one transaction. The writers import for 20 s first (not counted: the rate climbs for about that " +
            "long on a fresh server); then 150 batches each are timed, and the figure is messages imported per second over " +
            "all writers. Target: >= 50,000 messages/s.",
            ImportScenario.RunAsync),
        new("search", $"Message search: {SearchScenario.MessagesText} messages over {SearchScenario.ConversationsText} conversations of one owner (PostgreSQL)",
            $"{SearchScenario.MessagesText} messages bulk-loaded once by COPY as the product writes them (RUNTYPE_BENCH_SEARCH_MESSAGES and " +
            "_CONVERSATIONS set other sizes), message k in conversation k mod n, all within 30 days, each one's search_vector " +
            "computed by the product's code as a write computes it; then the indexes built and VACUUM ANALYZE. The text is generated English, seeded: 5 to 40 " +
            "words a message from a built-in customer-support vocabulary of ~3,000 words with a Zipf-Mandelbrot frequency " +
            "(rank r in proportion to 1/(r+2.7)), in sentences; the common word is the candidate (order, account, refund) nearest " +
            "10% of the messages, all its forms counted as the stemmer finds them; 50 rare words in no sentence, each planted " +
            "in 40-100 random messages. One fresh API process (co-hosted silo, PostgreSQL with fsync on) per round: every rare " +
            "word's pages walked once untimed, then GET /v1/messaging/search/messages?q=<word>&limit=20, one request at a time, " +
            $"{SearchScenario.Requests} times for a rare word (the next of the 50 each time) and {SearchScenario.Requests} times " +
            $"for the common word; then {SearchUnderWrites.Searchers} searchers, alternating rare and common, for {SearchScenario.UnderWritesSeconds} s after a " +
            $"{SearchUnderWrites.WarmUp.TotalSeconds:0} s warm-up while an open-loop poster sends {SearchUnderWrites.PerSecond:0} generated messages a second by the clock " +
            $"over {SearchUnderWrites.Conversations} conversations (deleted after the round). Every answer is checked: a rare " +
            "word's page is exactly the newest of the messages it was planted in (each walk, all of them), newest first; the " +
            "common word's is 20 hits newest first, each holding the word, the loaded ones the newest loaded matches. Timed " +
            "from send to last byte. Last, paired rounds of create message (wrk, 64 connections, 64 conversations, " +
            $"{SearchScenario.WrkSeconds} s warm-up then {SearchScenario.WrkSeconds} s, 256 generated messages round robin), this build against the API built from " +
            $"{SearchIndexCost.Before}, the commit before search, each on a fresh database its build migrates. Targets: rare p99 <= 20 ms, common " +
            "first page p99 <= 100 ms, create-message ratio >= 0.85.",
            SearchScenario.RunAsync),
        new("email", $"Email surfaces: first poll of {EmailScenario.MailsText} mails, and sending {EmailScenario.Sends:N0} messages (PostgreSQL, Dovecot, Exim)",
            $"Local Dovecot (IMAP over TLS) and Exim on loopback (bench/run.sh starts them, scripts/mail.sh), real API process with " +
            "co-hosted silo, PostgreSQL with fsync on, the email settings at their defaults (poll batch 200, concurrency 16). " +
            $"Ingest, on a fresh database and process each round: a new mailbox receives {EmailScenario.MailsText} generated mails " +
            "(RUNTYPE_BENCH_EMAIL_MAILS sets another count) before the surface exists: about 70% start a thread, 30% answer " +
            "one of the 500 mails before them (In-Reply-To, References, the earlier text quoted); one to six paragraphs, one " +
            "in twenty 20-60; a quarter multipart with an HTML part, one in twenty HTML only, one in twelve with a 2-30 KB " +
            "attachment. Then the surface is PUT with since 31 days back, so its first poll reads them all; timed from the " +
            "PUT's answer until the database holds every mail (counted every 50 ms); one more poll must add nothing, every " +
            "Message-ID stored once, one conversation per thread. Memory: the API process's VmRSS just before the PUT and " +
            $"its VmHWM once the last mail is stored. Sending, on a fresh database and process each way: 100 customers " +
            $"(mailboxes of the local Dovecot) write one mail each, polled into 100 conversations; {EmailScenario.Sends:N0} " +
            "outbound messages (role assistant, 5-40 generated words) are POSTed round robin, 64 at a time; timed from the " +
            "first POST until every message's delivery is sent (database, every 50 ms), latency from each message's createdAt " +
            "to its sentAt; then every customer's inbox must hold each Message-ID exactly once. Sent to Exim's plain SMTP port " +
            "(security none, no AUTH), " +
            "then the same over STARTTLS with AUTH on the submission port. Target: ingest >= 300 mails/s.",
            EmailScenario.RunAsync),
    ];
}
