"""`python manage.py seed_demo`: the demo province, its committees and one person per role."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule

from organizations.demo import seed_demo


class Command(BaseCommand):
    help = "Tạo dữ liệu trình diễn (tỉnh Lạng Sơn hai giai đoạn, các Ban Chỉ đạo, tài khoản mẫu)."

    def handle(self, *args, **options):
        logins = seed_demo()
        # Later parts of the portal add their demo content in <app>/demo.py: seed_demo().
        for config in apps.get_app_configs():
            if config.name == "organizations":
                continue
            if module_has_submodule(config.module, "demo"):
                import_module(f"{config.name}.demo").seed_demo()
        self.stdout.write(self.style.SUCCESS("Dữ liệu trình diễn đã sẵn sàng."))
        self.stdout.write(f"Tài khoản trình diễn (mật khẩu chung: {logins[0].password}):")
        for login in logins:
            self.stdout.write(
                f"  {login.username:<12} {login.role_label:<26} {login.full_name} — {login.scope}"
            )
