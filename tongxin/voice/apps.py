from django.apps import AppConfig


class VoiceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tongxin.voice"
    verbose_name = "职工诉求与建议"
