from django.apps import AppConfig


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tongxin.learning"
    verbose_name = "学习与组织生活"
