"""A working emulator of Pipedrive (OAuth server, API v1/v2, webhooks), mounted at
/sandbox/pipedrive/ when settings.SANDBOX is on.

Entry points for other code and tests:
- seed.seed_sandbox(persons=150): the demo company (idempotent); `manage.py seed_pipedrive_sandbox`
- delivery.deliver_due_webhooks(now=None): send queued webhook events that are due
- faults.inject_fault("/api/v2/persons", status=503, times=1, retry_after=None, method="")
- ratelimit.enable_rate_limits(api_token_burst=…, oauth_burst=…, search_burst=…, daily_budget=…)
- play pages at /sandbox/pipedrive/play/
"""
