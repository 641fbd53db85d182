from django.db import models


class DailyRun(models.Model):
    """A daily job queued for one day: the unique pair lets one worker only queue it, however
    many look at the clock at once."""

    job = models.CharField(max_length=200)
    day = models.DateField()
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="one_run_per_day")]

    def __str__(self):
        return f"{self.job} · {self.day}"
