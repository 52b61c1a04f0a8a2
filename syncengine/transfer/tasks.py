"""django-q entry points for transfers: ids in, one service call."""

from syncengine.transfer import runner


def run_transfer_step(job_id: int) -> str:
    return runner.run_step(int(job_id))
