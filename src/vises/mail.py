"""E-mails leave through the worker, never inside a request: a slow or absent mail server
then holds no page, and a message that fails is tried again (VISES_TASK_ATTEMPTS). The
task's arguments (the address, the message) are kept until the daily clean-up forgets the
finished task (VISES_TASK_RESULTS_DAYS)."""

from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import send_mail
from django.template import loader
from django_tasks import task


@task()
def send_email(subject: str, body: str, recipient: str) -> None:
    send_mail(subject, body, None, [recipient])


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password-reset form, its message written in the request and sent by the
    worker; a message that fails for good is in the worker's log (the asker is not known)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.enqueue(subject, body, to_email)
