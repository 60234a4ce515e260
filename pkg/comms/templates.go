package comms

// Defaults are the templates of the runbooks: the status-page updates of
// seed 000, the internal P1 notice, customer notice and post-incident summary
// of seed 001, and the chat notifications of seed 003. Admins may replace
// them in the app settings.
func Defaults() []Template {
	return []Template{
		{ID: "status-investigating", Name: "Status page: Investigating", Audience: "status page",
			Subject: "{{service}} - Investigating Issues",
			Body: "We are currently investigating reports of {{symptoms}}. Our team is actively working to identify the root cause. " +
				"We will provide an update within {{updateEvery}}."},
		{ID: "status-identified", Name: "Status page: Identified", Audience: "status page",
			Subject: "{{service}} - Issue Identified",
			Body: "We have identified the cause of {{symptoms}}. {{rootCause}} Our team is implementing a fix. " +
				"We expect resolution within {{eta}}."},
		{ID: "status-monitoring", Name: "Status page: Monitoring", Audience: "status page",
			Subject: "{{service}} - Fix Deployed, Monitoring",
			Body: "A fix has been deployed for {{symptoms}}. We are monitoring the system to confirm the issue is fully resolved. " +
				"We will provide a final update once we are confident in the resolution."},
		{ID: "status-resolved", Name: "Status page: Resolved", Audience: "status page",
			Subject: "{{service}} - Resolved",
			Body: "The issue affecting {{symptoms}} has been resolved. {{whatHappened}} Total duration: {{duration}}. " +
				"We apologize for any inconvenience and will be conducting a post-mortem to prevent recurrence."},
		{ID: "internal-p1", Name: "Internal notification (P1)", Audience: "internal",
			Subject: "[INCIDENT] {{severity}} - {{service}} {{title}}",
			Body: "Incident ID: {{id}}\nSeverity: {{severity}} - {{severityName}}\nStarted: {{started}}\nImpact: {{impact}}\n\n" +
				"Description:\n{{summary}}\n\nActions Taken:\n{{actionsTaken}}\n\n" +
				"Next Update: {{nextUpdate}}\nIncident Commander: {{commander}}\nNotified: {{whoIsNotified}}"},
		{ID: "customer-notice", Name: "Customer notification", Audience: "customers",
			Subject: "Service Disruption - {{service}}",
			Body: "We are currently investigating an issue affecting {{service}}.\n\nImpact: {{impact}}\nStarted: {{startedTime}}\n" +
				"Status: {{status}}\n\nWe will provide updates every {{updateEvery}}.\n\nWe apologize for any inconvenience."},
		{ID: "chat-detected", Name: "Chat: incident detected", Audience: "internal",
			Subject: "INCIDENT DETECTED - {{service}}",
			Body: "Severity: {{severity}}\nDetected: {{started}}\nImpact: {{impact}}\nAffected Users: {{affectedUsers}}\n" +
				"Investigating: {{commander}}\n\nStatus: {{status}}\nETA: {{nextUpdate}}\n\nUpdates will be posted every {{updateEvery}}."},
		{ID: "chat-update", Name: "Chat: incident update", Audience: "internal",
			Subject: "INCIDENT UPDATE - {{service}}",
			Body: "Severity: {{severity}}\nTime: {{now}}\n\nProgress:\n{{progress}}\n\nCurrent Status: {{status}}\n" +
				"ETA to Resolution: {{eta}}\n\nNext update: {{nextUpdate}}"},
		{ID: "chat-resolved", Name: "Chat: incident resolved", Audience: "internal",
			Subject: "INCIDENT RESOLVED - {{service}}",
			Body: "Severity: {{severity}}\nDetected: {{started}}\nResolved: {{resolved}}\nDuration: {{duration}}\n\n" +
				"Root Cause: {{rootCause}}\n\nResolution:\n{{resolution}}\n\nImpact: {{impact}}\n\nFollow-up Actions:\n{{followUps}}"},
		{ID: "post-incident-summary", Name: "Post-incident summary", Audience: "internal",
			Subject: "Post-Incident Review: {{id}}",
			Body: "Summary:\n{{summary}}\n\nTimeline:\n{{timeline}}\n\nRoot Cause:\n{{rootCause}}\n\n" +
				"Impact:\n- Duration: {{duration}}\n- Users affected: {{affectedUsers}}\n- Data loss: {{dataLoss}}\n\n" +
				"Lessons Learned:\n{{lessons}}\n\nAction Items:\n{{actionItems}}"},
	}
}
