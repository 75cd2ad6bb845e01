"""Periodic work of the video patrol: pull the cameras' snapshots (thin: the service).

Every minute the due cameras are pulled once; a camera asking for a frame every few
seconds gets the rest of the minute's pulls queued with their delays, each a task of
its own, so that one slow camera holds up no other."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from .models import Camera
from .services import pull


@db_task()
def pull_camera(camera_id: int):
    camera = Camera.objects.select_related("calibration").filter(pk=camera_id).first()
    if camera is not None and camera.snapshot_url and camera.calibration_id:
        pull.pull(camera)


@db_periodic_task(crontab(minute="*"))
@lock_task("patrol-pull")
def pull_snapshots():
    count = 0
    for camera in pull.due_cameras():
        count += pull.pull(camera)
        for k in range(1, 60 // max(camera.snapshot_every, 1)):
            pull_camera.schedule((camera.pk,), delay=k * camera.snapshot_every)
    return count
