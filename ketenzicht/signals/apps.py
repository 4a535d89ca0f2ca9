from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "ketenzicht.signals"
    label = "signals"

    def ready(self) -> None:
        from ketenzicht.departures import hooks

        from .services import open_signal_for_departure

        def _on_trafficking_sign(*, case, actor, note: str) -> None:
            open_signal_for_departure(actor=actor, case=case, note=note)

        hooks.register_trafficking_sign_handler(_on_trafficking_sign)
