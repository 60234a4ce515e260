// Package page renders and sends on-call pages: one Page (what happened, why
// this person, where to acknowledge) to one of a person's contact methods:
// e-mail (SMTP), ntfy, Gotify, a personal JSON webhook or a Slack direct
// message. Retries, leases and scheduling belong to the notification outbox;
// this package makes one attempt and says how it went.
//
// Two halves, as in package notify:
//
//   - Builders are pure (BuildNtfy, BuildGotify, BuildWebhook, BuildSlack,
//     BuildEmail): a Page and a method in, the exact bytes to send out, so
//     every payload is unit-tested byte for byte.
//   - Senders make one attempt and classify it as a notify.Result: delivered,
//     retryable (network failures, timeouts, 408/429/5xx, SMTP 4xx, Slack
//     "ratelimited") or permanent (SMTP 5xx, a refused token, an unknown
//     Slack user). The HTTP transports go through notify.Sender, which dials
//     under the address policy (httpcheck.Transport) and never follows
//     redirects; SMTP dials under the same policy (httpcheck.DialControl).
//
// Safety rules:
//
//   - Secrets (the ntfy and Gotify tokens and URLs, the webhook URL, the
//     Slack bot token, the SMTP password) are tagged json:"-", print redacted
//     through String and GoString, and never appear in an error or a
//     Result.Error: errors name the field and the kind of problem, results
//     are built from classified causes (an SMTP reply code, a Slack error
//     code matched against a fixed list) rather than echoing what a server
//     said, and a token a receiver might echo is scrubbed anyway.
//   - Text that lands in an HTTP header (ntfy's Title, ids) is made safe:
//     control characters, CR and LF become spaces, so a title cannot add a
//     header; a title with non-ASCII characters (or anything that looks like
//     an encoded word) is sent as an RFC 2047 encoded word, which ntfy
//     decodes, so "Données" stays readable instead of being stripped. Ids go
//     into headers percent-encoded (printable ASCII kept, '%' and the rest
//     encoded): deterministic and collision-free, so idempotency holds.
//   - URLs put in ntfy's Actions header have ',', ';' and quotes
//     percent-encoded, so a link cannot add a field or a second action.
//   - Markup is escaped for where it lands: Slack mrkdwn (&, <, >), Gotify
//     Markdown (its punctuation), HTML e-mail (html/template).
//   - Every page carries its DeliveryID (X-Warroom-Id, Idempotency-Key, the
//     e-mail Message-ID): a resent page is the same page, so receivers and
//     mail clients can drop or thread the duplicate. Slack and ntfy do not
//     deduplicate; a retried page may show twice, which beats a missed one.
//   - Passwords are never sent in clear: an SMTP username needs TLS "starttls"
//     (required, not opportunistic) or "tls"; only PLAIN and LOGIN are
//     preferred, and they run only inside TLS.
//   - The personal webhook is not signed (a person has no shared secret with
//     us): its URL is the capability, kept secret like the others.
package page
