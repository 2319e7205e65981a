"""What the publishing scheduler (`manage.py run_scheduler`) runs besides Wagtail's own
scheduled publishing: capabilities register their timed work under this Wagtail hook."""

# fn() -> a list of lines saying what it did; called on every scheduler pass.
SCHEDULED_WORK_HOOK = "masthead_scheduled_work"
