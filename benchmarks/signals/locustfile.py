"""Load on the public maritime report form: GET the form, POST a report.

Run through `run_public_intake.py`, which starts the server and counts.
"""

import random
import re
from urllib.parse import urlencode

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ITEMS = ["inflatable_boat", "outboard_motor", "life_vests", "fuel_jerrycans"]
PLACES = ["Vlissingen", "Breskens", "IJmuiden", "Den Helder", "Terneuzen", "Hoek van Holland"]


class BoatDealer(FastHttpUser):
    # FastHttpUser (geventhttpclient) costs the load generator far less CPU than
    # requests, which matters when generator and server share two cores.
    wait_time = between(0.0, 0.05)

    @task
    def report(self):
        form = self.client.get("/melden/maritiem/", name="GET form")
        match = TOKEN.search(form.text)
        if not match:
            form.failure("no CSRF token in the form")
            return
        data = {
            "csrfmiddlewaretoken": match.group(1),
            "item_types": random.sample(ITEMS, k=random.randint(1, 3)),
            "quantities": f"{random.randint(1, 6)} stuks",
            "payment_method": random.choice(["cash", "card", "transfer"]),
            "vehicle_plate": f"Bestelbus {random.randint(10, 99)}-ABC-{random.randint(1, 9)}",
            "buyer_description": "Twee mannen, contant betaald",
            "stated_destination": random.choice(["Duinkerken", "Calais", ""]),
            "occurred_on": "2026-11-20",
            "place": random.choice(PLACES),
            "description": "Kochten meerdere boten en jerrycans, wilden geen bon.",
            "passphrase": "lange-wachtzin-voor-de-melder",
            "website": "",
        }
        with self.client.post(
            "/melden/maritiem/",
            data=urlencode(data, doseq=True),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            name="POST report",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302 and response.headers.get("Location", "").endswith(
                "/melden/ontvangen/"
            ):
                response.success()
            else:
                response.failure(f"status {response.status_code} {response.text[:200]!r}")
