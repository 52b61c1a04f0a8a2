"""Fire Snov.io campaign events in the emulator on request (run with the deployment's settings
and DATABASE_URL; the emulator then delivers the webhooks from its housekeeping task).

    campaign_driver.py CAMPAIGN_ID     says "ready", then takes one prospect email per line on
                                       stdin: the campaign "sends" that prospect an email;
                                       answers "ok" or "error <reason>" per line

Called by tests/bench/bench_propagation.py, never by the product."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from sandbox.snovio.events import EventKind, fire_campaign_event  # noqa: E402
from sandbox.snovio.models import Campaign, Prospect  # noqa: E402


def fire(campaign: Campaign, email: str) -> str:
    prospect = Prospect.objects.filter(account=campaign.account_id, email=email).first()
    if prospect is None:
        return "error no prospect"
    fire_campaign_event(campaign=campaign, prospect=prospect, kind=EventKind.SENT)
    return "ok"


def main(campaign_id: int) -> None:
    campaign = Campaign.objects.get(pk=campaign_id)
    print("ready", flush=True)
    for line in sys.stdin:
        email = line.strip()
        if email:
            print(fire(campaign, email), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
