from django.tasks import task

from . import webhooks


@task()
def deliver_webhook(delivery_id):
    webhooks.send(delivery_id)
