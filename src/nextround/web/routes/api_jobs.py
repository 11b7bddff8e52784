"""JSON API: ask the server's workers for work (mail sync, a personal model).

The web process only queues a job and answers 202 at once: the work runs in a
`nextround worker`, so a slow or unreachable mail server never holds up a page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter
from pydantic import BaseModel

from nextround.domain.errors import InvalidInput
from nextround.web.context import Ctx, WebContext
from nextround.web.routes.api_records import ERRORS

if TYPE_CHECKING:  # the queue's library is loaded by the server that has workers only
    from nextround.services.worker import WebJobs

router = APIRouter(prefix="/api/jobs", responses=ERRORS, tags=["jobs"])

LOCAL = (
    "the workers belong to a multi-user server; on your own computer run "
    "`nextround mail sync` or `nextround model train --personal`"
)


class Queued(BaseModel):
    queued: int  # jobs queued now (0: the same work is already waiting)


def _jobs(ctx: WebContext) -> WebJobs:
    if ctx.jobs is None:
        raise InvalidInput(LOCAL)
    return ctx.jobs


@router.post("/mail-sync", status_code=202)
def queue_mail_sync(ctx: Ctx) -> Queued:
    """Queue a sync of each of your mail accounts; a worker runs it soon after."""
    return Queued(queued=_jobs(ctx).sync_mail(db=ctx.db, owner_id=ctx.db.owner))


@router.post("/model-training", status_code=202)
def queue_model_training(ctx: Ctx) -> Queued:
    """Queue the training of your personal model from your corrections."""
    return Queued(queued=int(_jobs(ctx).train_model(owner_id=ctx.db.owner)))
