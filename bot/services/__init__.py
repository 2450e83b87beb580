"""Business rules over the store, with no Slack imports: commands, jobs, App Home and reports share them."""
